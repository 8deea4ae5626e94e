package align

import (
	"context"
	"slices"
	"testing"

	"github.com/chorusnews/chorus"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"hegseth", "hegset", 1},
		{"hegseth", "hugset", 2},
		{"kyiv", "kiev", 2},
		{"zelensky", "zelenskyy", 1},
		{"hegseth", "healey", 4},
		{"ab", "ba", 1},
		{"", "abc", 3},
		{"kraków", "krakow", 1},
	}
	for _, tc := range tests {
		if got := editDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestDerived(t *testing.T) {
	for _, p := range [][2]string{{"russia", "russian"}, {"ukraine", "ukrainian"}, {"china", "chinese"}, {"europe", "european"}} {
		if !derived(p[0], p[1]) {
			t.Errorf("derived(%q, %q) = false", p[0], p[1])
		}
	}
	if derived("zelensky", "zelenskyy") {
		t.Error("zelenskyy counted as a derivation")
	}
}

// entityGroups consolidates texts and returns the variant lists.
func entityGroups(t *testing.T, texts ...string) [][]string {
	t.Helper()
	var arts []chorus.Article
	for i, s := range texts {
		arts = append(arts, chorus.Article{ID: string(rune('a' + i)), Text: s})
	}
	c, err := Consolidate(context.Background(), arts, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, e := range c.Entities {
		var vs []string
		for _, v := range e.Variants {
			vs = append(vs, v.Text)
		}
		out = append(out, vs)
	}
	return out
}

func together(groups [][]string, a, b string) bool {
	for _, g := range groups {
		if slices.Contains(g, a) && slices.Contains(g, b) {
			return true
		}
	}
	return false
}

func TestEntityMerging(t *testing.T) {
	tests := []struct {
		name  string
		texts []string
		a, b  string
		want  bool
	}{
		{"garbled surname joins", []string{
			"Defence Secretary Pete Hegseth said the talks in Geneva would resume on Monday.",
			"Defence Secretary Pete Hegseth said the talks would resume soon.",
			"Defense Secretary Pete Hegset told reporters in Geneva that the talks would resume.",
		}, "Hegseth", "Hegset", true},
		{"names in one sentence stay apart", []string{
			"Minister Anna Smith met Minister Anna Smyth in Rome on Tuesday to discuss trade.",
			"Smith and Smyth discussed trade in Rome.",
		}, "Smith", "Smyth", false},
		{"dissimilar names stay apart", []string{
			"Secretary Hegseth said the alliance must spend more on defence.",
			"Secretary Healey said the alliance must spend more on defence.",
		}, "Hegseth", "Healey", false},
		{"spelling variant with shared context", []string{
			"Russian missiles struck Kyiv overnight, the mayor of Kyiv said, and power was cut across the capital.",
			"Russian missiles struck Kiev overnight, the mayor said, and power was cut across the capital.",
		}, "Kyiv", "Kiev", true},
		{"different first names stay apart", []string{
			"Police chief Anna Olsen said the bridge would reopen on Friday after repairs.",
			"Council member Mark Olson said the bridge would reopen on Friday after repairs.",
		}, "Olsen", "Olson", false},
		{"acronyms stay apart", []string{
			"The IRNA news agency said the quake killed ten people in the south.",
			"The ISNA news agency said the quake killed ten people in the south.",
		}, "IRNA", "ISNA", false},
		{"short unrelated names stay apart", []string{
			"Police in Kent said the road would reopen on Friday after repairs.",
			"Police in Kano said the market would reopen after the holiday.",
		}, "Kent", "Kano", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := entityGroups(t, tc.texts...)
			if got := together(g, tc.a, tc.b); got != tc.want {
				t.Errorf("%s with %s merged = %v, want %v (groups %q)", tc.a, tc.b, got, tc.want, g)
			}
		})
	}
}

package align

import (
	"slices"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"abbreviations", "Gen. Smith of Acme Inc. said the U.S. would act. He went home.",
			[]string{"Gen. Smith of Acme Inc. said the U.S. would act.", "He went home."}},
		{"u.s.-led", "Speaking at the U.S.-led group in Brussels, he spoke. Then he left.",
			[]string{"Speaking at the U.S.-led group in Brussels, he spoke.", "Then he left."}},
		{"paragraphs", "First line without stop\nSecond one.", []string{"First line without stop", "Second one."}},
		{"quote", "“We want peace. But not at any price,” he said.",
			[]string{"“We want peace.", "But not at any price,” he said."}},
		{"empty", " \n\n ", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Split(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	toks := tokenize("a non-NATO mission, non -European troops and the U.S. pre-2014 HEGSET")
	var words []string
	for _, tk := range toks {
		words = append(words, tk.text)
	}
	want := []string{"a", "non", "NATO", "mission", "non", "European", "troops", "and", "the", "U", "S", "pre", "2014", "HEGSET"}
	if !slices.Equal(words, want) {
		t.Fatalf("words %q, want %q", words, want)
	}
	hy := map[string]bool{}
	for _, tk := range toks {
		if tk.hyphenBefore {
			hy[tk.text] = true
		}
	}
	for _, w := range []string{"NATO", "European", "2014"} {
		if !hy[w] {
			t.Errorf("%s not marked as hyphen-joined", w)
		}
	}
	if hy["mission"] || hy["troops"] {
		t.Error("plain words marked hyphen-joined")
	}
	last := toks[len(toks)-1]
	if !last.upper || !last.cap || last.lower != "hegset" {
		t.Errorf("HEGSET token %+v", last)
	}
	if !strings.HasPrefix(toks[3].stem, "mission") {
		t.Errorf("stem of mission %q", toks[3].stem)
	}
}

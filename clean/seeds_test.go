package clean

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chorusnews/chorus"
)

// seedDrop is a line of a seed that must be removed, by which filter.
type seedDrop struct {
	prefix string
	filter string
}

// seedDrops lists, per bundled example file, every line cleaning must
// remove (or set aside) and the filter that must do it. Every other line
// is reporting and must be kept.
var seedDrops = map[string][]seedDrop{
	"000_1921478b3f12b462.txt": nil,
	"001_d6fd863a625a49ed.txt": {
		{"Unlock the White House View Newspaper FREE", "promo"},
		{"Your guide to what the 2024 American elections mean", "promo"},
		{"Additional reporting by Chris Miller", "credit"},
	},
	"002_36277b43818074d2.txt": {
		{"Read the full report at TheHill.com.", "promo"},
		{"Post Comment", "promo"},
	},
	"003_3a96547fe0ca7f3b.txt": {
		{"5:29 am today", "timestamp"},
		{"5:29 am today", "timestamp"},
		{"By Andrew Gray and Lili Bayer, Reuters", "byline"},
		{"US Defense Secretary Pete Hegseth (L) stands with", "caption"},
		{"US Defence Secretary Pete Hegseth, left, with German", "caption"},
		{"ARLINGTON, VIRGINIA - FEBRUARY 07:", "caption"},
		{"Pete Hegseth's remarks on Ukraine were a stark change from the stance of the Biden administration. Photo:", "caption"},
		{"-Reuters", "credit"},
		{"Get the RNZ app", "promo"},
		{"for ad-free news and current affairs", "promo"},
	},
	"004_8a82dd62b7d2435c.txt": {
		{"RELATED STORY | Trump says he spoke with Putin", "promo"},
		{"RELATED STORY | Trump targets Russian oil", "promo"},
		{"Paul KirbyEurope digital editor", "teaser-tail"},
		{"On the eve of the anniversary of Russia’s 2022 invasion", "teaser-tail"},
		{"'Extensive and positive talks' with Zelenskyy", "teaser-tail"},
		{"Donald Trump's push to strike a deal", "teaser-tail"},
	},
}

func seedDir(t testing.TB) string {
	dir := filepath.Join("..", "examples", "brussels-2025")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("bundled example absent: %v", err)
	}
	return dir
}

func TestSeeds(t *testing.T) {
	dir := seedDir(t)
	ctx := context.Background()
	for name, drops := range seedDrops {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			a := chorus.Article{ID: name, Text: string(raw)}
			c := New(nil)
			d, err := c.Doc(ctx, &a)
			if err != nil {
				t.Fatal(err)
			}
			// Every expected drop happens, with the expected filter, and
			// nothing else is dropped.
			removed := slices.Clone(d.Removed)
			for _, want := range drops {
				i := slices.IndexFunc(removed, func(r chorus.Removal) bool { return strings.HasPrefix(r.Text, want.prefix) })
				if i < 0 {
					t.Errorf("not removed: %q (want filter %s)", want.prefix, want.filter)
					continue
				}
				if removed[i].Filter != want.filter {
					t.Errorf("%q removed by %s (%s), want %s", want.prefix, removed[i].Filter, removed[i].Reason, want.filter)
				}
				if strings.TrimSpace(removed[i].Reason) == "" {
					t.Errorf("%q removed without a reason", want.prefix)
				}
				removed = slices.Delete(removed, i, i+1)
			}
			for _, r := range removed {
				t.Errorf("reporting removed by %s (%s): %q", r.Filter, r.Reason, r.Text)
			}
			// Every other line is kept, in order, in the clean text.
			cleanText := d.Text()
			for l := range strings.SplitSeq(string(raw), "\n") {
				l = strings.TrimSpace(l)
				if l == "" || slices.ContainsFunc(drops, func(s seedDrop) bool { return strings.HasPrefix(l, s.prefix) }) {
					continue
				}
				if !strings.Contains(cleanText, l) {
					t.Errorf("reporting line missing from clean text: %q", l)
				}
			}
			// Clean is idempotent on the seed too.
			b := chorus.Article{ID: name, Text: cleanText}
			if err := c.Clean(ctx, &b); err != nil {
				t.Fatal(err)
			}
			if b.CleanText != cleanText {
				t.Errorf("second clean changed the text:\n%s\n---\n%s", cleanText, b.CleanText)
			}
		})
	}
}

// TestSeedMetadata checks what cleaning recovers from the seeds instead of
// throwing it away.
func TestSeedMetadata(t *testing.T) {
	dir := seedDir(t)
	raw, err := os.ReadFile(filepath.Join(dir, "003_3a96547fe0ca7f3b.txt"))
	if err != nil {
		t.Fatal(err)
	}
	a := chorus.Article{ID: "003", Text: string(raw)}
	d, err := New(nil).Doc(context.Background(), &a)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Andrew Gray", "Lili Bayer"}; !slices.Equal(d.Authors, want) {
		t.Errorf("authors %v, want %v", d.Authors, want)
	}
	if want := []string{"Reuters"}; !slices.Equal(d.Wires, want) {
		t.Errorf("wires %v, want %v", d.Wires, want)
	}
	if len(d.Captions()) != 4 {
		t.Errorf("captions %q, want 4", d.Captions())
	}
	var headings []string
	for _, b := range d.Blocks {
		if b.Kind == Heading {
			headings = append(headings, b.Text)
		}
	}
	if !slices.Contains(headings, "No US troops in Ukraine") {
		t.Errorf("headings %q, want the subheading", headings)
	}
	if strings.Contains(d.Text(), "Photo") {
		t.Errorf("a caption leaked into the body:\n%s", d.Text())
	}
	before := a.Text
	if err := New(nil).Clean(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	if a.Text != before {
		t.Error("Clean modified Article.Text")
	}
	if !slices.Equal(a.Wires, []string{"Reuters"}) || len(a.Authors) != 2 {
		t.Errorf("article wires %v authors %v", a.Wires, a.Authors)
	}
}

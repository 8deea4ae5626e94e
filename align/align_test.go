package align

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chorusnews/chorus"
)

// loadExample reads the bundled founding example (raw text, boilerplate
// included: package clean is not applied here).
func loadExample(t testing.TB) []chorus.Article {
	t.Helper()
	files, err := filepath.Glob("../examples/brussels-2025/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("bundled example missing: %v", err)
	}
	var arts []chorus.Article
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, chorus.Article{ID: strings.TrimSuffix(filepath.Base(f), ".txt"), Text: string(b)})
	}
	return arts
}

func findEntity(c *Consolidation, variant string) *Entity {
	for i := range c.Entities {
		for _, v := range c.Entities[i].Variants {
			if v.Text == variant {
				return &c.Entities[i]
			}
		}
	}
	return nil
}

func variantTexts(e *Entity) []string {
	var out []string
	for _, v := range e.Variants {
		out = append(out, v.Text)
	}
	return out
}

// TestExample checks issue 5 acceptance 1 (quote attribution aside, which
// package quote owns) on the bundled example.
func TestExample(t *testing.T) {
	arts := loadExample(t)
	c, err := Consolidate(context.Background(), arts, nil)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("hegseth variants merged, not with healey", func(t *testing.T) {
		e := findEntity(c, "Hegseth")
		if e == nil {
			t.Fatal("no entity with variant Hegseth")
		}
		if !strings.HasSuffix(e.Name, "Hegseth") {
			t.Errorf("canonical name %q, want the majority spelling Hegseth", e.Name)
		}
		vs := variantTexts(e)
		for _, want := range []string{"Hegset", "Hugset", "HEGSET"} {
			if !slices.Contains(vs, want) {
				t.Errorf("variants %v lack %q", vs, want)
			}
		}
		if slices.Contains(vs, "Healey") {
			t.Errorf("Healey merged into Hegseth: %v", vs)
		}
		if e.Kind != "person" {
			t.Errorf("kind %q, want person", e.Kind)
		}
	})
	t.Run("kyiv kiev merged", func(t *testing.T) {
		e := findEntity(c, "Kyiv")
		if e == nil || !slices.Contains(variantTexts(e), "Kiev") {
			t.Fatalf("Kyiv and Kiev not merged: %+v", e)
		}
	})
	t.Run("zelensky zelenskyy merged", func(t *testing.T) {
		e := findEntity(c, "Zelensky")
		if e == nil || !slices.Contains(variantTexts(e), "Zelenskyy") {
			t.Fatalf("Zelensky and Zelenskyy not merged: %+v", e)
		}
	})

	t.Run("number conflict 40 vs 50", func(t *testing.T) {
		found := false
		for _, cf := range c.Conflicts {
			if cf.Kind != "number" {
				continue
			}
			var has40, has50 bool
			for _, s := range cf.Sides {
				has40 = has40 || strings.Contains(s.Text, "40")
				has50 = has50 || strings.Contains(s.Text, "50")
			}
			if has40 && has50 {
				found = true
				if !strings.Contains(cf.About, "allies") && !strings.Contains(cf.About, "countries") {
					t.Errorf("conflict about %q, want countries/allies", cf.About)
				}
			}
		}
		if !found {
			t.Errorf("no 40 vs 50 number conflict in %+v", c.Conflicts)
		}
	})
	t.Run("no conflict fifth vs 20 percent", func(t *testing.T) {
		for _, cf := range c.Conflicts {
			for _, s := range cf.Sides {
				if strings.Contains(s.Text, "fifth") || strings.Contains(s.Text, "20 percent") {
					t.Errorf("fifth / 20 percent reported as conflict: %+v", cf)
				}
			}
		}
		// and they are one claim
		for _, cl := range c.Claims {
			var fifth, pct bool
			for _, s := range cl.Sources {
				fifth = fifth || strings.Contains(s.Text, "fifth part")
				pct = pct || strings.Contains(s.Text, "20 percent")
			}
			if fifth || pct {
				if !fifth || !pct {
					t.Errorf("fifth part and 20 percent not in one claim: %+v", cl)
				}
				return
			}
		}
		t.Error("no claim about the fifth / 20 percent")
	})
	t.Run("polarity conflict nato mission", func(t *testing.T) {
		for _, cf := range c.Conflicts {
			if cf.Kind != "polarity" || !strings.Contains(cf.About, "NATO") {
				continue
			}
			var pos, neg bool
			for _, s := range cf.Sides {
				pos = pos || strings.Contains(s.Text, "the NATO mission")
				neg = neg || strings.Contains(s.Text, "non-NATO")
			}
			if pos && neg {
				return
			}
		}
		t.Errorf("no NATO vs non-NATO polarity conflict in %+v", c.Conflicts)
	})

	t.Run("translation scores", func(t *testing.T) {
		score := map[string]float64{}
		for _, p := range c.Profiles {
			score[p.Article[:3]] = p.TranslationScore
			if len(p.TranslationReasons) == 0 {
				t.Errorf("%s: no reasons", p.Article)
			}
		}
		for _, mt := range []string{"000", "001"} {
			for _, orig := range []string{"002", "003", "004"} {
				if score[mt] <= score[orig] {
					t.Errorf("translation_score %s=%.3f not above %s=%.3f", mt, score[mt], orig, score[orig])
				}
			}
		}
	})

	t.Run("quotes", func(t *testing.T) {
		want := []struct {
			marker  string
			minArts int
			mtWords string // machine-translated wording that must be a non-exact variant
		}{
			{"sovereign and prosperous Ukraine", 4, ""},
			{"pre-2014 borders", 3, "unreal goal"},
			{"prolong the war", 3, "illusory purpose"},
			{"realistic outcome of a negotiated settlement", 3, "realistic result of the negotiation agreement"},
		}
		for _, w := range want {
			var g *QuoteGroup
			for i := range c.Quotes {
				if strings.Contains(c.Quotes[i].Text, w.marker) {
					g = &c.Quotes[i]
					break
				}
			}
			if g == nil {
				t.Errorf("no quote group with %q", w.marker)
				continue
			}
			if len(g.Support) < w.minArts {
				t.Errorf("%q supported by %v, want at least %d articles", w.marker, g.Support, w.minArts)
			}
			if !strings.HasSuffix(g.Speaker, "Hegseth") {
				t.Errorf("%q speaker %q, want Hegseth", w.marker, g.Speaker)
			}
			if w.mtWords == "" {
				continue
			}
			found := false
			for _, v := range g.Variants {
				if strings.Contains(v.Text, w.mtWords) {
					found = true
					if v.Kind == "exact" || len(v.Diff) == 0 {
						t.Errorf("%q variant %q labelled %s", w.marker, v.Text, v.Kind)
					}
				}
			}
			if !found {
				t.Errorf("%q: machine-translated wording %q is not a variant", w.marker, w.mtWords)
			}
		}
		for _, g := range c.Quotes {
			if strings.Contains(g.Text, "unreal goal") || strings.Contains(g.Text, "illusory purpose") {
				t.Errorf("machine-translated wording kept as its own quote: %q", g.Text)
			}
		}
	})

	t.Run("claims ordered and traced", func(t *testing.T) {
		for i, cl := range c.Claims {
			if i > 0 && cl.IndependentSources > c.Claims[i-1].IndependentSources {
				t.Errorf("claims not ordered by independent support at %d", i)
			}
			if len(cl.Sources) != len(cl.Support) || len(cl.Support) < 2 {
				t.Errorf("claim %s: %d sentences for %d articles", cl.ID, len(cl.Sources), len(cl.Support))
			}
			canon := false
			for _, s := range cl.Sources {
				canon = canon || s.Text == cl.Text
			}
			if !canon {
				t.Errorf("claim %s: canonical text is not one of its sentences", cl.ID)
			}
		}
		if len(c.Claims) == 0 || c.Claims[0].IndependentSources < 4 {
			t.Errorf("top claim is not broadly corroborated: %+v", c.Claims[:min(1, len(c.Claims))])
		}
	})

	t.Run("exclusive details", func(t *testing.T) {
		var witkoff bool
		for _, e := range c.Exclusive {
			for _, s := range e.Sentences {
				if strings.Contains(s.Text, "Moscow") && strings.Contains(s.Text, "envoy") {
					witkoff = e.Article[:3] == "001"
				}
			}
		}
		if !witkoff {
			t.Error("the envoy's trip to Moscow is not an exclusive detail of 001")
		}
	})
}

func TestCopiesCountedOnce(t *testing.T) {
	arts := loadExample(t)
	// 004 declared a copy of 003: claims both support count once.
	c, err := Consolidate(context.Background(), arts, map[string]string{arts[4].ID: arts[3].ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, cl := range c.Claims {
		has3 := slices.Contains(cl.Support, arts[3].ID)
		has4 := slices.Contains(cl.Support, arts[4].ID)
		if has3 && has4 && cl.IndependentSources != len(cl.Support)-1 {
			t.Errorf("claim %s: %d independent of %d with a copy", cl.ID, cl.IndependentSources, len(cl.Support))
		}
	}
}

func TestDuplicateID(t *testing.T) {
	a := chorus.Article{ID: "x", Text: "One sentence."}
	if _, err := Consolidate(context.Background(), []chorus.Article{a, a}, nil); err == nil {
		t.Error("duplicate ids accepted")
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Consolidate(ctx, loadExample(t), nil); err == nil {
		t.Error("cancelled context not reported")
	}
}

func TestCleanTextPreferred(t *testing.T) {
	a := chorus.Article{ID: "a", Text: "Subscribe now for offers. The minister resigned on Monday after the vote.", CleanText: "The minister resigned on Monday after the vote."}
	d, err := newDoc(context.Background(), []chorus.Article{a}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.sents) != 1 {
		t.Errorf("got %d sentences, want the 1 of CleanText", len(d.sents))
	}
}

func TestQuoteExtractorPanic(t *testing.T) {
	arts := loadExample(t)[:2]
	c, err := ConsolidateWith(context.Background(), arts, nil, Options{Quotes: func(string) []Quote { panic("boom") }})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) != 2 || len(c.Quotes) == 0 {
		t.Errorf("warnings %q, %d quotes: want the plain scanner to take over", c.Warnings, len(c.Quotes))
	}
}

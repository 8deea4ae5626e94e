package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestAcceptance checks issue 5 acceptance 1 on the JSON report of the
// bundled example, through the documented schema (decoded from the JSON
// output, not from Go values).
func TestAcceptance(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, exampleReport(t)); err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(buf.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Stories) != 1 {
		t.Fatalf("%d stories, want 1", len(rep.Stories))
	}
	s := rep.Stories[0]

	findQuote := func(parts ...string) *Quote {
		for i, q := range s.Quotes {
			low := strings.ToLower(q.Text)
			ok := true
			for _, p := range parts {
				ok = ok && strings.Contains(low, p)
			}
			if ok {
				return &s.Quotes[i]
			}
		}
		return nil
	}

	t.Run("four hegseth quotes", func(t *testing.T) {
		for _, tc := range []struct {
			parts   []string
			minSupp int
		}{
			{[]string{"we want, like you, a sovereign and prosperous ukraine"}, 4},
			{[]string{"pre-2014 borders", "unrealistic objective"}, 3},
			{[]string{"illusionary goal", "prolong the war"}, 3},
			{[]string{"nato membership", "realistic outcome of a negotiated settlement"}, 3},
		} {
			q := findQuote(tc.parts...)
			if q == nil {
				t.Errorf("no quote with %q", tc.parts)
				continue
			}
			if !strings.Contains(q.Speaker, "Hegseth") {
				t.Errorf("quote %q: speaker %q, want Hegseth", clip(q.Text, 50), q.Speaker)
			}
			if len(q.Support) < tc.minSupp {
				t.Errorf("quote %q: %d supporting articles, want at least %d", clip(q.Text, 50), len(q.Support), tc.minSupp)
			}
		}
	})

	t.Run("machine-translated wordings are variants", func(t *testing.T) {
		for _, mt := range []string{"unreal goal", "illusory purpose", "illusional goal", "realistic result of the negotiation agreement"} {
			var asVariant bool
			for _, q := range s.Quotes {
				if strings.Contains(strings.ToLower(q.Text), mt) {
					t.Errorf("%q is the canonical wording of a quote: %q", mt, q.Text)
				}
				for _, v := range q.Variants {
					if strings.Contains(strings.ToLower(v.Text), mt) && v.Kind != "exact" && len(q.Support) >= 3 {
						asVariant = true
					}
				}
			}
			if !asVariant {
				t.Errorf("%q is not a non-exact variant of a shared quote", mt)
			}
		}
	})

	t.Run("healey and zelensky quoted", func(t *testing.T) {
		for _, who := range []string{"Healey", "Zelensky"} {
			if !slices.ContainsFunc(s.Quotes, func(q Quote) bool { return strings.Contains(q.Speaker, who) }) {
				t.Errorf("no quote attributed to %s", who)
			}
		}
	})

	entity := func(variant string) *Entity {
		for i, e := range s.Entities {
			for _, v := range e.Variants {
				if v.Text == variant {
					return &s.Entities[i]
				}
			}
		}
		return nil
	}
	t.Run("entities", func(t *testing.T) {
		e := entity("Hegseth")
		if e == nil {
			t.Fatal("no entity spelt Hegseth")
		}
		if !strings.HasSuffix(e.Name, "Hegseth") {
			t.Errorf("canonical name %q", e.Name)
		}
		for _, want := range []string{"Hegset", "Hugset", "HEGSET"} {
			if entity(want) != e {
				t.Errorf("%s is not a variant of %s", want, e.Name)
			}
		}
		if entity("Healey") == e {
			t.Error("Healey merged with Hegseth")
		}
		if k := entity("Kyiv"); k == nil || k != entity("Kiev") {
			t.Error("Kyiv and Kiev not merged")
		}
	})

	sideHas := func(c Conflict, sub string) bool {
		return slices.ContainsFunc(c.Sides, func(sd Side) bool { return strings.Contains(strings.ToLower(sd.Text), sub) })
	}
	t.Run("conflicts", func(t *testing.T) {
		if !slices.ContainsFunc(s.Conflicts, func(c Conflict) bool {
			return c.Kind == "number" && sideHas(c, "40") && sideHas(c, "50")
		}) {
			t.Errorf("no number conflict 40 vs 50: %+v", s.Conflicts)
		}
		if !slices.ContainsFunc(s.Conflicts, func(c Conflict) bool {
			return c.Kind == "polarity" && sideHas(c, "non-nato") && slices.ContainsFunc(c.Sides, func(sd Side) bool {
				l := strings.ToLower(sd.Text)
				return strings.Contains(l, "nato") && !strings.Contains(l, "non-nato")
			})
		}) {
			t.Errorf("no polarity conflict NATO vs non-NATO mission: %+v", s.Conflicts)
		}
		for _, c := range s.Conflicts {
			if sideHas(c, "fifth") || sideHas(c, "20 percent") || sideHas(c, "20 per cent") {
				t.Errorf("conflict between equivalent values: %+v", c)
			}
		}
	})

	t.Run("translation scores", func(t *testing.T) {
		var mt, human []Article
		for _, a := range s.Articles {
			if strings.HasPrefix(a.ID, "000_") || strings.HasPrefix(a.ID, "001_") {
				mt = append(mt, a)
			} else {
				human = append(human, a)
			}
		}
		if len(mt) != 2 || len(human) != 3 {
			t.Fatalf("articles %d+%d, want 2+3", len(mt), len(human))
		}
		for _, m := range mt {
			for _, h := range human {
				if m.TranslationScore <= h.TranslationScore {
					t.Errorf("%s scores %.2f, not above %s (%.2f)", m.ID, m.TranslationScore, h.ID, h.TranslationScore)
				}
			}
			if len(m.TranslationReasons) == 0 {
				t.Errorf("%s: no reason for its translation score", m.ID)
			}
		}
	})

	t.Run("schema invariants", func(t *testing.T) {
		ids := map[string]bool{}
		for _, a := range s.Articles {
			ids[a.ID] = true
			if a.Outlet == "" {
				t.Errorf("%s has no outlet (sources.json)", a.ID)
			}
		}
		for i, c := range s.Claims {
			if i > 0 && c.IndependentSources > s.Claims[i-1].IndependentSources {
				t.Errorf("claims not ordered by independent support at %d", i)
			}
			if len(c.Sentences) == 0 {
				t.Errorf("claim %s traces to no sentence", c.ID)
			}
			for _, id := range c.Support {
				if !ids[id] {
					t.Errorf("claim %s supported by unknown article %s", c.ID, id)
				}
			}
		}
		for _, q := range s.Quotes {
			for _, v := range q.Variants {
				if !slices.Contains([]string{"exact", "partial", "paraphrase", "garbled"}, v.Kind) {
					t.Errorf("variant kind %q", v.Kind)
				}
			}
		}
	})
}

package align

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chorusnews/chorus"
)

var fuzzSeeds = []string{
	"Moscow controls about 20 percent of Ukraine's territory.",
	"“We want, like you, a sovereign Ukraine,” said Pete Hegseth. “But not at any price.”",
	"HEGSET announced a meeting of more than 40 countries: “We want peace.\n“But we must start.",
	"Gen. Smith of Acme Inc. said the U.S. would act at 5:29 am.",
	"non -European troops, a non-NATO mission, 1,000 people and 2.5 million, twenty-five",
	"\"unterminated quote\n",
	"",
}

// FuzzSplit: sentences are non-empty, trimmed pieces of the input, in order.
func FuzzSplit(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			in = strings.ToValidUTF8(in, "\uFFFD")
		}
		ss, err := Split(in)
		if err != nil {
			t.Fatal(err)
		}
		rest := in
		for _, s := range ss {
			if s == "" || strings.TrimSpace(s) != s {
				t.Fatalf("sentence %q empty or untrimmed", s)
			}
			k := strings.Index(rest, s)
			if k < 0 {
				t.Fatalf("sentence %q not found in order in %q", s, in)
			}
			rest = rest[k+len(s):]
		}
	})
}

// FuzzNumbers: tokens slice the sentence to their text and numbers lie on
// token boundaries with finite values.
func FuzzNumbers(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		toks := tokenize(in)
		prev := 0
		for _, tk := range toks {
			if tk.start < prev || tk.end <= tk.start || in[tk.start:tk.end] != tk.text {
				t.Fatalf("token %+v does not slice %q", tk, in)
			}
			prev = tk.end
		}
		for _, n := range findNumbers(toks, in) {
			if n.first < 0 || n.end > len(toks) || n.first >= n.end {
				t.Fatalf("number %+v out of token range %d", n, len(toks))
			}
			if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) && n.Kind != "count" {
				t.Fatalf("number %+v not finite", n)
			}
			if !strings.Contains(in, n.Text) {
				t.Fatalf("number text %q not in %q", n.Text, in)
			}
		}
	})
}

// FuzzPlainQuotes: offsets slice the input (as code points) to the text.
func FuzzPlainQuotes(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r := []rune(in)
		for _, q := range PlainQuotes(in) {
			if q.Start < 0 || q.End > len(r) || q.Start > q.End || string(r[q.Start:q.End]) != q.Text {
				t.Fatalf("quote %+v does not slice %q", q, in)
			}
		}
	})
}

// FuzzConsolidate: any pair of texts consolidates without error, the result
// encodes as JSON and every claim traces to sentences of its articles.
func FuzzConsolidate(f *testing.F) {
	for i := range fuzzSeeds {
		f.Add(fuzzSeeds[i], fuzzSeeds[(i+1)%len(fuzzSeeds)])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		arts := []chorus.Article{{ID: "a", Text: a}, {ID: "b", Text: b + "\n" + a}}
		c, err := Consolidate(context.Background(), arts, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(c); err != nil {
			t.Fatalf("result not JSON-encodable: %v", err)
		}
		text := map[string]string{"a": strings.ToValidUTF8(a, "\uFFFD"), "b": strings.ToValidUTF8(b+"\n"+a, "\uFFFD")}
		for _, cl := range c.Claims {
			if len(cl.Sources) < 2 || cl.IndependentSources < 1 {
				t.Fatalf("claim %+v", cl)
			}
			for _, s := range cl.Sources {
				if !strings.Contains(text[s.Article], s.Text) {
					t.Fatalf("claim sentence %q not in article %s", s.Text, s.Article)
				}
			}
		}
		for _, cf := range c.Conflicts {
			if len(cf.Sides) < 2 {
				t.Fatalf("conflict with %d sides", len(cf.Sides))
			}
		}
		for _, p := range c.Profiles {
			if p.TranslationScore < 0 || p.TranslationScore > 1 || math.IsNaN(p.TranslationScore) {
				t.Fatalf("translation score %v", p.TranslationScore)
			}
		}
	})
}

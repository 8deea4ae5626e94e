package server

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFTSQuery(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Hegseth", `"Hegseth"`},
		{"  NATO   membership ", `"NATO" "membership"`},
		{`"lasting peace" Ukraine`, `"lasting peace" "Ukraine"`},
		{"Ukrain*", `"Ukrain"*`},
		{"a*b", `"a" "b"`},
		{"U.S. troops", `"U" "S" "troops"`},
		{"NATO OR NEAR(x y) NOT -z", `"NATO" "OR" "NEAR" "x" "y" "NOT" "z"`},
		{`unbalanced "quote here`, `"unbalanced" "quote here"`},
		{`""`, ""},
		{"***", ""},
		{"<script>alert(1)</script>", `"script" "alert" "1" "script"`},
		{"Kyiv’s", `"Kyiv" "s"`},
		{"café Zürich", `"café" "Zürich"`},
		{"北约 乌克兰", `"北约" "乌克兰"`},
	} {
		if got := ftsQuery(c.in); got != c.want {
			t.Errorf("ftsQuery(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestFTSQueryRunsOnSQLite runs awkward reader input through the real FTS5
// index: none may be a syntax error.
func TestFTSQueryRunsOnSQLite(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	s := sqliteSearch{f.store}
	for _, q := range []string{"Hegseth", `"lasting peace"`, "Ukrain*", "NATO OR", "AND", "NEAR(", `"`, "^x", "x:y", "title:NATO",
		"-", "+", "(", ")", "{a b}", "*", "a**", "'", "\\", "NOT NATO", "\x00", "🇺🇦 Ukraine"} {
		fq := ftsQuery(q)
		if fq == "" {
			continue
		}
		if _, err := s.Search(context.Background(), fq, 5, 0); err != nil {
			t.Errorf("query %q as %q: %v", q, fq, err)
		}
	}
	hits, err := s.Search(context.Background(), ftsQuery("Hegseth"), 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) < 4 {
		t.Errorf("Hegseth: %d hits, want the seeds that name him", len(hits))
	}
	for _, h := range hits {
		segs := segments(h.Snippet)
		matched := false
		for _, sg := range segs {
			if sg.Match && strings.EqualFold(sg.Text, "Hegseth") {
				matched = true
			}
		}
		if !matched {
			t.Errorf("hit %s: no highlighted Hegseth in %q", h.ArticleID, h.Snippet)
		}
	}
}

func TestSegments(t *testing.T) {
	got := segments("a \x02b\x03 c\x03\x02\x02d")
	want := []Segment{{Text: "a "}, {Text: "b", Match: true}, {Text: " c"}, {Text: "d", Match: true}}
	if len(got) != len(want) {
		t.Fatalf("segments = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("segment %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// FuzzFTSQuery checks that any input becomes only quoted terms of letters,
// digits and spaces, each optionally followed by *.
func FuzzFTSQuery(f *testing.F) {
	for _, s := range []string{"Hegseth", `"lasting peace" NATO`, "Ukrain*", "NEAR(a b)", `""*"`, "a\x00b", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := ftsQuery(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", in)
		}
		rest := out
		for rest != "" {
			if rest[0] != '"' {
				t.Fatalf("ftsQuery(%q) = %q: term does not start with a quote", in, out)
			}
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				t.Fatalf("ftsQuery(%q) = %q: unbalanced quote", in, out)
			}
			term := rest[1 : 1+end]
			if term == "" || strings.TrimSpace(term) != term || strings.Contains(term, "  ") {
				t.Fatalf("ftsQuery(%q) = %q: bad term %q", in, out, term)
			}
			for _, r := range term {
				if r != ' ' && !isWordRune(r) {
					t.Fatalf("ftsQuery(%q) = %q: %q in a term", in, out, r)
				}
			}
			rest = rest[2+end:]
			rest = strings.TrimPrefix(rest, "*")
			if rest != "" {
				if rest[0] != ' ' {
					t.Fatalf("ftsQuery(%q) = %q: terms not separated", in, out)
				}
				rest = rest[1:]
			}
		}
	})
}

// FuzzSegments checks that segments drop exactly the markers, keep the
// rest in order, and never return empty or marker-bearing pieces.
func FuzzSegments(f *testing.F) {
	for _, s := range []string{"plain", "a \x02hit\x03 b", "\x03\x02\x02x", "\x02\x03", "…\x02é\x03"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		segs := segments(in)
		var b strings.Builder
		for _, s := range segs {
			if s.Text == "" {
				t.Fatalf("empty segment from %q", in)
			}
			if strings.ContainsAny(s.Text, MarkStart+MarkEnd) {
				t.Fatalf("marker left in %q", s.Text)
			}
			b.WriteString(s.Text)
		}
		want := strings.Map(func(r rune) rune {
			if string(r) == MarkStart || string(r) == MarkEnd {
				return -1
			}
			return r
		}, strings.ToValidUTF8(in, "\uFFFD"))
		// Ranging over invalid UTF-8 yields U+FFFD per bad byte.
		if got := b.String(); got != want && utf8.ValidString(in) {
			t.Fatalf("segments(%q) text = %q, want %q", in, got, want)
		}
	})
}

package align

import (
	"slices"
	"strings"
	"testing"
)

func words(s string) []string {
	var out []string
	for _, t := range tokenize(s) {
		out = append(out, normWord(t.text))
	}
	return out
}

func TestLabelVariant(t *testing.T) {
	canon := "Chasing this illusionary goal will only prolong the war and cause more suffering"
	tests := []struct {
		in, want string
	}{
		{"Chasing this illusionary goal will only prolong the war and cause more suffering.", "exact"},
		{"this illusionary goal will only prolong the war", "partial"},
		{"Following this illusional goal will only prolong the war and cause more suffering", "garbled"},
		{"Pursuing the goal just drags the conflict out", "paraphrase"},
	}
	for _, tc := range tests {
		if got := labelVariant(words(canon), words(tc.in)); got != tc.want {
			t.Errorf("labelVariant(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if normWord("recognising") != normWord("recognizing") {
		t.Error("British and American spellings differ after normWord")
	}
}

func TestWordDiff(t *testing.T) {
	got := wordDiff(words("chasing this illusionary goal will prolong the war"), words("following this illusional goal will prolong the war"))
	want := []DiffOp{{"-", "chasing"}, {"+", "following"}, {"=", "this"}, {"-", "illusionary"}, {"+", "illusional"}, {"=", "goal will prolong the war"}}
	if !slices.Equal(got, want) {
		t.Errorf("wordDiff = %v, want %v", got, want)
	}
}

func TestPlainQuotes(t *testing.T) {
	in := "He said “we will win” and \"soon\".\n“An open quote runs to the paragraph end\nNext."
	qs := PlainQuotes(in)
	var texts []string
	r := []rune(in)
	for _, q := range qs {
		texts = append(texts, q.Text)
		if string(r[q.Start:q.End]) != q.Text {
			t.Errorf("offsets %d:%d give %q, want %q", q.Start, q.End, string(r[q.Start:q.End]), q.Text)
		}
	}
	want := []string{"we will win", "soon", "An open quote runs to the paragraph end"}
	if !slices.Equal(texts, want) {
		t.Errorf("PlainQuotes = %q, want %q", texts, want)
	}
	if strings.Join(texts, "") == "" {
		t.Error("no quotes")
	}
}

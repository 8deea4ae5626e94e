package report

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"  two\n\nlines\t", "two lines"},
		{"\x1b[31mred\x1b[0m", "[31mred [0m"},
		{"a\u202eb\u2066c\ufeff", "abc"},
		{"bell\x07ring", "bell ring"},
		{"", ""},
	} {
		if got := sanitize(tc.in); got != tc.want {
			t.Errorf("sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestChanges(t *testing.T) {
	for _, tc := range []struct {
		diff []DiffOp
		want string
	}{
		{nil, ""},
		{[]DiffOp{{"=", "a b"}, {"-", "outcome"}, {"+", "result"}, {"=", "of"}}, "“outcome” → “result”"},
		{[]DiffOp{{"+", "that said"}, {"=", "the rest"}}, "adds “that said”"},
		{[]DiffOp{{"=", "x"}, {"-", "a"}, {"=", "y"}, {"-", "b"}, {"+", "c"}}, "omits “a”; “b” → “c”"},
		{[]DiffOp{{"+", "new"}, {"-", "old"}}, "adds “new”; omits “old”"},
	} {
		var parts []string
		for _, c := range changes(tc.diff) {
			parts = append(parts, c.String())
		}
		if got := strings.Join(parts, "; "); got != tc.want {
			t.Errorf("changes(%v) = %q, want %q", tc.diff, got, tc.want)
		}
	}
}

func TestMarkdownEscape(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"U.S. troops", "U.S. troops"},
		{"<script>", `\<script\>`},
		{"[link](x)", `\[link\](x)`},
		{"*bold* _it_ `code` | # ~ & !", "\\*bold\\* \\_it\\_ \\`code\\` \\| \\# \\~ \\& \\!"},
		{"line\nbreak", "line break"},
	} {
		if got := md(tc.in); got != tc.want {
			t.Errorf("md(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPara(t *testing.T) {
	for _, tc := range []struct {
		width int
		segs  []seg
		want  string
	}{
		{20, []seg{{"one two three four five six", ""}}, "- one two three four\n  five six\n"},
		{20, []seg{{"“", ""}, {"glued", ""}, {"”", ""}, {" next", ""}}, "- “glued” next\n"},
		// a glued quotation mark wraps with its word
		{12, []seg{{"aaaa bbbb ", ""}, {"“", ""}, {"cc", ""}}, "- aaaa bbbb\n  “cc\n"},
		{20, []seg{{"Speaker: ", ""}, {"“quote”", ""}}, "- Speaker: “quote”\n"},
		{10, []seg{{"averyveryverylongword x", ""}}, "- averyveryverylongword\n  x\n"},
	} {
		var buf bytes.Buffer
		w := bufio.NewWriter(&buf)
		tw := &textWriter{w: w, width: tc.width}
		tw.para("- ", "  ", tc.segs...)
		w.Flush()
		if buf.String() != tc.want {
			t.Errorf("para(%d, %v) = %q, want %q", tc.width, tc.segs, buf.String(), tc.want)
		}
	}
}

func TestTopClaims(t *testing.T) {
	s := &Story{
		Claims: []Claim{
			{ID: "c1", Text: "“We want a sovereign Ukraine,” he said.", IndependentSources: 4},
			{ID: "c2", Text: "More than 40 allies met in Brussels.", IndependentSources: 3},
			{ID: "c3", Text: "Only one source says so.", IndependentSources: 1},
		},
		Quotes: []Quote{{Text: "We want a sovereign Ukraine", Support: []string{"a", "b"}}},
	}
	got := fmt.Sprint(ids(s.TopClaims(3)))
	if got != "[c2]" {
		t.Errorf("topClaims = %s, want [c2] (c1 repeats a quote, c3 has one source)", got)
	}
	s.Claims = s.Claims[:1]
	if got := fmt.Sprint(ids(s.TopClaims(3))); got != "[c1]" {
		t.Errorf("topClaims = %s, want [c1] when only quote claims are corroborated", got)
	}
}

func ids(cs []Claim) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestEmptyReport(t *testing.T) {
	for _, format := range Formats {
		var buf bytes.Buffer
		if err := Render(&buf, Report{}, format, Options{}); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if buf.Len() == 0 {
			t.Errorf("%s: empty output", format)
		}
	}
	if err := Render(&bytes.Buffer{}, Report{}, "pdf", Options{}); err == nil {
		t.Error("unknown format accepted")
	}
}

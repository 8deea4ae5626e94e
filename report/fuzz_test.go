package report

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chorusnews/chorus"
)

// FuzzReport consolidates two articles built from arbitrary text (which
// also serves as outlet and title) and renders them in every format.
// Properties: the JSON is valid, the HTML carries no "<script" (article
// text is escaped), the Markdown has no unescaped "<", and text output
// without colour carries no escape character.
func FuzzReport(f *testing.F) {
	f.Add("Hegseth said: \"We want a sovereign Ukraine.\" More than 40 allies met.",
		"\"We want, like you, a sovereign Ukraine,\" Hegset said. More than 50 allies met.")
	f.Add("<script>alert(1)</script> said \"<script>x</script>\"", "He said \"</q><script>\" & left.\n\nIt was <b>bold</b>.")
	f.Add("\x1b[31mred\x1b[0m \"quote\u202e here\" she said.", "")
	f.Add("“Unclosed quote, he said.", "\"\"\"\n\n\"")
	f.Fuzz(func(t *testing.T, a, b string) {
		arts := []chorus.Article{
			{ID: "a", Outlet: clipBytes(a, 40), Title: clipBytes(b, 60), Text: a},
			{ID: "b", Outlet: clipBytes(b, 40), Title: clipBytes(a, 60), Text: b, Removed: []chorus.Removal{{Text: a, Reason: b}}},
		}
		s, err := Consolidate(context.Background(), chorus.Story{ID: clipBytes(a, 10), Title: clipBytes(b, 30)}, arts, map[string]string{"b": "a"})
		if err != nil {
			t.Skip(err)
		}
		rep := Report{Stories: []Story{s}}
		var js, html, md, text bytes.Buffer
		if err := JSON(&js, rep); err != nil {
			t.Fatal(err)
		}
		if !json.Valid(js.Bytes()) {
			t.Fatalf("invalid JSON:\n%s", js.String())
		}
		if err := HTML(&html, rep, Options{}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ToLower(html.String()), "<script") {
			t.Fatalf("HTML carries <script:\n%s", html.String())
		}
		if err := Markdown(&md, rep, Options{}); err != nil {
			t.Fatal(err)
		}
		m := md.String()
		for i := strings.IndexByte(m, '<'); i >= 0; i = strings.IndexByte(m, '<') {
			if i == 0 || m[i-1] != '\\' {
				t.Fatalf("unescaped < in Markdown at %d:\n%s", i, md.String())
			}
			m = m[i+1:]
		}
		if err := Text(&text, rep, Options{Width: 50}); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsRune(text.String(), '\x1b') {
			t.Fatalf("escape character in plain text output:\n%q", text.String())
		}
	})
}

// clipBytes cuts s to at most n bytes (possibly mid-rune: hostile input).
func clipBytes(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

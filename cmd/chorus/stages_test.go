package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQuotesJSONOffsets checks `chorus quotes --json` on the bundled
// reports: offsets are code points into the file and slice it to the text.
func TestQuotesJSONOffsets(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(seedsDir(t), "*.txt"))
	code, out, stderr := runCLI(t, "", append([]string{"quotes", "--json"}, files...)...)
	if code != 0 {
		t.Fatalf("code %d: %s", code, stderr)
	}
	var got map[string][]quoteJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(got) != len(files) {
		t.Fatalf("got %d files, want %d", len(got), len(files))
	}
	speakers := 0
	for _, f := range files {
		data, _ := os.ReadFile(f)
		runes := []rune(string(data))
		qs := got[strings.TrimSuffix(filepath.Base(f), ".txt")]
		if len(qs) == 0 {
			t.Errorf("%s: no quotes", f)
		}
		for _, q := range qs {
			if q.Start < 0 || q.End > len(runes) || q.Start >= q.End || string(runes[q.Start:q.End]) != q.Text {
				t.Errorf("%s: offsets %d:%d do not slice to %q", filepath.Base(f), q.Start, q.End, q.Text)
			}
			if strings.Contains(q.Speaker, "Hegseth") {
				speakers++
			}
		}
	}
	if speakers < 10 {
		t.Errorf("only %d quotes attributed to a Hegseth across the reports", speakers)
	}
}

// TestExtractJSON checks `chorus extract --json` on a bundled report: the
// body is cleaned and each removal carries its reason.
func TestExtractJSON(t *testing.T) {
	f := filepath.Join(seedsDir(t), "003_3a96547fe0ca7f3b.txt")
	code, out, stderr := runCLI(t, "", "extract", "--json", f)
	if code != 0 {
		t.Fatalf("code %d: %s", code, stderr)
	}
	var got map[string]struct {
		Title       string `json:"title"`
		ArticleBody string `json:"articleBody"`
		Removed     []struct {
			Text   string `json:"text"`
			Reason string `json:"reason"`
		} `json:"removed"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	doc, ok := got["003_3a96547fe0ca7f3b"]
	if !ok {
		t.Fatalf("keys = %v", got)
	}
	if strings.Contains(doc.ArticleBody, "Get the RNZ app") || !strings.Contains(doc.ArticleBody, "Moscow currently controls about 20 percent") {
		t.Errorf("body not cleaned as expected:\n%s", doc.ArticleBody)
	}
	reasons := map[string]bool{}
	for _, r := range doc.Removed {
		if r.Reason == "" {
			t.Errorf("removal %q has no reason", r.Text)
		}
		reasons[r.Text] = true
	}
	if !reasons["Get the RNZ app"] || !reasons["-Reuters"] {
		t.Errorf("removed = %v", doc.Removed)
	}
}

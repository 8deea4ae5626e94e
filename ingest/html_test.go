package ingest

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chorusnews/chorus"
)

var updateHTML = flag.Bool("update-html", false, "rewrite golden files under testdata/html")

const htmlArticle = `<!DOCTYPE html>
<html lang="en"><head>
<title>Council approves budget | Example News</title>
<meta property="og:title" content="Council approves budget">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2025-02-12T10:30:00Z">
<script>var leaked = "SCRIPT-IN-HEAD";</script>
<style>body { color: red } /* STYLE-LEAK */</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Council approves budget</h1>
<p>The city council voted on Tuesday to approve a new budget for the coming year after months of debate in the chamber.</p>
<script>document.write("SCRIPT-IN-BODY")</script>
<p>The plan raises spending on schools and roads while cutting the administrative budget by four percent over two years.</p>
<h2>What happens next</h2>
<p>Opponents said the cuts would slow services, but the mayor called the budget a responsible compromise for the city.</p>
<p onclick="alert('HANDLER-LEAK')">A final vote on the related tax measure is expected next month, officials said in a statement.</p>
<noscript>NOSCRIPT-LEAK enable JavaScript</noscript>
<iframe src="javascript:alert('IFRAME-LEAK')">IFRAME-LEAK</iframe>
<img src=x onerror="alert('IMG-LEAK')">
<p>Residents can comment on the plan at public hearings <b>throughout</b> March, the council said on its website.</p>
</article>
<footer>Copyright 2025 Example News</footer>
</body></html>`

func TestHTML(t *testing.T) {
	a, err := HTML("page.html", []byte(htmlArticle), "https://www.example.com/news/budget")
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"SCRIPT", "STYLE-LEAK", "HANDLER-LEAK", "NOSCRIPT-LEAK", "IFRAME-LEAK", "IMG-LEAK", "document.write", "alert("} {
		if strings.Contains(a.Text, leak) {
			t.Errorf("hostile content %q leaked into Text:\n%s", leak, a.Text)
		}
	}
	paras := strings.Split(a.Text, "\n\n")
	for _, want := range []string{
		"The city council voted on Tuesday to approve a new budget for the coming year after months of debate in the chamber.",
		"What happens next",
		"Residents can comment on the plan at public hearings throughout March, the council said on its website.",
	} {
		if !slices.Contains(paras, want) {
			t.Errorf("paragraph %q missing from:\n%q", want, paras)
		}
	}
	if a.ID != "" {
		t.Errorf("ID %q set; the caller sets it", a.ID)
	}
	if a.Title != "Council approves budget" || a.Outlet != "Example News" || !slices.Equal(a.Authors, []string{"Jane Roe"}) {
		t.Errorf("metadata: title %q outlet %q authors %v", a.Title, a.Outlet, a.Authors)
	}
	if want := time.Date(2025, 2, 12, 0, 0, 0, 0, time.UTC); a.Published.Year() != want.Year() || a.Published.YearDay() != want.YearDay() {
		t.Errorf("published %v, want %v", a.Published, want)
	}
	if a.URL != "https://www.example.com/news/budget" || a.Language != "en" {
		t.Errorf("url %q language %q", a.URL, a.Language)
	}
}

func TestHTMLOutletFallsBackToHost(t *testing.T) {
	page := `<html><body><article><p>` + strings.Repeat("A sentence of plain reporting about the harbour. ", 12) + `</p></article></body></html>`
	a, err := HTML("p.html", []byte(page), "https://www.harbour-news.example/2025/story")
	if err != nil {
		t.Fatal(err)
	}
	if a.Outlet != "harbour-news.example" {
		t.Errorf("outlet %q, want the URL host", a.Outlet)
	}
}

func TestHTMLRejectsEmpty(t *testing.T) {
	for _, page := range []string{"", "<html></html>", "<script>only()</script>"} {
		_, err := HTML("e.html", []byte(page), "")
		if !errors.Is(err, chorus.ErrInvalid) {
			t.Errorf("HTML(%q) error %v, want ErrInvalid", page, err)
		}
	}
}

// TestHTMLGolden pins the text extracted from small pages under
// testdata/html (run with -update-html to rewrite the .txt files).
func TestHTMLGolden(t *testing.T) {
	pages, _ := filepath.Glob(filepath.Join("testdata", "html", "*.html"))
	if len(pages) == 0 {
		t.Skip("no golden pages")
	}
	for _, p := range pages {
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			a, err := HTML(p, data, "")
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(p, ".html") + ".txt"
			if *updateHTML {
				if err := os.WriteFile(golden, []byte(a.Text+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if a.Text+"\n" != string(want) {
				t.Errorf("text differs from %s:\n%s", golden, a.Text)
			}
		})
	}
}

// FuzzHTML: extraction never panics, a script placed before the input
// never reaches Text, and Text is clean paragraphs: trimmed, non-empty,
// separated by exactly one blank line.
func FuzzHTML(f *testing.F) {
	f.Add([]byte(htmlArticle))
	f.Add([]byte(`<p>` + strings.Repeat("Plain words here. ", 30) + `</p>`))
	f.Add([]byte(`<table><tr><td>a</td><td>b</td></tr></table><p>x</p>`))
	f.Add([]byte(`<div><p>One<br>two</p><ul><li>three</li></ul></div>`))
	const mark = "FUZZ-SCRIPT-MARK"
	f.Fuzz(func(t *testing.T, page []byte) {
		data := append([]byte(`<html><head><script>var x = "`+mark+`";</script></head><body>`), page...)
		a, err := HTML("fuzz.html", data, "")
		if err != nil {
			return
		}
		if strings.Contains(a.Text, mark) {
			t.Fatalf("script content leaked: %q", a.Text)
		}
		for _, p := range strings.Split(a.Text, "\n\n") {
			if p == "" || p != strings.TrimSpace(p) || strings.Contains(p, "\n") {
				t.Fatalf("bad paragraph %q in %q", p, a.Text)
			}
		}
	})
}

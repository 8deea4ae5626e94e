// Package web holds the HTML templates and the stylesheet of the Chorus web
// app, embedded in the binary with go:embed.
//
// It only parses and exposes them: choosing data, routing and HTTP live in
// internal/server. Every template is html/template, so all values are
// escaped for their context; no template marks input as safe HTML. The
// pages need no JavaScript.
package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Page names, one per template file besides the layout.
const (
	PageStories = "stories"
	PageStory   = "story"
	PageArticle = "article"
	PageCompare = "compare"
	PageError   = "error"
)

// Static is the file system served under /static/: the stylesheet and
// nothing else. It is embedded, so no request path reaches the disk.
func Static() fs.FS {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed directive guarantees the directory
	}
	return sub
}

// Pages parses the layout with each page template and returns them by page
// name; each executes as "base".
func Pages() (map[string]*template.Template, error) {
	base, err := template.New("base").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	out := map[string]*template.Template{}
	for _, name := range []string{PageStories, PageStory, PageArticle, PageCompare, PageError} {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2 Jan 2006 15:04 UTC")
	},
	"isoDate": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	},
	"span": func(first, last time.Time) string {
		switch {
		case first.IsZero() && last.IsZero():
			return "time unknown"
		case first.IsZero() || last.IsZero() || first.Equal(last):
			t := first
			if t.IsZero() {
				t = last
			}
			return t.UTC().Format("2 Jan 2006 15:04")
		}
		d := last.Sub(first)
		return fmt.Sprintf("%s – %s (%s)", first.UTC().Format("2 Jan 15:04"), last.UTC().Format("2 Jan 2006 15:04"), human(d))
	},
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	},
	"join": strings.Join,
	// entityRows hands the "entities" template the report view (for
	// outlet names) and the entities to list.
	"entityRows": func(r, entities any) map[string]any { return map[string]any{"R": r, "Entities": entities} },
	// Links to pages: ids are path-escaped, so an id cannot add a path,
	// query or fragment.
	"storyHref":      func(id string) string { return "/stories/" + url.PathEscape(id) },
	"articleHref":    func(id string) string { return "/articles/" + url.PathEscape(id) },
	"apiArticleHref": func(id string) string { return "/api/articles/" + url.PathEscape(id) },
	"speaker": func(s string) string {
		if strings.TrimSpace(s) == "" {
			return "Unattributed"
		}
		return s
	},
	// quoted drops the comma or colon a quote ends on: it belongs to the
	// sentence around it.
	"quoted":  func(s string) string { return strings.TrimRight(s, ",;: ") },
	"percent": func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
	"label": func(f float64) string {
		switch {
		case f >= 0.6:
			return "likely"
		case f >= 0.3:
			return "possible"
		case f > 0:
			return "unlikely"
		}
		return "no sign"
	},
	"scoreClass": func(f float64) string {
		switch {
		case f >= 0.6:
			return "bad"
		case f >= 0.3:
			return "warn"
		}
		return "good"
	},
	"fidelity": func(f *float64) string {
		if f == nil {
			return "n/a (no quote shared with other sources)"
		}
		return fmt.Sprintf("%.0f%%", 100**f)
	},
}

func human(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%.0f h", d.Hours())
	}
	return fmt.Sprintf("%.0f days", d.Hours()/24)
}

package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
)

//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate is parsed once. html/template escapes every value by its
// context, so article text cannot inject markup or script.
var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"plural":     plural,
	"percent":    percent,
	"label":      translationLabel,
	"clean":      sanitize,
	"clip":       clip,
	"speaker":    speaker,
	"join":       strings.Join,
	"scoreClass": scoreClass,
	"multiSpelt": multiSpelt,
	"fidelity":   fidelity,
	"changes":    changes,
	"quoted":     quoted,
}).Parse(htmlSource))

// htmlStory is what the template sees for one story.
type htmlStory struct {
	*Story
	v            *view
	TopClaims    []Claim
	KeyQuotes    []Quote
	KeyConflicts []Conflict
	HasSynthesis bool
}

// Name is an article's outlet name.
func (h htmlStory) Name(id string) string { return h.v.name(id) }

// Exact splits a quote's variants into the outlets carrying it verbatim
// and the others.
func (h htmlStory) Exact(q Quote) struct {
	Names  string
	Others []Variant
} {
	n, o := h.v.exactNames(q)
	return struct {
		Names  string
		Others []Variant
	}{n, o}
}

// List names articles, comma-separated.
func (h htmlStory) List(ids []string) string { return h.v.list(ids) }

func scoreClass(f float64) string {
	switch {
	case f >= 0.6:
		return "bad"
	case f >= 0.3:
		return "warn"
	}
	return "good"
}

func multiSpelt(e Entity) bool {
	return len(e.Variants) > 1 || (len(e.Variants) == 1 && e.Variants[0].Text != e.Name)
}

func fidelity(f *float64) string {
	if f == nil {
		return "n/a"
	}
	return percent(*f)
}

// HTML writes the report as one self-contained HTML page: inline CSS, no
// script, no external resource. Everything is escaped by html/template.
func HTML(w io.Writer, r Report, opts Options) error {
	opts = opts.withDefaults()
	data := struct {
		Title   string
		Stories []htmlStory
	}{Title: "Chorus report"}
	for i := range r.Stories {
		s := &r.Stories[i]
		v := newView(s)
		h := htmlStory{Story: s, v: v,
			TopClaims:    v.s.TopClaims(opts.TopClaims),
			KeyQuotes:    v.s.KeyQuotes(opts.TopQuotes),
			KeyConflicts: v.s.KeyConflicts(opts.TopConflicts)}
		h.HasSynthesis = len(h.TopClaims)+len(h.KeyQuotes)+len(h.KeyConflicts) > 0
		data.Stories = append(data.Stories, h)
	}
	if len(r.Stories) == 1 && sanitize(r.Stories[0].Title) != "" {
		data.Title = "Chorus report: " + sanitize(r.Stories[0].Title)
	}
	if err := htmlTemplate.Execute(w, data); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}

package report

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/rivo/uniseg"
)

// Options tune the human-readable renderers. The zero value is usable.
type Options struct {
	// Width is the line width of text output; 0 means 80. Markdown and
	// HTML ignore it.
	Width int
	// Color turns on ANSI colour in text output (set it only when writing
	// to a terminal).
	Color bool
	// TopClaims, TopQuotes and TopConflicts bound the opening synthesis;
	// 0 means 3, 3 and 5.
	TopClaims, TopQuotes, TopConflicts int
}

func (o Options) withDefaults() Options {
	if o.Width <= 0 {
		o.Width = 80
	}
	if o.Width < 40 {
		o.Width = 40
	}
	if o.TopClaims <= 0 {
		o.TopClaims = 3
	}
	if o.TopQuotes <= 0 {
		o.TopQuotes = 3
	}
	if o.TopConflicts <= 0 {
		o.TopConflicts = 5
	}
	return o
}

// view is what the human-readable renderers share about one story: names
// for articles and the selection for the synthesis.
type view struct {
	s     *Story
	names map[string]string
	arts  map[string]*Article
}

func newView(s *Story) *view {
	v := &view{s: s, names: map[string]string{}, arts: map[string]*Article{}}
	count := map[string]int{}
	for _, a := range s.Articles {
		count[strings.TrimSpace(a.Outlet)]++
	}
	for i := range s.Articles {
		a := &s.Articles[i]
		v.arts[a.ID] = a
		name := sanitize(a.Outlet)
		switch {
		case name == "":
			name = sanitize(a.ID)
		case count[strings.TrimSpace(a.Outlet)] > 1:
			name = fmt.Sprintf("%s [%s]", name, sanitize(a.ID))
		}
		v.names[a.ID] = name
	}
	return v
}

// name is the reader-facing name of an article: its outlet, or its id.
func (v *view) name(id string) string {
	if n, ok := v.names[id]; ok {
		return n
	}
	return sanitize(id)
}

// list names the articles, in order, joined by commas.
func (v *view) list(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = v.name(id)
	}
	return strings.Join(out, ", ")
}

// change is one difference of a quote variant from the canonical wording:
// words replaced (Old and New), omitted (New empty) or added (Old empty).
type change struct{ Old, New string }

// changes reads a word diff as a list of replacements, omissions and
// additions.
func changes(diff []DiffOp) []change {
	var out []change
	var cur change
	flush := func() {
		if cur.Old != "" || cur.New != "" {
			out = append(out, cur)
		}
		cur = change{}
	}
	for _, d := range diff {
		t := sanitize(d.Text)
		switch d.Op {
		case "-":
			if cur.New != "" {
				flush()
			}
			cur.Old = strings.TrimSpace(cur.Old + " " + t)
		case "+":
			cur.New = strings.TrimSpace(cur.New + " " + t)
		default:
			flush()
		}
	}
	flush()
	return out
}

// String words a change for a reader.
func (c change) String() string {
	switch {
	case c.Old == "":
		return "adds “" + clip(c.New, 60) + "”"
	case c.New == "":
		return "omits “" + clip(c.Old, 60) + "”"
	}
	return "“" + clip(c.Old, 60) + "” → “" + clip(c.New, 60) + "”"
}

// exactNames lists the articles carrying a quote verbatim, and returns the
// other variants.
func (v *view) exactNames(q Quote) (string, []Variant) {
	var exact []string
	var other []Variant
	for _, va := range q.Variants {
		if va.Kind == "exact" {
			exact = append(exact, va.Article)
		} else {
			other = append(other, va)
		}
	}
	return v.list(exact), other
}

// speaker names who said a quote, or says nobody was found.
func speaker(q Quote) string {
	if s := sanitize(q.Speaker); s != "" {
		return s
	}
	return "unattributed"
}

// plural returns "1 source" or "3 sources".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// percent formats a 0..1 share.
func percent(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) }

// translationLabel words a translation likelihood for readers.
func translationLabel(f float64) string {
	switch {
	case f >= 0.6:
		return "likely"
	case f >= 0.3:
		return "possible"
	case f > 0:
		return "unlikely"
	}
	return "no sign"
}

// sanitize makes hostile text safe and one-line for display: control
// characters (terminal escapes included) and bidirectional overrides are
// dropped, runs of white space become one space.
func sanitize(s string) string {
	if plainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u202a' || r == '\u202b' || r == '\u202c' || r == '\u202d' || r == '\u202e' ||
			r >= '\u2066' && r <= '\u2069' || r == '\ufeff':
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// quoted is a quote's wording for display: a comma or semicolon the
// quote ends on belongs to the sentence around it and is dropped.
func quoted(s string) string {
	return strings.TrimRight(sanitize(s), ",;: ")
}

// plainASCII reports whether s is printable ASCII with single inner
// spaces and no outer ones: sanitize leaves such text unchanged.
func plainASCII(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

// width is the display width of s in terminal cells.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return uniseg.StringWidth(s)
		}
	}
	return len(s)
}

// clip shortens s to at most n runes, marking the cut with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

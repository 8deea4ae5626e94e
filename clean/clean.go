// Package clean strips boilerplate from article text and keeps an audit of
// every removal.
//
// The text of an article is split into lines (a paragraph is one line; blank
// lines separate nothing more than lines do) and goes through a chain of
// small, named filters. A filter may drop a line, recording its name and a
// reason, or reclassify it: a line is body text, a heading or a caption.
// Filters also recover metadata instead of throwing it away: bylines give
// authors, wire credits give the wire services the article relies on, and a
// timestamp line gives the publication time when the article has none.
//
// A Memory, when given, adds corpus-level learning: a line that recurs in
// many articles of the same outlet is that outlet's boilerplate, whatever
// its wording. It learns incrementally as articles are cleaned.
//
// Clean sets Article.CleanText to the body and headings, each on its own
// paragraph, joined by "\n\n"; captions are set aside (listed in Removed
// with filter "caption" and available as Caption blocks from Cleaner.Doc).
// Article.Text is never modified. Cleaning never rewrites a line: every line
// of CleanText is a line of Text, in order, and cleaning CleanText again
// changes nothing.
//
// The package does not extract HTML (ingest does), detect machine
// translation, or judge whether statements are true.
package clean

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chorusnews/chorus"
)

// Kind is what a kept line of an article is.
type Kind uint8

// Kinds of kept lines.
const (
	Body Kind = iota
	Heading
	Caption
)

func (k Kind) String() string {
	switch k {
	case Heading:
		return "heading"
	case Caption:
		return "caption"
	}
	return "body"
}

// Block is one kept line of an article with its kind.
type Block struct {
	Text string `json:"text"`
	Kind Kind   `json:"kind"`
}

// Doc is the cleaned article: kept blocks in order, what was removed, and
// the metadata recovered from the text.
type Doc struct {
	Blocks  []Block
	Removed []chorus.Removal
	// Authors found in bylines; Wires found in credits and datelines.
	Authors []string
	Wires   []string
	// Published is the time a timestamp line gives, or zero.
	Published time.Time
}

// Text returns the body and heading blocks joined by "\n\n".
func (d Doc) Text() string {
	var parts []string
	for _, b := range d.Blocks {
		if b.Kind != Caption {
			parts = append(parts, b.Text)
		}
	}
	return strings.Join(parts, "\n\n")
}

// Captions returns the caption blocks' text.
func (d Doc) Captions() []string {
	var out []string
	for _, b := range d.Blocks {
		if b.Kind == Caption {
			out = append(out, b.Text)
		}
	}
	return out
}

// Cleaner runs the filter chain. It is safe for concurrent use when its
// Memory is.
type Cleaner struct {
	mem Memory
}

// New returns a cleaner. mem may be nil: then no outlet-level learning
// happens.
func New(mem Memory) *Cleaner { return &Cleaner{mem: mem} }

// Clean cleans a in place: it sets CleanText and Removed, adds recovered
// authors and wires, and sets Published when it is zero and the text gives
// a time. Text is left unchanged.
func (c *Cleaner) Clean(ctx context.Context, a *chorus.Article) error {
	d, err := c.Doc(ctx, a)
	if err != nil {
		return err
	}
	d.apply(a)
	return nil
}

// apply sets what cleaning gives an article: CleanText, Removed, the
// recovered authors and wires, and Published when it is zero.
func (d Doc) apply(a *chorus.Article) {
	a.CleanText = d.Text()
	a.Removed = d.Removed
	a.Authors = mergeNames(a.Authors, d.Authors)
	a.Wires = mergeNames(a.Wires, d.Wires)
	if a.Published.IsZero() && !d.Published.IsZero() {
		a.Published = d.Published
	}
}

// Doc runs the filter chain over a's Text and returns the typed result
// without changing a.
func (c *Cleaner) Doc(ctx context.Context, a *chorus.Article) (Doc, error) {
	if err := ctx.Err(); err != nil {
		return Doc{}, fmt.Errorf("clean article %s: %w", a.ID, err)
	}
	s := &state{article: a, lines: splitLines(a.Text)}
	if c.mem != nil && a.Outlet != "" {
		if err := s.recall(ctx, c.mem); err != nil {
			return Doc{}, fmt.Errorf("clean article %s: %w", a.ID, err)
		}
	}
	return s.finish(), nil
}

// finish runs the filter chain over the state's lines and returns the
// result.
func (s *state) finish() Doc {
	for _, f := range chain {
		f.run(s)
	}
	var d Doc
	for _, l := range s.lines {
		switch {
		case l.filter == "":
			d.Blocks = append(d.Blocks, Block{Text: l.text, Kind: l.kind})
		case l.kind == Caption:
			d.Blocks = append(d.Blocks, Block{Text: l.text, Kind: Caption})
			d.Removed = append(d.Removed, chorus.Removal{Text: l.text, Filter: l.filter, Reason: l.reason})
		default:
			d.Removed = append(d.Removed, chorus.Removal{Text: l.text, Filter: l.filter, Reason: l.reason})
		}
	}
	d.Authors, d.Wires, d.Published = s.authors, s.wires, s.published
	return d
}

// Filters names the filters in the order they run.
func Filters() []string {
	names := make([]string, len(chain))
	for i, f := range chain {
		names[i] = f.name
	}
	return names
}

// line is one line of the text under cleaning. A line with a filter name
// has been dropped (or, for captions, set aside) by that filter.
type line struct {
	text   string
	kind   Kind
	filter string
	reason string
	// seen is in how many articles of the outlet the line occurs (Memory).
	seen int
}

func (l *line) kept() bool { return l.filter == "" }

// state is what the filters share while cleaning one article.
type state struct {
	article *chorus.Article
	lines   []line
	// outletArticles is how many articles of the outlet Memory has seen.
	outletArticles int

	authors   []string
	wires     []string
	published time.Time
}

// drop removes line i with the filter's name and a reason, unless an
// earlier filter already did.
func (s *state) drop(i int, filter, reason string) {
	if s.lines[i].kept() {
		s.lines[i].filter, s.lines[i].reason = filter, reason
	}
}

func (s *state) addWire(w string) {
	if w != "" && !slices.Contains(s.wires, w) {
		s.wires = append(s.wires, w)
	}
}

func (s *state) addAuthor(a string) {
	if a != "" && !slices.Contains(s.authors, a) {
		s.authors = append(s.authors, a)
	}
}

// recall records the article's lines in mem and notes, for each, in how
// many articles of the outlet it occurs.
func (s *state) recall(ctx context.Context, mem Memory) error {
	counts, total, err := mem.RecordLines(ctx, s.article.Outlet, memoryKey(s.article), lineHashes(s.lines))
	if err != nil {
		return fmt.Errorf("outlet memory: %w", err)
	}
	s.remember(counts, total)
	return nil
}

// remember notes what the outlet memory returned for the article's lines.
// counts holds a count for each remembered line, in order.
func (s *state) remember(counts []int, total int) {
	k := 0
	for i := range s.lines {
		if k < len(counts) && remembered(s.lines[i].text) {
			s.lines[i].seen = counts[k]
			k++
		}
	}
	s.outletArticles = total
}

// splitLines cuts text into trimmed, non-empty lines.
func splitLines(text string) []line {
	var out []line
	for l := range strings.SplitSeq(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, line{text: l})
		}
	}
	return out
}

// mergeNames appends the names of add missing from have (case-insensitive).
func mergeNames(have, add []string) []string {
	for _, n := range add {
		if !slices.ContainsFunc(have, func(h string) bool { return strings.EqualFold(h, n) }) {
			have = append(have, n)
		}
	}
	return have
}

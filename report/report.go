// Package report renders a consolidated story — what its sources
// corroborate, who said what, where they conflict, what only one source
// reports and how faithful each copy is — as JSON, terminal text, Markdown
// or a self-contained HTML page.
//
// Report, Story and the types below are the documented, stable JSON schema
// of `chorus report --format json` (docs/report-schema.md). Consolidate
// runs package align on a story's articles; FromConsolidation, the one
// function that knows align's types, maps its result into a Story. The
// renderers (JSON, Text, Markdown, HTML) take a Report and never look at
// align.
//
// Every line a renderer prints traces back to the article sentences it came
// from (kept in the JSON as "sentences"). Article text is hostile input:
// HTML output is escaped by html/template, Markdown output escapes markup
// characters and text output strips control characters, so an article
// cannot inject markup or terminal escape sequences.
//
// What it does not do: it does not clean or cluster articles or find
// claims, quotes and conflicts (packages clean, cluster, align), it stores
// nothing, and it gives no
// verdict on which source is right: every side of a conflict is shown.
package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/align"
)

// SchemaVersion is the version of the JSON schema. It changes only when a
// field is removed or changes meaning; added fields keep it.
const SchemaVersion = 1

// Report is the top-level JSON document: one or more stories.
type Report struct {
	SchemaVersion int     `json:"schema_version"`
	Stories       []Story `json:"stories"`
}

// Story is one consolidated story.
type Story struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// IndependentSources counts the story's articles with copies counted once.
	IndependentSources int         `json:"independent_sources"`
	Articles           []Article   `json:"articles"`
	Claims             []Claim     `json:"claims"`
	Quotes             []Quote     `json:"quotes"`
	Entities           []Entity    `json:"entities"`
	Conflicts          []Conflict  `json:"conflicts"`
	Exclusive          []Exclusive `json:"exclusive"`
	// Warnings report consolidation steps that ran degraded.
	Warnings []string `json:"warnings,omitempty"`
}

// Article is one source of the story and its profile.
type Article struct {
	ID     string `json:"id"`
	Outlet string `json:"outlet"`
	Title  string `json:"title"`
	URL    string `json:"url,omitempty"`
	// Published is RFC 3339, omitted when unknown.
	Published *time.Time `json:"published,omitempty"`
	// Independent is false when the article copies another one of the story.
	Independent bool `json:"independent"`
	// CopyOf is the id of the article this one copies, "" when independent.
	CopyOf string `json:"copy_of"`
	// TranslationScore is a 0..1 likelihood that the text is a machine
	// translation; TranslationReasons say why.
	TranslationScore   float64  `json:"translation_score"`
	TranslationReasons []string `json:"translation_reasons"`
	// QuoteFidelity is the share (0..1) of the article's quotes that other
	// sources also carry which it words exactly; null when it has none.
	QuoteFidelity       *float64 `json:"quote_fidelity"`
	QuoteFidelityReason string   `json:"quote_fidelity_reason"`
	// Removed is what cleaning took out of the article, with the reason.
	Removed []Removal `json:"removed"`
	// Sentences is how many sentences of clean text were aligned.
	Sentences int `json:"sentences"`
}

// Removal is one piece of boilerplate cleaning removed.
type Removal struct {
	Text   string `json:"text"`
	Reason string `json:"reason"`
	Filter string `json:"filter,omitempty"`
}

// SentenceRef points at the sentence a line of the report came from.
type SentenceRef struct {
	Article string `json:"article"`
	// Index is the 0-based position of the sentence in the article's clean
	// text, as package align splits it.
	Index int    `json:"index"`
	Text  string `json:"text"`
}

// Claim is a statement several sources make, possibly in other words.
type Claim struct {
	ID string `json:"id"`
	// Text is the canonical wording.
	Text               string        `json:"text"`
	Support            []string      `json:"support"`
	IndependentSources int           `json:"independent_sources"`
	Sentences          []SentenceRef `json:"sentences"`
}

// Quote is one direct quote as the sources carry it.
type Quote struct {
	ID      string `json:"id"`
	Speaker string `json:"speaker"`
	// Text is the canonical wording: the one most sources carry verbatim.
	Text               string    `json:"text"`
	Support            []string  `json:"support"`
	IndependentSources int       `json:"independent_sources"`
	Variants           []Variant `json:"variants"`
}

// Variant is one article's wording of a quote.
type Variant struct {
	Article string `json:"article"`
	Text    string `json:"text"`
	// Kind is "exact", "partial", "paraphrase" or "garbled".
	Kind string `json:"kind"`
	// Diff is the word-level difference from the canonical wording.
	Diff []DiffOp `json:"diff,omitempty"`
	// Speaker is who this article says spoke, when it names someone.
	Speaker string `json:"speaker,omitempty"`
	// Start and End are Unicode code point offsets into the article's clean
	// text.
	Start int `json:"start"`
	End   int `json:"end"`
}

// DiffOp is one step of a word diff: Op "=" (both), "-" (canonical only)
// or "+" (variant only).
type DiffOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Entity is a person, organisation or place and its spellings.
type Entity struct {
	Name string `json:"name"`
	// Kind is "person", "org", "place" or "other".
	Kind     string          `json:"kind"`
	Variants []EntityVariant `json:"variants"`
	// Articles lists every article naming the entity in any spelling.
	Articles []string `json:"articles"`
}

// EntityVariant is one spelling and the articles using it.
type EntityVariant struct {
	Text     string   `json:"text"`
	Articles []string `json:"articles"`
}

// Conflict is a disagreement between sources. No side is judged right.
type Conflict struct {
	ID string `json:"id"`
	// Kind is "number" or "polarity".
	Kind  string `json:"kind"`
	About string `json:"about"`
	Sides []Side `json:"sides"`
}

// Side is one value or polarity of a conflict and who reports it.
type Side struct {
	Text      string        `json:"text"`
	Articles  []string      `json:"articles"`
	Sentences []SentenceRef `json:"sentences"`
}

// Exclusive lists what only one article reports.
type Exclusive struct {
	Article   string        `json:"article"`
	Sentences []SentenceRef `json:"sentences"`
}

// Consolidate aligns a story's articles with package align and builds its
// report. copyOf maps an article id to the id of the article it copies
// (may be nil). Articles are reported in id order.
func Consolidate(ctx context.Context, st chorus.Story, articles []chorus.Article, copyOf map[string]string) (Story, error) {
	arts := slices.Clone(articles)
	slices.SortFunc(arts, func(a, b chorus.Article) int { return cmp.Compare(a.ID, b.ID) })
	c, err := align.Consolidate(ctx, arts, copyOf)
	if err != nil {
		return Story{}, fmt.Errorf("report story %s: %w", st.ID, err)
	}
	return FromConsolidation(st, arts, copyOf, c), nil
}

// FromConsolidation maps align's result into a Story, in the schema's
// stable order. It is the one place that depends on align's types.
func FromConsolidation(st chorus.Story, arts []chorus.Article, copyOf map[string]string, c *align.Consolidation) Story {
	s := Story{ID: st.ID, Title: st.Title, Warnings: c.Warnings}
	profiles := map[string]align.Profile{}
	for _, p := range c.Profiles {
		profiles[p.Article] = p
	}
	for _, a := range arts {
		p, ok := profiles[a.ID]
		ra := Article{
			ID: a.ID, Outlet: a.Outlet, Title: a.Title, URL: a.URL,
			CopyOf:             copyOf[a.ID],
			TranslationReasons: []string{},
			Removed:            []Removal{},
		}
		if ra.CopyOf == a.ID {
			ra.CopyOf = ""
		}
		ra.Independent = ra.CopyOf == ""
		if !a.Published.IsZero() {
			t := a.Published.UTC()
			ra.Published = &t
		}
		if ok {
			ra.TranslationScore = p.TranslationScore
			ra.TranslationReasons = append(ra.TranslationReasons, p.TranslationReasons...)
			if p.QuoteFidelity >= 0 {
				f := p.QuoteFidelity
				ra.QuoteFidelity = &f
			}
			ra.QuoteFidelityReason = p.QuoteFidelityReason
			ra.Sentences = p.Sentences
		}
		for _, r := range a.Removed {
			ra.Removed = append(ra.Removed, Removal{Text: r.Text, Reason: r.Reason, Filter: r.Filter})
		}
		s.Articles = append(s.Articles, ra)
	}
	indep := independence(copyOf)
	s.IndependentSources = indep(articleIDs(arts))
	if st.IndependentSources > 0 {
		s.IndependentSources = st.IndependentSources
	}
	if s.Title == "" || removedText(arts)[strings.TrimSpace(s.Title)] {
		texts := make([]string, len(c.Claims))
		for i, cl := range c.Claims {
			texts[i] = cl.Text
		}
		s.Title = storyTitle(arts, texts)
	}

	refs := func(in []align.SentenceRef) []SentenceRef {
		out := make([]SentenceRef, 0, len(in))
		for _, r := range in {
			out = append(out, SentenceRef{Article: r.Article, Index: r.Index, Text: r.Text})
		}
		return out
	}
	for _, cl := range c.Claims {
		s.Claims = append(s.Claims, Claim{ID: cl.ID, Text: cl.Text, Support: nonNil(cl.Support),
			IndependentSources: cl.IndependentSources, Sentences: refs(cl.Sources)})
	}
	for _, q := range c.Quotes {
		rq := Quote{Speaker: q.Speaker, Text: q.Text, Support: nonNil(q.Support), IndependentSources: indep(q.Support), Variants: []Variant{}}
		for _, v := range q.Variants {
			rv := Variant{Article: v.Article, Text: v.Text, Kind: v.Kind, Speaker: v.Speaker, Start: v.Start, End: v.End}
			for _, d := range v.Diff {
				rv.Diff = append(rv.Diff, DiffOp{Op: d.Op, Text: d.Text})
			}
			rq.Variants = append(rq.Variants, rv)
		}
		s.Quotes = append(s.Quotes, rq)
	}
	for _, e := range c.Entities {
		re := Entity{Name: e.Name, Kind: e.Kind, Variants: []EntityVariant{}}
		seen := map[string]bool{}
		for _, v := range e.Variants {
			re.Variants = append(re.Variants, EntityVariant{Text: v.Text, Articles: nonNil(v.Articles)})
			for _, id := range v.Articles {
				seen[id] = true
			}
		}
		re.Articles = sortedSet(seen)
		s.Entities = append(s.Entities, re)
	}
	for _, cf := range c.Conflicts {
		rc := Conflict{Kind: cf.Kind, About: cf.About, Sides: []Side{}}
		for _, sd := range cf.Sides {
			rc.Sides = append(rc.Sides, Side{Text: sd.Text, Articles: nonNil(sd.Articles), Sentences: refs(sd.Sentences)})
		}
		s.Conflicts = append(s.Conflicts, rc)
	}
	for _, x := range c.Exclusive {
		s.Exclusive = append(s.Exclusive, Exclusive{Article: x.Article, Sentences: refs(x.Sentences)})
	}
	normalize(&s)
	return s
}

// normalize puts a story in the schema's stable order, numbers quotes and
// conflicts, and replaces nil lists with empty ones so JSON shows [].
func normalize(s *Story) {
	if s.Articles == nil {
		s.Articles = []Article{}
	}
	slices.SortStableFunc(s.Articles, func(a, b Article) int { return cmp.Compare(a.ID, b.ID) })
	order := map[string]int{}
	for i, a := range s.Articles {
		order[a.ID] = i
	}
	// Claims: independent support, then support, then align's order.
	slices.SortStableFunc(s.Claims, func(a, b Claim) int {
		return cmp.Or(cmp.Compare(b.IndependentSources, a.IndependentSources), cmp.Compare(len(b.Support), len(a.Support)))
	})
	slices.SortStableFunc(s.Quotes, func(a, b Quote) int {
		return cmp.Or(cmp.Compare(b.IndependentSources, a.IndependentSources), cmp.Compare(len(b.Support), len(a.Support)))
	})
	for i := range s.Quotes {
		s.Quotes[i].ID = fmt.Sprintf("q%d", i+1)
	}
	slices.SortStableFunc(s.Entities, func(a, b Entity) int {
		return cmp.Or(cmp.Compare(len(b.Articles), len(a.Articles)), cmp.Compare(a.Name, b.Name))
	})
	for i := range s.Conflicts {
		s.Conflicts[i].ID = fmt.Sprintf("x%d", i+1)
	}
	slices.SortStableFunc(s.Exclusive, func(a, b Exclusive) int {
		return cmp.Compare(rank(order, a.Article), rank(order, b.Article))
	})
	s.Claims = nonNil(s.Claims)
	s.Quotes = nonNil(s.Quotes)
	s.Entities = nonNil(s.Entities)
	s.Conflicts = nonNil(s.Conflicts)
	s.Exclusive = nonNil(s.Exclusive)
}

func rank(order map[string]int, id string) int {
	if i, ok := order[id]; ok {
		return i
	}
	return len(order)
}

// independence returns a function counting distinct originals among ids.
func independence(copyOf map[string]string) func([]string) int {
	return func(ids []string) int {
		roots := map[string]bool{}
		for _, id := range ids {
			r := id
			for range 10 { // follow short copy chains
				o := copyOf[r]
				if o == "" || o == r {
					break
				}
				r = o
			}
			roots[r] = true
		}
		return len(roots)
	}
}

// removedText is the set of texts cleaning removed from the articles as
// boilerplate (a line removed only because it repeats the headline does not
// count).
func removedText(arts []chorus.Article) map[string]bool {
	out := map[string]bool{}
	for _, a := range arts {
		for _, r := range a.Removed {
			if r.Filter == "title" {
				continue
			}
			out[strings.TrimSpace(r.Text)] = true
		}
	}
	return out
}

// storyTitle picks a title for a story that has none, or whose title
// cleaning removed as boilerplate: the article title sharing the most words
// with the corroborated claims (a headline that is really a promotion or a
// section name shares few), ties to the first in id order. Titles cleaning
// removed as boilerplate are skipped.
func storyTitle(arts []chorus.Article, claims []string) string {
	boiler := removedText(arts)
	vocab := map[string]bool{}
	for _, c := range claims {
		for _, w := range words(c) {
			vocab[w] = true
		}
	}
	best, bestScore := "", -1.0
	for _, a := range arts {
		t := strings.TrimSpace(a.Title)
		if t == "" || boiler[t] {
			continue
		}
		ws := words(t)
		hit := 0
		for _, w := range ws {
			if len(w) > 3 && vocab[w] {
				hit++
			}
		}
		if score := float64(hit) + 0.01*float64(min(len(ws), 12)); score > bestScore {
			best, bestScore = t, score
		}
	}
	return best
}

func articleIDs(arts []chorus.Article) []string {
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = a.ID
	}
	return out
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Package align consolidates one story — the articles several outlets wrote
// about the same event — into statements a reader can check: claims the
// sources share, the entities they name, quotes grouped across copies, number
// and polarity conflicts, details only one source reports, and a profile of
// each article.
//
// Consolidate is the entry point:
//
//	c, err := align.Consolidate(ctx, articles, copyOf)
//
// It reads Article.CleanText when a cleaner has filled it and Article.Text
// otherwise, splits it into paragraphs (blank or single newlines) and the
// paragraphs into sentences with the Punkt segmenter of
// github.com/neurosnap/sentences (English training data; "U.S.", "Gen.",
// "Inc." do not end sentences). Everything it returns carries the sentences
// it came from as (article id, sentence index, text) so a report can trace
// every line back.
//
// How it works, in short:
//   - Claims: sentences of different articles are compared by IDF-weighted
//     cosine over snowball stems cut to six letters ("recognition" meets
//     "recognising"), with numbers normalised to values ("fifth" and "20
//     percent" are one feature) and merged name spellings folded into their
//     entity ("Hugset" counts as "Hegseth"). Pairs at or above the threshold
//     are merged greedily, best first, never putting two sentences of one
//     article into one claim and never joining groups whose mean similarity
//     falls below 3/4 of the threshold. A sentence left alone whose previous
//     sentence is in a claim then joins the claim of the sentence following
//     a partner, at half the threshold (an article's account runs in order).
//     A claim's canonical wording is its most central sentence, preferring
//     articles with lower translation scores. Claims are ordered by
//     independent support (copies, per copyOf, count once).
//   - Entities: runs of capitalised words, keyed by their last word (titles
//     alone are skipped). Keys merge by edit distance in tiers: similarity
//     0.85, or 0.8 for words of five letters or more with shared context
//     words ("Hegset", "Hugset" via "Hegset"); 0.7 only with the same first
//     name or sentences aligned into one claim; 0.5 ("Kiev"/"Kyiv") only with
//     aligned sentences, the same first and last letter and most letters
//     shared. Never merged: names in one sentence together, names each with
//     its own first names ("Paul X"/"Frank Y"), spellings two articles both
//     use, short all-capital acronyms, derivations ("Russia"/"Russian",
//     "Islamic"/"Islamist"). The canonical spelling is the one most articles
//     use; the name is the fullest form used twice, titles stripped. Kind
//     (person, org, place) comes from role words, verbs of saying,
//     organisation head words, "the" and place prepositions around the
//     mentions. No name lists or gazetteers.
//   - Number conflicts: quantities (digits, number words, fractions,
//     percents, "three-year", "26-year-old", years) with their modifier
//     ("more than", "about") and counted noun are linked when they share
//     the noun and their context (or their sentences share a claim), or when
//     their sentences sit at aligned places of their articles with the same
//     modifier; linked values that cannot both hold ("more than 40" vs "more
//     than 50") are a conflict, values that can ("fifth" vs "about 20
//     percent") are agreement.
//   - Polarity conflicts: within a claim, a term both sentences use with the
//     same neighbour that is negated in one ("non-NATO", "not reveal",
//     "declined to reveal") and not in the other, or a pair of antonyms.
//   - Quotes: each article's quotes (package quote by default) split into
//     sentences and grouped across articles by stem overlap with fuzzy stem
//     matching, or by verbatim containment; a quote sentence following
//     grouped ones joins its partners' next quote on weaker evidence. The
//     canonical wording is the one most articles carry verbatim (British and
//     American spellings folded), and each variant is labelled exact,
//     partial, garbled or paraphrase with a word-level diff. Speakers are
//     folded onto entity names, and a group takes its majority speaker.
//   - Exclusive details: sentences of five or more content words in no
//     claim, below similarity 0.2 to every other article's sentences and not
//     carrying a quote others carry.
//   - Profiles: a machine-translation likelihood from garbled name variants
//     (spellings unlike one at least two other articles use), quotes that
//     deviate from the canonical wording, and machine-translation artefacts
//     (spaced hyphens "pro -Russian", a space before punctuation, doubled
//     words); quote fidelity (exact or partial share of quotes others also
//     carry); the number of removals cleaning made. Each score comes with its
//     reasons.
//
// Quote variants locate themselves by code point offsets into the text the
// article was read from (CleanText, else Text); every other item carries its
// sentences as SentenceRef.
//
// What it does not do: it does not clean text (package clean), decide which
// articles form a story (package cluster), render reports (package report),
// extract quotes with speakers (package quote) or judge which side of a
// conflict is true.
package align

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/chorusnews/chorus"
)

// SentenceRef points at one sentence of one article.
type SentenceRef struct {
	Article string `json:"article"`
	// Index is the sentence's position in the article (0-based) as split by
	// this package.
	Index int    `json:"index"`
	Text  string `json:"text"`
}

// Claim is a statement several sentences make, possibly in other words.
type Claim struct {
	ID string `json:"id"`
	// Text is the canonical wording: the sentence most similar to the rest of
	// the claim, preferring articles less likely to be machine-translated.
	Text    string        `json:"text"`
	Support []string      `json:"support"`
	Sources []SentenceRef `json:"sentences"`
	// IndependentSources counts supporting articles with copies counted once.
	IndependentSources int `json:"independent_sources"`
}

// EntityVariant is one spelling of an entity and the articles using it.
type EntityVariant struct {
	Text     string   `json:"text"`
	Articles []string `json:"articles"`
}

// Entity is a person, organisation or place named in the story.
type Entity struct {
	// Name is the canonical form: the most used full name whose last word has
	// the majority spelling.
	Name string `json:"name"`
	// Kind is "person", "org", "place" or "other".
	Kind     string          `json:"kind"`
	Variants []EntityVariant `json:"variants"`
	// Mentions are the sentences naming the entity.
	Mentions []SentenceRef `json:"mentions"`
}

// ConflictSide is one of the values or polarities a conflict opposes.
type ConflictSide struct {
	Text      string        `json:"text"`
	Articles  []string      `json:"articles"`
	Sentences []SentenceRef `json:"sentences"`
}

// Conflict is a disagreement between sources; no side is judged right.
type Conflict struct {
	// Kind is "number" or "polarity".
	Kind  string         `json:"kind"`
	About string         `json:"about"`
	Sides []ConflictSide `json:"sides"`
}

// Exclusive lists what only one article reports.
type Exclusive struct {
	Article   string        `json:"article"`
	Sentences []SentenceRef `json:"sentences"`
}

// Profile describes how faithful one article's copy is.
type Profile struct {
	Article string `json:"article"`
	// CopyOf is the article this one copies, when the caller said so.
	CopyOf string `json:"copy_of,omitempty"`
	// TranslationScore is a 0..1 likelihood the text is machine-translated.
	TranslationScore   float64  `json:"translation_score"`
	TranslationReasons []string `json:"translation_reasons"`
	// QuoteFidelity is the share of the article's quotes that other articles
	// also carry whose wording is exact; -1 when it has no such quote.
	QuoteFidelity       float64 `json:"quote_fidelity"`
	QuoteFidelityReason string  `json:"quote_fidelity_reason"`
	Removed             int     `json:"removed"`
	Sentences           int     `json:"sentences"`
}

// Consolidation is what Consolidate finds in a story.
type Consolidation struct {
	// Claims are ordered by independent support, then support, then first
	// appearance.
	Claims    []Claim      `json:"claims"`
	Entities  []Entity     `json:"entities"`
	Quotes    []QuoteGroup `json:"quotes"`
	Conflicts []Conflict   `json:"conflicts"`
	Exclusive []Exclusive  `json:"exclusive"`
	Profiles  []Profile    `json:"profiles"`
	// Warnings report degraded steps (a quote extractor that failed).
	Warnings []string `json:"warnings,omitempty"`
}

// Options tune Consolidate. The zero value is usable.
type Options struct {
	// Quotes extracts direct quotes from a text. Nil uses ExtractQuotes
	// (package quote); PlainQuotes is a speaker-less alternative.
	Quotes QuoteFunc
	// ClaimThreshold is the similarity two sentences need to join one claim;
	// 0 means DefaultClaimThreshold.
	ClaimThreshold float64
}

// DefaultClaimThreshold is the sentence similarity (IDF-weighted cosine over
// stems) above which two sentences of different articles form one claim.
// Chosen on the bundled example; see docs/benchmarks.md.
const DefaultClaimThreshold = 0.38

// Consolidate aligns the articles of one story. copyOf maps an article id to
// the id of the article it copies (absent or empty when independent); it may
// be nil.
func Consolidate(ctx context.Context, story []chorus.Article, copyOf map[string]string) (*Consolidation, error) {
	return ConsolidateWith(ctx, story, copyOf, Options{})
}

// ConsolidateWith is Consolidate with options.
func ConsolidateWith(ctx context.Context, story []chorus.Article, copyOf map[string]string, opts Options) (*Consolidation, error) {
	if opts.ClaimThreshold <= 0 {
		opts.ClaimThreshold = DefaultClaimThreshold
	}
	if opts.Quotes == nil {
		opts.Quotes = ExtractQuotes
	}
	seen := make(map[string]bool, len(story))
	for _, a := range story {
		if seen[a.ID] {
			return nil, fmt.Errorf("consolidate: duplicate article id %q", a.ID)
		}
		seen[a.ID] = true
	}
	d, err := newDoc(ctx, story, copyOf)
	if err != nil {
		return nil, fmt.Errorf("consolidate: %w", err)
	}
	d.findEntities()
	d.foldNameTokens()
	d.buildVectors()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("consolidate: %w", err)
	}
	d.alignClaims(opts.ClaimThreshold)
	d.mergeEntitiesByClaims()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("consolidate: %w", err)
	}
	c := &Consolidation{}
	c.Entities = d.entities()
	names := map[string]string{}
	for _, e := range c.Entities {
		for _, v := range e.Variants {
			names[strings.ToLower(v.Text)] = e.Name
		}
	}
	c.Quotes = d.groupQuotes(opts.Quotes, names)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("consolidate: %w", err)
	}
	c.Profiles = d.profiles(c.Quotes)
	c.Claims = d.claims(c.Profiles)
	c.Conflicts = append(d.numberConflicts(), d.polarityConflicts()...)
	c.Exclusive = d.exclusive()
	c.Warnings = d.warnings
	return c, nil
}

// independent counts the distinct originals among article ids.
func (d *doc) independent(ids []string) int {
	roots := map[string]bool{}
	for _, id := range ids {
		r := id
		for i := 0; i < 10; i++ { // follow short copy chains
			o := d.copyOf[r]
			if o == "" || o == r {
				break
			}
			r = o
		}
		roots[r] = true
	}
	return len(roots)
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

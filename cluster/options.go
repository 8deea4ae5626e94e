package cluster

import (
	"math"
	"time"
)

// Options tunes the clustering. DefaultOptions holds the values measured
// best on the ECB+ development topics.
type Options struct {
	// CopyThreshold is the estimated Jaccard similarity of word shingles
	// from which two articles are copies of each other.
	CopyThreshold float64
	// StoryThreshold is the average cosine similarity between two groups
	// of articles from which they are merged into one story.
	StoryThreshold float64
	// EdgeThreshold is the smallest similarity kept in the article graph;
	// weaker pairs count as 0 in the averages.
	EdgeThreshold float64
	// Neighbours caps how many most similar articles each article keeps.
	Neighbours int
	// MaxPostings bounds how many postings of one term are read when
	// retrieving candidates: the most recent ones (0: no limit).
	MaxPostings int
	// MaxTerms keeps only an article's heaviest terms (by tf-idf) in its
	// vector (0: all). It bounds memory and time on long articles.
	MaxTerms int
	// QueryTerms is how many of an article's heaviest terms retrieve its
	// candidates (0: all).
	QueryTerms int
	// EnoughCandidates stops reading long postings lists (over a quarter
	// of MaxPostings) once a query has found this many times as many
	// candidates as it compares in full (0: read every list).
	EnoughCandidates int
	// IndexTerms is how many of an article's heaviest terms list it in
	// their postings, so that it can be retrieved (0: all). Fewer save
	// memory: an article is found through the rare names and words it
	// shares with its story, not through its common words.
	IndexTerms int
	// TitleWeight counts each title word this many times.
	TitleWeight float32
	// EntityWeight and NumberWeight scale capitalised-phrase and number
	// features against word stems (weight 1) in the story similarity.
	// (Names weigh more, whatever EntityWeight says, where they decide:
	// when candidates are retrieved, see queryEntityWeight, and when a
	// story is refined, see refineEntityWeight.)
	EntityWeight, NumberWeight float32
	// TimeWindow: articles published further apart than this (when both
	// have dates) lose similarity, halving every further TimeWindow.
	TimeWindow time.Duration
	// SplitRatio refines each story: a story whose two halves, weighted by
	// what its members do not all share, are less alike than SplitRatio
	// times their inner similarity is cut in two (0: never).
	SplitRatio float64
	// YearSplitRatio replaces SplitRatio when one half has a year most of
	// its members mention and the other half never mentions (0: not used).
	YearSplitRatio float64
	// CoreOverlap keeps a story whole, whatever SplitRatio says, when the
	// names found in most articles of each half overlap at least this much
	// (Jaccard; 0: not used).
	CoreOverlap float64
	// States makes Add return each new article's state (EncodeState) in
	// Result.States, for a store to keep.
	States bool
	// Workers bounds the goroutines used; 0 means GOMAXPROCS.
	Workers int
	// EntitySplitRatio keeps a cut when each half has a name most of its
	// members mention and the other half never does (too many for
	// chance) and the halves are less alike than this times their inner
	// similarity (0: not used).
	EntitySplitRatio float64
	// StrongYearRatio keeps a cut, whatever CoreOverlap says, when one
	// half has a year at least half of its members mention and the other
	// half never mentions, too many members for chance (under 1 in 1,000),
	// and the halves are less alike than StrongYearRatio times their inner
	// similarity: the same people at another time. It also lets refine
	// try a second cut, the principal one, which only a year can keep
	// (0: neither).
	StrongYearRatio float64
}

// DefaultOptions returns the tuned defaults.
func DefaultOptions() Options {
	return Options{
		CopyThreshold:    0.7,
		StoryThreshold:   0.12,
		EdgeThreshold:    0.08,
		Neighbours:       48,
		MaxPostings:      1024,
		QueryTerms:       16,
		IndexTerms:       64,
		EnoughCandidates: 4,
		MaxTerms:         256,
		TitleWeight:      2,
		EntityWeight:     1,
		NumberWeight:     1,
		TimeWindow:       3 * 24 * time.Hour,
		SplitRatio:       0.2,
		YearSplitRatio:   0.4,
		CoreOverlap:      0.3,

		EntitySplitRatio: 0.4,
		StrongYearRatio:  0.55,
	}
}

func (o Options) kindWeight(kind byte) float32 {
	switch kind {
	case kindEntity:
		return o.EntityWeight
	case kindNumber:
		return o.NumberWeight
	}
	return 1
}

// timeFactor is 1 for articles published within TimeWindow of each other
// (or without dates) and halves for every further TimeWindow.
func (o Options) timeFactor(a, b time.Time) float64 {
	if o.TimeWindow <= 0 || a.IsZero() || b.IsZero() {
		return 1
	}
	dt := a.Sub(b)
	if dt < 0 {
		dt = -dt
	}
	if dt <= o.TimeWindow {
		return 1
	}
	return math.Exp2(-float64(dt-o.TimeWindow) / float64(o.TimeWindow))
}

// zeroUnix is the Unix time of the zero time.Time.
var zeroUnix = time.Time{}.Unix()

// timeFactorUnix is timeFactor(time.Unix(aSec, aNsec), time.Unix(bSec,
// bNsec)) for nanoseconds in [0, 1e9), aZero telling whether a is the
// zero time, without building Times: the comparisons of a query call it
// for every candidate. Time.Sub is the difference of seconds times 10⁹
// plus that of nanoseconds, as here, unless it saturates (times over 292
// years apart), which is left to timeFactor.
func (o Options) timeFactorUnix(aZero bool, aSec int64, aNsec int32, bSec int64, bNsec int32) float64 {
	if o.TimeWindow <= 0 || aZero || bSec == zeroUnix && bNsec == 0 {
		return 1
	}
	ds := aSec - bSec
	if ds > 1<<33 || ds < -1<<33 {
		return o.timeFactor(time.Unix(aSec, int64(aNsec)), time.Unix(bSec, int64(bNsec)))
	}
	dt := time.Duration(ds)*time.Second + time.Duration(aNsec-bNsec)
	if dt < 0 {
		dt = -dt
	}
	if dt <= o.TimeWindow {
		return 1
	}
	return math.Exp2(-float64(dt-o.TimeWindow) / float64(o.TimeWindow))
}

package clean

import (
	"context"
	"strings"
	"sync"
	"unicode"

	"github.com/cespare/xxhash/v2"
)

// Memory remembers, per outlet, which lines occur in which articles, so
// that lines an outlet repeats in many articles (footers, promos) can be
// recognised whatever their wording.
type Memory interface {
	// RecordLines notes that the article with key belongs to outlet and holds
	// the lines with the given hashes (see LineHash). Recording the same
	// article again replaces nothing and counts it once. It returns, for
	// each hash, in how many distinct articles of the outlet the line
	// occurs (this one included), and how many articles of the outlet have
	// been recorded.
	RecordLines(ctx context.Context, outlet, key string, lines []uint64) (counts []int, articles int, err error)
}

// LineHash is the hash a Memory keys lines by: the line lowercased, with
// runs of non-letters and non-digits folded to one space, so that
// punctuation and spacing variants of a footer count as the same line.
func LineHash(s string) uint64 {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return xxhash.Sum64String(strings.TrimSpace(b.String()))
}

// MemoryMap is an in-memory Memory, safe for concurrent use.
type MemoryMap struct {
	mu      sync.Mutex
	outlets map[string]*outletMemory
}

type outletMemory struct {
	articles map[string]bool
	lines    map[uint64]map[string]bool
}

// NewMemory returns an empty in-memory Memory.
func NewMemory() *MemoryMap { return &MemoryMap{outlets: map[string]*outletMemory{}} }

// RecordLines implements Memory.
func (m *MemoryMap) RecordLines(_ context.Context, outlet, key string, lines []uint64) ([]int, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	o := m.outlets[outlet]
	if o == nil {
		o = &outletMemory{articles: map[string]bool{}, lines: map[uint64]map[string]bool{}}
		m.outlets[outlet] = o
	}
	o.articles[key] = true
	counts := make([]int, len(lines))
	for i, h := range lines {
		set := o.lines[h]
		if set == nil {
			set = map[string]bool{}
			o.lines[h] = set
		}
		set[key] = true
		counts[i] = len(set)
	}
	return counts, len(o.articles), nil
}

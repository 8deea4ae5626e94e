package clean

import (
	"context"
	"sync"
	"unicode"
	"unicode/utf8"

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
// (No space leads or trails: it is the xxhash of the trimmed form.) The
// form is built in a stack buffer and hashed as it fills, without
// allocating.
func LineHash(s string) uint64 {
	var (
		buf     [256]byte
		n       int
		d       xxhash.Digest
		flushed bool
		// gap: a separator follows the last letter or digit written.
		gap, started bool
	)
	for i := 0; i < len(s); {
		c, r, size := hashByte[s[i]], rune(0), 1
		if c == utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				r = unicode.ToLower(r)
			} else {
				c = 0
			}
		}
		i += size
		if c == 0 {
			gap = started
			continue
		}
		if n+1+utf8.UTFMax > len(buf) {
			if !flushed {
				d.Reset()
				flushed = true
			}
			d.Write(buf[:n])
			n = 0
		}
		if gap {
			buf[n] = ' '
			n++
			gap = false
		}
		if c == utf8.RuneSelf {
			n += utf8.EncodeRune(buf[n:], r)
		} else {
			buf[n] = c
			n++
		}
		started = true
	}
	if !flushed {
		return xxhash.Sum64(buf[:n])
	}
	d.Write(buf[:n])
	return d.Sum64()
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

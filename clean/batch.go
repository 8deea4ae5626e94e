package clean

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"sync"

	"github.com/chorusnews/chorus"
)

// LineRecord is one article's lines, as Memory.RecordLines takes them.
type LineRecord struct {
	Outlet, Key string
	Lines       []uint64
}

// LineCounts is what Memory.RecordLines returns for one article.
type LineCounts struct {
	Counts   []int
	Articles int
}

// BatchMemory is a Memory that records many articles in one call. The
// result must equal calling RecordLines for each record in order; a store
// does it in one transaction instead of one per article.
type BatchMemory interface {
	Memory
	RecordBatch(ctx context.Context, recs []LineRecord) ([]LineCounts, error)
}

// RecordBatch implements BatchMemory.
func (m *MemoryMap) RecordBatch(ctx context.Context, recs []LineRecord) ([]LineCounts, error) {
	out := make([]LineCounts, len(recs))
	for i, r := range recs {
		counts, n, err := m.RecordLines(ctx, r.Outlet, r.Key, r.Lines)
		if err != nil {
			return nil, err
		}
		out[i] = LineCounts{Counts: counts, Articles: n}
	}
	return out, nil
}

// CleanBatch cleans every article of arts in place, as Clean does, with
// the same result as cleaning them one by one in order: the outlet memory
// records them in order (in one call when it is a BatchMemory), and the
// filters, which depend on nothing but the article and its recalled
// counts, run on all cores.
func (c *Cleaner) CleanBatch(ctx context.Context, arts []chorus.Article) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("clean batch: %w", err)
	}
	states := make([]state, len(arts))
	var recs []LineRecord
	var recOf []int // index of the article each record belongs to
	forEach(len(arts), func(i int) {
		states[i] = state{article: &arts[i], lines: splitLines(arts[i].Text)}
	})
	if c.mem != nil {
		for i := range arts {
			if arts[i].Outlet == "" {
				continue
			}
			recs = append(recs, LineRecord{Outlet: arts[i].Outlet, Key: memoryKey(&arts[i])})
			recOf = append(recOf, i)
		}
		forEach(len(recs), func(k int) {
			recs[k].Lines = lineHashes(states[recOf[k]].lines)
		})
		counts, err := c.recordAll(ctx, recs)
		if err != nil {
			return fmt.Errorf("clean batch: outlet memory: %w", err)
		}
		for k, lc := range counts {
			states[recOf[k]].remember(lc.Counts, lc.Articles)
		}
	}
	forEach(len(arts), func(i int) {
		states[i].finish().apply(&arts[i])
	})
	return nil
}

// recordAll records recs in order, in one call when the memory allows it.
func (c *Cleaner) recordAll(ctx context.Context, recs []LineRecord) ([]LineCounts, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	if bm, ok := c.mem.(BatchMemory); ok {
		out, err := bm.RecordBatch(ctx, recs)
		if err == nil && len(out) != len(recs) {
			err = fmt.Errorf("memory returned %d results for %d articles", len(out), len(recs))
		}
		return out, err
	}
	out := make([]LineCounts, len(recs))
	for k, r := range recs {
		counts, n, err := c.mem.RecordLines(ctx, r.Outlet, r.Key, r.Lines)
		if err != nil {
			return nil, err
		}
		out[k] = LineCounts{Counts: counts, Articles: n}
	}
	return out, nil
}

// memoryKey is the key an article is recorded under in the outlet memory:
// its id, or a hash of its text when it has none.
func memoryKey(a *chorus.Article) string {
	if a.ID != "" {
		return a.ID
	}
	h := sha256.Sum256([]byte(a.Text))
	return hex.EncodeToString(h[:8])
}

// lineHashes returns LineHash of each line the outlet memory keeps (see
// remembered), in order.
func lineHashes(lines []line) []uint64 {
	hashes := make([]uint64, 0, len(lines))
	for _, l := range lines {
		if remembered(l.text) {
			hashes = append(hashes, LineHash(l.text))
		}
	}
	return hashes
}

// remembered reports whether the outlet memory keeps a line: only a line
// filterOutlet could drop, one of at most outletMaxWords words. Longer
// lines are never an outlet's boilerplate, so counting them would only
// grow the memory (4% of ECB+ lines, 7% of the generated corpus's; the
// memory of 20,000 generated articles holds 10% fewer rows).
func remembered(text string) bool { return wordsUpTo(text, outletMaxWords) <= outletMaxWords }

// forEach calls f(0..n-1) on all cores; f must touch only its own index.
func forEach(n int, f func(int)) {
	workers := min(runtime.GOMAXPROCS(0), n/8+1)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	const step = 8
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				lo := next
				next += step
				mu.Unlock()
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+step, n); i++ {
					f(i)
				}
			}
		})
	}
	wg.Wait()
}

package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/clean"
)

var _ clean.Memory = (*Store)(nil)

func TestRecordLines(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	footer, a, b := clean.LineHash("Subscribe to our podcast"), clean.LineHash("one"), clean.LineHash("two")
	huge := ^uint64(0) // the top bit set must survive the signed column
	tests := []struct {
		outlet, key string
		lines       []uint64
		counts      []int
		total       int
	}{
		{"x.com", "1", []uint64{a, footer, huge}, []int{1, 1, 1}, 1},
		{"x.com", "2", []uint64{b, footer}, []int{1, 2}, 2},
		{"x.com", "2", []uint64{b, footer}, []int{1, 2}, 2}, // again: counted once
		{"y.org", "1", []uint64{footer}, []int{1}, 1},       // other outlet
		{"x.com", "3", []uint64{footer, huge, footer}, []int{3, 2, 3}, 3},
	}
	for i, tt := range tests {
		counts, total, err := st.RecordLines(ctx, tt.outlet, tt.key, tt.lines)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(counts, tt.counts) || total != tt.total {
			t.Errorf("step %d: counts %v total %d, want %v %d", i, counts, total, tt.counts, tt.total)
		}
	}
	lines, total, err := st.OutletBoilerplate(ctx, "x.com", 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []BoilerplateLine{{footer, 3}, {huge, 2}}
	if total != 3 || !slices.Equal(lines, want) {
		t.Errorf("OutletBoilerplate = %v, %d; want %v, 3", lines, total, want)
	}
}

// TestBoilerplateMemorySurvivesReopen: the cleaner learns an outlet's footer
// across articles through the store, and the memory outlives the process.
func TestBoilerplateMemorySurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	article := func(i int) chorus.Article {
		return chorus.Article{ID: fmt.Sprint(i), Outlet: "example.com", Text: strings.Join([]string{
			fmt.Sprintf("Story number %d begins with a sentence of its own about topic %d.", i, i),
			fmt.Sprintf("It goes on with a second sentence, also unique to story %d.", i),
			"Our journalism is made possible by readers like you",
		}, "\n\n")}
	}
	var removed []string
	for i := range 4 {
		st, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		a := article(i)
		if err := clean.New(st).Clean(ctx, &a); err != nil {
			t.Fatal(err)
		}
		st.Close()
		removed = removed[:0]
		for _, r := range a.Removed {
			removed = append(removed, r.Filter)
		}
		if i < 2 && len(removed) != 0 {
			t.Errorf("article %d: removed %v before the line recurred", i, a.Removed)
		}
		if i >= 2 && !slices.Equal(removed, []string{"outlet-boilerplate"}) {
			t.Errorf("article %d: removed %v, want the recurring footer", i, a.Removed)
		}
	}
}

var _ clean.BatchMemory = (*Store)(nil)

// RecordBatch gives each article what RecordLines, called one article at
// a time in the same order, gives it: over several outlets, repeated
// articles, lines repeated within an article, and hashes with the top bit
// set, in batches of every size.
func TestRecordBatchEqualsOneByOne(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	pool := make([]uint64, 40)
	for i := range pool {
		pool[i] = rng.Uint64()
	}
	var recs []clean.LineRecord
	for range 300 {
		lines := make([]uint64, rng.IntN(12))
		for j := range lines {
			lines[j] = pool[rng.IntN(len(pool))]
		}
		recs = append(recs, clean.LineRecord{
			Outlet: fmt.Sprintf("outlet%d", rng.IntN(3)),
			Key:    fmt.Sprint(rng.IntN(200)), // some keys recur
			Lines:  lines,
		})
	}
	one := open(t)
	var want []clean.LineCounts
	for _, r := range recs {
		counts, total, err := one.RecordLines(ctx, r.Outlet, r.Key, r.Lines)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, clean.LineCounts{Counts: counts, Articles: total})
	}
	for _, size := range []int{1, 7, 64, len(recs)} {
		st := open(t)
		for lo := 0; lo < len(recs); lo += size {
			got, err := st.RecordBatch(ctx, recs[lo:min(lo+size, len(recs))])
			if err != nil {
				t.Fatal(err)
			}
			for k, g := range got {
				w := want[lo+k]
				if g.Articles != w.Articles || !slices.Equal(g.Counts, w.Counts) {
					t.Fatalf("batch size %d, record %d: got %v, want %v", size, lo+k, g, w)
				}
			}
		}
	}
}

package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/chorusnews/chorus/clean"
)

// memoryRecords is a sequence of line records over three outlets, with
// keys that recur, lines repeated within a record, and hashes with the
// top bit set.
func memoryRecords(n int) []clean.LineRecord {
	rng := rand.New(rand.NewPCG(3, 4))
	pool := make([]uint64, 40)
	for i := range pool {
		pool[i] = rng.Uint64()
	}
	var recs []clean.LineRecord
	for range n {
		lines := make([]uint64, rng.IntN(12))
		for j := range lines {
			lines[j] = pool[rng.IntN(len(pool))]
		}
		recs = append(recs, clean.LineRecord{
			Outlet: fmt.Sprintf("outlet%d", rng.IntN(3)),
			Key:    fmt.Sprint(rng.IntN(200)),
			Lines:  lines,
		})
	}
	return recs
}

// memoryTables is the whole stored memory of the outlets, as text.
func memoryTables(t *testing.T, st *Store) string {
	t.Helper()
	var out string
	for o := range 3 {
		lines, total, err := st.OutletBoilerplate(context.Background(), fmt.Sprintf("outlet%d", o), 1)
		if err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("outlet%d %d %v\n", o, total, lines)
	}
	keys, err := st.queryStrings(context.Background(), "seen", `SELECT outlet || ' ' || article FROM boilerplate_seen ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	return out + fmt.Sprint(keys)
}

// A MemoryBuffer answers every record as the store does, whatever its
// flush period and the batch sizes, and once flushed the store holds
// what recording straight into it holds.
func TestMemoryBufferEqualsStore(t *testing.T) {
	ctx := context.Background()
	recs := memoryRecords(300)
	one := open(t)
	want, err := one.RecordBatch(ctx, recs)
	if err != nil {
		t.Fatal(err)
	}
	wantTables := memoryTables(t, one)
	for _, every := range []int{1, 5, 50, 1000} {
		for _, size := range []int{1, 7, 64} {
			t.Run(fmt.Sprintf("every %d, batches of %d", every, size), func(t *testing.T) {
				st := open(t)
				buf := st.MemoryBuffer(every)
				for lo := 0; lo < len(recs); lo += size {
					got, err := buf.RecordBatch(ctx, recs[lo:min(lo+size, len(recs))])
					if err != nil {
						t.Fatal(err)
					}
					for k, g := range got {
						w := want[lo+k]
						if g.Articles != w.Articles || !slices.Equal(g.Counts, w.Counts) {
							t.Fatalf("record %d: got %v, want %v", lo+k, g, w)
						}
					}
				}
				if err := buf.Flush(ctx); err != nil {
					t.Fatal(err)
				}
				if got := memoryTables(t, st); got != wantTables {
					t.Errorf("stored memory after flush:\n%s\nwant:\n%s", got, wantTables)
				}
			})
		}
	}
}

// What a buffer holds reaches the store only when flushed: a process
// that dies first leaves the memory as it was at the last flush, and the
// articles it held are counted when next recorded.
func TestMemoryBufferHoldsUntilFlush(t *testing.T) {
	ctx := context.Background()
	recs := memoryRecords(100)
	st := open(t)
	buf := st.MemoryBuffer(60)
	if _, err := buf.RecordBatch(ctx, recs[:50]); err != nil {
		t.Fatal(err)
	}
	empty := memoryTables(t, open(t))
	if got := memoryTables(t, st); got != empty {
		t.Fatalf("memory written before the flush period:\n%s", got)
	}
	if _, err := buf.RecordBatch(ctx, recs[50:70]); err != nil { // 70 >= 60: flushed
		t.Fatal(err)
	}
	ref := open(t)
	if _, err := ref.RecordBatch(ctx, recs[:70]); err != nil {
		t.Fatal(err)
	}
	if got, want := memoryTables(t, st), memoryTables(t, ref); got != want {
		t.Fatalf("memory after the flush period:\n%s\nwant:\n%s", got, want)
	}
	// the buffer is dropped holding recs[70:90]; a new one starts from
	// the stored memory and counts them again
	if _, err := buf.RecordBatch(ctx, recs[70:90]); err != nil {
		t.Fatal(err)
	}
	again := st.MemoryBuffer(60)
	got, err := again.RecordBatch(ctx, recs[70:])
	if err != nil {
		t.Fatal(err)
	}
	want, err := ref.RecordBatch(ctx, recs[70:])
	if err != nil {
		t.Fatal(err)
	}
	for k := range got {
		if got[k].Articles != want[k].Articles || !slices.Equal(got[k].Counts, want[k].Counts) {
			t.Fatalf("record %d after a lost buffer: got %v, want %v", 70+k, got[k], want[k])
		}
	}
}

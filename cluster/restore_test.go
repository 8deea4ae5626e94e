package cluster

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/sqlite"
)

// restoreCorpus is the ECB+ dev articles plus near-copies of a third of
// them and long articles (over the MaxTerms cap) joined from several, in
// a fixed random order, so that restores meet copies, capped vectors and
// terms first seen in a later chunk.
func restoreCorpus(t testing.TB) []chorus.Article {
	base := loadECB(t)
	rng := rand.New(rand.NewPCG(3, 11))
	arts := slices.Clone(base)
	for k, a := range base {
		if rng.IntN(3) == 0 && len(strings.Fields(a.Text)) > 20 {
			arts = append(arts, chorus.Article{ID: fmt.Sprintf("copy%04d", k), Title: a.Title, Text: makeCopy(rng, a.Text),
				Published: a.Published, Wires: a.Wires})
		}
	}
	for k := range 40 {
		var b strings.Builder
		for range 4 + rng.IntN(4) {
			b.WriteString(base[rng.IntN(len(base))].Text + "\n")
		}
		arts = append(arts, chorus.Article{ID: fmt.Sprintf("long%02d", k), Title: "Long", Text: b.String(),
			Published: time.Date(2013, 5, 1+k%20, 0, 0, 0, 0, time.UTC)})
	}
	for k := range arts {
		if k%17 == 0 {
			arts[k].Wires = []string{"Reuters"}
		}
	}
	rng.Shuffle(len(arts), func(i, j int) { arts[i], arts[j] = arts[j], arts[i] })
	return arts
}

// indexDigest hashes everything a Clusterer holds that later Adds read:
// the vocabulary and frequencies, every document and its vector, the
// postings, the LSH chains, copies, wires and stories.
func indexDigest(c *Clusterer) string {
	h := xxhash.New()
	var b []byte
	put := func(v ...any) {
		b = b[:0]
		for _, x := range v {
			switch x := x.(type) {
			case string:
				b = binary.AppendUvarint(b, uint64(len(x)))
				b = append(b, x...)
			case []byte:
				b = binary.AppendUvarint(b, uint64(len(x)))
				b = append(b, x...)
			case int:
				b = binary.AppendVarint(b, int64(x))
			case int32:
				b = binary.AppendVarint(b, int64(x))
			case uint32:
				b = binary.AppendUvarint(b, uint64(x))
			case float32:
				b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
			case bool:
				b = append(b, map[bool]byte{false: 0, true: 1}[x])
			default:
				panic(fmt.Sprintf("digest: %T", x))
			}
		}
		h.Write(b)
	}
	x := c.x
	put(len(x.vocab), len(x.df), x.alive, len(x.docs))
	for t, name := range x.names {
		put(name, x.df[t], int32(x.kinds[t]), x.vocab[name] == uint32(t))
		pl := x.postings[t]
		put(len(pl.docs))
		for k, d := range pl.docs {
			put(d, int32(pl.q[k]))
		}
	}
	for i, d := range x.docs {
		put(x.idOf(d), x.titleOf(d), x.published(int32(i)).String(), x.vecOf(d), d.n, d.length, x.sigOf(int32(i)), d.story, d.alive, lookupIs(x, x.idOf(d), int32(i)), !d.hasNbrs())
		put(len(x.copies[int32(i)]))
		for _, j := range x.copies[int32(i)] {
			put(j)
		}
		put(strings.Join(x.wires[int32(i)], "|"))
	}
	put(int(x.lsh.bits), x.lsh.docs)
	for bd := range x.lsh.next {
		put(len(x.lsh.next[bd]))
		for _, n := range x.lsh.next[bd] {
			put(n)
		}
	}
	for bd := range x.lsh.head {
		for _, v := range x.lsh.head[bd] {
			put(v)
		}
	}
	keys := make([]int32, 0, len(c.stories))
	for k := range c.stories {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		put(k, c.stories[k].id, len(c.stories[k].members))
		for _, m := range c.stories[k].members {
			put(m)
		}
	}
	put(c.nextKey, len(c.ids), len(c.pending))
	for _, p := range c.pending {
		put(p)
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// restoreFixture clusters the first part of the restore corpus and
// returns it with its states (in id order, as a store lists them), the
// story of each article and the rest of the corpus.
func restoreFixture(t testing.TB) (first, rest []chorus.Article, states [][]byte, storyOf map[string]string) {
	arts := restoreCorpus(t)
	cut := len(arts) * 4 / 5
	first, rest = normalise(arts[:cut]), arts[cut:]
	opts := DefaultOptions()
	opts.States = true
	c := New(opts)
	res, err := c.Add(context.Background(), first)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range first {
		states = append(states, res.States[a.ID])
	}
	return first, rest, states, storiesOf(c, first)
}

// TestRestoreStatesFast: RestoreStates builds exactly the index that
// decoding each state into an article and inserting it builds (the way
// states were restored before), whatever the chunks, with duplicate ids,
// damaged states and states replacing restored articles; and the same
// later Add on both gives the same stories.
func TestRestoreStatesFast(t *testing.T) {
	ctx := context.Background()
	first, rest, states, storyOf := restoreFixture(t)
	// an older state of an article comes first in its chunk, and a damaged one
	withDup := append([][]byte{states[5], []byte("junk"), states[5][:40]}, states...)
	for _, chunk := range []int{len(withDup), 97, 250} {
		fast, slow := New(DefaultOptions()), New(DefaultOptions())
		var staleFast, staleSlow []string
		for lo := 0; lo < len(withDup); lo += chunk {
			hi := min(lo+chunk, len(withDup))
			s1, err := fast.RestoreStates(ctx, withDup[lo:hi], storyOf)
			if err != nil {
				t.Fatal(err)
			}
			s2, err := slow.restoreStatesSlow(ctx, withDup[lo:hi], storyOf)
			if err != nil {
				t.Fatal(err)
			}
			staleFast, staleSlow = append(staleFast, s1...), append(staleSlow, s2...)
		}
		// restoring a chunk again replaces its articles
		again := states[len(states)/3 : len(states)/3+60]
		if _, err := fast.RestoreStates(ctx, again, storyOf); err != nil {
			t.Fatal(err)
		}
		if _, err := slow.restoreStatesSlow(ctx, again, storyOf); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(staleFast, staleSlow) || len(staleFast) != 2 {
			t.Errorf("chunk %d: stale %q, want %q (2)", chunk, staleFast, staleSlow)
		}
		if d1, d2 := indexDigest(fast), indexDigest(slow); d1 != d2 {
			t.Fatalf("chunk %d: index restored from states differs from the decoded restore (%s, %s)", chunk, d1, d2)
		}
		if fast.Len() != len(first) {
			t.Errorf("chunk %d: %d restored, want %d", chunk, fast.Len(), len(first))
		}
		r1, err := fast.Add(ctx, rest)
		if err != nil {
			t.Fatal(err)
		}
		r2, err := slow.Add(ctx, rest)
		if err != nil {
			t.Fatal(err)
		}
		j1, _ := jsonMarshal(r1)
		j2, _ := jsonMarshal(r2)
		if !bytes.Equal(j1, j2) || len(r1.Stories) == 0 {
			t.Errorf("chunk %d: stories after restore and add differ (%d and %d changed)", chunk, len(r1.Stories), len(r2.Stories))
		}
		if a, b := storiesOf(fast, rest), storiesOf(slow, rest); !mapsEqual(a, b) {
			t.Errorf("chunk %d: stories of the added articles differ", chunk)
		}
		t.Logf("chunk %d: %d restored, %d added, %d stories changed", chunk, fast.Len()-len(rest), len(rest), len(r1.Stories))
	}
}

// TestRestoreThenAdd: adding articles to a Clusterer restored from the
// states of earlier ones (in chunks, as ingest restores) puts the real
// ECB+ articles in the same stories as adding them to the Clusterer that
// clustered the earlier ones and was never restored, up to what the
// neighbour lists the latter kept change.
func TestRestoreThenAdd(t *testing.T) {
	ctx := context.Background()
	first, rest, states, storyOf := restoreFixture(t)
	live := New(DefaultOptions())
	if _, err := live.Add(ctx, first); err != nil {
		t.Fatal(err)
	}
	restored := New(DefaultOptions())
	for lo := 0; lo < len(states); lo += 200 {
		if stale, err := restored.RestoreStates(ctx, states[lo:min(lo+200, len(states))], storyOf); err != nil || len(stale) > 0 {
			t.Fatalf("restore: %v, stale %v", err, stale)
		}
	}
	if a, b := storiesOf(live, first), storiesOf(restored, first); !mapsEqual(a, b) {
		t.Fatalf("restored stories differ from the clustered ones")
	}
	if _, err := live.Add(ctx, rest); err != nil {
		t.Fatal(err)
	}
	if _, err := restored.Add(ctx, rest); err != nil {
		t.Fatal(err)
	}
	all := append(slices.Clone(first), rest...)
	a, b := storiesOf(live, all), storiesOf(restored, all)
	same := 0
	for id, s := range a {
		if b[id] == s {
			same++
		}
	}
	_, _, f := bcubed(a, b)
	t.Logf("%d of %d articles in the same story id; B-cubed F1 of restored against never restored %.4f", same, len(all), f)
	if f < 0.95 {
		t.Errorf("restored clustering departs from the never-restored one: F1 %.4f", f)
	}
}

// TestPostingTermsSelect: the selection postingTerms makes equals the
// heaviest IndexTerms of a full sort, on every restored document.
func TestPostingTermsSelect(t *testing.T) {
	_, _, states, storyOf := restoreFixture(t)
	c := New(DefaultOptions())
	if _, err := c.RestoreStates(context.Background(), states, storyOf); err != nil {
		t.Fatal(err)
	}
	x := c.x
	sc := postScratch{idfs: x.idfTable(len(x.docs))}
	checked := 0
	for _, d := range x.docs {
		terms, q := x.decodeTerms(d, nil), x.qs(d)
		got := x.postingTerms(terms, q, &sc)
		order := make([]int32, len(terms))
		for k := range order {
			order[k] = int32(k)
		}
		w := func(k int32) float32 { idf := x.computeIDF(terms[k]); return float32(q[k]) * idf * idf }
		slices.SortFunc(order, func(a, b int32) int {
			if wa, wb := w(a), w(b); wa != wb {
				if wa > wb {
					return -1
				}
				return 1
			}
			return int(terms[a]) - int(terms[b])
		})
		want := slices.Clone(order[:min(len(order), max(x.opts.IndexTerms, 0))])
		if x.opts.IndexTerms <= 0 || x.opts.IndexTerms >= len(terms) {
			want = order
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("%s: posting terms %v, want %v", x.idOf(d), got, want)
		}
		if len(terms) > x.opts.IndexTerms {
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no document over IndexTerms")
	}
}

// TestSortPacked: the radix sort of packed terms sorts as slices.Sort.
func TestSortPacked(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	var tmp []uint64
	for _, tidBits := range []int{1, 7, 8, 9, 16, 17, 24, 32} {
		for _, n := range []int{0, 1, 47, 48, 300, 2000} {
			seen := map[uint32]bool{}
			var a []uint64
			for len(a) < n && len(seen) < 1<<min(tidBits, 20) {
				tid := uint32(rng.Uint64() & (1<<tidBits - 1))
				if !seen[tid] {
					seen[tid] = true
					a = append(a, uint64(tid)<<8|uint64(rng.IntN(256)))
				}
			}
			want := slices.Clone(a)
			slices.Sort(want)
			tmp = sortPacked(a, tmp, tidBits)
			if !slices.Equal(a, want) {
				t.Fatalf("%d bits, %d keys: sorted %v, want %v", tidBits, n, a, want)
			}
		}
	}
}

// BenchmarkRestoreStore restores every clustering state of the store at
// $CHORUS_BENCH_DB (built with "chorus ingest") as chorus ingest does,
// 10,000 states at a time in id order, and reports the time per state;
// skipped without it.
func BenchmarkRestoreStore(b *testing.B) {
	path := os.Getenv("CHORUS_BENCH_DB")
	if path == "" {
		b.Skip("set CHORUS_BENCH_DB to a store built by chorus ingest")
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	var states [][]byte
	err = st.ScanClusterStates(ctx, func(_, data []byte) error {
		states = append(states, bytes.Clone(data))
		return nil
	})
	st.Close()
	if err != nil || len(states) == 0 {
		b.Fatalf("%d states: %v", len(states), err)
	}
	for b.Loop() {
		c := New(DefaultOptions())
		for lo := 0; lo < len(states); lo += 10000 {
			if stale, err := c.RestoreStates(ctx, states[lo:min(lo+10000, len(states))], nil); err != nil || len(stale) > 0 {
				b.Fatalf("restore: %v, %d stale", err, len(stale))
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(states)), "µs/state")
}

// TestHeavierFirst: the keys order weights as the comparison of capTerms.
func TestHeavierFirst(t *testing.T) {
	ws := []float32{float32(math.Inf(1)), 3, 1.5, 1, 0.25, float32(math.SmallestNonzeroFloat32), 0, float32(math.Copysign(0, -1)),
		-float32(math.SmallestNonzeroFloat32), -0.5, -1, -7, float32(math.Inf(-1))}
	for _, a := range ws {
		for _, b := range ws {
			ka, kb := heavierFirst(a), heavierFirst(b)
			if (a > b) != (ka < kb) || (a == b) != (ka == kb) {
				t.Errorf("weights %g, %g: keys %x, %x", a, b, ka, kb)
			}
		}
	}
}

// TestLSHAddBatch: chaining a batch leaves the tables and chains that
// adding its documents one at a time (growing the tables as soon as they
// are outnumbered, and chaining every document again) leaves.
func TestLSHAddBatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	var sigs [][]uint8
	sigOf := func(j int32) []uint8 { return sigs[j] }
	var one, batch lshIndex
	for _, n := range []int{1, 0, 7, 1500, 1, 3000, 90, 5000} {
		from := int32(len(sigs))
		for range n {
			var sig []uint8
			if rng.IntN(10) > 0 {
				sig = make([]uint8, SigSize)
				for k := range sig {
					sig[k] = uint8(rng.IntN(4)) // few values: long chains
				}
			}
			sigs = append(sigs, sig)
		}
		for i := from; i < int32(len(sigs)); i++ {
			one.addOne(i, sigs[i], sigOf)
		}
		batch.addBatch(from, int32(len(sigs)), sigOf, 2)
		if !reflect.DeepEqual(one, batch) {
			t.Fatalf("after %d documents: batch chains differ (bits %d, %d)", len(sigs), one.bits, batch.bits)
		}
	}
}

// addOne is how documents were chained one at a time (the reference of
// addBatch).
func (l *lshIndex) addOne(i int32, sig []uint8, sigOf func(int32) []uint8) {
	link := func(i int32, sig []uint8) {
		for b := range l.head {
			next := int32(0)
			if sig != nil {
				k := l.slot(sig, b)
				next = l.head[b][k]
				l.head[b][k] = i + 1
			}
			l.next[b] = append(l.next[b], next)
		}
	}
	l.docs++
	if l.bits == 0 || l.docs > 1<<l.bits {
		l.bits = max(10, l.bits+1)
		for l.docs > 1<<l.bits {
			l.bits++
		}
		for b := range l.head {
			l.head[b] = make([]int32, 1<<l.bits)
		}
		for b := range l.next {
			l.next[b] = l.next[b][:0]
		}
		for j := range i {
			link(j, sigOf(j))
		}
	}
	link(i, sig)
}

// TestIsCopy: isCopy decides as compactJaccard >= threshold, for
// signatures agreeing on any number of bins, in any places.
func TestIsCopy(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, thr := range []float64{-1, 0, 0.01, 0.3, 0.5, 0.7, 0.7012, 0.9, 1, 1.5} {
		need := copyBins(thr)
		for range 3000 {
			a, b := make([]uint8, SigSize), make([]uint8, SigSize)
			for k := range a {
				a[k] = uint8(rng.IntN(256))
				b[k] = a[k] + 1
			}
			same := rng.IntN(SigSize + 1)
			for _, k := range rng.Perm(SigSize)[:same] {
				b[k] = a[k]
			}
			if got, want := isCopy(a, b, need), compactJaccard(a, b) >= thr; got != want {
				t.Fatalf("threshold %g, %d bins agree: isCopy %v, compactJaccard %v", thr, same, got, want)
			}
		}
		if got, want := isCopy(make([]uint8, SigSize), nil, need), compactJaccard(make([]uint8, SigSize), nil) >= thr; got != want {
			t.Errorf("threshold %g, no signature: isCopy %v, want %v", thr, got, want)
		}
	}
}

// lookupIs reports whether the article id leads to document i.
func lookupIs(x *index, id string, i int32) bool {
	j, ok := x.lookup(id)
	return ok && j == i
}

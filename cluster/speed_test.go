package cluster

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/chorusnews/chorus"
)

// TestComponentsLinkLikeWhole: linking each connected component on its
// own (as Add does, in parallel) gives the groups linking the whole
// graph gives.
func TestComponentsLinkLikeWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for round := range 200 {
		n := 2 + rng.IntN(60)
		nodes := make([]int32, n)
		for k := range nodes {
			nodes[k] = int32(3*k + rng.IntN(3)) // sorted, with gaps
		}
		var edges []edge
		for range rng.IntN(3 * n) {
			a, b := nodes[rng.IntN(n)], nodes[rng.IntN(n)]
			if a == b {
				continue
			}
			// a few similarities repeat, so ties are exercised
			edges = append(edges, edge{min(a, b), max(a, b), float32(rng.IntN(20)) / 20})
		}
		edges = dedupeEdges(edges)
		want := averageLinkage(nodes, edges, 0.12)
		cn, ce := components(nodes, edges)
		var got [][]int32
		seen := 0
		for k := range cn {
			seen += len(cn[k])
			for _, e := range ce[k] {
				if !slices.Contains(cn[k], e.a) || !slices.Contains(cn[k], e.b) {
					t.Fatalf("round %d: edge %v outside its component %v", round, e, cn[k])
				}
			}
			got = append(got, averageLinkage(cn[k], ce[k], 0.12)...)
		}
		if seen != n {
			t.Fatalf("round %d: components hold %d nodes, want %d", round, seen, n)
		}
		slices.SortFunc(got, func(x, y []int32) int { return int(x[0]) - int(y[0]) })
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: by component %v, whole %v", round, got, want)
		}
	}
}

// TestExtractorCacheIndependent: an extractor that has cached the words
// of other texts (Clusterer keeps them from batch to batch) gives the
// features a new one gives, in the same order.
func TestExtractorCacheIndependent(t *testing.T) {
	arts := loadSeeds(t)
	warm := newExtractor()
	for pass := range 2 {
		for _, a := range arts {
			got := warm.features(a.Title, a.Text, a.Language, 2)
			want := newExtractor().features(a.Title, a.Text, a.Language, 2)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("pass %d, %s: warm extractor gave other features", pass, a.ID)
			}
		}
		// a text in another language empties the cache
		warm.features("", "Le président a annoncé des mesures.", "fr", 2)
	}
}

// TestTermIDs: an extractor that remembers the ids of stems gives each
// feature the id a lookup in the vocabulary gives, as the vocabulary
// grows (terms are added after each text) and the cache is emptied.
func TestTermIDs(t *testing.T) {
	arts := loadSeeds(t)
	vocab := map[string]uint32{}
	warm := newExtractor()
	for pass := range 3 {
		for _, a := range arts {
			feats := warm.features(a.Title, a.Text, a.Language, 2)
			warm.termIDs(feats, vocab)
			for _, f := range feats {
				want, ok := vocab[f.term]
				if !ok {
					want = unknownTerm
				}
				if f.id != want {
					t.Fatalf("pass %d, %s, %q: id %d, want %d", pass, a.ID, f.term, f.id, want)
				}
			}
			// the index learns half the new terms of each text
			for k, f := range feats {
				if _, ok := vocab[f.term]; !ok && k%2 == pass%2 {
					vocab[f.term] = uint32(len(vocab))
				}
			}
		}
		if pass == 1 {
			warm.features("", "Le président a annoncé des mesures.", "fr", 2)
		}
	}
}

func TestIndexApostrophe(t *testing.T) {
	for _, s := range []string{"", "a", "o'neil", "o’neil", "macron’s", "l'état’s", "’", "\xe2\x80", "\xe2\xe2\x80\x99x", "x\x99’", "no marks"} {
		if got, want := indexApostrophe(s), strings.IndexAny(s, "'’"); got != want {
			t.Errorf("indexApostrophe(%q) = %d, want %d", s, got, want)
		}
	}
}

// wordsForTable returns n distinct lower-case words of 2 to 16 bytes.
func wordsForTable(n int) []string {
	rng := rand.New(rand.NewPCG(3, 5))
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		b := make([]byte, 2+rng.IntN(15))
		for i := range b {
			b[i] = byte('a' + rng.IntN(26))
		}
		if w := string(b); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// TestWordTable: a wordTable holds what a map would, through growth and
// reset.
func TestWordTable(t *testing.T) {
	words := wordsForTable(5000)
	words = append(words, "é", "ça", "naïve", "0123456789abcdef")
	var tab wordTable
	for round := range 2 {
		want := map[string]int32{}
		for k, w := range words {
			if k%3 == round {
				continue
			}
			lo, hi := packWord(w)
			if _, ok := tab.get(lo, hi); ok {
				t.Fatalf("round %d: %q found before it was put", round, w)
			}
			tab.put(lo, hi, int32(k))
			want[w] = int32(k)
		}
		for _, w := range words {
			lo, hi := packWord(w)
			v, ok := tab.get(lo, hi)
			if wv, wok := want[w]; ok != wok || v != wv {
				t.Fatalf("round %d: get(%q) = %d, %v; want %d, %v", round, w, v, ok, wv, wok)
			}
		}
		if tab.n != len(want) {
			t.Fatalf("round %d: %d entries, want %d", round, tab.n, len(want))
		}
		tab.reset()
	}
}

// BenchmarkWordTable compares looking words up in a wordTable and in a
// map of strings, as the extractor's cache does, at the size the cache
// reaches on a large corpus (100,000 words).
func BenchmarkWordTable(b *testing.B) {
	words := wordsForTable(100000)
	order := rand.New(rand.NewPCG(1, 2)).Perm(len(words))
	b.Run("table", func(b *testing.B) {
		var tab wordTable
		for k, w := range words {
			lo, hi := packWord(w)
			tab.put(lo, hi, int32(k))
		}
		i := 0
		for b.Loop() {
			lo, hi := packWord(words[order[i%len(order)]])
			if _, ok := tab.get(lo, hi); !ok {
				b.Fatal("missing")
			}
			i++
		}
	})
	b.Run("map", func(b *testing.B) {
		m := make(map[string]int32, 4096)
		for k, w := range words {
			m[strings.Clone(w)] = int32(k)
		}
		i := 0
		for b.Loop() {
			if _, ok := m[words[order[i%len(order)]]]; !ok {
				b.Fatal("missing")
			}
			i++
		}
	})
}

// TestDocSize: a doc takes 72 bytes (docs are allocated in blocks, so
// a million of them take 72 MB; the fields were 152 bytes) and holds no
// pointer, so that the garbage collector need not scan the blocks.
func TestDocSize(t *testing.T) {
	if n := unsafe.Sizeof(doc{}); n != 72 {
		t.Fatalf("doc takes %d bytes, want 72", n)
	}
	if p := pointerIn(reflect.TypeFor[doc](), "doc"); p != "" {
		t.Fatalf("doc holds a pointer: %s", p)
	}
}

// pointerIn returns the path of a field of type t that holds a pointer,
// or "".
func pointerIn(t reflect.Type, path string) string {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.String, reflect.Map, reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return path
	case reflect.Array:
		if t.Len() > 0 {
			return pointerIn(t.Elem(), path+"[]")
		}
	case reflect.Struct:
		for i := range t.NumField() {
			if p := pointerIn(t.Field(i).Type, path+"."+t.Field(i).Name); p != "" {
				return p
			}
		}
	}
	return ""
}

// computeNorm is the reference for normOf: the norm of a vector of
// q × idf, from its decoded terms.
func (x *index) computeNorm(terms []uint32, q []uint8) float32 {
	var s float64
	for k, t := range terms {
		w := float64(float32(q[k]) * x.idf(t))
		s += w * w
	}
	if s == 0 {
		return 1
	}
	return float32(math.Sqrt(s))
}

// TestLazyNorms: a norm computed when first read equals, to the bit, the
// one computing every live document's norm at the refresh that started
// its idf generation (as refreshNorms did) would give, through batches
// that add and replace articles and move the generation on.
func TestLazyNorms(t *testing.T) {
	arts := loadSeeds(t)
	if _, err := os.Stat(filepath.Join(dataDir(t), "ecbplus", "dev.jsonl")); err == nil {
		arts = append(arts, loadECB(t)[:200]...)
	}
	c := New(DefaultOptions())
	type eager struct {
		gen  int32
		norm float32
	}
	first := map[*doc]eager{} // the norm at the first refresh of gen
	for from := 0; from < len(arts); from += 17 {
		batch := slices.Clone(arts[from:min(from+17, len(arts))])
		if from > 0 { // an update of an article seen before
			batch = append(batch, arts[from/2])
			batch[len(batch)-1].Title += " (updated)"
		}
		if _, err := c.Add(t.Context(), batch); err != nil {
			t.Fatal(err)
		}
		x := c.x
		// read the norms of half the documents only, in one order, so
		// that others are first read in a later batch
		for i, d := range x.docs {
			if !d.alive {
				continue
			}
			want := x.computeNorm(x.decodeTerms(d, nil), x.qs(d))
			if e, ok := first[d]; ok && e.gen == x.gen {
				want = e.norm
			} else {
				first[d] = eager{x.gen, want}
			}
			if (i+from)%2 == 0 {
				continue
			}
			if got := x.normOf(d); math.Float32bits(got) != math.Float32bits(want) {
				t.Fatalf("batch at %d, %s: norm %v, eager %v", from, x.idOf(d), got, want)
			}
		}
	}
	if c.x.gen < 3 {
		t.Fatalf("only %d idf generations: the test needs more", c.x.gen)
	}
}

// TestSigStore: signatures come back as added, across pages, and
// documents without one have none.
func TestSigStore(t *testing.T) {
	var s sigStore
	n := 2<<sigPageBits + 5
	rng := rand.New(rand.NewPCG(5, 6))
	want := make([][]uint8, n)
	for i := range n {
		if rng.IntN(5) > 0 {
			want[i] = make([]uint8, SigSize)
			for k := range want[i] {
				want[i][k] = uint8(rng.IntN(256))
			}
		}
		s.add(want[i])
	}
	for i := range n {
		if got := s.get(int32(i)); !slices.Equal(got, want[i]) || (got == nil) != (want[i] == nil) {
			t.Fatalf("signature %d: %v, want %v", i, got, want[i])
		}
	}
}

// TestIDTable: an idTable answers as a map of ids would, through growth,
// removals (tombstones), ids put again and replaced documents.
func TestIDTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	var ids []string // by document index
	idOf := func(i int32) string { return ids[i] }
	var tab idTable
	want := map[string]int32{}
	for round := range 20000 {
		id := fmt.Sprint("a", rng.IntN(3000))
		switch rng.IntN(4) {
		case 0:
			tab.remove(id, idOf)
			delete(want, id)
		default:
			ids = append(ids, id)
			i := int32(len(ids) - 1)
			tab.put(id, i, idOf)
			want[id] = i
		}
		if round%97 == 0 || round == 19999 {
			for k := range 3000 {
				id := fmt.Sprint("a", k)
				got, ok := tab.get(id, idOf)
				w, wok := want[id]
				if ok != wok || got != w {
					t.Fatalf("round %d: get(%s) = %d, %v; want %d, %v", round, id, got, ok, w, wok)
				}
			}
			if tab.n != len(want) {
				t.Fatalf("round %d: %d entries, want %d", round, tab.n, len(want))
			}
		}
	}
}

// TestNbrStore: neighbour lists set, appended to, dropped and compacted
// hold what slices handled with append would.
func TestNbrStore(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 11))
	x := &index{}
	const n = 300
	docs := make([]doc, n)
	for i := range docs {
		x.docs = append(x.docs, &docs[i])
	}
	want := make([][]nbr, n) // nil: no list
	compacted := 0
	for round := range 200000 {
		i := int32(rng.IntN(n))
		d := x.docs[i]
		switch r := rng.IntN(100); {
		case r < 5:
			es := make([]edge, rng.IntN(60))
			want[i] = []nbr{}
			for k := range es {
				j := int32(rng.IntN(n))
				es[k] = edge{min(i, j), max(i, j), float32(k)}
				want[i] = append(want[i], nbr{j, float32(k)})
			}
			x.setNbrs(d, i, es)
		case r < 7:
			x.dropNbrs(d)
			want[i] = nil
		case r < 8:
			before := x.nbrs.used
			x.compactNbrs()
			if x.nbrs.used < before {
				compacted++
			}
		default:
			if d.hasNbrs() {
				nb := nbr{int32(rng.IntN(n)), float32(round)}
				x.appendNbr(d, nb)
				want[i] = append(want[i], nb)
			}
		}
		if round%1000 == 0 {
			live := 0
			for j, d := range x.docs {
				if got := x.nbrsOf(d); !slices.Equal(got, want[j]) || (got == nil) != (want[j] == nil) {
					t.Fatalf("round %d, doc %d: %v, want %v", round, j, got, want[j])
				}
				live += int(d.nbrCap)
			}
			if live != x.nbrs.live {
				t.Fatalf("round %d: live %d, want %d", round, x.nbrs.live, live)
			}
		}
	}
	if compacted == 0 {
		t.Fatal("the lists were never compacted")
	}
}

// TestPublishedKept: a doc keeps its publication time as seconds and
// nanoseconds, and the index the Location when it is not UTC: the time
// comes back as the article gave it, equal as a value.
func TestPublishedKept(t *testing.T) {
	times := []time.Time{
		{},
		time.Date(2024, 3, 1, 12, 30, 0, 5, time.UTC),
		time.Date(2024, 3, 1, 12, 30, 0, 0, time.FixedZone("CET", 3600)),
		time.Date(1899, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2300, 1, 2, 3, 4, 5, 6, time.Local),
		time.Unix(0, 0).UTC(),
	}
	var arts []chorus.Article
	for k, at := range times {
		arts = append(arts, chorus.Article{ID: fmt.Sprint("p", k), Title: "Title", Text: "Some words of text here.", Published: at})
	}
	c := New(DefaultOptions())
	if _, err := c.Add(t.Context(), arts); err != nil {
		t.Fatal(err)
	}
	for k, at := range times {
		i, ok := c.x.lookup(fmt.Sprint("p", k))
		if !ok {
			t.Fatalf("p%d not indexed", k)
		}
		if got := c.x.published(i); got != at || got.Location().String() != at.Location().String() {
			t.Errorf("p%d: published %v, want %v", k, got, at)
		}
		if got := c.x.docs[i].instant(); !got.Equal(at) || got.IsZero() != at.IsZero() {
			t.Errorf("p%d: instant %v, want %v", k, got, at)
		}
	}
}

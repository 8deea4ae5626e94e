package cluster

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
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

package cluster

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestVecRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 50, 300} {
		set := map[uint32]bool{}
		for len(set) < n {
			// gaps of every varint length, up to the largest term id
			set[rng.Uint32()>>uint(rng.IntN(32))] = true
		}
		var terms []uint32
		for t := range set {
			terms = append(terms, t)
		}
		slices.Sort(terms)
		q := make([]uint8, n)
		for k := range q {
			q[k] = uint8(1 + rng.IntN(255))
		}
		b := encodeVec(nil, terms, q)
		if len(b) != vecSize(terms) {
			t.Fatalf("n=%d: encoded %d bytes, vecSize says %d", n, len(b), vecSize(terms))
		}
		// a doc keeps its vector with its id and title after it, behind
		// another doc's data in its slab
		x := newIndex(DefaultOptions())
		id, title := fmt.Sprint("a", n), strings.Repeat("t", n%3)
		buf := []byte("before")
		d := &doc{}
		d.init(&buf, terms, q, id, title, time.Time{}, 0)
		if len(buf) != len("before")+docSize(terms, id, title) {
			t.Fatalf("n=%d: the slab holds %d bytes, docSize says %d", n, len(buf)-len("before"), docSize(terms, id, title))
		}
		d.slab = x.addSlab(buf)
		if !slices.Equal(x.vecOf(d), b) || x.idOf(d) != id || x.titleOf(d) != title {
			t.Fatalf("n=%d: doc holds %v %q %q, want %v %q %q", n, x.vecOf(d), x.idOf(d), x.titleOf(d), b, id, title)
		}
		if got := x.decodeTerms(d, nil); !slices.Equal(got, terms) {
			t.Fatalf("n=%d: decoded terms differ", n)
		}
		if !slices.Equal(x.qs(d), q) {
			t.Fatalf("n=%d: weights differ", n)
		}
	}
}

// TestSimilarityForms checks that the similarity used to pick neighbours
// (one side spread over a dense array) equals the merged one, and that both
// stay in [0, 1], on every pair of the bundled example and ECB+ dev's
// first topics.
func TestSimilarityForms(t *testing.T) {
	arts := seedsAndECB(t, 60)
	x := restoredIndex(t, arts)
	dense := make([]float32, len(x.idfs))
	for i := range int32(len(x.docs)) {
		clear(dense)
		x.spreadQuery(x.docs[i], dense)
		for j := range int32(len(x.docs)) {
			s1, s2, s3 := x.similarity(i, j), x.similarity(j, i), x.similarityDense(x.docs[i], dense, j)
			if math.Abs(s1-s2) > 1e-5 || math.Abs(s1-s3) > 1e-5 {
				t.Fatalf("%s/%s: similarity %v, reversed %v, dense %v", x.idOf(x.docs[i]), x.idOf(x.docs[j]), s1, s2, s3)
			}
			if s1 < 0 || s1 > 1 {
				t.Fatalf("%s/%s: similarity %v outside [0,1]", x.idOf(x.docs[i]), x.idOf(x.docs[j]), s1)
			}
		}
	}
}

func TestCompactJaccard(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		a, b := make([]uint8, SigSize), make([]uint8, SigSize)
		for k := range a {
			a[k] = uint8(rng.IntN(256))
			b[k] = a[k]
			if rng.IntN(3) == 0 {
				b[k] = uint8(rng.IntN(256))
			}
		}
		same := 0
		for k := range a {
			if a[k] == b[k] {
				same++
			}
		}
		want := min(1, max(0, (float64(same)/SigSize-1.0/256)/(1-1.0/256)))
		if got := compactJaccard(a, b); math.Abs(got-want) > 1e-12 || got != compactJaccard(b, a) {
			t.Fatalf("compactJaccard = %v, want %v (symmetric)", got, want)
		}
	}
	if compactJaccard(nil, make([]uint8, SigSize)) != 0 {
		t.Fatal("an empty signature must be similar to nothing")
	}
}

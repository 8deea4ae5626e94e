package cluster

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/eval"
)

// The tests of this file check the optimised forms of the clustering hot
// paths against plain reference forms (the code they replaced), to the
// bit, on real texts: stories must not change at all.

// hotpathArticles returns the bundled example and ECB+ dev (when
// present), with publication dates spread over two weeks, to the
// nanosecond, and a few left without one.
func hotpathArticles(t testing.TB) []chorus.Article {
	arts := seedsAndECB(t, -1)
	rng := rand.New(rand.NewPCG(5, 8))
	base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for k := range arts {
		if k%7 == 3 {
			arts[k].Published = time.Time{}
			continue
		}
		arts[k].Published = base.Add(time.Duration(rng.Int64N(int64(14 * 24 * time.Hour))))
	}
	return arts
}

// similarityToRef is the reference for similarityTo, as it was: the dot
// product decoded inline, and the time factor from time.Time values.
func (x *index) similarityToRef(a queryDoc, dense []float32, j int32) float64 {
	b := x.docs[j]
	if a.n == 0 || b.n == 0 {
		return 0
	}
	bq, bb := x.split(b)
	var dot float32
	t := uint32(0)
	p := 0
	for k := range bq {
		var g uint32
		g, p = gap(bb, p)
		t += g
		dot += dense[t] * float32(bq[k])
	}
	cos := float64(dot) / (a.norm * float64(x.normOf(b)))
	return min(1, cos*x.opts.timeFactor(time.Unix(a.sec, int64(a.nsec)), b.instant()))
}

// TestSimilarityToExact: the similarity a query computes for its
// candidates equals the reference to the bit, on every pair of the
// bundled example and ECB+ dev.
func TestSimilarityToExact(t *testing.T) {
	arts := hotpathArticles(t)
	x := restoredIndex(t, arts)
	dense := make([]float32, len(x.idfs))
	pairs, shared := 0, 0
	for i := range int32(len(x.docs)) {
		d := x.docs[i]
		terms := x.spreadQuery(d, dense)
		qd := x.queryOf(d)
		for j := range int32(len(x.docs)) {
			got, want := x.similarityTo(qd, dense, j), x.similarityToRef(qd, dense, j)
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("%s/%s: similarity %v, reference %v", x.idOf(d), x.idOf(x.docs[j]), got, want)
			}
			pairs++
			if want > 0 {
				shared++
			}
		}
		for _, t := range terms {
			dense[t] = 0
		}
	}
	if shared < pairs/4 {
		t.Fatalf("only %d of %d pairs share a term: the test needs more", shared, pairs)
	}
}

// TestDotDense: encoded vectors with gaps of one to three varint bytes,
// sharing any share of their terms with the query, sum as their decoded
// terms do.
func TestDotDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	dense := make([]float32, 1<<22)
	for round := range 300 {
		n := rng.IntN(300)
		terms := make([]uint32, n)
		q := make([]uint8, n)
		prev := uint32(0)
		for k := range terms {
			prev += 1 + rng.Uint32N(1<<uint(rng.IntN(14)))
			terms[k] = prev
			q[k] = uint8(1 + rng.IntN(255))
		}
		clear(dense)
		share := rng.Float64()
		for _, t := range terms {
			if rng.Float64() < share {
				dense[t] = rng.Float32() * 50
			}
		}
		b := encodeVec(nil, terms, q)
		var want float32
		for k, t := range terms {
			want += dense[t] * float32(q[k])
		}
		if got := dotDense(dense, q, b[n:]); math.Float32bits(got) != math.Float32bits(want) {
			t.Fatalf("round %d (%d terms): dot %v, reference %v", round, n, got, want)
		}
	}
}

// TestTimeFactorUnix: the time factor from Unix seconds equals the one
// from time.Time values, around the window's edges, for dates without
// time and far apart.
func TestTimeFactorUnix(t *testing.T) {
	base := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(1, 3))
	var times []time.Time
	for _, w := range []time.Duration{0, 3 * 24 * time.Hour} {
		for _, off := range []time.Duration{0, 1, -1, time.Second, -time.Second, time.Second - 1, time.Second + 1, 2 * time.Second} {
			times = append(times, base.Add(w+off), base.Add(-w+off))
		}
	}
	for range 200 {
		times = append(times, base.Add(time.Duration(rng.Int64N(int64(30*24*time.Hour)))-15*24*time.Hour))
	}
	times = append(times, time.Time{}, time.Unix(0, 0), time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC),
		base.AddDate(-272, 0, 0), base.AddDate(-273, 0, 0), base.AddDate(-300, 0, 0), base.AddDate(20, 0, 0).Add(7))
	for _, opts := range []Options{DefaultOptions(), {TimeWindow: 0}, {TimeWindow: time.Hour + 1}, {TimeWindow: time.Second}} {
		for _, a := range times {
			for _, b := range times {
				want := opts.timeFactor(a, b)
				got := opts.timeFactorUnix(a.IsZero(), a.Unix(), int32(a.Nanosecond()), b.Unix(), int32(b.Nanosecond()))
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("window %v, %v and %v: %v, want %v", opts.TimeWindow, a, b, got, want)
				}
			}
		}
	}
}

// BenchmarkDotDense measures the dot product of one full comparison
// (similarityTo without the norms and dates) on the ECB+ dev index.
func BenchmarkDotDense(b *testing.B) {
	x := restoredIndex(b, loadECB(b))
	dense := make([]float32, len(x.idfs))
	d := x.docs[0]
	x.spreadQuery(d, dense)
	n := int32(len(x.docs))
	j := int32(0)
	var sink float32
	for b.Loop() {
		q, tb := x.split(x.docs[j%n])
		sink += dotDense(dense, q, tb)
		j++
	}
	_ = sink
}

// featureTexts returns real texts in several languages and scripts: the
// bundled example, ECB+ dev and the SemEval-2022 pairs (when present),
// and a few made-up edge cases.
func featureTexts(t testing.TB) []chorus.Article {
	arts := loadSeeds(t)
	if _, err := os.Stat(filepath.Join(dataDir(t), "ecbplus", "dev.jsonl")); err == nil {
		arts = append(arts, loadECB(t)...)
	}
	if f, err := os.Open(filepath.Join(dataDir(t), "semeval2022-task8", "train.csv")); err == nil {
		defer f.Close()
		pairs, err := eval.LoadSemEvalPairs(f, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pairs[:min(len(pairs), 1500)] {
			arts = append(arts, chorus.Article{Text: p.Text1, Language: p.Lang1}, chorus.Article{Text: p.Text2, Language: p.Lang2})
		}
	}
	for _, text := range []string{
		"", "A", "Don't stop. O'Neill's 1,000 U.S. troops; COVID-19s and the 1990S", "L’État d’Ökonomie: naïve ÉCOLE Straße",
		"TELECOMMUNICATIONS Internationalisation Counterrevolutionaries' Jean-Pierre's co-operate", "Mr. Smith met Ms. Jones.\nJones said 3.5%",
		"Ünïcödé Wörds İstanbul ǅungla ΣΊΣΥΦΟΣ Привет Мир", "x'y 'quoted' don’t 9’000 1'000'000",
	} {
		arts = append(arts, chorus.Article{Title: "Edge Case Title", Text: text})
	}
	return arts
}

// TestFeaturesMatchReference: the extractor gives the features the
// reference extractor (the code before the ASCII fast paths) gives, in
// the same order and to the bit, on every text, in two passes (the
// second with warm word caches), and whatever languages come between.
func TestFeaturesMatchReference(t *testing.T) {
	arts := featureTexts(t)
	x, ref := newExtractor(), newRefExtractor()
	for pass := range 2 {
		for k, a := range arts {
			if pass == 1 {
				a = arts[len(arts)-1-k]
			}
			for _, tw := range []float32{2, 0} {
				body := bodyOf(&a)
				got := x.features(a.Title, body, a.Language, tw)
				want := ref.features(a.Title, body, a.Language, tw)
				if !slices.EqualFunc(got, want, func(g, w termCount) bool {
					return g.term == w.term && math.Float32bits(g.count) == math.Float32bits(w.count) && g.id == w.id
				}) {
					t.Fatalf("pass %d, %q (%s): features\n%v\nwant\n%v", pass, a.ID, a.Language, got, want)
				}
			}
		}
	}
}

// findCopiesRef is the reference for findCopies: each band's chain
// walked in turn, every candidate checked by isCopy.
func (x *index) findCopiesRef(i int32) []int32 {
	sig := x.sigOf(i)
	var cands []int32
	if l := &x.lsh; sig != nil && l.bits != 0 {
		for b := range l.head {
			for j1 := l.head[b][l.slot(sig, b)]; j1 != 0; j1 = l.next[b][j1-1] {
				if j1-1 != i {
					cands = append(cands, j1-1)
				}
			}
		}
	}
	slices.Sort(cands)
	cands = slices.Compact(cands)
	var out []int32
	for _, j := range cands {
		if isCopy(sig, x.sigOf(j), x.copyBins) && x.isLive(j) {
			out = append(out, j)
		}
	}
	return out
}

// TestFindCopiesExact: the copy search finds what the reference finds,
// for every article of ECB+ dev and the bundled example, with reprints
// (cut, with other boilerplate) of a third of them, some replaced.
func TestFindCopiesExact(t *testing.T) {
	arts := hotpathArticles(t)
	n := len(arts)
	for k := 0; k < n; k += 3 {
		a := arts[k]
		a.ID += "/reprint"
		a.Text = "Advertisement. Subscribe now.\n" + a.Text[:len(a.Text)*(80+k%20)/100] + "\nAll rights reserved."
		arts = append(arts, a)
	}
	c := New(DefaultOptions())
	half := len(arts) / 2
	if _, err := c.Add(t.Context(), arts[:half]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Add(t.Context(), append(arts[half:], arts[:half/4]...)); err != nil { // updates: dead documents
		t.Fatal(err)
	}
	x := c.x
	found := 0
	for i := range int32(len(x.docs)) {
		got, want := x.findCopies(i), x.findCopiesRef(i)
		if !slices.Equal(got, want) {
			t.Fatalf("%s: copies %v, reference %v", x.idOf(x.docs[i]), got, want)
		}
		found += len(got)
	}
	if found < n/3 {
		t.Fatalf("only %d copy links found: the test needs more", found)
	}
}

// seedsAndECB returns the bundled example and, when the data is present,
// the first n articles of ECB+ dev (all of them for n < 0).
func seedsAndECB(t testing.TB, n int) []chorus.Article {
	arts := loadSeeds(t)
	if _, err := os.Stat(filepath.Join(dataDir(t), "ecbplus", "dev.jsonl")); err == nil {
		ecb := loadECB(t)
		if n >= 0 {
			ecb = ecb[:min(n, len(ecb))]
		}
		arts = append(arts, ecb...)
	}
	return arts
}

// spreadQuery writes document d's weights q × idf² into dense by term id,
// as neighbours does for a query, and returns d's sorted terms.
func (x *index) spreadQuery(d *doc, dense []float32) []uint32 {
	terms := x.decodeTerms(d, nil)
	q := x.qs(d)
	for k, t := range terms {
		dense[t] = float32(q[k]) * x.idfs[t] * x.idfs[t]
	}
	return terms
}

// restoredIndex is the index of arts restored under the default options,
// its norms ready for queries.
func restoredIndex(t testing.TB, arts []chorus.Article) *index {
	c := New(DefaultOptions())
	if err := c.Restore(t.Context(), arts, nil); err != nil {
		t.Fatal(err)
	}
	c.x.refreshNorms()
	return c.x
}

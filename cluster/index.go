package cluster

import (
	"context"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chorusnews/chorus"
)

// doc is one indexed article. Its vector and compact signature are
// slices of slabs shared by the articles indexed together, so that a
// large index is a few big pointer-free blocks the garbage collector need
// not scan.
type doc struct {
	id        string
	title     string
	published time.Time
	vec       []byte  // weights and term ids (see encodeVec)
	n         int32   // number of terms
	length    int32   // text length in bytes
	sig       []uint8 // compact MinHash signature (see compactSig); nil for no words
	nbrs      []nbr   // neighbour list from the last query (nil: none yet)
	story     int32   // internal story key, -1 while unassigned
	normGen   int32   // generation of norm
	norm      float32 // vector norm (in q units) under the idf of normGen
	alive     bool
}

// qScale is the fixed-point scale of stored term weights: a weight w is
// kept as round(w × qScale) in a byte, so weights up to 15.9 (a word
// counted about 1,000 times at kind weight 2) keep 1/16 resolution.
const qScale = 16

func quantise(w float32) uint8 {
	return uint8(min(255, max(1, math.Round(float64(w)*qScale))))
}

// postingList holds the documents that have a term among their indexed
// terms, oldest first, with their weights.
type postingList struct {
	docs []int32
	q    []uint8
}

// index holds the vocabulary, document frequencies, postings and the LSH
// bands. Reads may run concurrently; writes may not.
type index struct {
	opts     Options
	docs     []*doc
	byID     map[string]int32
	vocab    map[string]uint32
	df       []int32
	kinds    []byte   // feature kind per term
	names    []string // term per term id
	postings []postingList
	alive    int
	gen      int32     // bumped when norms must be recomputed
	genAlive int       // live documents when gen was last bumped
	idfs     []float32 // idf per term as of the last refresh
	lsh      lshIndex
	// wires and copies are kept apart from docs, since few articles
	// credit a wire or have near-copies: the wire agencies an article
	// credits, and its near-copies (estimated Jaccard >= CopyThreshold)
	wires  map[int32][]string
	copies map[int32][]int32
	// sigs holds each document's compact signature (its doc.sig) in a
	// dense list, so that the copy search reads no doc it rejects
	sigs []*[SigSize]uint8
	// copyBins is copyBins(opts.CopyThreshold)
	copyBins int
}

// sigOf returns the compact signature of document i (nil: no words).
func (x *index) sigOf(i int32) []uint8 {
	if s := x.sigs[i]; s != nil {
		return s[:]
	}
	return nil
}

func newIndex(opts Options) *index {
	return &index{opts: opts, byID: map[string]int32{}, vocab: map[string]uint32{}, lsh: newLSH(),
		wires: map[int32][]string{}, copies: map[int32][]int32{}, copyBins: copyBins(opts.CopyThreshold)}
}

// prepared is an article turned into features and a signature, before it
// enters the index.
type prepared struct {
	art   chorus.Article
	feats []termCount
	sig   Signature
	// restored is true for an article decoded from a state: it has no
	// text, and length holds the text length.
	restored bool
	length   int
}

// prepare extracts features and fingerprints in parallel, with
// extractors from xs.
func prepare(ctx context.Context, opts Options, arts []chorus.Article, xs *extractors) ([]prepared, error) {
	out := make([]prepared, len(arts))
	workers := max(1, min(opts.Workers, len(arts)))
	var next int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := xs.get()
			defer xs.put(x)
			for {
				mu.Lock()
				i := int(next)
				next += 64
				mu.Unlock()
				if i >= len(arts) || ctx.Err() != nil {
					return
				}
				for j := i; j < min(i+64, len(arts)); j++ {
					a := arts[j]
					body := bodyOf(&a)
					out[j] = prepared{art: a, feats: x.features(a.Title, body, a.Language, opts.TitleWeight), sig: Fingerprint(body)}
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// bodyOf is the text clustered: the cleaned text when there is one.
func bodyOf(a *chorus.Article) string {
	if a.CleanText != "" {
		return a.CleanText
	}
	return a.Text
}

// remove takes a document out of the frequencies; its postings and band
// entries stay and are skipped because it is no longer alive.
func (x *index) remove(i int32) {
	d := x.docs[i]
	if !d.alive {
		return
	}
	d.alive = false
	for _, t := range d.decodeTerms(nil) {
		x.df[t]--
	}
	for _, c := range x.copies[i] {
		x.unlinkCopy(c, i)
	}
	delete(x.copies, i)
	delete(x.wires, i)
	d.nbrs = nil
	delete(x.byID, d.id)
	x.alive--
}

// copiesOf returns the near-copies of document i.
func (x *index) copiesOf(i int32) []int32 { return x.copies[i] }

// wiresOf returns the wire agencies document i credits.
func (x *index) wiresOf(i int32) []string { return x.wires[i] }

// linkCopy records j as a near-copy of i.
func (x *index) linkCopy(i, j int32) {
	if !slices.Contains(x.copies[i], j) {
		x.copies[i] = append(x.copies[i], j)
	}
}

// unlinkCopy forgets j as a near-copy of i.
func (x *index) unlinkCopy(i, j int32) {
	cs := slices.DeleteFunc(x.copies[i], func(v int32) bool { return v == j })
	if len(cs) == 0 {
		delete(x.copies, i)
	} else {
		x.copies[i] = cs
	}
}

// termsOf returns the sorted term ids of document i's vector, decoded
// into a new slice.
func (x *index) termsOf(i int32) []uint32 { return x.docs[i].decodeTerms(nil) }

// weightOf returns the weight (sublinear tf times kind weight, before idf)
// of the k-th term of termsOf(i).
func (x *index) weightOf(i int32, k int) float32 { return float32(x.docs[i].vec[k]) / qScale }

// idf of a term as of the last refreshNorms (smoothed, at least 1, so
// that terms every article shares still count in a small collection).
func (x *index) idf(t uint32) float32 {
	if int(t) < len(x.idfs) {
		return x.idfs[t]
	}
	return x.computeIDF(t)
}

func (x *index) computeIDF(t uint32) float32 {
	return float32(1 + math.Log(float64(x.alive+1)/float64(x.df[t]+1)))
}

// refreshNorms recomputes stale vector norms of live documents in
// parallel. Queries read norms without writing them, so call this after
// the frequencies change and before querying.
//
// Norms of documents already indexed are recomputed only when the
// collection has grown or shrunk by more than a twentieth since they were
// (idf moves slowly with size), so adding a few articles to a large
// collection costs little.
func (x *index) refreshNorms() {
	if x.genAlive == 0 || abs(x.alive-x.genAlive)*20 > x.genAlive {
		x.gen++
		x.genAlive = max(x.alive, 1)
		x.idfs = x.idfs[:0]
	}
	for t := len(x.idfs); t < len(x.df); t++ {
		x.idfs = append(x.idfs, x.computeIDF(uint32(t)))
	}
	parallel(x.opts.Workers, len(x.docs), func(lo, hi int) {
		var terms []uint32
		for i := lo; i < hi; i++ {
			if d := x.docs[i]; d.alive && (d.normGen != x.gen || d.norm == 0) {
				terms = d.decodeTerms(terms[:0])
				d.norm = x.computeNorm(terms, d.qs())
				d.normGen = x.gen
			}
		}
	})
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// norm is the vector norm of i in weight units (weights × idf, not
// q units); refreshNorms must have run.
func (x *index) norm(i int32) float32 { return x.docs[i].norm / qScale }

// computeNorm is the norm of a vector of q × idf.
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

// findCopies returns the live documents sharing a band with i whose
// estimated Jaccard with i reaches the threshold.
func (x *index) findCopies(i int32) []int32 {
	d := x.docs[i]
	var cands []int32
	x.lsh.each(d.sig, func(j int32) {
		if j != i {
			cands = append(cands, j)
		}
	})
	slices.Sort(cands)
	cands = slices.Compact(cands)
	var out []int32
	for _, j := range cands {
		// the estimate first (compactJaccard >= CopyThreshold): most
		// candidates fail it, and it reads only the dense signature list
		if isCopy(d.sig, x.sigOf(j), x.copyBins) && x.docs[j].alive {
			out = append(out, j)
		}
	}
	return out
}

// parallel runs fn over [0,n) in chunks on up to workers goroutines.
func parallel(workers, n int, fn func(lo, hi int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if n == 0 {
		return
	}
	const chunk = 32
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for range min(workers, (n+chunk-1)/chunk) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				lo := next
				next += chunk
				mu.Unlock()
				if lo >= n {
					return
				}
				fn(lo, min(lo+chunk, n))
			}
		}()
	}
	wg.Wait()
}

// capTerms keeps the opts.MaxTerms heaviest features of an article.
func capTerms(p *prepared, opts Options, idf func(string) float32) {
	if opts.MaxTerms <= 0 || len(p.feats) <= opts.MaxTerms {
		return
	}
	type scored struct {
		f termCount
		w float32
	}
	sc := make([]scored, len(p.feats))
	for i, f := range p.feats {
		sc[i] = scored{f, logTF(f.count) * opts.kindWeight(f.term[0]) * idf(f.term)}
	}
	slices.SortFunc(sc, func(a, b scored) int {
		if a.w != b.w {
			if a.w > b.w {
				return -1
			}
			return 1
		}
		return strings.Compare(a.f.term, b.f.term)
	})
	p.feats = p.feats[:opts.MaxTerms]
	for i := range p.feats {
		p.feats[i] = sc[i].f
	}
}

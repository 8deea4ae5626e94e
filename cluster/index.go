package cluster

import (
	"cmp"
	"context"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chorusnews/chorus"
)

// doc is one indexed article.
type doc struct {
	id        string
	title     string
	published time.Time
	wires     []string
	length    int
	terms     []uint32  // sorted term ids
	tf        []float32 // sublinear tf × kind weight, parallel to terms
	sig       Signature
	copies    []int32 // near-copies (estimated Jaccard >= CopyThreshold)
	nbrs      []edge  // neighbour list from the last query (nil: none yet)
	story     int32   // internal story key, -1 while unassigned
	alive     bool
	norm      float32 // vector norm under the idf of normGen
	normGen   int
	unit      []float32 // tf × idf / norm under normGen, parallel to terms
}

type posting struct {
	doc int32
	tf  float32
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
	postings [][]posting
	alive    int
	gen      int       // bumped when norms must be recomputed
	genAlive int       // live documents when gen was last bumped
	idfs     []float32 // idf per term as of the last refresh
	// bandHead maps a band key to the last document with it (index+1);
	// bandNext[doc*Bands+band] chains to the previous one (0: none).
	bandHead [Bands]map[uint64]int32
	bandNext []int32
}

func newIndex(opts Options) *index {
	x := &index{opts: opts, byID: map[string]int32{}, vocab: map[string]uint32{}}
	for b := range x.bandHead {
		x.bandHead[b] = map[uint64]int32{}
	}
	return x
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

// prepare extracts features and fingerprints in parallel.
func prepare(ctx context.Context, opts Options, arts []chorus.Article) ([]prepared, error) {
	out := make([]prepared, len(arts))
	workers := max(1, min(opts.Workers, len(arts)))
	var next int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := newExtractor()
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

// insert adds a prepared article to the vocabulary, postings and bands and
// returns its index. The caller has removed any older version.
func (x *index) insert(p *prepared) int32 {
	i := int32(len(x.docs))
	d := &doc{id: p.art.ID, title: p.art.Title, published: p.art.Published, wires: p.art.Wires,
		length: len(bodyOf(&p.art)), sig: p.sig, story: -1, alive: true}
	if p.restored {
		d.length = p.length
	}
	type tw struct {
		t uint32
		w float32
	}
	tws := make([]tw, 0, len(p.feats))
	for _, f := range p.feats {
		t, ok := x.vocab[f.term]
		if !ok {
			t = uint32(len(x.df))
			x.vocab[f.term] = t
			x.df = append(x.df, 0)
			x.kinds = append(x.kinds, f.term[0])
			x.names = append(x.names, f.term)
			x.postings = append(x.postings, nil)
		}
		tws = append(tws, tw{t, logTF(f.count) * x.opts.kindWeight(f.term[0])})
	}
	slices.SortFunc(tws, func(a, b tw) int { return cmp.Compare(a.t, b.t) })
	d.terms = make([]uint32, len(tws))
	d.tf = make([]float32, len(tws))
	for k, v := range tws {
		d.terms[k], d.tf[k] = v.t, v.w
		x.df[v.t]++
		x.postings[v.t] = append(x.postings[v.t], posting{i, v.w})
	}
	for b := range x.bandHead {
		next := int32(0)
		if !p.sig.Empty {
			k := p.sig.bandKey(b)
			next = x.bandHead[b][k]
			x.bandHead[b][k] = i + 1
		}
		x.bandNext = append(x.bandNext, next)
	}
	x.docs = append(x.docs, d)
	x.byID[d.id] = i
	x.alive++
	return i
}

// remove takes a document out of the frequencies; its postings and band
// entries stay and are skipped because it is no longer alive.
func (x *index) remove(i int32) {
	d := x.docs[i]
	if !d.alive {
		return
	}
	d.alive = false
	for _, t := range d.terms {
		x.df[t]--
	}
	for _, c := range d.copies {
		x.docs[c].copies = slices.DeleteFunc(x.docs[c].copies, func(v int32) bool { return v == i })
	}
	d.copies = nil
	d.nbrs = nil
	d.unit = nil
	delete(x.byID, d.id)
	x.alive--
}

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
		for i := lo; i < hi; i++ {
			if d := x.docs[i]; d.alive && (d.normGen != x.gen || d.unit == nil) {
				d.norm = x.computeNorm(int32(i))
				d.normGen = x.gen
				if cap(d.unit) < len(d.terms) {
					d.unit = make([]float32, len(d.terms))
				}
				d.unit = d.unit[:len(d.terms)]
				for k, t := range d.terms {
					d.unit[k] = d.tf[k] * x.idf(t) / d.norm
				}
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

// norm is the vector norm of i; refreshNorms must have run.
func (x *index) norm(i int32) float32 { return x.docs[i].norm }

func (x *index) computeNorm(i int32) float32 {
	d := x.docs[i]
	var s float64
	for k, t := range d.terms {
		w := float64(d.tf[k] * x.idf(t))
		s += w * w
	}
	if s == 0 {
		return 1
	}
	return float32(math.Sqrt(s))
}

// findCopies returns the live documents whose signature agrees with i's
// on a whole band and whose estimated Jaccard reaches the threshold.
func (x *index) findCopies(i int32) []int32 {
	d := x.docs[i]
	if d.sig.Empty {
		return nil
	}
	var seen map[int32]bool
	var out []int32
	for b := range x.bandHead {
		for j1 := x.bandHead[b][d.sig.bandKey(b)]; j1 != 0; j1 = x.bandNext[int(j1-1)*Bands+b] {
			j := j1 - 1
			if j == i || !x.docs[j].alive {
				continue
			}
			if seen == nil {
				seen = map[int32]bool{}
			}
			if seen[j] {
				continue
			}
			seen[j] = true
			if Jaccard(&d.sig, &x.docs[j].sig) >= x.opts.CopyThreshold {
				out = append(out, j)
			}
		}
	}
	slices.Sort(out)
	return out
}

// scratch is a per-goroutine accumulator for similarity queries.
type scratch struct {
	score   []float32
	touched []int32
	query   []queryTerm
	cands   []cand
}

// neighbours returns up to opts.Neighbours live documents most similar to
// i with similarity at least opts.EdgeThreshold. Candidates come from the
// postings of i's QueryTerms heaviest terms (terms in more than
// MaxPostings documents are read from their most recent MaxPostings
// entries only); the best candidates by partial score are then compared in
// full.
func (x *index) neighbours(i int32, s *scratch) []edge {
	d := x.docs[i]
	if len(s.score) < len(x.docs) {
		s.score = make([]float32, len(x.docs)+len(x.docs)/4)
	}
	maxPost := x.opts.MaxPostings
	if maxPost <= 0 {
		maxPost = math.MaxInt
	}
	// query terms: the heaviest terms that another document shares
	s.query = s.query[:0]
	for k, t := range d.terms {
		if x.df[t] <= 1 {
			continue
		}
		idf := x.idf(t)
		s.query = append(s.query, queryTerm{t, d.tf[k] * idf * idf})
	}
	if q := x.opts.QueryTerms; q > 0 && len(s.query) > q {
		slices.SortFunc(s.query, func(a, b queryTerm) int {
			if c := cmp.Compare(b.w, a.w); c != 0 {
				return c
			}
			return cmp.Compare(a.t, b.t)
		})
		s.query = s.query[:q]
	}
	for _, qt := range s.query {
		post := x.postings[qt.t]
		if len(post) > maxPost {
			post = post[len(post)-maxPost:]
		}
		for _, p := range post {
			if p.doc == i {
				continue
			}
			if s.score[p.doc] == 0 {
				s.touched = append(s.touched, p.doc)
			}
			s.score[p.doc] += qt.w * p.tf
		}
	}
	// the best candidates by partial score get a full comparison; a
	// bounded min-heap selects them without sorting every candidate
	limit := x.opts.Neighbours + x.opts.Neighbours/2
	cands := s.cands[:0]
	worse := func(a, b cand) bool { return a.score < b.score || a.score == b.score && a.doc > b.doc }
	for _, j := range s.touched {
		sc := s.score[j]
		s.score[j] = 0
		if !x.docs[j].alive {
			continue
		}
		c := cand{j, sc}
		if len(cands) < limit {
			cands = append(cands, c)
			for k := len(cands) - 1; k > 0; { // sift up
				p := (k - 1) / 2
				if !worse(cands[k], cands[p]) {
					break
				}
				cands[k], cands[p] = cands[p], cands[k]
				k = p
			}
			continue
		}
		if !worse(cands[0], c) {
			continue
		}
		cands[0] = c
		for k := 0; ; { // sift down
			l, m := 2*k+1, k
			if l < len(cands) && worse(cands[l], cands[m]) {
				m = l
			}
			if l+1 < len(cands) && worse(cands[l+1], cands[m]) {
				m = l + 1
			}
			if m == k {
				break
			}
			cands[k], cands[m] = cands[m], cands[k]
			k = m
		}
	}
	s.touched = s.touched[:0]
	s.cands = cands
	var out []edge
	for _, c := range cands {
		sim := x.similarity(i, c.doc)
		if sim >= x.opts.EdgeThreshold {
			out = append(out, edge{min(i, c.doc), max(i, c.doc), float32(sim)})
		}
	}
	if len(out) > x.opts.Neighbours {
		slices.SortFunc(out, func(p, q edge) int {
			if c := cmp.Compare(q.sim, p.sim); c != 0 {
				return c
			}
			return cmp.Compare(p.a+p.b, q.a+q.b)
		})
		out = out[:x.opts.Neighbours]
	}
	return out
}

type queryTerm struct {
	t uint32
	w float32
}

type cand struct {
	doc   int32
	score float32
}

// similarity is the cosine of two indexed documents under the current
// frequencies (every term counts, however common).
func (x *index) similarity(i, j int32) float64 {
	a, b := x.docs[i], x.docs[j]
	at, bt, au, bu := a.terms, b.terms, a.unit[:len(a.terms)], b.unit[:len(b.terms)]
	var dot float32
	for p, q := 0, 0; p < len(at) && q < len(bt); {
		switch {
		case at[p] < bt[q]:
			p++
		case at[p] > bt[q]:
			q++
		default:
			dot += au[p] * bu[q]
			p++
			q++
		}
	}
	return min(1, float64(dot)*x.opts.timeFactor(a.published, b.published))
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

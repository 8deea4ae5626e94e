package cluster

import (
	"cmp"
	"math"
	"slices"
)

// scratch is a per-goroutine accumulator for similarity queries.
type scratch struct {
	score   []float32
	touched []int32
	query   []queryTerm
	terms   []uint32 // the query document's terms
	cands   []cand
	dense   []float32 // the query document's q × idf² by term id, else 0
	keys    []uint64  // packed selection keys of the query terms
	chosen  []queryTerm
	order   []uint64  // candidates by index, packed with their position
	sims    []float64 // similarity by candidate position
	warm    uint8     // keeps the reads of neighbours' first pass
}

// neighbours returns up to opts.Neighbours live documents most similar to
// i with similarity at least opts.EdgeThreshold. Candidates come from the
// postings of i's QueryTerms heaviest terms, shortest list first (terms
// in more than MaxPostings documents are read from their most recent
// MaxPostings entries only, and long lists are skipped once
// EnoughCandidates are found); the best candidates by partial score are
// then compared in full.
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
	s.terms = x.decodeTerms(d, s.terms[:0])
	q := x.qs(d)
	for k, t := range s.terms {
		if x.df[t] <= 1 {
			continue
		}
		idf := x.idf(t)
		s.query = append(s.query, queryTerm{t: t, w: float32(q[k]) * idf * idf})
	}
	if q := x.opts.QueryTerms; q > 0 && len(s.query) > q {
		// names are chosen first, at queryEntityWeight whatever
		// EntityWeight says: the names a story's articles share find
		// them, while their rarest words are often one reporter's
		boost := float32(1)
		if x.opts.EntityWeight > 0 {
			boost = queryEntityWeight / x.opts.EntityWeight
		}
		// the q heaviest by key, ties to the smaller term id: packed
		// keys and a selection, not a sort (the order of the chosen
		// terms is set below). The query lists terms in id order, so
		// its positions order ties as the ids do.
		keys := s.keys[:0]
		for k, qt := range s.query {
			w := qt.w
			if x.kinds[qt.t] == kindEntity {
				w *= boost
			}
			keys = append(keys, heavierFirst(w)<<32|uint64(k))
		}
		selectFirst(keys, q)
		chosen := s.chosen[:0]
		for _, v := range keys[:q] {
			chosen = append(chosen, s.query[uint32(v)])
		}
		s.keys, s.chosen = keys, chosen
		s.query = append(s.query[:0], chosen...)
	}
	// the shortest lists are read first: the rare names and words an
	// article shares with its story find its candidates, and once there
	// are plenty of them the long lists of common terms (which would add
	// mostly weak candidates) are skipped
	limit := x.opts.Neighbours + x.opts.Neighbours/2
	for k := range s.query {
		s.query[k].n = int32(len(x.postings[s.query[k].t].docs))
	}
	slices.SortFunc(s.query, func(a, b queryTerm) int {
		if c := cmp.Compare(a.n, b.n); c != 0 {
			return c
		}
		return cmp.Compare(a.t, b.t)
	})
	score, touched := s.score, s.touched
	for _, qt := range s.query {
		pl := x.postings[qt.t]
		docs, qs := pl.docs, pl.q
		if len(docs) > maxPost {
			docs, qs = docs[len(docs)-maxPost:], qs[len(qs)-maxPost:]
		}
		if x.opts.EnoughCandidates > 0 && len(touched) >= x.opts.EnoughCandidates*limit && len(docs) > maxPost/4 {
			break
		}
		qs = qs[:len(docs)]
		for k, j := range docs {
			if j == i {
				continue
			}
			v := score[j]
			if v == 0 {
				touched = append(touched, j)
			}
			score[j] = v + qt.w*float32(qs[k])
		}
	}
	s.touched = touched
	// the best candidates by partial score get a full comparison; a
	// bounded min-heap selects them without sorting every candidate
	cands := s.cands[:0]
	worse := func(a, b cand) bool { return a.score < b.score || a.score == b.score && a.doc > b.doc }
	for _, j := range s.touched {
		sc := s.score[j]
		s.score[j] = 0
		if !x.isLive(j) {
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
	// the query's weights are spread over a dense array by term id, so a
	// candidate is compared by looking its terms up: no merge, no
	// unpredictable branches
	if len(s.dense) < len(x.idfs) {
		s.dense = make([]float32, len(x.idfs)+len(x.idfs)/4)
	}
	for k, t := range s.terms {
		idf := x.idfs[t]
		s.dense[t] = float32(q[k]) * idf * idf
	}
	// candidates are compared in index order, where articles indexed
	// together lie together in memory (a query's candidates are mostly
	// of its own story, indexed close together), and their edges come
	// out in the heap's order
	order := s.order[:0]
	for k, c := range cands {
		order = append(order, uint64(c.doc)<<32|uint64(k))
	}
	slices.Sort(order)
	sims := slices.Grow(s.sims[:0], len(cands))[:len(cands)]
	// a first pass reads each candidate's doc and the ends of its
	// vector: these reads do not depend on one another, so their cache
	// misses overlap, where the comparisons would meet them one by one
	var warm uint8
	for _, v := range order {
		if q, tb := x.split(x.docs[int32(v>>32)]); len(q) > 0 {
			warm += q[0] + tb[0] + tb[len(tb)-1]
		}
	}
	s.warm = warm
	qd := x.queryOf(d)
	for _, v := range order {
		sims[uint32(v)] = x.similarityTo(qd, s.dense, int32(v>>32))
	}
	s.order, s.sims = order, sims
	var out []edge
	for k, c := range cands {
		if sim := sims[k]; sim >= x.opts.EdgeThreshold {
			out = append(out, edge{min(i, c.doc), max(i, c.doc), float32(sim)})
		}
	}
	for _, t := range s.terms {
		s.dense[t] = 0
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
	n int32 // postings of t, to read the shortest lists first
}

type cand struct {
	doc   int32
	score float32
}

// similarity is the cosine of two indexed documents under the current
// frequencies (every term counts, however common); refreshNorms must have
// run. It merges the two encoded vectors as it decodes them.
func (x *index) similarity(i, j int32) float64 {
	a, b := x.docs[i], x.docs[j]
	if a.n == 0 || b.n == 0 {
		return 0
	}
	aq, ab := x.split(a)
	bq, bb := x.split(b)
	idfs := x.idfs
	var dot float32
	ka, kb := 0, 0
	ta, pa := gap(ab, 0)
	tb, pb := gap(bb, 0)
	for {
		switch {
		case ta < tb:
			if ka++; ka == len(aq) {
				goto done
			}
			var g uint32
			g, pa = gap(ab, pa)
			ta += g
		case ta > tb:
			if kb++; kb == len(bq) {
				goto done
			}
			var g uint32
			g, pb = gap(bb, pb)
			tb += g
		default:
			idf := idfs[ta]
			dot += float32(aq[ka]) * float32(bq[kb]) * idf * idf
			ka++
			kb++
			if ka == len(aq) || kb == len(bq) {
				goto done
			}
			var g uint32
			g, pa = gap(ab, pa)
			ta += g
			g, pb = gap(bb, pb)
			tb += g
		}
	}
done:
	cos := float64(dot) / (float64(x.normOf(a)) * float64(x.normOf(b)))
	return min(1, cos*x.opts.timeFactor(a.instant(), b.instant()))
}

// similarityDense is similarity(i, j) for a document a (index i) whose
// weights q × idf² are spread over dense by term id.
func (x *index) similarityDense(a *doc, dense []float32, j int32) float64 {
	return x.similarityTo(x.queryOf(a), dense, j)
}

// queryDoc is what the full comparisons of one query read of its
// document, read once.
type queryDoc struct {
	n    int32
	norm float64
	sec  int64 // publication time (Unix seconds and nanoseconds)
	nsec int32
	zero bool // no publication time (the zero time)
}

func (x *index) queryOf(a *doc) queryDoc {
	return queryDoc{a.n, float64(x.normOf(a)), a.pubSec, a.pubNsec, a.instant().IsZero()}
}

// similarityTo is similarityDense for the query document a.
func (x *index) similarityTo(a queryDoc, dense []float32, j int32) float64 {
	b := x.docs[j]
	if a.n == 0 || b.n == 0 {
		return 0
	}
	bq, bb := x.split(b)
	dot := dotDense(dense, bq, bb)
	cos := float64(dot) / (a.norm * float64(x.normOf(b)))
	return min(1, cos*x.opts.timeFactorUnix(a.zero, a.sec, a.nsec, b.pubSec, b.pubNsec))
}

// dotDense is the float32 sum, in term order, of dense[t] × q[k] over
// the terms t of an encoded vector (q its weights, tb its varint gaps).
// (Gathering the non-zero products first, a bitmap of the query's terms
// in front of dense, or two candidates summed in one loop all measured
// slower, on a 50,000-article generated corpus.)
func dotDense(dense []float32, q []uint8, tb []byte) float32 {
	var dot float32
	t := uint32(0)
	p := 0
	for k := range q {
		var g uint32
		g, p = gap(tb, p)
		t += g
		dot += dense[t] * float32(q[k])
	}
	return dot
}

// queryEntityWeight is the weight of names, against word stems, when an
// article's QueryTerms are chosen (see neighbours); it changes which
// postings are read, not the similarity. With names at EntityWeight 1 the
// heaviest terms were mostly rare words, and a story larger than the
// neighbour cap lost its links (TestLargeStoryStaysWhole); 3 to 8 all
// keep it whole.
const queryEntityWeight = 4

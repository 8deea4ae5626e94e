package cluster

import (
	"cmp"
	"slices"
	"sync"
)

// insertBatch adds prepared articles (older versions already removed) to
// the index, in batch order, and returns their indices. The work that
// only reads the index (looking terms up, building and encoding vectors,
// choosing each article's posting terms) runs in parallel; new terms,
// frequencies and LSH chains are written serially, postings in parallel
// by term.
func (x *index) insertBatch(prep []prepared) []int32 {
	n := len(prep)
	workers := x.opts.Workers
	const unknown = ^uint32(0)

	// term ids of known terms
	tids := make([][]uint32, n)
	parallel(workers, n, func(lo, hi int) {
		for k := lo; k < hi; k++ {
			ids := make([]uint32, len(prep[k].feats))
			for f, tc := range prep[k].feats {
				if t, ok := x.vocab[tc.term]; ok {
					ids[f] = t
				} else {
					ids[f] = unknown
				}
			}
			tids[k] = ids
		}
	})
	// new terms, numbered in batch order
	for k := range prep {
		for f, tc := range prep[k].feats {
			if tids[k][f] != unknown {
				continue
			}
			t, ok := x.vocab[tc.term]
			if !ok {
				t = uint32(len(x.df))
				x.vocab[tc.term] = t
				x.df = append(x.df, 0)
				x.kinds = append(x.kinds, tc.term[0])
				x.names = append(x.names, tc.term)
				x.postings = append(x.postings, postingList{})
			}
			tids[k][f] = t
		}
	}
	// vectors and compact signatures, cut from one block per chunk
	docs := make([]*doc, n)
	parallel(workers, n, func(lo, hi int) {
		type tw struct {
			t uint32
			q uint8
		}
		vecs := make([][]uint32, hi-lo)
		qs := make([][]uint8, hi-lo)
		size := 0
		for k := lo; k < hi; k++ {
			p := &prep[k]
			tws := make([]tw, len(p.feats))
			for f, tc := range p.feats {
				tws[f] = tw{tids[k][f], quantise(logTF(tc.count) * x.opts.kindWeight(tc.term[0]))}
			}
			slices.SortFunc(tws, func(a, b tw) int { return cmp.Compare(a.t, b.t) })
			terms, q := tids[k][:len(tws)], make([]uint8, len(tws))
			for f, v := range tws {
				terms[f], q[f] = v.t, v.q
			}
			vecs[k-lo], qs[k-lo] = terms, q
			size += vecSize(terms)
			if !p.sig.Empty {
				size += SigSize
			}
		}
		sl := slab{buf: make([]byte, 0, size)}
		for k := lo; k < hi; k++ {
			p := &prep[k]
			d := &doc{id: p.art.ID, title: p.art.Title, published: p.art.Published,
				length: int32(len(bodyOf(&p.art))), story: -1, alive: true}
			if p.restored {
				d.length = int32(p.length)
			}
			terms := vecs[k-lo]
			d.vec = encodeVec(sl.alloc(vecSize(terms)), terms, qs[k-lo])
			d.n = int32(len(terms))
			if !p.sig.Empty {
				d.sig = compactSig(&p.sig, sl.alloc(SigSize))
			}
			docs[k] = d
			tids[k] = terms // sorted now
		}
	})
	idx := make([]int32, n)
	for k, d := range docs {
		i := int32(len(x.docs))
		for _, t := range tids[k] {
			x.df[t]++
		}
		x.docs = append(x.docs, d)
		x.byID[d.id] = i
		if w := prep[k].art.Wires; len(w) > 0 {
			x.wires[i] = w
		}
		x.alive++
		x.lsh.add(i, d.sig, func(j int32) []uint8 { return x.docs[j].sig })
		idx[k] = i
	}
	// postings: each article's heaviest terms under the frequencies of
	// the whole batch, whatever its order
	posted := make([][]int32, n) // positions in tids[k] of the posting terms
	parallel(workers, n, func(lo, hi int) {
		var sc postScratch
		for k := lo; k < hi; k++ {
			posted[k] = x.postingTerms(tids[k], docs[k].qs(), &sc)
		}
	})
	parts := max(1, workers)
	var wg sync.WaitGroup
	for part := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range n {
				q := docs[k].qs()
				for _, f := range posted[k] {
					if t := tids[k][f]; int(t)%parts == part {
						x.addPosting(t, idx[k], q[f])
					}
				}
			}
		}()
	}
	wg.Wait()
	return idx
}

// postScratch is reused by postingTerms calls on one goroutine.
type postScratch struct {
	order []int32
	w     []float32
}

// postingTerms returns the positions of a document's heaviest terms
// (Options.IndexTerms of them, by weight × idf² under the current
// frequencies; all when 0), in term order: only these list the document
// in their postings, so only these can retrieve it as a candidate.
func (x *index) postingTerms(terms []uint32, q []uint8, sc *postScratch) []int32 {
	keep := x.opts.IndexTerms
	if keep <= 0 || keep >= len(terms) {
		out := make([]int32, len(terms))
		for k := range out {
			out[k] = int32(k)
		}
		return out
	}
	order, w := sc.order[:0], sc.w[:0]
	for k, t := range terms {
		idf := x.computeIDF(t)
		order = append(order, int32(k))
		w = append(w, float32(q[k])*idf*idf)
	}
	sc.order, sc.w = order, w
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(w[b], w[a]); c != 0 {
			return c
		}
		return cmp.Compare(terms[a], terms[b])
	})
	out := slices.Clone(order[:keep])
	slices.Sort(out)
	return out
}

// addPosting appends document i to term t's postings. A list longer than
// twice MaxPostings is cut to its newest MaxPostings entries, the only
// ones a query reads.
func (x *index) addPosting(t uint32, i int32, q uint8) {
	pl := &x.postings[t]
	if m := x.opts.MaxPostings; m > 0 && len(pl.docs) >= 2*m {
		cut := len(pl.docs) - m
		pl.docs = append(pl.docs[:0], pl.docs[cut:]...)
		pl.q = append(pl.q[:0], pl.q[cut:]...)
	}
	pl.docs = append(pl.docs, i)
	pl.q = append(pl.q, q)
}

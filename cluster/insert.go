package cluster

import (
	"math"
	"math/bits"
	"slices"
	"sync"
	"time"
)

// insertBatch adds prepared articles (older versions already removed,
// term ids looked up by insertAll) to the index, in batch order, and
// returns their indices. The work that only reads the index (building
// and encoding vectors, choosing each article's posting terms) runs in
// parallel; new terms, frequencies and LSH chains are written serially,
// postings in parallel by term.
func (x *index) insertBatch(prep []prepared) []int32 {
	n := len(prep)
	workers := x.opts.Workers

	// term ids: insertAll gave each feature its term's id, or a
	// provisional one from len(x.df) up for a new term; new terms are
	// numbered here, in batch order
	base := uint32(len(x.df))
	var final []uint32 // final id by provisional id - base (unknownTerm: none yet)
	tids := make([][]uint32, n)
	count := 0
	for k := range prep {
		count += len(prep[k].feats)
	}
	block := make([]uint32, count)
	for k := range prep {
		ids := block[:len(prep[k].feats):len(prep[k].feats)]
		block = block[len(ids):]
		for f, tc := range prep[k].feats {
			t := tc.id
			if t >= base {
				for int(t-base) >= len(final) {
					final = append(final, unknownTerm)
				}
				if final[t-base] == unknownTerm {
					final[t-base] = uint32(len(x.df))
					x.vocab[tc.term] = uint32(len(x.df))
					x.df = append(x.df, 0)
					x.kinds = append(x.kinds, tc.term[0])
					x.names = append(x.names, tc.term)
					x.postings = append(x.postings, postingList{})
				}
				t = final[t-base]
			}
			ids[f] = t
		}
		tids[k] = ids
	}
	// vectors and compact signatures, cut from one block per chunk; a
	// vector's terms are sorted as packed keys tid<<8|q (ids are unique
	// in an article, so the order is the ids')
	tidBits := bits.Len32(uint32(len(x.df)))
	docs := make([]*doc, n)
	sigs := make([]byte, n*SigSize)
	parallel(workers, n, func(lo, hi int) {
		count := 0
		for k := lo; k < hi; k++ {
			count += len(prep[k].feats)
		}
		qBlock := make([]uint8, count)
		var packed, tmp []uint64
		qs := make([][]uint8, hi-lo)
		size, at := 0, 0
		for k := lo; k < hi; k++ {
			p := &prep[k]
			packed = packed[:0]
			for f, tc := range p.feats {
				packed = append(packed, uint64(tids[k][f])<<8|uint64(quantise(logTF(tc.count)*x.opts.kindWeight(tc.term[0]))))
			}
			tmp = sortPacked(packed, tmp, tidBits)
			terms, q := tids[k][:len(packed)], qBlock[at:at+len(packed):at+len(packed)]
			for f, v := range packed {
				terms[f], q[f] = uint32(v>>8), uint8(v)
			}
			at += len(packed)
			qs[k-lo] = q
			size += docSize(terms, p.art.ID, p.art.Title)
		}
		buf := make([]byte, 0, size)
		block := make([]doc, hi-lo)
		for k := lo; k < hi; k++ {
			p := &prep[k]
			length := len(bodyOf(&p.art))
			if p.restored {
				length = p.length
			}
			block[k-lo].init(&buf, tids[k], qs[k-lo], p.art.ID, p.art.Title, p.art.Published, length)
			d := &block[k-lo]
			if !p.sig.Empty {
				compactSig(&p.sig, sigs[k*SigSize:(k+1)*SigSize])
			}
			docs[k] = d
		}
		slab := x.addSlab(buf)
		for k := range block {
			block[k].slab = slab
		}
	})
	wires := make([][]string, n)
	for k := range prep {
		wires[k] = prep[k].art.Wires
	}
	idx := x.commit(docs, tids, wires, func(k int) []uint8 {
		if prep[k].sig.Empty {
			return nil
		}
		return sigs[k*SigSize : (k+1)*SigSize]
	})
	for k, i := range idx {
		if loc := prep[k].art.Published.Location(); loc != time.UTC {
			x.zones[i] = loc
		}
	}
	return idx
}

// commit adds built documents (with their sorted term ids, credited
// wires and compact signatures, sig(k) for docs[k], nil for none) to the
// frequencies, the document list, the signatures, the LSH chains and the
// postings, in order, and returns their indices.
func (x *index) commit(docs []*doc, tids [][]uint32, wires [][]string, sig func(k int) []uint8) []int32 {
	n := len(docs)
	workers := x.opts.Workers
	idx := make([]int32, n)
	byPart(workers, func(part, parts int) {
		for k := range docs {
			for _, t := range tids[k] {
				if int(t)%parts == part {
					x.df[t]++
				}
			}
		}
	})
	for k, d := range docs {
		i := int32(len(x.docs))
		x.docs = append(x.docs, d)
		x.ids.put(x.idOf(d), i, x.docID)
		if int(i>>6) == len(x.live) {
			x.live = append(x.live, 0)
		}
		x.live[i>>6] |= 1 << (i & 63)
		if w := wires[k]; len(w) > 0 {
			x.wires[i] = w
		}
		x.alive++
		x.sigs.add(sig(k))
		idx[k] = i
	}
	if n > 0 {
		x.lsh.addBatch(idx[0], idx[n-1]+1, x.sigOf, workers)
	}
	// postings: each article's heaviest terms under the frequencies of
	// the whole batch, whatever its order
	posted := make([][]int32, n) // positions in tids[k] of the posting terms
	idfs := x.idfTable(n)
	parallel(workers, n, func(lo, hi int) {
		var sc postScratch
		sc.idfs = idfs
		for k := lo; k < hi; k++ {
			posted[k] = x.postingTerms(tids[k], x.qs(docs[k]), &sc)
		}
	})
	byPart(workers, func(part, parts int) {
		for k := range n {
			q := x.qs(docs[k])
			for _, f := range posted[k] {
				if t := tids[k][f]; int(t)%parts == part {
					x.addPosting(t, idx[k], q[f])
				}
			}
		}
	})
	return idx
}

// byPart runs fn(part, parts) for every part on its own goroutine, parts
// being max(1, workers): a part handles the term ids t with t%parts ==
// part, so that the parts write per-term data without locks.
func byPart(workers int, fn func(part, parts int)) {
	parts := max(1, workers)
	var wg sync.WaitGroup
	for part := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(part, parts)
		}()
	}
	wg.Wait()
}

// postScratch is reused by postingTerms calls on one goroutine.
type postScratch struct {
	keys  []uint64
	idfs  []float32 // idf by document frequency (see idfTable)
	block []int32   // the results are cut from it
}

// take returns a slice of n positions cut from the scratch block.
func (sc *postScratch) take(n int) []int32 {
	if cap(sc.block)-len(sc.block) < n {
		sc.block = make([]int32, 0, max(n, 1<<12))
	}
	l := len(sc.block)
	sc.block = sc.block[:l+n]
	return sc.block[l : l+n : l+n]
}

// idfTable returns computeIDF of the terms whose document frequency is
// below its length, by frequency: idf depends on the frequency only, so
// the logarithms of a batch are computed once per frequency, not per
// term. A batch of n documents gets a table of up to 64n frequencies
// (at least 4,096, at most 65,536).
func (x *index) idfTable(n int) []float32 {
	n = min(x.alive+1, max(1<<12, min(64*n, 1<<16)))
	out := make([]float32, n)
	for df := range out {
		out[df] = float32(1 + math.Log(float64(x.alive+1)/float64(df+1)))
	}
	return out
}

// postingTerms returns the positions of a document's heaviest terms
// (Options.IndexTerms of them, by weight × idf² under the current
// frequencies, ties to the smaller term id; all when 0), in term order:
// only these list the document in their postings, so only these can
// retrieve it as a candidate.
func (x *index) postingTerms(terms []uint32, q []uint8, sc *postScratch) []int32 {
	keep := x.opts.IndexTerms
	if keep <= 0 || keep >= len(terms) {
		out := sc.take(len(terms))
		for k := range out {
			out[k] = int32(k)
		}
		return out
	}
	// keys order the terms heavier first, then by term id (positions
	// follow term ids)
	keys := sc.keys[:0]
	for k, t := range terms {
		var idf float32
		if df := x.df[t]; int(df) < len(sc.idfs) && df >= 0 {
			idf = sc.idfs[df]
		} else {
			idf = x.computeIDF(t)
		}
		w := float32(q[k]) * idf * idf
		keys = append(keys, heavierFirst(w)<<32|uint64(k))
	}
	sc.keys = keys
	selectFirst(keys, keep)
	out := sc.take(keep)
	for k, v := range keys[:keep] {
		out[k] = int32(uint32(v))
	}
	slices.Sort(out)
	return out
}

// selectFirst reorders s so that its first k elements are its k least
// (in no particular order among themselves): quickselect, linear on
// average where a sort is not.
func selectFirst(s []uint64, k int) {
	lo, hi := 0, len(s)-1
	for lo < hi {
		// median of three as the pivot, moved to hi
		mid := lo + (hi-lo)/2
		if s[mid] < s[lo] {
			s[mid], s[lo] = s[lo], s[mid]
		}
		if s[hi] < s[lo] {
			s[hi], s[lo] = s[lo], s[hi]
		}
		if s[mid] < s[hi] {
			s[mid], s[hi] = s[hi], s[mid]
		}
		pivot := s[hi]
		p := lo
		for i := lo; i < hi; i++ {
			if s[i] < pivot {
				s[i], s[p] = s[p], s[i]
				p++
			}
		}
		s[p], s[hi] = s[hi], s[p]
		switch {
		case p == k || p == k-1:
			return
		case p < k:
			lo = p + 1
		default:
			hi = p - 1
		}
	}
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

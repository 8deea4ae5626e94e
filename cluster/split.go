package cluster

import (
	"math"
	"slices"
)

// principalCut splits a group by the sign of the leading principal
// component of its members' term vectors: unit-normalised tf-idf vectors
// over the terms at least two members but not all share, centred on the
// group mean. This is the direction along which the members differ most.
// Terms every member shares do not vary and drop out; a term two members
// share by chance varies little; terms about half the members share and
// that occur together dominate, which is what two events told in one
// group look like (one robbery's town, year and getaway car against the
// other's shop and disguises). The average-linkage bisection, by
// contrast, is led by the rarest shared terms and often cuts off a pair
// of outliers instead.
//
// This is Boley's Principal Direction Divisive Partitioning (1998) step.
// The sign splits at the group's centroid, so a small event in a large
// group may lose a few members to the large side. The component is found
// by power iteration on X Xᵀ without forming the n×n matrix: each round
// costs two passes over the vectors.
func (c *Clusterer) principalCut(group []int32) (a, b []int) {
	return c.principalCutOf(group, c.termsOfGroup(group))
}

// groupTerms holds the decoded term lists of a group's members and the
// group's document frequencies, shared by the steps of refine. Each
// distinct term of the group has a column; cols[k][p] is the column of
// terms[k][p].
type groupTerms struct {
	terms [][]uint32
	cols  [][]int32
	ids   []uint32 // term id per column
	df    []int32  // members having the term, per column
	// salient lists, per member, the columns of the names it is about
	// (see markSalient); nil when not marked
	salient [][]int32
	// latest is, per member, the column of the latest year it mentions
	// (-1: none; see markLatest); nil when not marked
	latest []int32
	// sc, when set, lends the buffers of the group's steps (see
	// refineScratch)
	sc *refineScratch
}

// refineScratch holds buffers that refine reuses from group to group, on
// one goroutine at a time: refine allocated a third of all the bytes
// that clustering does.
type refineScratch struct {
	terms   []uint32 // the members' decoded terms, one block
	cols    []int32  // their columns, one block
	termsOf [][]uint32
	colsOf  [][]int32
	ids     []uint32
	df      []int32
	cells   []float64
	rows    [][]float64
	vecs    []colWeight
	vecOf   [][]colWeight
	dense   []float64
	local   []float64
	// counts lends the per-column counts of evidence (see
	// groupTerms.newCounts); emptied for each group
	counts []int32
	// principalCutOf's
	pcRows                   [][]colWeight
	pcBlock                  []colWeight
	pcMean, pcV, pcU, pcPrev []float64
}

// colWeight is a weight of a group's column.
type colWeight struct {
	col int32
	w   float64
}

// grown returns s[:n], reallocated when its capacity is short.
func grown[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

func (c *Clusterer) termsOfGroup(group []int32) groupTerms {
	return c.termsOfGroupIn(group, nil)
}

// termsOfGroupIn is termsOfGroup with the term and column lists cut from
// sc's blocks (nil: allocated); the result keeps sc for the next steps.
func (c *Clusterer) termsOfGroupIn(group []int32, sc *refineScratch) groupTerms {
	gt := groupTerms{sc: sc}
	if sc != nil {
		gt.terms, gt.cols = grown(sc.termsOf, len(group)), grown(sc.colsOf, len(group))
		gt.ids, gt.df = sc.ids[:0], sc.df[:0]
		sc.counts = sc.counts[:0]
	} else {
		gt.terms, gt.cols = make([][]uint32, len(group)), make([][]int32, len(group))
	}
	// col[t] is the column of term t plus one (0: none yet), kept in a
	// pooled array by term id: a lookup is one read, not a map's
	cs, _ := c.colScratch.Get().(*[]int32)
	if cs == nil {
		cs = new([]int32)
	}
	if len(*cs) < len(c.x.df) {
		*cs = make([]int32, len(c.x.df)+len(c.x.df)/4)
	}
	col := *cs
	var tblock []uint32
	var cblock []int32
	if sc != nil {
		tblock, cblock = sc.terms[:0], sc.cols[:0]
	}
	for k, i := range group {
		var ts []uint32
		var cols []int32
		if sc != nil {
			// earlier members' lists stay valid if a block is
			// reallocated: they keep the old one
			from := len(tblock)
			tblock = c.x.decodeTerms(c.x.docs[i], tblock)
			ts = tblock[from:len(tblock):len(tblock)]
			cblock = slices.Grow(cblock, len(ts))
			cols = cblock[len(cblock) : len(cblock)+len(ts) : len(cblock)+len(ts)]
			cblock = cblock[:len(cblock)+len(ts)]
		} else {
			ts = c.x.termsOf(i)
			cols = make([]int32, len(ts))
		}
		for p, t := range ts {
			j := col[t] - 1
			if j < 0 {
				j = int32(len(gt.ids))
				col[t] = j + 1
				gt.ids = append(gt.ids, t)
				gt.df = append(gt.df, 0)
			}
			gt.df[j]++
			cols[p] = j
		}
		gt.terms[k], gt.cols[k] = ts, cols
	}
	if sc != nil {
		sc.terms, sc.cols = tblock, cblock
		sc.termsOf, sc.colsOf, sc.ids, sc.df = gt.terms, gt.cols, gt.ids, gt.df
	}
	for _, t := range gt.ids {
		col[t] = 0
	}
	c.colScratch.Put(cs)
	return gt
}

// principalCutOf is principalCut with the group's terms given.
func (c *Clusterer) principalCutOf(group []int32, gt groupTerms) (a, b []int) {
	n := len(group)
	sc := gt.sc
	if sc == nil {
		sc = &refineScratch{}
	}
	rows := grown(sc.pcRows, n)
	mean := grown(sc.pcMean, len(gt.ids))
	clear(mean)
	block := sc.pcBlock[:0]
	for k, i := range group {
		var norm float64
		from := len(block)
		q := c.x.qs(c.x.docs[i])
		for p, j := range gt.cols[k] {
			if d := gt.df[j]; d < 2 || int(d) == n {
				continue // a term one member has, or all have, does not vary
			}
			w := float64(c.localWeightQ(q, p, gt.terms[k][p]) * c.x.idf(gt.terms[k][p]))
			block = append(block, colWeight{j, w})
			norm += w * w
		}
		row := block[from:len(block):len(block)]
		if norm > 0 {
			norm = 1 / math.Sqrt(norm)
			for e := range row {
				row[e].w *= norm
				mean[row[e].col] += row[e].w / float64(n)
			}
		}
		rows[k] = row
	}
	// power iteration on Xc Xcᵀ with Xc = X - 1 meanᵀ, from a fixed start
	v := grown(sc.pcV, n)
	for k := range v {
		v[k] = 1 + float64(k%5)/7
	}
	u := grown(sc.pcU, len(gt.ids))
	prev := grown(sc.pcPrev, n)
	clear(prev)
	sc.pcRows, sc.pcMean, sc.pcBlock, sc.pcV, sc.pcU, sc.pcPrev = rows, mean, block, v, u, prev
	for range principalRounds {
		clear(u)
		var sv float64
		for k := range n {
			sv += v[k]
			for _, e := range rows[k] {
				u[e.col] += e.w * v[k]
			}
		}
		var mu float64
		for j := range u {
			u[j] -= mean[j] * sv
			mu += mean[j] * u[j]
		}
		var nn float64
		for k := range n {
			var s float64
			for _, e := range rows[k] {
				s += e.w * u[e.col]
			}
			v[k] = s - mu
			nn += v[k] * v[k]
		}
		if nn == 0 {
			break
		}
		nn = 1 / math.Sqrt(nn)
		var moved float64
		for k := range v {
			x := v[k] * nn
			moved = max(moved, math.Abs(x-prev[k]))
			v[k], prev[k] = x, x
		}
		if moved < principalTol {
			break
		}
	}
	for k := range n {
		if v[k] >= 0 {
			a = append(a, k)
		} else {
			b = append(b, k)
		}
	}
	return a, b
}

// principalRounds bounds the power-iteration rounds of principalCut; it
// stops earlier once no member's coordinate moves by principalTol: the
// sign pattern has long settled when the group has two clear parts.
const (
	principalRounds = 60
	principalTol    = 1e-4
)

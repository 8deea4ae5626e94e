package cluster

import "math"

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
}

func (c *Clusterer) termsOfGroup(group []int32) groupTerms {
	gt := groupTerms{terms: make([][]uint32, len(group)), cols: make([][]int32, len(group))}
	col := make(map[uint32]int32, 64*len(group))
	for k, i := range group {
		ts := c.x.termsOf(i)
		cs := make([]int32, len(ts))
		for p, t := range ts {
			j, ok := col[t]
			if !ok {
				j = int32(len(gt.ids))
				col[t] = j
				gt.ids = append(gt.ids, t)
				gt.df = append(gt.df, 0)
			}
			gt.df[j]++
			cs[p] = j
		}
		gt.terms[k], gt.cols[k] = ts, cs
	}
	return gt
}

// principalCutOf is principalCut with the group's terms given.
func (c *Clusterer) principalCutOf(group []int32, gt groupTerms) (a, b []int) {
	n := len(group)
	type entry struct {
		col int32
		w   float64
	}
	rows := make([][]entry, n)
	mean := make([]float64, len(gt.ids))
	for k, i := range group {
		var norm float64
		row := make([]entry, 0, len(gt.terms[k]))
		for p, j := range gt.cols[k] {
			if d := gt.df[j]; d < 2 || int(d) == n {
				continue // a term one member has, or all have, does not vary
			}
			w := float64(c.localWeight(i, p, gt.terms[k][p]) * c.x.idf(gt.terms[k][p]))
			row = append(row, entry{j, w})
			norm += w * w
		}
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
	v := make([]float64, n)
	for k := range v {
		v[k] = 1 + float64(k%5)/7
	}
	u := make([]float64, len(gt.ids))
	prev := make([]float64, n)
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

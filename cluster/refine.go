package cluster

import (
	"math"
	"slices"
)

// refine splits a group that holds two different events of the same kind.
// Inside the group, terms every member shares (the kind of event: "rehab",
// "arrested", "earthquake") stop counting and terms only some members
// share (names, places, dates) decide: the group is cut in two by average
// linkage under these local weights, and the cut is kept when the two
// halves are much less alike than each half is inside (between-half
// similarity below SplitRatio times the within-half mean). Halves are
// refined again. Groups larger than maxRefine are left as they are.
func (c *Clusterer) refine(group []int32) [][]int32 {
	const minPart = 2
	const maxRefine = 400
	if c.opts.SplitRatio <= 0 || len(group) < 2*minPart || len(group) > maxRefine {
		return [][]int32{group}
	}
	sim := c.localSimilarities(group)
	a, b := bisectMeans(sim)
	if len(a) < minPart || len(b) < minPart {
		return [][]int32{group}
	}
	wa, wb, between := meanSim(sim, a, a), meanSim(sim, b, b), meanSim(sim, a, b)
	ratio := between / ((wa + wb) / 2)
	apart := ratio < c.opts.SplitRatio
	if c.opts.CoreOverlap > 0 && apart && c.coreOverlap(group, a, b) >= c.opts.CoreOverlap {
		// the halves are about the same names: one event told two ways
		apart = false
	}
	if !apart {
		return [][]int32{group}
	}
	pick := func(ix []int) []int32 {
		out := make([]int32, len(ix))
		for k, i := range ix {
			out[k] = group[i]
		}
		slices.Sort(out)
		return out
	}
	return append(c.refine(pick(a)), c.refine(pick(b))...)
}

// coreOverlap is the Jaccard overlap of the two halves' core names: the
// capitalised phrases found in at least half of the members of a half.
func (c *Clusterer) coreOverlap(group []int32, a, b []int) float64 {
	core := func(ix []int) map[uint32]bool {
		count := map[uint32]int{}
		for _, i := range ix {
			for _, t := range c.x.docs[group[i]].terms {
				if c.x.kinds[t] == kindEntity {
					count[t]++
				}
			}
		}
		out := map[uint32]bool{}
		for t, n := range count {
			if 2*n >= len(ix) {
				out[t] = true
			}
		}
		return out
	}
	ca, cb := core(a), core(b)
	if len(ca) == 0 || len(cb) == 0 {
		return 1
	}
	inter := 0
	for t := range ca {
		if cb[t] {
			inter++
		}
	}
	return float64(inter) / float64(len(ca)+len(cb)-inter)
}

// localSimilarities returns the cosine matrix of the group's members with
// each term weighted by its global idf times its idf inside the group.
func (c *Clusterer) localSimilarities(group []int32) [][]float64 {
	n := len(group)
	df := map[uint32]int{}
	for _, i := range group {
		for _, t := range c.x.docs[i].terms {
			df[t]++
		}
	}
	vecs := make([]map[uint32]float64, n)
	norms := make([]float64, n)
	for k, i := range group {
		d := c.x.docs[i]
		v := make(map[uint32]float64, len(d.terms))
		for p, t := range d.terms {
			if df[t] < 2 {
				continue // a term of one member says nothing about the cut
			}
			local := math.Log(float64(n+1) / float64(df[t]))
			w := float64(d.tf[p]*c.x.idf(t)) * local
			v[t] = w
			norms[k] += w * w
		}
		vecs[k] = v
		norms[k] = math.Sqrt(norms[k])
	}
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if norms[i] == 0 || norms[j] == 0 {
				continue
			}
			small, big := vecs[i], vecs[j]
			if len(big) < len(small) {
				small, big = big, small
			}
			var dot float64
			for t, w := range small {
				dot += w * big[t]
			}
			s := dot / (norms[i] * norms[j])
			sim[i][j], sim[j][i] = s, s
		}
	}
	return sim
}

// bisect runs average linkage on a dense similarity matrix until two
// groups remain. Ties go to the smallest indices.
func bisect(sim [][]float64) (a, b []int) {
	n := len(sim)
	groups := make([][]int, n)
	for i := range groups {
		groups[i] = []int{i}
	}
	// sum[i][j]: total similarity between groups i and j
	sum := make([][]float64, n)
	for i := range sum {
		sum[i] = slices.Clone(sim[i])
	}
	alive := n
	for alive > 2 {
		bi, bj, best := -1, -1, math.Inf(-1)
		for i := range n {
			if groups[i] == nil {
				continue
			}
			for j := i + 1; j < n; j++ {
				if groups[j] == nil {
					continue
				}
				avg := sum[i][j] / float64(len(groups[i])*len(groups[j]))
				if avg > best {
					bi, bj, best = i, j, avg
				}
			}
		}
		groups[bi] = append(groups[bi], groups[bj]...)
		groups[bj] = nil
		for k := range n {
			sum[bi][k] += sum[bj][k]
			sum[k][bi] = sum[bi][k]
		}
		alive--
	}
	for _, g := range groups {
		if g == nil {
			continue
		}
		if a == nil {
			a = g
		} else {
			b = g
		}
	}
	return a, b
}

// meanSim is the mean similarity over pairs (i in a, j in b, i != j).
func meanSim(sim [][]float64, a, b []int) float64 {
	var s float64
	n := 0
	for _, i := range a {
		for _, j := range b {
			if i != j {
				s += sim[i][j]
				n++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return s / float64(n)
}

// bisectMeans cuts a group in two by average similarity to each side
// (kernel 2-means on the similarity matrix), starting from average-linkage
// halves, until no member moves (at most 20 rounds). Ties stay put.
func bisectMeans(sim [][]float64) (a, b []int) {
	a, b = bisect(sim)
	a, b = append([]int(nil), a...), append([]int(nil), b...)
	n := len(sim)
	side := make([]int, n)
	for _, i := range b {
		side[i] = 1
	}
	for range 20 {
		var sum [][2]float64 = make([][2]float64, n)
		var cnt [2]int
		for j := range n {
			cnt[side[j]]++
		}
		for i := range n {
			for j := range n {
				if i != j {
					sum[i][side[j]] += sim[i][j]
				}
			}
		}
		moved := false
		for i := range n {
			s := side[i]
			own := cnt[s] - 1
			if own == 0 {
				continue
			}
			o := 1 - s
			if cnt[o] == 0 {
				continue
			}
			if sum[i][o]/float64(cnt[o]) > sum[i][s]/float64(own) {
				side[i] = o
				cnt[s]--
				cnt[o]++
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	a, b = a[:0], b[:0]
	for i := range n {
		if side[i] == 0 {
			a = append(a, i)
		} else {
			b = append(b, i)
		}
	}
	return a, b
}

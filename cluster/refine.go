package cluster

import (
	"math"
	"slices"
)

// refine splits a group that holds two different events of the same kind.
// Inside the group, terms every member shares (the kind of event: "rehab",
// "arrested", "earthquake") stop counting and terms only some members
// share (names, places, dates) decide, names weighing refineEntityWeight
// whatever Options.EntityWeight says: the group is cut in two by average
// linkage under these local weights, and the cut is kept when the two
// halves are much less alike than each half is inside (between-half
// similarity below SplitRatio times the within-half mean, each half
// having at least plainMinPart members). A cut whose halves are dated by
// different years (each member dated by the latest year it mentions, see
// markLatest) is kept at the looser YearSplitRatio, or StrongYearRatio
// when chance can hardly explain the year, and one whose halves each have
// names the other never mentions, or is never about (see entityChance and
// markSalient), at EntitySplitRatio. When the average-linkage cut fails,
// the principal cut (see principalCut) is tried too, and kept only on the
// evidence of a year or of names, not on the text alone; when both cuts
// hold, the better supported one is kept (see betterCut). Halves are
// refined again. Groups larger than maxRefine are left as they are.
func (c *Clusterer) refine(group []int32) [][]int32 {
	const minPart = 2
	const maxRefine = 400
	if c.opts.SplitRatio <= 0 || len(group) < 2*minPart || len(group) > maxRefine {
		return [][]int32{group}
	}
	sc, _ := c.refineScratch.Get().(*refineScratch)
	if sc == nil {
		sc = &refineScratch{}
	}
	gt := c.termsOfGroupIn(group, sc)
	c.markSalient(group, &gt)
	c.markLatest(&gt)
	sim := c.localSimilaritiesOf(group, gt)
	a, b := bisectMeans(sim)
	found := c.apart(gt, sim, a, b, true)
	if c.opts.StrongYearRatio > 0 && (found || c.yearMayCut(gt, len(group))) {
		// a second candidate, kept only on the evidence of a year or of
		// names; where the first fails, only when a year may cut, so that
		// trying more cuts does not make one-event stories fall apart
		// more often; where both hold, the better supported one is kept
		pa, pb := c.principalCutOf(group, gt)
		if c.apart(gt, sim, pa, pb, false) && (!found || c.betterCut(gt, sim, pa, pb, a, b)) {
			a, b, found = pa, pb, true
		}
	}
	if found {
		a, b = c.keepCopiesTogether(group, a, b)
		found = len(a) > 0 && len(b) > 0
	}
	c.refineScratch.Put(sc) // gt and sim are not used again
	if !found {
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

// keepCopiesTogether moves near-copies that a cut put on different sides
// to one side: the side that holds more of their copy group (the first
// half on a tie). A reprint is the same report, whatever a cut over
// years or names says (a truncated copy may have lost the dateline).
func (c *Clusterer) keepCopiesTogether(group []int32, a, b []int) ([]int, []int) {
	pos := make(map[int32]int, len(group))
	for k, i := range group {
		pos[i] = k
	}
	side := make([]int, len(group))
	for _, k := range b {
		side[k] = 1
	}
	seen := make([]bool, len(group))
	moved := false
	for k0 := range group {
		if seen[k0] || len(c.x.copiesOf(group[k0])) == 0 {
			continue
		}
		comp := []int{k0}
		seen[k0] = true
		for q := 0; q < len(comp); q++ {
			for _, j := range c.x.copiesOf(group[comp[q]]) {
				if k, ok := pos[j]; ok && !seen[k] {
					seen[k] = true
					comp = append(comp, k)
				}
			}
		}
		var count [2]int
		for _, k := range comp {
			count[side[k]]++
		}
		if count[0] > 0 && count[1] > 0 {
			to := 0
			if count[1] > count[0] {
				to = 1
			}
			for _, k := range comp {
				side[k] = to
			}
			moved = true
		}
	}
	if !moved {
		return a, b
	}
	a, b = a[:0], b[:0]
	for k, sd := range side {
		if sd == 0 {
			a = append(a, k)
		} else {
			b = append(b, k)
		}
	}
	return a, b
}

// apart reports whether halves a and b of group tell different events.
// Unless plain, only a year or names can keep the cut, not the text
// alone.
func (c *Clusterer) apart(gt groupTerms, sim [][]float64, a, b []int, plain bool) bool {
	const minPart = 2
	if len(a) < minPart || len(b) < minPart {
		return false
	}
	ratio := cutRatio(sim, a, b)
	// a year at least half the members of one half mention and no member
	// of the other does is evidence of another time: the cut is then kept
	// at a looser ratio; when chance can hardly explain it, at a looser
	// one still and whatever names the halves share (the same people,
	// another time)
	yc := 1.0
	if ratio < max(c.opts.YearSplitRatio, c.opts.StrongYearRatio) {
		yc = c.yearChance(gt, a, b)
	}
	if ratio < c.opts.StrongYearRatio && yc < strongYearAlpha {
		return true
	}
	if ratio < c.opts.EntitySplitRatio && c.entityChance(gt, a, b) < entityAlpha {
		return true
	}
	// on the text alone, a half needs plainMinPart members: two articles
	// much alike and unlike the rest are as often one outlet's pair of
	// reports on the same event
	apart := plain && ratio < c.opts.SplitRatio && min(len(a), len(b)) >= plainMinPart ||
		ratio < c.opts.YearSplitRatio && yc < yearAlpha
	if c.opts.CoreOverlap > 0 && apart && c.coreOverlap(gt, a, b) >= c.opts.CoreOverlap {
		// the halves are about the same names: one event told two ways
		apart = false
	}
	return apart
}

// betterCut reports whether cut (a, b) of a group is better supported
// than cut (a2, b2): its halves are told apart by stronger evidence (see
// cutEvidence), or, on equal evidence, they are less alike for their
// inner similarity. Two candidate cuts of one group mostly differ by a
// few members; the one whose evidence falls more cleanly on its sides
// places them better.
func (c *Clusterer) betterCut(gt groupTerms, sim [][]float64, a, b, a2, b2 []int) bool {
	if e, e2 := c.cutEvidence(gt, a, b), c.cutEvidence(gt, a2, b2); e != e2 {
		return e < e2
	}
	return cutRatio(sim, a, b) < cutRatio(sim, a2, b2)
}

// cutEvidence is the chance that the year or the names telling halves a
// and b apart fell so by accident (see yearChance and entityChance),
// counted only where chance can hardly explain it (under strongYearAlpha
// or entityAlpha, the levels at which apart lets that evidence keep a
// cut); 1 when there is no such evidence.
func (c *Clusterer) cutEvidence(gt groupTerms, a, b []int) float64 {
	e := 1.0
	if y := c.yearChance(gt, a, b); y < strongYearAlpha {
		e = y
	}
	if n := c.entityChance(gt, a, b); n < entityAlpha {
		e = min(e, n)
	}
	return e
}

// cutRatio is the mean similarity between halves a and b over the mean
// of their inner similarities.
func cutRatio(sim [][]float64, a, b []int) float64 {
	return meanSim(sim, a, b) / ((meanSim(sim, a, a) + meanSim(sim, b, b)) / 2)
}

// plainMinPart is the smallest half a cut on the text alone (SplitRatio)
// may leave.
const plainMinPart = 3

// entityAlpha bounds the chance of a name's mentions falling in one half
// by accident for entityChance to count it.
var entityAlpha = 1e-3

// entityChance is the larger of the two halves' smallest chances (see
// chanceAllIn) of a name that at least half of the half mention and no
// member of the other half does: small when each half has its own
// people or places, as two events of one kind do. When the names each
// member is about are marked (see markSalient), the same chance over
// those is taken too, and the smaller kept: reports of two arrests of
// one team's players each name both players, but are about one.
func (c *Clusterer) entityChance(gt groupTerms, a, b []int) float64 {
	entity := func(t uint32) bool { return c.x.kinds[t] == kindEntity }
	p := c.nameChance(gt.count(a, entity), gt.count(b, entity), len(a), len(b))
	if gt.salient != nil {
		p = min(p, c.nameChance(gt.countSalient(a), gt.countSalient(b), len(a), len(b)))
	}
	return p
}

// nameChance is entityChance over given per-column counts of the halves.
func (c *Clusterer) nameChance(ca, cb []int32, na, nb int) float64 {
	total := na + nb
	best := func(own, other []int32, size int) float64 {
		p := 1.0
		for j, n := range own {
			if n > 0 && 2*int(n) >= size && other[j] == 0 {
				p = min(p, chanceAllIn(int(n), size, total))
			}
		}
		return p
	}
	return max(best(ca, cb, na), best(cb, ca, nb))
}

// count returns, per column of the group, how many of the members at
// positions ix have the term, for the terms keep accepts only.
func (gt groupTerms) count(ix []int, keep func(t uint32) bool) []int32 {
	out := gt.newCounts()
	for _, i := range ix {
		for _, j := range gt.cols[i] {
			if out[j] > 0 || keep(gt.ids[j]) {
				out[j]++
			}
		}
	}
	return out
}

// yearMayCut reports whether some year could be evidence for a cut of
// the group (see yearChance): one that at least two members but not all
// but one are dated by (see markLatest; mention, when not marked), too
// many to fall in one half by chance.
func (c *Clusterer) yearMayCut(gt groupTerms, n int) bool {
	df := gt.df
	if gt.latest != nil {
		all := make([]int, n)
		for k := range all {
			all[k] = k
		}
		df = gt.countLatest(all)
	}
	for j, d := range df {
		if d >= 2 && int(d) <= n-2 && c.x.yearTerm(gt.ids[j]) && chanceAllIn(int(d), int(d), n) < yearAlpha {
			return true
		}
	}
	return false
}

// yearTerm reports whether term t is a year (a four-digit number 19xx or
// 20xx).
func (x *index) yearTerm(t uint32) bool {
	n := x.names[t]
	return x.kinds[t] == kindNumber && len(n) == 5 && (n[1:3] == "19" || n[1:3] == "20")
}

// yearChance is the smallest chance (see chanceAllIn) of the years that
// at least half of one half are dated by (see markLatest; mention, when
// not marked) and no member of the other half is; 1 when there is none.
func (c *Clusterer) yearChance(gt groupTerms, a, b []int) float64 {
	var ca, cb []int32
	if gt.latest != nil {
		ca, cb = gt.countLatest(a), gt.countLatest(b)
	} else {
		ca, cb = gt.count(a, c.x.yearTerm), gt.count(b, c.x.yearTerm)
	}
	total := len(a) + len(b)
	best := 1.0
	only := func(own, other []int32, size int) {
		for j, n := range own {
			if n > 0 && 2*int(n) >= size && other[j] == 0 {
				best = min(best, chanceAllIn(int(n), size, total))
			}
		}
	}
	only(ca, cb, len(a))
	only(cb, ca, len(b))
	return best
}

// strongYearAlpha bounds the chance of a year's mentions falling in one
// half by accident for apart to keep a cut at StrongYearRatio.
const strongYearAlpha = 1e-3

// yearAlpha bounds the chance that a year's mentions all fell in one half
// by accident for the year rule (YearSplitRatio) to count it.
var yearAlpha = 0.01

// chanceAllIn is the probability that k members drawn at random from n
// all belong to a given part of size m (hypergeometric, all successes).
func chanceAllIn(k, m, n int) float64 {
	p := 1.0
	for i := range k {
		p *= float64(m-i) / float64(n-i)
	}
	return p
}

// coreOverlap is the Jaccard overlap of the two halves' core names: the
// capitalised phrases found in at least half of the members of a half.
func (c *Clusterer) coreOverlap(gt groupTerms, a, b []int) float64 {
	core := func(ix []int) map[uint32]bool {
		count := map[uint32]int{}
		for _, i := range ix {
			for _, t := range gt.terms[i] {
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
	return c.localSimilaritiesOf(group, c.termsOfGroup(group))
}

// localSimilaritiesOf is localSimilarities with the group's terms given.
func (c *Clusterer) localSimilaritiesOf(group []int32, gt groupTerms) [][]float64 {
	n := len(group)
	sc := gt.sc
	if sc == nil {
		sc = &refineScratch{}
	}
	local := grown(sc.local, len(gt.ids))
	for j, d := range gt.df {
		local[j] = math.Log(float64(n+1) / float64(d))
	}
	vecs := grown(sc.vecOf, n)
	block := sc.vecs[:0]
	for k, i := range group {
		from := len(block)
		var norm float64
		q := c.x.qs(c.x.docs[i])
		for p, j := range gt.cols[k] {
			if gt.df[j] < 2 {
				continue // a term of one member says nothing about the cut
			}
			t := gt.terms[k][p]
			w := float64(c.localWeightQ(q, p, t)*c.x.idf(t)) * local[j]
			block = append(block, colWeight{j, w})
			norm += w * w
		}
		v := block[from:]
		if norm > 0 {
			norm = 1 / math.Sqrt(norm)
			for e := range v {
				v[e].w *= norm
			}
		}
		vecs[k] = v
	}
	// (a member's list may lie in an older block than the last: the
	// block grew while it was filled)
	sc.local, sc.vecOf, sc.vecs = local, vecs, block
	sim := grown(sc.rows, n)
	cells := grown(sc.cells, n*n)
	for i := range sim {
		sim[i] = cells[i*n : (i+1)*n : (i+1)*n]
		sim[i][i] = 0
	}
	sc.rows, sc.cells = sim, cells
	// each member's weights are spread over the group's columns, and the
	// members after it are compared by looking their columns up: the
	// products of shared terms are added in term order, as a merge of the
	// two sorted lists would (the other terms add +0: weights are
	// positive), so the sums are the same to the bit
	dense := grown(sc.dense, len(gt.ids))
	clear(dense)
	sc.dense = dense
	for i := range n {
		for _, e := range vecs[i] {
			dense[e.col] = e.w
		}
		for j := i + 1; j < n; j++ {
			var dot float64
			for _, e := range vecs[j] {
				dot += dense[e.col] * e.w
			}
			sim[i][j], sim[j][i] = dot, dot
		}
		for _, e := range vecs[i] {
			dense[e.col] = 0
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

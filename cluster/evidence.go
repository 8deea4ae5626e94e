package cluster

// Evidence that a group holds two events, beside the text: the names each
// report is about, the year each report is dated by, and the weights
// refine gives names.

// salientShare is the share of a member's heaviest name weight from which
// a name is one of the names the member is about (see markSalient).
var salientShare float32 = 0.85

// markSalient marks, for each member, the names it is about: those whose
// weight (sublinear count) is at least salientShare of its heaviest
// name's. Two arrests of one team's players both mention both players,
// but each report is about its own: the name a report repeats most.
func (c *Clusterer) markSalient(group []int32, gt *groupTerms) {
	gt.salient = make([][]int32, len(group))
	for k, i := range group {
		var top float32
		for p, t := range gt.terms[k] {
			if c.x.kinds[t] == kindEntity {
				top = max(top, c.x.weightOf(i, p))
			}
		}
		for p, t := range gt.terms[k] {
			if c.x.kinds[t] == kindEntity && c.x.weightOf(i, p) >= salientShare*top {
				gt.salient[k] = append(gt.salient[k], gt.cols[k][p])
			}
		}
	}
}

// countSalient returns, per column, how many members at positions ix are
// about the name (see markSalient).
func (gt groupTerms) countSalient(ix []int) []int32 {
	out := gt.newCounts()
	for _, i := range ix {
		for _, j := range gt.salient[i] {
			out[j]++
		}
	}
	return out
}

// markLatest notes each member's latest year: the largest year it
// mentions. A report is dated by the latest year it names; the earlier
// ones are background (a building's history, a previous arrest), which
// another event's reports may share.
func (c *Clusterer) markLatest(gt *groupTerms) {
	gt.latest = make([]int32, len(gt.terms))
	for k, ts := range gt.terms {
		gt.latest[k] = -1
		best := ""
		for p, t := range ts {
			if c.x.yearTerm(t) && c.x.names[t] > best {
				best = c.x.names[t]
				gt.latest[k] = gt.cols[k][p]
			}
		}
	}
}

// countLatest returns, per column, how many members at positions ix have
// it as their latest year (see markLatest).
func (gt groupTerms) countLatest(ix []int) []int32 {
	out := gt.newCounts()
	for _, i := range ix {
		if j := gt.latest[i]; j >= 0 {
			out[j]++
		}
	}
	return out
}

// refineEntityWeight is the weight of names against word stems inside
// refine, whatever Options.EntityWeight says: splitting one story in two
// rests on the names, the places and the dates of each event.
var refineEntityWeight float32 = 2

// localWeightQ is the weight refine gives the p-th term t of a document
// whose weights (qs) are q: its stored weight (weightOf) with the kind
// weight of names set to refineEntityWeight. The caller reads q once for
// all the document's terms.
func (c *Clusterer) localWeightQ(q []uint8, p int, t uint32) float32 {
	w := float32(q[p]) / qScale // weightOf
	if c.x.kinds[t] == kindEntity && c.opts.EntityWeight > 0 {
		w *= refineEntityWeight / c.opts.EntityWeight
	}
	return w
}

// newCounts returns zeroed counts, one per column, cut from the group's
// scratch block when it has one: refine counts evidence many times a
// group, and these arrays were a tenth of the bytes clustering allocated.
// They stay valid while the group's terms are in use (the block is
// emptied by the next termsOfGroupIn with the same scratch; a block that
// grows leaves earlier counts in the old one).
func (gt groupTerms) newCounts() []int32 {
	n := len(gt.ids)
	sc := gt.sc
	if sc == nil {
		return make([]int32, n)
	}
	if cap(sc.counts)-len(sc.counts) < n {
		sc.counts = make([]int32, 0, max(2*cap(sc.counts), 8*n, 1024))
	}
	l := len(sc.counts)
	sc.counts = sc.counts[:l+n]
	out := sc.counts[l : l+n : l+n]
	clear(out)
	return out
}

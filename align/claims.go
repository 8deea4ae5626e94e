package align

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// minClaimWords is the number of content words a sentence needs to take part
// in claims; shorter lines are datelines, bylines and captions.
const minClaimWords = 3

// exclusiveMaxSim is the highest similarity a sentence may have to any
// sentence of another article and still count as exclusive.
const exclusiveMaxSim = 0.2

// features returns the similarity features of a sentence: content stems,
// with name tokens folded to their entity and numbers normalised to values.
func features(s *sent) []string {
	inNum := make([]bool, len(s.toks))
	var fs []string
	for _, n := range s.nums {
		for k := n.first; k < n.end && k < len(inNum); k++ {
			inNum[k] = true
		}
		v := n.Value
		if n.Kind == "fraction" {
			v = roundSig(v)
		}
		fs = append(fs, "#"+n.Kind+":"+strconv.FormatFloat(v, 'g', -1, 64))
		if n.Unit != "" {
			fs = append(fs, n.Unit)
		}
	}
	for i, t := range s.toks {
		if inNum[i] || t.stem == "" {
			continue
		}
		fs = append(fs, truncate(t.stem))
	}
	return fs
}

// truncStem is the length stems are cut to, on top of snowball, so that
// derivations snowball keeps apart meet ("recognit"/"recognis",
// "unreal"/"unrealist"). Names ("@...") are kept whole.
const truncStem = 6

func truncate(stem string) string {
	if strings.HasPrefix(stem, "@") {
		return stem
	}
	n := 0
	for i := range stem {
		if n == truncStem {
			return stem[:i]
		}
		n++
	}
	return stem
}

// roundSig rounds to three significant digits so 1/3 and 33.3 % meet.
func roundSig(v float64) float64 {
	if v == 0 {
		return 0
	}
	p := math.Pow(10, 2-math.Floor(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

// buildVectors computes unit-length TF-IDF vectors per sentence.
func (d *doc) buildVectors() {
	feats := make([][]string, len(d.sents))
	for i, s := range d.sents {
		feats[i] = features(s)
		seen := map[string]bool{}
		for _, f := range feats[i] {
			if !seen[f] {
				seen[f] = true
				d.df[f]++
			}
		}
	}
	n := float64(len(d.sents))
	for i, s := range d.sents {
		v := map[string]float64{}
		for _, f := range feats[i] {
			v[f]++
		}
		var norm float64
		for f, tf := range v {
			w := tf * math.Log(1+n/float64(d.df[f]))
			v[f] = w
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for f := range v {
			v[f] /= norm
		}
		if len(v) < minClaimWords {
			v = nil
		}
		s.vec = v
	}
}

// linkMean is the share of the threshold that the mean similarity between
// two groups must reach for them to merge: best pairs start a claim, but a
// chain of pairwise links cannot drag unrelated sentences in (on ECB+ dev,
// where each topic holds two events, it cut claims mixing both events).
const linkMean = 0.75

// meanSim is the mean cosine between the sentences of two groups.
func (d *doc) meanSim(a, b []int) float64 {
	var sum float64
	for _, x := range a {
		for _, y := range b {
			sum += cosine(d.sents[x].vec, d.sents[y].vec)
		}
	}
	return sum / float64(len(a)*len(b))
}

type simPair struct {
	a, b int
	sim  float64
}

// similarities returns every pair of sentences from different articles with
// similarity at least min, using an inverted index over features.
func (d *doc) similarities(min float64) ([]simPair, []float64) {
	index := map[string][]int{}
	for i, s := range d.sents {
		for f := range s.vec {
			index[f] = append(index[f], i)
		}
	}
	best := make([]float64, len(d.sents))
	var pairs []simPair
	acc := make([]float64, len(d.sents))
	var touched []int
	for i, s := range d.sents {
		if s.vec == nil {
			continue
		}
		for f, w := range s.vec {
			for _, j := range index[f] {
				if j <= i || d.sents[j].art == s.art {
					continue
				}
				if acc[j] == 0 {
					touched = append(touched, j)
				}
				acc[j] += w * d.sents[j].vec[f]
			}
		}
		for _, j := range touched {
			// rounded so that map order in the sum cannot reorder ties
			sim := math.Round(acc[j]*1e9) / 1e9
			acc[j] = 0
			best[i] = math.Max(best[i], sim)
			best[j] = math.Max(best[j], sim)
			if sim >= min {
				pairs = append(pairs, simPair{i, j, sim})
			}
		}
		touched = touched[:0]
	}
	sort.Slice(pairs, func(x, y int) bool {
		if pairs[x].sim != pairs[y].sim {
			return pairs[x].sim > pairs[y].sim
		}
		if pairs[x].a != pairs[y].a {
			return pairs[x].a < pairs[y].a
		}
		return pairs[x].b < pairs[y].b
	})
	return pairs, best
}

// alignClaims groups sentences into claims, best pairs first, never two
// sentences of one article in one claim.
func (d *doc) alignClaims(threshold float64) {
	pairs, best := d.similarities(threshold)
	d.best = best
	group := make([]int, len(d.sents))
	members := map[int][]int{}
	arts := map[int]map[int]bool{}
	for i, s := range d.sents {
		group[i] = i
		members[i] = []int{i}
		arts[i] = map[int]bool{s.art: true}
	}
	for _, p := range pairs {
		ga, gb := group[p.a], group[p.b]
		if ga == gb {
			continue
		}
		clash := false
		for a := range arts[gb] {
			if arts[ga][a] {
				clash = true
				break
			}
		}
		if clash || d.meanSim(members[ga], members[gb]) < threshold*linkMean {
			continue
		}
		for _, m := range members[gb] {
			group[m] = ga
		}
		members[ga] = append(members[ga], members[gb]...)
		for a := range arts[gb] {
			arts[ga][a] = true
		}
		delete(members, gb)
		delete(arts, gb)
	}
	// continuity: a sentence left alone whose predecessor is in a claim joins
	// the claim of the sentence following one of its predecessor's partners
	// when they are half as similar as the threshold asks.
	for i := 1; i < len(d.sents); i++ {
		s, prev := d.sents[i], d.sents[i-1]
		if prev.art != s.art || s.vec == nil || len(members[group[i]]) > 1 || len(members[group[i-1]]) < 2 {
			continue
		}
		bestJ, bestSim := -1, threshold/2
		for _, m := range members[group[i-1]] {
			j := m + 1
			if j >= len(d.sents) || d.sents[j].art != d.sents[m].art || d.sents[j].art == s.art {
				continue
			}
			if arts[group[j]][s.art] {
				continue
			}
			if sim := cosine(s.vec, d.sents[j].vec); sim >= bestSim {
				bestJ, bestSim = j, sim
			}
		}
		if bestJ < 0 {
			continue
		}
		g := group[bestJ]
		delete(members, group[i])
		delete(arts, group[i])
		group[i] = g
		members[g] = append(members[g], i)
		arts[g][s.art] = true
	}
	for _, g := range sortedIntKeys(members) {
		ms := members[g]
		if len(ms) < 2 {
			continue
		}
		sort.Ints(ms)
		id := len(d.groups)
		for _, m := range ms {
			d.sents[m].claim = id
		}
		d.groups = append(d.groups, ms)
	}
}

func sortedIntKeys[V any](m map[int]V) []int {
	ks := make([]int, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	return ks
}

// claims renders the claim groups, canonical wording first chosen by
// centrality and by how faithful the source article looks.
func (d *doc) claims(profiles []Profile) []Claim {
	ts := make([]float64, len(d.arts))
	for i := range d.arts {
		if i < len(profiles) {
			ts[i] = profiles[i].TranslationScore
		}
	}
	type ranked struct {
		c     Claim
		first int
	}
	var rs []ranked
	for _, g := range d.groups {
		var c Claim
		bestScore := -1.0
		for _, m := range g {
			var cent float64
			for _, o := range g {
				if o != m {
					cent += cosine(d.sents[m].vec, d.sents[o].vec)
				}
			}
			sc := math.Round(cent*(1-0.5*ts[d.sents[m].art])*1e9) / 1e9
			if sc > bestScore {
				bestScore, c.Text = sc, d.sents[m].text
			}
			c.Support = append(c.Support, d.arts[d.sents[m].art].id)
			c.Sources = append(c.Sources, d.ref(m))
		}
		c.IndependentSources = d.independent(c.Support)
		rs = append(rs, ranked{c, g[0]})
	}
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i].c, rs[j].c
		if a.IndependentSources != b.IndependentSources {
			return a.IndependentSources > b.IndependentSources
		}
		if len(a.Support) != len(b.Support) {
			return len(a.Support) > len(b.Support)
		}
		return rs[i].first < rs[j].first
	})
	out := make([]Claim, len(rs))
	for i, r := range rs {
		r.c.ID = fmt.Sprintf("c%d", i+1)
		out[i] = r.c
	}
	return out
}

// exclusive lists, per article, sentences no other article comes close to.
func (d *doc) exclusive() []Exclusive {
	var out []Exclusive
	for _, a := range d.arts {
		var e Exclusive
		for _, si := range a.sents {
			s := d.sents[si]
			if s.claim >= 0 || s.vec == nil || len(s.vec) < 5 || d.best[si] >= exclusiveMaxSim || d.quotedElsewhere(si) {
				continue
			}
			e.Sentences = append(e.Sentences, d.ref(si))
		}
		if len(e.Sentences) > 0 {
			e.Article = a.id
			out = append(out, e)
		}
	}
	return out
}

// quotedElsewhere reports whether the sentence carries a quote that other
// articles also carry, in any wording.
func (d *doc) quotedElsewhere(si int) bool {
	s := d.sents[si]
	for _, u := range d.quoteUnits {
		if u.art == s.art && u.group >= 0 && strings.Contains(s.text, u.text) && d.unitSupport(u.group) > 1 {
			return true
		}
	}
	return false
}

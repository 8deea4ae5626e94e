package align

import (
	"maps"
	"math"
	"sort"
	"strings"
)

// idf is the inverse sentence frequency of a feature in the story.
func (d *doc) idf(f string) float64 {
	return math.Log(1 + float64(len(d.sents))/float64(max(1, d.df[f])))
}

// numberContextMin is the context similarity two number mentions outside one
// claim need to count as the same quantity.
const numberContextMin = 0.3

type mention struct {
	si int
	n  number
	// ctx holds the IDF-weighted stems around the mention, nearer ones
	// weighing more, and its modifier; the unit is compared apart.
	ctx map[string]float64
}

// numberConflicts compares the quantities of the story: mentions of one
// quantity (same kind, in one claim or with similar context) whose values
// cannot both hold form a conflict.
func (d *doc) numberConflicts() []Conflict {
	var ms []mention
	for si, s := range d.sents {
		for _, n := range s.nums {
			if (n.Kind == "year" || n.Kind == "age") && s.claim < 0 {
				continue // years and ages are compared within claims only
			}
			ctx := map[string]float64{}
			for k := max(0, n.first-8); k < min(len(s.toks), n.end+8); k++ {
				if k >= n.first && k < n.end || s.toks[k].stem == "" {
					continue
				}
				dist := float64(max(n.first-k, k-n.end+1))
				ctx[truncate(s.toks[k].stem)] += d.idf(truncate(s.toks[k].stem)) / (1 + dist/3)
			}
			if n.Mod != "" {
				ctx["mod:"+n.Mod] += 2
			}
			ms = append(ms, mention{si, n, ctx})
		}
	}
	parent := make([]int, len(ms))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	var links [][2]int
	for i := range ms {
		for j := i + 1; j < len(ms); j++ {
			a, b := ms[i], ms[j]
			sa, sb := d.sents[a.si], d.sents[b.si]
			if sa.art == sb.art || a.n.Kind != b.n.Kind {
				continue
			}
			sameClaim := sa.claim >= 0 && sa.claim == sb.claim
			if (a.n.Kind == "year" || a.n.Kind == "age") && !sameClaim {
				continue
			}
			// cheap tests first: the cosine is the costly part
			sameUnit := a.n.Unit == b.n.Unit && (a.n.Unit != "" || a.n.Kind == "year")
			link := false
			switch {
			case sameUnit && sameClaim:
				link = true
			case sameUnit:
				link = cosine(a.ctx, b.ctx) >= numberContextMin
			case !sameClaim && a.n.Mod != "" && a.n.Mod == b.n.Mod && a.n.Unit != "" && b.n.Unit != "":
				link = d.nearAligned(a.si, b.si) && cosine(a.ctx, b.ctx) >= numberContextMin
			}
			if link {
				links = append(links, [2]int{i, j})
				parent[find(j)] = find(i)
			}
		}
	}
	// a conflict needs two directly linked mentions that disagree; the
	// mentions taking part are those and their direct agreeing partners
	clash := map[int]bool{}
	for _, l := range links {
		if !compatible(ms[l[0]].n, ms[l[1]].n) {
			clash[l[0]], clash[l[1]] = true, true
		}
	}
	involved := maps.Clone(clash)
	for _, l := range links {
		if clash[l[0]] || clash[l[1]] {
			involved[l[0]], involved[l[1]] = true, true
		}
	}
	groups := map[int][]int{}
	for i := range ms {
		if involved[i] {
			groups[find(i)] = append(groups[find(i)], i)
		}
	}
	var out []Conflict
	for _, r := range sortedIntKeys(groups) {
		g := groups[r]
		// split the quantity's mentions into classes of compatible values
		var classes [][]int
		for _, m := range g {
			placed := false
			for ci, cl := range classes {
				ok := true
				for _, o := range cl {
					if !compatible(ms[m].n, ms[o].n) {
						ok = false
						break
					}
				}
				if ok {
					classes[ci] = append(classes[ci], m)
					placed = true
					break
				}
			}
			if !placed {
				classes = append(classes, []int{m})
			}
		}
		if len(classes) < 2 {
			continue
		}
		c := Conflict{Kind: "number"}
		units := map[string]bool{}
		var unitList []string
		for _, cl := range classes {
			side := ConflictSide{}
			texts := map[string]int{}
			arts := map[string]bool{}
			for _, m := range cl {
				s := d.sents[ms[m].si]
				texts[ms[m].n.Text]++
				arts[d.arts[s.art].id] = true
				side.Sentences = append(side.Sentences, d.ref(ms[m].si))
				if u := unitWord(s, ms[m].n); u != "" && !units[u] {
					units[u] = true
					unitList = append(unitList, u)
				}
			}
			side.Text = mostCommon(texts)
			side.Articles = sortedKeys(arts)
			c.Sides = append(c.Sides, side)
		}
		// one article on both sides is an internal inconsistency, not a
		// disagreement between sources; keep it only if sources differ too
		if !sidesDiffer(c.Sides) {
			continue
		}
		c.About = strings.Join(unitList, "/")
		if c.About == "" {
			c.About = c.Sides[0].Text
		}
		out = append(out, c)
	}
	return out
}

// nearAligned reports whether sentence a's claim holds a sentence of b's
// article next to b, or the other way round: the two sentences sit at the
// same place of their articles' accounts.
func (d *doc) nearAligned(a, b int) bool {
	check := func(x, y int) bool {
		sx, sy := d.sents[x], d.sents[y]
		if sx.claim < 0 {
			return false
		}
		for _, m := range d.groups[sx.claim] {
			sm := d.sents[m]
			if sm.art == sy.art && absInt(sm.idx-sy.idx) <= 1 {
				return true
			}
		}
		return false
	}
	return check(a, b) || check(b, a)
}

func sidesDiffer(sides []ConflictSide) bool {
	all := map[string]int{}
	for _, s := range sides {
		for _, a := range s.Articles {
			all[a]++
		}
	}
	only := 0
	for _, s := range sides {
		for _, a := range s.Articles {
			if all[a] == 1 {
				only++
				break
			}
		}
	}
	return only >= 2
}

// unitWord is the counted noun as written ("countries").
func unitWord(s *sent, n number) string {
	if n.Unit == "" || n.Unit == "share" || n.end == 0 {
		return ""
	}
	t := s.toks[n.end-1]
	if t.stem == n.Unit {
		return t.lower
	}
	return n.Unit
}

func mostCommon(m map[string]int) string {
	best, bn := "", 0
	for _, k := range sortedKeys(m) {
		if m[k] > bn {
			best, bn = k, m[k]
		}
	}
	return best
}

// negationReach is how many content words after a negator it covers,
// within its clause: only the word it directly negates ("not reveal").
// A wider reach confused "would not say what X is treated for" with a
// statement that X is not treated, on ECB+.
const negationReach = 1

// scopeTransparent words do not use up a negation's reach ("not be a
// part").
var scopeTransparent = wordSet(`be been being a an the any to have has had`)

// negators open a negation scope.
var negators = wordSet(`not no never nor without cannot neither declined declines decline refused refuses refuse failed fails`)

// antonyms are stem pairs of opposite polarity.
var antonyms = [][2]string{
	{"increas", "decreas"}, {"rise", "fall"}, {"accept", "reject"}, {"win", "lose"},
	{"support", "oppos"}, {"allow", "ban"}, {"approv", "reject"}, {"agre", "disagre"},
	{"confirm", "deni"}, {"includ", "exclud"}, {"open", "close"}, {"legal", "illeg"},
	{"possibl", "imposs"},
}

// polarity returns, per content stem of a sentence, whether it is negated
// (by a "non-" prefix, by a negation scope, or both, which cancel) and the
// token index of its first occurrence.
func polarity(s *sent) map[string][2]int {
	out := map[string][2]int{}
	scope := 0 // content words the current negation still covers
	for i, t := range s.toks {
		if i > 0 {
			gap := s.text[s.toks[i-1].end:t.start]
			if strings.ContainsAny(gap, ",;:.!?—–()\"“”") {
				scope = 0
			}
		}
		if negators[t.lower] || t.lower == "t" && i > 0 && strings.HasSuffix(s.toks[i-1].lower, "n") {
			scope = negationReach
			continue
		}
		if t.lower == "but" || t.lower == "and" {
			scope = 0
		}
		if scopeTransparent[t.lower] {
			continue
		}
		neg := scope > 0
		if scope > 0 {
			scope--
		}
		if t.stem == "" {
			continue
		}
		if t.hyphenBefore && i > 0 && s.toks[i-1].lower == "non" {
			neg = !neg
		}
		if _, ok := out[t.stem]; !ok {
			v := 0
			if neg {
				v = 1
			}
			out[t.stem] = [2]int{v, i}
		}
	}
	return out
}

// polarityConflicts compares sentences within each claim: a term both
// sentences use, with the same neighbour, negated in one and not the other.
func (d *doc) polarityConflicts() []Conflict {
	type key struct {
		claim int
		term  string
	}
	found := map[key]*Conflict{}
	var order []key
	for ci, g := range d.groups {
		pols := make([]map[string][2]int, len(g))
		for i, m := range g {
			pols[i] = polarity(d.sents[m])
		}
		for i := range g {
			for j := i + 1; j < len(g); j++ {
				si, sj := d.sents[g[i]], d.sents[g[j]]
				for _, term := range sortedKeys(pols[i]) {
					pi := pols[i][term]
					pj, ok := pols[j][term]
					if !ok || pi[0] == pj[0] || !sameNeighbour(si, pi[1], sj, pj[1]) {
						continue
					}
					k := key{ci, term}
					c := found[k]
					if c == nil {
						c = &Conflict{Kind: "polarity", About: aboutText(si, pi[1]),
							Sides: []ConflictSide{{}, {}}}
						found[k] = c
						order = append(order, k)
					}
					addSide(d, c, pi[0], g[i], si, pi[1])
					addSide(d, c, pj[0], g[j], sj, pj[1])
				}
			}
			// antonyms: one sentence uses a word, the other its opposite
			for j := i + 1; j < len(g); j++ {
				for _, p := range antonyms {
					for _, o := range [][2]int{{i, j}, {j, i}} {
						x, y := pols[o[0]], pols[o[1]]
						a, aok := x[p[0]]
						b, bok := y[p[1]]
						_, a2 := x[p[1]]
						_, b2 := y[p[0]]
						if !aok || !bok || a2 || b2 || a[0] != b[0] {
							continue
						}
						k := key{ci, p[0] + "/" + p[1]}
						if found[k] == nil {
							found[k] = &Conflict{Kind: "polarity", About: p[0] + "/" + p[1], Sides: []ConflictSide{{}, {}}}
							order = append(order, k)
						}
						addSide(d, found[k], 0, g[o[0]], d.sents[g[o[0]]], a[1])
						addSide(d, found[k], 1, g[o[1]], d.sents[g[o[1]]], b[1])
					}
				}
			}
		}
	}
	var out []Conflict
	for _, k := range order {
		c := found[k]
		for i := range c.Sides {
			sort.Strings(c.Sides[i].Articles)
		}
		out = append(out, *c)
	}
	return out
}

// sameNeighbour reports whether the terms at ti and tj share the next or
// previous content stem, so that they speak of the same thing.
func sameNeighbour(a *sent, ti int, b *sent, tj int) bool {
	next := func(s *sent, i, dir int) string {
		for k := i + dir; k >= 0 && k < len(s.toks); k += dir {
			if s.toks[k].stem != "" {
				return s.toks[k].stem
			}
			if k-i > 3 || i-k > 3 {
				break
			}
		}
		return ""
	}
	if n := next(a, ti, 1); n != "" && n == next(b, tj, 1) {
		return true
	}
	p := next(a, ti, -1)
	return p != "" && p == next(b, tj, -1)
}

// aboutText names what a polarity conflict is about: the term and the
// content word after it ("NATO mission").
func aboutText(s *sent, i int) string {
	end := s.toks[i].end
	for k := i + 1; k < len(s.toks) && k <= i+2; k++ {
		if s.toks[k].stem != "" {
			end = s.toks[k].end
			break
		}
	}
	return s.text[s.toks[i].start:end]
}

// addSide records a sentence on the negative (1) or positive (0) side.
func addSide(d *doc, c *Conflict, neg int, si int, s *sent, ti int) {
	side := &c.Sides[neg]
	id := d.arts[s.art].id
	for _, a := range side.Articles {
		if a == id {
			return
		}
	}
	side.Articles = append(side.Articles, id)
	side.Sentences = append(side.Sentences, d.ref(si))
	if side.Text == "" {
		start := max(0, ti-3)
		if ti >= 1 && s.toks[ti-1].lower == "non" {
			start = max(0, ti-4)
		}
		end := min(len(s.toks)-1, ti+1)
		side.Text = s.text[s.toks[start].start:s.toks[end].end]
	}
}

package cluster

import (
	"math"
	"slices"
	"strings"
	"unicode"
)

// describe builds the full view of a story: members with copy groups,
// independent sources, title and dates. sim holds known pairwise
// similarities (may be nil: they are then computed).
func (c *Clusterer) describe(st *storyState, sim map[[2]int32]float32) Story {
	members := slices.Clone(st.members)
	slices.SortFunc(members, func(a, b int32) int { return strings.Compare(c.x.docID(a), c.x.docID(b)) })
	s := Story{}
	s.ID = st.id
	inStory := make(map[int32]bool, len(members))
	for _, m := range members {
		inStory[m] = true
	}

	// copy groups: connected components of copy links inside the story
	comp := map[int32]int32{}
	var comps [][]int32
	for _, m := range members {
		if _, ok := comp[m]; ok {
			continue
		}
		k := int32(len(comps))
		queue := []int32{m}
		comp[m] = k
		for q := 0; q < len(queue); q++ {
			for _, n := range c.x.copiesOf(queue[q]) {
				if _, ok := comp[n]; !ok && inStory[n] {
					comp[n] = k
					queue = append(queue, n)
				}
			}
		}
		comps = append(comps, queue)
	}
	original := make([]int32, len(comps))
	for k, g := range comps {
		original[k] = c.originalOf(g)
	}

	// independent sources: copy groups, joined when they credit the same wire
	parent := make([]int, len(comps))
	for k := range parent {
		parent[k] = k
	}
	var find func(int) int
	find = func(k int) int {
		for parent[k] != k {
			parent[k] = parent[parent[k]]
			k = parent[k]
		}
		return k
	}
	wireGroup := map[string]int{}
	for k, g := range comps {
		for _, m := range g {
			for _, w := range c.x.wiresOf(m) {
				key := wireKey(w)
				if key == "" {
					continue
				}
				if o, ok := wireGroup[key]; ok {
					if ra, rb := find(o), find(k); ra != rb {
						parent[max(ra, rb)] = min(ra, rb)
					}
				} else {
					wireGroup[key] = k
				}
			}
		}
	}
	bySource := map[int]*Source{}
	var roots []int
	for k, g := range comps {
		r := find(k)
		src := bySource[r]
		if src == nil {
			src = &Source{}
			bySource[r] = src
			roots = append(roots, r)
		}
		for _, m := range g {
			src.Articles = append(src.Articles, c.x.docID(m))
			for _, w := range c.x.wiresOf(m) {
				if !slices.Contains(src.Wires, w) && wireKey(w) != "" {
					src.Wires = append(src.Wires, w)
				}
			}
		}
	}
	slices.Sort(roots)
	for _, r := range roots {
		src := bySource[r]
		slices.Sort(src.Articles)
		slices.Sort(src.Wires)
		groups := 0
		for k := range comps {
			if find(k) == r {
				groups++
			}
		}
		switch {
		case len(src.Articles) == 1 && len(src.Wires) == 0:
			src.Why = "single article"
		case len(src.Articles) == 1:
			src.Why = "single article crediting " + strings.Join(src.Wires, ", ")
		case groups == 1:
			src.Why = "near-copies of one text"
		default:
			src.Why = "articles crediting the same wire (" + strings.Join(src.Wires, ", ") + ")"
		}
		s.Sources = append(s.Sources, *src)
	}
	s.IndependentSources = len(s.Sources)

	for _, m := range members {
		k := comp[m]
		id := c.x.docID(m)
		s.ArticleIDs = append(s.ArticleIDs, id)
		s.Members = append(s.Members, Member{ArticleID: id, CopyGroup: c.x.docID(original[k]), Original: original[k] == m})
		if pub := c.x.published(m); !pub.IsZero() {
			if s.First.IsZero() || pub.Before(s.First) {
				s.First = pub
			}
			if pub.After(s.Last) {
				s.Last = pub
			}
		}
	}
	s.Title = c.titleOf(members, sim)
	return s
}

// originalOf picks a copy group's original: the earliest published, else
// the longest text, else the smallest id.
func (c *Clusterer) originalOf(g []int32) int32 {
	best := g[0]
	for _, m := range g[1:] {
		a, b := c.x.docs[m], c.x.docs[best]
		ap, bp := a.instant(), b.instant()
		switch {
		case !ap.IsZero() && (bp.IsZero() || ap.Before(bp)):
			best = m
		case !ap.Equal(bp):
		case a.length > b.length:
			best = m
		case a.length == b.length && c.x.docID(m) < c.x.docID(best):
			best = m
		}
	}
	return best
}

// titleOf returns the most representative headline: the title whose
// words weigh most in the story's combined term vector (per word, so that
// long titles do not win by length). A headline of site furniture
// ("Subscribe now") shares nothing with the story and loses.
func (c *Clusterer) titleOf(members []int32, _ map[[2]int32]float32) string {
	x := c.titleX.get()
	defer c.titleX.put(x)
	// each distinct title's features, as term ids (a feature the index
	// has never seen weighs nothing)
	type titled struct {
		text  string
		terms []uint32
		n     int // features, known or not
	}
	var titles []titled
	seen := map[string]bool{}
	for _, m := range members {
		title := strings.TrimSpace(c.x.titleOf(c.x.docs[m]))
		if title == "" || seen[title] {
			continue
		}
		seen[title] = true
		feats := x.features(title, "", "", 1)
		x.termIDs(feats, c.x.vocab)
		tt := titled{text: title, n: len(feats)}
		for _, f := range feats {
			if f.id != unknownTerm {
				tt.terms = append(tt.terms, f.id)
			}
		}
		titles = append(titles, tt)
	}
	switch len(titles) {
	case 0:
		return ""
	case 1:
		return titles[0].text
	}
	// the story's centroid, on the title terms only: their sorted ids
	// (keys) and values, merged with each member's sorted terms
	var keys []uint32
	for _, tt := range titles {
		keys = append(keys, tt.terms...)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	cent := make([]float64, len(keys))
	var terms []uint32
	for _, m := range members[:min(len(members), 64)] {
		d := c.x.docs[m]
		n := float64(c.x.norm(m))
		q := c.x.qs(d)
		terms = c.x.decodeTerms(d, terms[:0])
		for k, p := 0, 0; k < len(terms) && p < len(keys); {
			switch t := terms[k]; {
			case t < keys[p]:
				k++
			case t > keys[p]:
				p++
			default:
				cent[p] += float64(float32(q[k])/qScale*c.x.idf(t)) / n
				k++
				p++
			}
		}
	}
	centroid := func(t uint32) float64 {
		p, _ := slices.BinarySearch(keys, t)
		return cent[p]
	}
	best, bestScore := "", -1.0
	for _, tt := range titles {
		score := 0.0
		for _, t := range tt.terms {
			score += centroid(t)
		}
		if tt.n > 0 {
			score /= math.Sqrt(float64(tt.n))
		}
		if score > bestScore || score == bestScore && tt.text < best {
			best, bestScore = tt.text, score
		}
	}
	return best
}

// wireKey normalises a wire agency name for comparison.
func wireKey(w string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, w)
}

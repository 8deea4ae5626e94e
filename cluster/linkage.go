package cluster

import "slices"

// edge is a similarity between two articles (internal indices a < b).
type edge struct {
	a, b int32
	sim  float32
}

// averageLinkage merges the nodes into groups bottom-up, always joining the
// two groups with the highest average pairwise similarity, while that
// average is at least threshold. Pairs without an edge count as
// similarity 0. Ties are broken by node number, so the result depends only
// on the nodes and edges, not on their order. It returns the groups, each
// sorted, ordered by their smallest node.
func averageLinkage(nodes []int32, edges []edge, threshold float64) [][]int32 {
	type group struct {
		members []int32
		adj     map[int32]float64 // other group -> sum of pairwise similarities
		version int
	}
	groups := make(map[int32]*group, len(nodes))
	for _, n := range nodes {
		groups[n] = &group{members: []int32{n}, adj: map[int32]float64{}}
	}
	for _, e := range edges {
		ga, gb := groups[e.a], groups[e.b]
		if ga == nil || gb == nil || e.a == e.b {
			continue
		}
		ga.adj[e.b] += float64(e.sim)
		gb.adj[e.a] += float64(e.sim)
	}
	h := new(mergeHeap)
	*h = make(mergeHeap, 0, len(edges)) // about the pairs first pushed
	push := func(a, b int32) {
		ga, gb := groups[a], groups[b]
		avg := ga.adj[b] / float64(len(ga.members)*len(gb.members))
		if avg < threshold {
			return
		}
		if b < a {
			a, b = b, a
			ga, gb = gb, ga
		}
		h.push(merge{avg: avg, a: a, b: b, va: ga.version, vb: gb.version})
	}
	for _, n := range nodes {
		for m := range groups[n].adj {
			if n < m {
				push(n, m)
			}
		}
	}
	for h.Len() > 0 {
		m := h.pop()
		ga, gb := groups[m.a], groups[m.b]
		if ga == nil || gb == nil || ga.version != m.va || gb.version != m.vb {
			continue
		}
		// keep the smaller key so that group keys stay the smallest node
		keep, drop := m.a, m.b
		gk, gd := ga, gb
		for k, s := range gd.adj {
			if k == keep {
				continue
			}
			gk.adj[k] += s
			gother := groups[k]
			gother.adj[keep] += s
			delete(gother.adj, drop)
		}
		delete(gk.adj, drop)
		gk.members = append(gk.members, gd.members...)
		gk.version++
		delete(groups, drop)
		for k := range gk.adj {
			push(keep, k)
		}
	}
	out := make([][]int32, 0, len(groups))
	for _, g := range groups {
		slices.Sort(g.members)
		out = append(out, g.members)
	}
	slices.SortFunc(out, func(x, y []int32) int { return int(x[0]) - int(y[0]) })
	return out
}

type merge struct {
	avg    float64
	a, b   int32
	va, vb int
}

// mergeHeap pops the highest average first, then the smallest pair.
type mergeHeap []merge

func (h mergeHeap) Len() int { return len(h) }
func (h mergeHeap) Less(i, j int) bool {
	if h[i].avg != h[j].avg {
		return h[i].avg > h[j].avg
	}
	if h[i].a != h[j].a {
		return h[i].a < h[j].a
	}
	if h[i].b != h[j].b {
		return h[i].b < h[j].b
	}
	return h[i].va+h[i].vb > h[j].va+h[j].vb
}

// push adds m (container/heap's algorithm, without boxing m in an
// interface: every push allocated).
func (h *mergeHeap) push(m merge) {
	*h = append(*h, m)
	s := *h
	for j := len(s) - 1; j > 0; {
		i := (j - 1) / 2
		if !s.Less(j, i) {
			break
		}
		s[i], s[j] = s[j], s[i]
		j = i
	}
}

// pop removes and returns the first merge.
func (h *mergeHeap) pop() merge {
	s := *h
	n := len(s) - 1
	s[0], s[n] = s[n], s[0]
	for i := 0; ; {
		j := 2*i + 1
		if j >= n {
			break
		}
		if j2 := j + 1; j2 < n && s.Less(j2, j) {
			j = j2
		}
		if !s.Less(j, i) {
			break
		}
		s[i], s[j] = s[j], s[i]
		i = j
	}
	m := s[n]
	*h = s[:n]
	return m
}

// components splits a graph into its connected components: their nodes
// (in the order of nodes) and edges (in the order of edges), components
// ordered by their first node in nodes. Every edge must join two of the
// nodes.
func components(nodes []int32, edges []edge) ([][]int32, [][]edge) {
	pos := make(map[int32]int32, len(nodes))
	for k, n := range nodes {
		pos[n] = int32(k)
	}
	parent := make([]int32, len(nodes))
	for k := range parent {
		parent[k] = int32(k)
	}
	find := func(k int32) int32 {
		for parent[k] != k {
			parent[k] = parent[parent[k]]
			k = parent[k]
		}
		return k
	}
	for _, e := range edges {
		if a, b := find(pos[e.a]), find(pos[e.b]); a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	comp := make([]int32, len(nodes)) // component number by root, -1: none yet
	for k := range comp {
		comp[k] = -1
	}
	var outNodes [][]int32
	for k, n := range nodes {
		r := find(int32(k))
		if comp[r] < 0 {
			comp[r] = int32(len(outNodes))
			outNodes = append(outNodes, nil)
		}
		outNodes[comp[r]] = append(outNodes[comp[r]], n)
	}
	outEdges := make([][]edge, len(outNodes))
	for _, e := range edges {
		k := comp[find(pos[e.a])]
		outEdges[k] = append(outEdges[k], e)
	}
	return outNodes, outEdges
}

// dedupeEdges keeps one edge per pair (the larger similarity), sorted.
func dedupeEdges(es []edge) []edge {
	slices.SortFunc(es, func(p, q edge) int {
		if p.a != q.a {
			return int(p.a - q.a)
		}
		if p.b != q.b {
			return int(p.b - q.b)
		}
		if p.sim > q.sim {
			return -1
		}
		if p.sim < q.sim {
			return 1
		}
		return 0
	})
	return slices.CompactFunc(es, func(p, q edge) bool { return p.a == q.a && p.b == q.b })
}

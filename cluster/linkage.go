package cluster

import (
	"container/heap"
	"slices"
)

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
	h := &mergeHeap{}
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
		heap.Push(h, merge{avg: avg, a: a, b: b, va: ga.version, vb: gb.version})
	}
	for _, n := range nodes {
		for m := range groups[n].adj {
			if n < m {
				push(n, m)
			}
		}
	}
	for h.Len() > 0 {
		m := heap.Pop(h).(merge)
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
func (h mergeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)   { *h = append(*h, x.(merge)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
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

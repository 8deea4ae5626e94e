package cluster

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"

	"github.com/chorusnews/chorus"
)

// Story is a story as the cluster stage sees it: the stored fields plus
// each member's copy group and the independent sources behind the count.
type Story struct {
	chorus.Story
	Members []Member `json:"members"`
	Sources []Source `json:"sources"`
}

// Member is one article of a story.
type Member struct {
	ArticleID string `json:"id"`
	// CopyGroup is the id of the original of the article's near-copy
	// group (its own id when it has no copies).
	CopyGroup string `json:"copy_group"`
	// Original is true for the article that CopyGroup names.
	Original bool `json:"original,omitempty"`
}

// Source is one independent source of a story: a near-copy group, or
// several groups that credit the same wire agency.
type Source struct {
	Articles []string `json:"articles"`
	// Wires are the agencies credited by the articles, if any.
	Wires []string `json:"wires,omitempty"`
	// Why says why these articles count once.
	Why string `json:"why"`
}

// Result says what an Add changed.
type Result struct {
	// Stories are the stories created or changed, in full.
	Stories []Story
	// Removed are ids of stories that no longer exist.
	Removed []string
	// States holds the stored form (see EncodeState) of each article the
	// Add indexed, by article id, when Options.States is set.
	States map[string][]byte
}

// Clusterer assigns articles to copy groups and stories incrementally. It
// is not safe for concurrent use.
type Clusterer struct {
	opts    Options
	x       *index
	stories map[int32]*storyState
	nextKey int32
	ids     map[string]int32 // story id -> key
	pending []int32          // restored articles without a story
	titleX  extractors       // to weigh titles
	xs      extractors       // to featurise batches
	// colScratch holds *[]int32 of zeros, one per term id, for
	// termsOfGroup
	colScratch sync.Pool
	// refineScratch holds *refineScratch for refine
	refineScratch sync.Pool
}

type storyState struct {
	id      string
	members []int32
}

// New returns an empty Clusterer.
func New(opts Options) *Clusterer {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Neighbours <= 0 {
		opts.Neighbours = 48
	}
	return &Clusterer{opts: opts, x: newIndex(opts), stories: map[int32]*storyState{}, ids: map[string]int32{}}
}

// Len returns the number of live articles.
func (c *Clusterer) Len() int { return c.x.alive }

// SetWorkers bounds the goroutines later calls use; 0 means GOMAXPROCS.
// Results do not depend on it: an ingest that clusters while it stores
// uses it to leave the single database writer a core.
func (c *Clusterer) SetWorkers(n int) {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	c.opts.Workers = n
	c.x.opts.Workers = n
}

// normalise keeps the last version of each id and sorts by id, so a batch
// is processed the same way in any order.
func normalise(arts []chorus.Article) []chorus.Article {
	return lastByID(slices.Clone(arts), func(a chorus.Article) string { return a.ID })
}

// lastByID keeps, in place, the last of the items that share an id and
// sorts them by id.
func lastByID[T any](items []T, id func(T) string) []T {
	seen := make(map[string]int, len(items))
	out := items[:0]
	for _, it := range items {
		if k, ok := seen[id(it)]; ok {
			out[k] = it
			continue
		}
		seen[id(it)] = len(out)
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b T) int { return strings.Compare(id(a), id(b)) })
	return out
}

// insertAll replaces older versions and inserts the batch.
func (c *Clusterer) insertAll(prep []prepared) []int32 {
	for k := range prep {
		if old, ok := c.x.lookup(prep[k].art.ID); ok {
			c.detach(old)
			c.x.remove(old)
		}
	}
	x := c.x
	// each feature's term is looked up once (prepare did it for the
	// articles it resolved): a known term gets its id, a new one a
	// provisional id from len(x.df) up in order of first appearance
	// (insertBatch numbers the new terms that survive the cap for good)
	parallel(c.opts.Workers, len(prep), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			if prep[k].resolved {
				continue
			}
			feats := prep[k].feats
			for f := range feats {
				if t, ok := x.vocab[feats[f].term]; ok {
					feats[f].id = t
				} else {
					feats[f].id = unknownTerm
				}
			}
		}
	})
	fresh := map[string]uint32{}
	for k := range prep {
		feats := prep[k].feats
		for f := range feats {
			if feats[f].id != unknownTerm {
				continue
			}
			t, ok := fresh[feats[f].term]
			if !ok {
				t = uint32(len(x.df) + len(fresh))
				fresh[feats[f].term] = t
			}
			feats[f].id = t
		}
	}
	// weigh terms for capping by the frequencies including the whole
	// batch, so that the order inside a batch does not matter (the batch
	// is counted by id on all cores, a part of the articles each)
	if c.opts.MaxTerms > 0 && slices.ContainsFunc(prep, func(p prepared) bool { return len(p.feats) > c.opts.MaxTerms }) {
		terms := len(x.df) + len(fresh)
		parts := make([][]int32, max(1, c.opts.Workers))
		byPart(c.opts.Workers, func(part, n int) {
			count := make([]int32, terms)
			for k := part * len(prep) / n; k < (part+1)*len(prep)/n; k++ {
				for _, f := range prep[k].feats {
					count[f.id]++
				}
			}
			parts[part] = count
		})
		df := parts[0]
		for _, p := range parts[1:] {
			for j, v := range p {
				df[j] += v
			}
		}
		for t := range x.df {
			df[t] += x.df[t]
		}
		total := x.alive + len(prep)
		idf := func(f termCount) float32 {
			return float32(1 + math.Log(float64(total+1)/float64(df[f.id]+1)))
		}
		parallel(c.opts.Workers, len(prep), func(lo, hi int) {
			var buf []scoredTerm
			for k := lo; k < hi; k++ {
				capTerms(&prep[k], c.opts, idf, &buf)
			}
		})
	}
	return c.x.insertBatch(prep)
}

// detach removes a document from its story.
func (c *Clusterer) detach(i int32) {
	d := c.x.docs[i]
	if d.story < 0 {
		return
	}
	if s := c.stories[d.story]; s != nil {
		s.members = slices.DeleteFunc(s.members, func(v int32) bool { return v == i })
	}
	d.story = -1
}

// linkCopies records near-copy links of the given documents.
func (c *Clusterer) linkCopies(idx []int32) {
	found := make([][]int32, len(idx))
	parallel(c.opts.Workers, len(idx), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			found[k] = c.x.findCopies(idx[k])
		}
	})
	for k, i := range idx {
		for _, j := range found[k] {
			c.x.linkCopy(i, j)
			c.x.linkCopy(j, i)
		}
	}
}

// Add indexes new or updated articles (an id seen before replaces the
// older version), re-clusters the neighbourhood they touch and returns
// the stories that changed. Articles of one batch are clustered together,
// so a batch gives the same result in any order.
func (c *Clusterer) Add(ctx context.Context, arts []chorus.Article) (Result, error) {
	arts = normalise(arts)
	c.x.compactNbrs()
	prep, err := prepare(ctx, c.opts, arts, &c.xs, c.x.vocab)
	if err != nil {
		return Result{}, fmt.Errorf("cluster: %w", err)
	}
	// stories losing members to updates must be re-clustered too
	touched := map[int32]bool{}
	for _, a := range arts {
		if old, ok := c.x.lookup(a.ID); ok && c.x.docs[old].story >= 0 {
			touched[c.x.docs[old].story] = true
		}
	}
	var states map[string][]byte
	if c.opts.States {
		states = make(map[string][]byte, len(prep))
		key := c.opts.stateKey()
		for k := range prep {
			states[prep[k].art.ID] = encodeState(&prep[k], key)
		}
	}
	idx := c.insertAll(prep)
	prep = nil
	c.linkCopies(idx)
	newDocs := append(idx, c.pending...)
	c.pending = nil
	c.x.refreshNorms()

	// neighbourhood: new documents, and every story one of them is close to
	nb := c.edgesOf(ctx, newDocs)
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("cluster: %w", err)
	}
	inSet := map[int32]bool{}
	var nodes []int32
	addNode := func(i int32) {
		if !inSet[i] {
			inSet[i] = true
			nodes = append(nodes, i)
		}
	}
	for _, i := range newDocs {
		addNode(i)
	}
	// only strong links pull a story in: a weak one cannot make the new
	// article join it
	for _, es := range nb {
		for _, e := range es {
			if float64(e.sim) < c.opts.StoryThreshold {
				continue
			}
			for _, j := range []int32{e.a, e.b} {
				if s := c.x.docs[j].story; s >= 0 {
					touched[s] = true
				}
			}
		}
	}
	for k := range touched {
		for _, m := range c.stories[k].members {
			addNode(m)
		}
	}
	// edges among the neighbourhood: old members reuse the neighbour lists
	// kept from their last query (new articles' edges were added to them
	// below); only members without a list are queried again
	var old []int32
	for _, i := range nodes {
		if d := c.x.docs[i]; d.story >= 0 {
			if !d.hasNbrs() {
				old = append(old, i)
			} else {
				nb = append(nb, c.x.edges(d, i))
			}
		}
	}
	oldNb := c.edgesOf(ctx, old)
	for k, es := range oldNb {
		c.x.setNbrs(c.x.docs[old[k]], old[k], es)
	}
	nb = append(nb, oldNb...)
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("cluster: %w", err)
	}
	isNew := make(map[int32]bool, len(newDocs))
	for _, i := range newDocs {
		isNew[i] = true
	}
	for k, es := range nb[:len(newDocs)] {
		c.x.setNbrs(c.x.docs[newDocs[k]], newDocs[k], es)
		for _, e := range es {
			other := e.a
			if other == newDocs[k] {
				other = e.b
			}
			if d := c.x.docs[other]; d.hasNbrs() && !isNew[other] {
				c.x.appendNbr(d, nbr{newDocs[k], e.sim})
			}
		}
	}
	var edges []edge
	for _, es := range nb {
		for _, e := range es {
			if inSet[e.a] && inSet[e.b] {
				edges = append(edges, e)
			}
		}
	}
	for _, i := range nodes {
		for _, j := range c.x.copiesOf(i) {
			if inSet[j] {
				edges = append(edges, edge{min(i, j), max(i, j), 1})
			}
		}
	}
	edges = dedupeEdges(edges)
	slices.Sort(nodes)
	// average linkage never joins groups without an edge between them,
	// so each connected component of the graph is linked on its own,
	// which gives the groups linking the whole graph gives; components
	// are linked, and their groups refined (refine reads the index
	// only), in parallel
	compNodes, compEdges := components(nodes, edges)
	refined := make([][][]int32, len(compNodes))
	parallel(c.opts.Workers, len(compNodes), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			if len(compNodes[k]) == 1 {
				refined[k] = [][]int32{compNodes[k]}
				continue
			}
			for _, g := range averageLinkage(compNodes[k], compEdges[k], c.opts.StoryThreshold) {
				refined[k] = append(refined[k], c.refine(g)...)
			}
		}
	})
	var groups [][]int32
	for _, r := range refined {
		groups = append(groups, r...)
	}
	slices.SortFunc(groups, func(x, y []int32) int { return int(x[0]) - int(y[0]) })
	res := c.assign(groups, touched, edges)
	res.States = states
	return res, nil
}

// edges returns document d (index i)'s kept neighbour links as edges.
func (x *index) edges(d *doc, i int32) []edge {
	nbrs := x.nbrsOf(d)
	out := make([]edge, len(nbrs))
	for k, n := range nbrs {
		out[k] = edge{min(i, n.j), max(i, n.j), n.sim}
	}
	return out
}

// edgesOf computes the neighbour lists of the given documents in parallel.
func (c *Clusterer) edgesOf(ctx context.Context, ids []int32) [][]edge {
	out := make([][]edge, len(ids))
	var mu chan *scratch = make(chan *scratch, c.opts.Workers)
	parallel(c.opts.Workers, len(ids), func(lo, hi int) {
		var s *scratch
		select {
		case s = <-mu:
		default:
			s = &scratch{}
		}
		for k := lo; k < hi; k++ {
			if ctx.Err() != nil {
				break
			}
			out[k] = c.x.neighbours(ids[k], s)
		}
		select {
		case mu <- s:
		default:
		}
	})
	return out
}

// assign turns re-clustered groups into stories, keeping the id of the old
// story each group overlaps most, and reports what changed.
func (c *Clusterer) assign(groups [][]int32, touched map[int32]bool, edges []edge) Result {
	var res Result
	taken := map[int32]bool{}
	type cand struct {
		group int
		key   int32
		n     int
	}
	var cands []cand
	for g, members := range groups {
		count := map[int32]int{}
		for _, m := range members {
			if s := c.x.docs[m].story; s >= 0 {
				count[s]++
			}
		}
		for k, n := range count {
			cands = append(cands, cand{g, k, n})
		}
	}
	// biggest overlaps claim their old id first; ties by id for determinism
	slices.SortFunc(cands, func(p, q cand) int {
		if p.n != q.n {
			return q.n - p.n
		}
		if d := strings.Compare(c.stories[p.key].id, c.stories[q.key].id); d != 0 {
			return d
		}
		return p.group - q.group
	})
	keyOf := make([]int32, len(groups))
	for g := range keyOf {
		keyOf[g] = -1
	}
	for _, cd := range cands {
		if keyOf[cd.group] >= 0 || taken[cd.key] {
			continue
		}
		keyOf[cd.group] = cd.key
		taken[cd.key] = true
	}
	for k := range touched {
		if !taken[k] {
			res.Removed = append(res.Removed, c.stories[k].id)
			delete(c.ids, c.stories[k].id)
			delete(c.stories, k)
		}
	}
	sim := map[[2]int32]float32{}
	for _, e := range edges {
		sim[[2]int32{e.a, e.b}] = e.sim
	}
	changed := make([]*storyState, 0, len(groups))
	for g, members := range groups {
		key := keyOf[g]
		if key < 0 {
			key = c.nextKey
			c.nextKey++
			id := c.newStoryID(members)
			c.ids[id] = key
			c.stories[key] = &storyState{id: id}
		}
		st := c.stories[key]
		st.members = members
		for _, m := range members {
			c.x.docs[m].story = key
		}
		changed = append(changed, st)
	}
	// describing reads the index only: stories are described in parallel
	res.Stories = make([]Story, len(changed))
	parallel(c.opts.Workers, len(changed), func(lo, hi int) {
		for k := lo; k < hi; k++ {
			res.Stories[k] = c.describe(changed[k], sim)
		}
	})
	slices.Sort(res.Removed)
	slices.SortFunc(res.Stories, func(a, b Story) int { return strings.Compare(a.ID, b.ID) })
	return res
}

// newStoryID derives an id from the smallest member article id.
func (c *Clusterer) newStoryID(members []int32) string {
	least := c.x.docID(members[0])
	for _, m := range members[1:] {
		least = min(least, c.x.docID(m))
	}
	base := fmt.Sprintf("s%012x", xxhash.Sum64String(least)>>16)
	id := base
	for n := 2; ; n++ {
		if _, ok := c.ids[id]; !ok {
			return id
		}
		id = fmt.Sprintf("%s-%d", base, n)
	}
}

// Stories returns every current story, ordered by id.
func (c *Clusterer) Stories() []Story {
	c.x.refreshNorms()
	out := make([]Story, 0, len(c.stories))
	for _, st := range c.stories {
		if len(st.members) > 0 {
			out = append(out, c.describe(st, nil))
		}
	}
	slices.SortFunc(out, func(a, b Story) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// StoryOf returns the story id of an article, or "".
func (c *Clusterer) StoryOf(articleID string) string {
	i, ok := c.x.lookup(articleID)
	if !ok || c.x.docs[i].story < 0 {
		return ""
	}
	return c.stories[c.x.docs[i].story].id
}

// Similarity returns the story similarity of two indexed articles, in
// [0, 1]: the square root of the cosine of their weighted term vectors
// (the root spreads the many low cosines of unrelated texts; it is
// monotone, so thresholds on it and on the cosine are equivalent). It
// returns an error if an article is not indexed.
func (c *Clusterer) Similarity(a, b string) (float64, error) {
	i, ok := c.x.lookup(a)
	if !ok {
		return 0, fmt.Errorf("similarity: article %s: %w", a, chorus.ErrNotFound)
	}
	j, ok := c.x.lookup(b)
	if !ok {
		return 0, fmt.Errorf("similarity: article %s: %w", b, chorus.ErrNotFound)
	}
	c.x.refreshNorms()
	return math.Sqrt(max(0, c.x.similarity(i, j))), nil
}

package cluster

import (
	"context"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/chorusnews/chorus"
)

// doc is one indexed article. It holds no pointer: its vector, id and
// title are bytes of a slab shared by the articles indexed together (see
// index.data), its signature is in the index's sigStore, its neighbour
// list in the nbrStore and the Location of its date, when not UTC, in
// index.zones. Blocks of docs, slabs and pages are then all the garbage
// collector sees of a million articles: at that size, near the memory
// limit, marking took over a quarter of the clustering CPU. The fields
// are ordered so that a doc takes 72 bytes (TestDocSize).
type doc struct {
	pubSec int64 // publication time (Unix seconds and nanoseconds)
	// data is x.slabs[slab][off:off+size]: the vector (vecLen bytes, see
	// encodeVec), then the id (idLen bytes), then the title
	slab, off, size uint32
	vecLen, idLen   uint32
	n               int32 // number of terms
	length          int32 // text length in bytes
	story           int32 // internal story key, -1 while unassigned
	pubNsec         int32
	alive           bool
	// the neighbour list from the last query, in the index's nbrStore
	// (page 0: none yet)
	nbrPage, nbrOff, nbrLen, nbrCap uint32
	// norm holds the vector norm (in q units, float32 bits, low half)
	// under the idf of a generation (high half); see normOf
	norm atomic.Uint64
}

// init sets up a new live doc, without a story, whose data is appended
// to *buf (the slab the caller registers, see addSlab): the vector of
// sorted term ids and weights, then id and title.
func (d *doc) init(buf *[]byte, terms []uint32, q []uint8, id, title string, published time.Time, length int) {
	off := len(*buf)
	b := encodeVec(*buf, terms, q)
	vecLen := len(b) - off
	b = append(append(b, id...), title...)
	*buf = b
	d.off, d.size, d.vecLen, d.idLen = uint32(off), uint32(len(b)-off), uint32(vecLen), uint32(len(id))
	d.n, d.length, d.story, d.alive = int32(len(terms)), int32(length), -1, true
	d.pubSec, d.pubNsec = published.Unix(), int32(published.Nanosecond())
}

// docSize is the slab bytes init takes.
func docSize(terms []uint32, id, title string) int { return vecSize(terms) + len(id) + len(title) }

// addSlab registers the slab of docs built in parallel and returns its
// number.
func (x *index) addSlab(b []byte) uint32 {
	x.slabMu.Lock()
	defer x.slabMu.Unlock()
	x.slabs = append(x.slabs, b)
	return uint32(len(x.slabs) - 1)
}

// data returns d's bytes.
func (x *index) data(d *doc) []byte {
	return x.slabs[d.slab][d.off : d.off+d.size : d.off+d.size]
}

// vecOf returns d's weights and term ids (see encodeVec).
func (x *index) vecOf(d *doc) []byte { return x.data(d)[:d.vecLen:d.vecLen] }

// qs returns the term weights of d, parallel to its terms.
func (x *index) qs(d *doc) []uint8 { return x.vecOf(d)[:d.n] }

// termBytes returns the encoded term ids of d.
func (x *index) termBytes(d *doc) []byte { return x.vecOf(d)[d.n:] }

// split returns d's term weights and encoded term ids (qs and
// termBytes, reading the slab table once).
func (x *index) split(d *doc) ([]uint8, []byte) {
	v := x.vecOf(d)
	return v[:d.n], v[d.n:]
}

// idOf returns d's article id. It shares the slab's memory, which is
// never written again once the doc is built.
func (x *index) idOf(d *doc) string {
	b := x.data(d)[d.vecLen:]
	return unsafe.String(unsafe.SliceData(b), d.idLen)
}

// titleOf returns d's article title, as idOf does.
func (x *index) titleOf(d *doc) string {
	b := x.data(d)[d.vecLen+d.idLen:]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// instant returns d's publication time in no particular Location, for
// comparisons.
func (d *doc) instant() time.Time { return time.Unix(d.pubSec, int64(d.pubNsec)) }

// published returns document i's publication time as the article gave
// it.
func (x *index) published(i int32) time.Time {
	if loc := x.zones[i]; loc != nil {
		return x.docs[i].instant().In(loc)
	}
	return x.docs[i].instant().UTC()
}

// qScale is the fixed-point scale of stored term weights: a weight w is
// kept as round(w × qScale) in a byte, so weights up to 15.9 (a word
// counted about 1,000 times at kind weight 2) keep 1/16 resolution.
const qScale = 16

func quantise(w float32) uint8 {
	return uint8(min(255, max(1, math.Round(float64(w)*qScale))))
}

// postingList holds the documents that have a term among their indexed
// terms, oldest first, with their weights.
type postingList struct {
	docs []int32
	q    []uint8
}

// index holds the vocabulary, document frequencies, postings and the LSH
// bands. Reads may run concurrently; writes may not.
type index struct {
	opts     Options
	docs     []*doc
	ids      idTable // article id -> document index, live documents only
	vocab    map[string]uint32
	df       []int32
	kinds    []byte   // feature kind per term
	names    []string // term per term id
	postings []postingList
	alive    int
	gen      int32     // bumped when norms must be recomputed
	genAlive int       // live documents when gen was last bumped
	idfs     []float32 // idf per term as of the last refresh
	lsh      lshIndex
	// wires and copies are kept apart from docs, since few articles
	// credit a wire or have near-copies: the wire agencies an article
	// credits, and its near-copies (estimated Jaccard >= CopyThreshold)
	wires  map[int32][]string
	copies map[int32][]int32
	// sigs holds each document's compact MinHash signature (see
	// compactSig), apart from docs so that the copy search reads no doc
	// it rejects
	sigs sigStore
	// nbrs holds the documents' neighbour lists
	nbrs nbrStore
	// slabs hold the documents' data (see doc), each added by addSlab
	// under slabMu
	slabs  [][]byte
	slabMu sync.Mutex
	// zones holds the Location of the documents whose date is not in UTC
	zones map[int32]*time.Location
	// copyBins is copyBins(opts.CopyThreshold)
	copyBins int
	// live has bit i set while document i is alive (doc.alive), so that
	// a query can skip dead candidates without reading their docs: one
	// bit in a small dense array instead of a cache miss per candidate
	live []uint64
}

// docID returns the article id of document i.
func (x *index) docID(i int32) string { return x.idOf(x.docs[i]) }

// lookup returns the index of the live document with the given article
// id.
func (x *index) lookup(id string) (int32, bool) { return x.ids.get(id, x.docID) }

// isLive reports whether document i is alive.
func (x *index) isLive(i int32) bool { return x.live[i>>6]&(1<<(i&63)) != 0 }

// sigOf returns the compact signature of document i (nil: no words).
func (x *index) sigOf(i int32) []uint8 { return x.sigs.get(i) }

func newIndex(opts Options) *index {
	return &index{opts: opts, vocab: map[string]uint32{}, lsh: newLSH(), zones: map[int32]*time.Location{},
		wires: map[int32][]string{}, copies: map[int32][]int32{}, copyBins: copyBins(opts.CopyThreshold)}
}

// prepared is an article turned into features and a signature, before it
// enters the index.
type prepared struct {
	art   chorus.Article
	feats []termCount
	sig   Signature
	// restored is true for an article decoded from a state: it has no
	// text, and length holds the text length.
	restored bool
	// resolved is true when each feature's id is its term's id in the
	// index, or unknownTerm for a term not in it (see prepare)
	resolved bool
	length   int
}

// prepare extracts features and fingerprints in parallel, with
// extractors from xs, and looks their terms up in vocab (read only; the
// caller must not change it until the articles are inserted).
func prepare(ctx context.Context, opts Options, arts []chorus.Article, xs *extractors, vocab map[string]uint32) ([]prepared, error) {
	out := make([]prepared, len(arts))
	workers := max(1, min(opts.Workers, len(arts)))
	var next int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := xs.get()
			defer xs.put(x)
			for {
				mu.Lock()
				i := int(next)
				next += 64
				mu.Unlock()
				if i >= len(arts) || ctx.Err() != nil {
					return
				}
				for j := i; j < min(i+64, len(arts)); j++ {
					a := arts[j]
					body := bodyOf(&a)
					feats := x.features(a.Title, body, a.Language, opts.TitleWeight)
					x.termIDs(feats, vocab)
					out[j] = prepared{art: a, feats: feats, sig: Fingerprint(body), resolved: true}
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// bodyOf is the text clustered: the cleaned text when there is one.
func bodyOf(a *chorus.Article) string {
	if a.CleanText != "" {
		return a.CleanText
	}
	return a.Text
}

// remove takes a document out of the frequencies; its postings and band
// entries stay and are skipped because it is no longer alive.
func (x *index) remove(i int32) {
	d := x.docs[i]
	if !d.alive {
		return
	}
	d.alive = false
	x.live[i>>6] &^= 1 << (i & 63)
	for _, t := range x.decodeTerms(d, nil) {
		x.df[t]--
	}
	for _, c := range x.copies[i] {
		x.unlinkCopy(c, i)
	}
	delete(x.copies, i)
	delete(x.wires, i)
	x.dropNbrs(d)
	x.ids.remove(x.idOf(d), x.docID)
	delete(x.zones, i)
	x.alive--
}

// copiesOf returns the near-copies of document i.
func (x *index) copiesOf(i int32) []int32 { return x.copies[i] }

// wiresOf returns the wire agencies document i credits.
func (x *index) wiresOf(i int32) []string { return x.wires[i] }

// linkCopy records j as a near-copy of i.
func (x *index) linkCopy(i, j int32) {
	if !slices.Contains(x.copies[i], j) {
		x.copies[i] = append(x.copies[i], j)
	}
}

// unlinkCopy forgets j as a near-copy of i.
func (x *index) unlinkCopy(i, j int32) {
	cs := slices.DeleteFunc(x.copies[i], func(v int32) bool { return v == j })
	if len(cs) == 0 {
		delete(x.copies, i)
	} else {
		x.copies[i] = cs
	}
}

// termsOf returns the sorted term ids of document i's vector, decoded
// into a new slice.
func (x *index) termsOf(i int32) []uint32 { return x.decodeTerms(x.docs[i], nil) }

// weightOf returns the weight (sublinear tf times kind weight, before idf)
// of the k-th term of termsOf(i).
func (x *index) weightOf(i int32, k int) float32 { return float32(x.qs(x.docs[i])[k]) / qScale }

// idf of a term as of the last refreshNorms (smoothed, at least 1, so
// that terms every article shares still count in a small collection).
func (x *index) idf(t uint32) float32 {
	if int(t) < len(x.idfs) {
		return x.idfs[t]
	}
	return x.computeIDF(t)
}

func (x *index) computeIDF(t uint32) float32 {
	return float32(1 + math.Log(float64(x.alive+1)/float64(x.df[t]+1)))
}

// refreshNorms brings the idf of every term up to date for queries:
// call it after the frequencies change and before querying (queries
// read idf without writing it).
//
// The idf of terms already indexed, and with it the norms of documents,
// are recomputed only when the collection has grown or shrunk by more
// than a twentieth since they were (idf moves slowly with size), so
// adding a few articles to a large collection costs little. A norm is
// computed when first read under the current idf (normOf): a large
// collection holds many documents no query compares in a generation.
func (x *index) refreshNorms() {
	if x.genAlive == 0 || abs(x.alive-x.genAlive)*20 > x.genAlive {
		x.gen++
		x.genAlive = max(x.alive, 1)
		x.idfs = x.idfs[:0]
	}
	for t := len(x.idfs); t < len(x.df); t++ {
		x.idfs = append(x.idfs, x.computeIDF(uint32(t)))
	}
}

// normOf returns d's vector norm in q units under the current idf,
// computing it on its first read in an idf generation. Within a
// generation idf values only get added (for new terms), so the norm is
// the one an eager refresh of every document would compute; concurrent
// readers may both compute it, and store the same value.
func (x *index) normOf(d *doc) float32 {
	v := d.norm.Load()
	if int32(v>>32) == x.gen && uint32(v) != 0 {
		return math.Float32frombits(uint32(v))
	}
	n := x.vecNorm(d)
	d.norm.Store(uint64(uint32(x.gen))<<32 | uint64(math.Float32bits(n)))
	return n
}

// vecNorm is computeNorm of d's terms, decoded as it goes.
func (x *index) vecNorm(d *doc) float32 {
	var s float64
	q, b := x.split(d)
	idfs := x.idfs // x.idf, inlined: the table covers every indexed term
	t := uint32(0)
	p := 0
	for k := range q {
		var g uint32
		g, p = gap(b, p)
		t += g
		var idf float32
		if int(t) < len(idfs) {
			idf = idfs[t]
		} else {
			idf = x.computeIDF(t)
		}
		w := float64(float32(q[k]) * idf)
		s += w * w
	}
	if s == 0 {
		return 1
	}
	return float32(math.Sqrt(s))
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// norm is the vector norm of i in weight units (weights × idf, not
// q units); refreshNorms must have run.
func (x *index) norm(i int32) float32 { return x.normOf(x.docs[i]) / qScale }

// findCopies returns the live documents sharing a band with i whose
// estimated Jaccard with i reaches the threshold.
func (x *index) findCopies(i int32) []int32 {
	sig := x.sigOf(i)
	var cands []int32
	x.lsh.each(sig, func(j int32) {
		if j != i {
			cands = append(cands, j)
		}
	})
	slices.Sort(cands)
	cands = slices.Compact(cands)
	var out []int32
	// the estimate first (compactJaccard >= CopyThreshold): most
	// candidates fail it, and it reads only the dense signature list.
	// The candidates' first bins are compared in a pass of their own,
	// a chunk at a time: the reads of their signatures (cache misses,
	// most of them) then overlap, and isCopyFrom finds them cached.
	var same [32]int8
	for len(cands) > 0 && len(sig) == SigSize {
		chunk := cands[:min(len(cands), len(same))]
		cands = cands[len(chunk):]
		for k, j := range chunk {
			same[k] = -1 // no signature
			if sj := x.sigOf(j); len(sj) == SigSize {
				same[k] = int8(sameFirst(sig, sj))
			}
		}
		for k, j := range chunk {
			copied := x.copyBins <= 0 // isCopy with a missing signature
			if same[k] >= 0 {
				copied = isCopyFrom(sig, x.sigOf(j), x.copyBins, int(same[k]))
			}
			if copied && x.isLive(j) {
				out = append(out, j)
			}
		}
	}
	return out
}

// parallel runs fn over [0,n) in chunks on up to workers goroutines.
func parallel(workers, n int, fn func(lo, hi int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if n == 0 {
		return
	}
	const chunk = 32
	var mu sync.Mutex
	next := 0
	var wg sync.WaitGroup
	for range min(workers, (n+chunk-1)/chunk) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				lo := next
				next += chunk
				mu.Unlock()
				if lo >= n {
					return
				}
				fn(lo, min(lo+chunk, n))
			}
		}()
	}
	wg.Wait()
}

// scoredTerm is a feature and its weight, for capTerms.
type scoredTerm struct {
	f termCount
	w float32
}

// capTerms keeps the opts.MaxTerms heaviest features of an article,
// reusing *buf.
func capTerms(p *prepared, opts Options, idf func(termCount) float32, buf *[]scoredTerm) {
	if opts.MaxTerms <= 0 || len(p.feats) <= opts.MaxTerms {
		return
	}
	sc := slices.Grow((*buf)[:0], len(p.feats))
	for _, f := range p.feats {
		sc = append(sc, scoredTerm{f, logTF(f.count) * opts.kindWeight(f.term[0]) * idf(f)})
	}
	*buf = sc
	slices.SortFunc(sc, func(a, b scoredTerm) int {
		if a.w != b.w {
			if a.w > b.w {
				return -1
			}
			return 1
		}
		return strings.Compare(a.f.term, b.f.term)
	})
	p.feats = p.feats[:opts.MaxTerms]
	for i := range p.feats {
		p.feats[i] = sc[i].f
	}
}

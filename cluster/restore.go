package cluster

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"time"
)

// RestoreStates rebuilds the index from states without turning them
// back into articles: terms are looked up in the vocabulary straight
// from the state's bytes (a string is made only for a term the index has
// not seen), weights come from a table for whole counts, and vectors,
// signatures and postings are built as insertBatch builds them. The
// index it builds is the one decodeState and restorePrepared build
// (TestRestoreStatesFast compares them).

// stateTerm is one feature of a state being restored: where its term
// lies in the state, its term id (unknownTerm if not in the vocabulary
// yet) and its count.
type stateTerm struct {
	off, n uint32
	tid    uint32
	count  float32
}

const unknownTerm = ^uint32(0)

// restoring is a parsed state: the fields of its article and its terms,
// in term order (or, once capped, heaviest first as capTerms leaves
// them).
type restoring struct {
	b         []byte // the state
	id, title string
	published time.Time
	wires     []string
	length    int
	sigOff    int // offset of the signature bins in b, -1 when empty
	terms     []stateTerm
}

func (r *restoring) term(f *stateTerm) []byte { return r.b[f.off : f.off+f.n] }

// parseState reads a state as decodeState does, rejecting exactly the
// states it rejects, and looks its terms up in vocab. The terms are cut
// from *block, a new one made when it is full.
func parseState(b []byte, key uint64, vocab map[string]uint32, block *[]stateTerm) (restoring, error) {
	if len(b) < 9 || b[0] != stateVersion || binary.LittleEndian.Uint64(b[1:9]) != key {
		return restoring{}, errStale
	}
	r := &stateReader{b: b[9:]}
	pos := func() uint32 { return uint32(len(b) - len(r.b)) }
	out := restoring{b: b, sigOff: -1}
	out.id = r.string()
	out.title = r.string()
	if unix := r.varint(); unix != 0 {
		out.published = time.Unix(0, unix).UTC()
	}
	nw := r.uvarint()
	if nw > uint64(len(r.b)) {
		return restoring{}, errors.New("decode state: bad wire count")
	}
	for range nw {
		out.wires = append(out.wires, r.string())
	}
	if n := r.uvarint(); n <= math.MaxInt32 {
		out.length = int(n)
	} else if r.err == nil {
		r.err = errors.New("bad length")
	}
	if e := r.bytes(1); len(e) != 1 || e[0] != 1 {
		out.sigOff = int(pos())
		r.bytes(4 * SigSize)
	}
	nt := r.uvarint()
	if nt > uint64(len(r.b)) {
		return restoring{}, errors.New("decode state: bad term count")
	}
	if cap(*block)-len(*block) < int(nt) {
		*block = make([]stateTerm, 0, max(int(nt), 1<<12))
	}
	l := len(*block)
	out.terms = (*block)[l : l : l+int(nt)]
	// the reader's steps, inlined: this loop runs for every term
	var prev []byte
	rb := r.b
	for range nt {
		var n uint64
		if len(rb) > 0 && rb[0] < 0x80 {
			n, rb = uint64(rb[0]), rb[1:]
		} else {
			v, w := binary.Uvarint(rb)
			if w <= 0 {
				r.err = errors.New("bad varint")
				break
			}
			n, rb = v, rb[w:]
		}
		if n > uint64(len(rb)) || len(rb)-int(n) < 4 {
			r.err = errors.New("truncated")
			break
		}
		off := uint32(len(b) - len(rb))
		term := rb[:n]
		w := math.Float32frombits(binary.LittleEndian.Uint32(rb[n:]))
		rb = rb[n+4:]
		if len(term) < 2 || !(w > 0) || math.IsInf(float64(w), 0) || len(out.terms) > 0 && string(prev) >= string(term) {
			r.err = errors.New("bad term")
			break
		}
		prev = term
		tid, ok := vocab[string(term)]
		if !ok {
			tid = unknownTerm
		}
		out.terms = append(out.terms, stateTerm{off: off, n: uint32(len(term)), tid: tid, count: w})
	}
	r.b = rb
	if r.err == nil && len(r.b) != 0 {
		r.err = errors.New("trailing bytes")
	}
	if r.err != nil {
		return restoring{}, fmt.Errorf("decode state: %w", r.err)
	}
	if out.id == "" {
		return restoring{}, errors.New("decode state: no article id")
	}
	*block = (*block)[:l+len(out.terms)]
	return out, nil
}

// logTFs holds logTF of the whole counts below its length.
var logTFs = func() []float32 {
	out := make([]float32, 64)
	for c := range out {
		out[c] = logTF(float32(c))
	}
	return out
}()

// fastLogTF is logTF, from the table for whole counts.
func fastLogTF(c float32) float32 {
	if i := int(c); i >= 0 && i < len(logTFs) && float32(i) == c {
		return logTFs[i]
	}
	return logTF(c)
}

// restoreStates is RestoreStates: see there.
func (c *Clusterer) restoreStates(ctx context.Context, states [][]byte, storyOf map[string]string) (stale []string, err error) {
	x := c.x
	key := c.opts.stateKey()
	parsed := make([]restoring, len(states))
	bad := make([]bool, len(states))
	parallel(c.opts.Workers, len(states), func(lo, hi int) {
		var block []stateTerm
		for k := lo; k < hi && ctx.Err() == nil; k++ {
			var err error
			if parsed[k], err = parseState(states[k], key, x.vocab, &block); err != nil {
				bad[k] = true
			}
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("restore states: %w", err)
	}
	// the last state of each id, in id order (as a store lists them:
	// then there is nothing to do)
	rs := make([]*restoring, 0, len(states))
	ordered := true
	for k := range states {
		if bad[k] {
			stale = append(stale, stateID(states[k]))
			continue
		}
		if len(rs) > 0 && rs[len(rs)-1].id >= parsed[k].id {
			ordered = false
		}
		rs = append(rs, &parsed[k])
	}
	if !ordered {
		rs = lastByID(rs, func(p *restoring) string { return p.id })
	}
	if len(rs) == 0 {
		return stale, nil
	}
	// older versions out, as insertAll does
	for _, r := range rs {
		if old, ok := x.lookup(r.id); ok {
			c.detach(old)
			x.remove(old)
		}
	}
	c.capStates(rs)
	// new terms, numbered in batch order
	for _, r := range rs {
		for f := range r.terms {
			st := &r.terms[f]
			if st.tid != unknownTerm {
				continue
			}
			term := r.term(st)
			t, ok := x.vocab[string(term)]
			if !ok {
				name := string(term)
				t = uint32(len(x.df))
				x.vocab[name] = t
				x.df = append(x.df, 0)
				x.kinds = append(x.kinds, name[0])
				x.names = append(x.names, name)
				x.postings = append(x.postings, postingList{})
			}
			st.tid = t
		}
	}
	// vectors and compact signatures, cut from one block per chunk
	n := len(rs)
	tidBits := bits.Len32(uint32(len(x.df)))
	docs := make([]*doc, n)
	tids := make([][]uint32, n)
	sigs := make([]byte, n*SigSize)
	hasSig := make([]bool, n)
	for k, r := range rs {
		hasSig[k] = r.sigOff >= 0
	}
	parallel(c.opts.Workers, n, func(lo, hi int) {
		count := 0
		for k := lo; k < hi; k++ {
			count += len(rs[k].terms)
		}
		termBlock := make([]uint32, count)
		qBlock := make([]uint8, count)
		var packed, tmp []uint64
		size, at := 0, 0
		for k := lo; k < hi; k++ {
			r := rs[k]
			packed = packed[:0]
			for f := range r.terms {
				st := &r.terms[f]
				q := quantise(fastLogTF(st.count) * c.opts.kindWeight(r.b[st.off]))
				packed = append(packed, uint64(st.tid)<<8|uint64(q))
			}
			tmp = sortPacked(packed, tmp, tidBits)
			terms := termBlock[at : at+len(packed) : at+len(packed)]
			for f, v := range packed {
				terms[f], qBlock[at+f] = uint32(v>>8), uint8(v)
			}
			at += len(packed)
			tids[k] = terms
			size += docSize(terms, r.id, r.title)
		}
		buf := make([]byte, 0, size)
		block := make([]doc, hi-lo)
		at = 0
		for k := lo; k < hi; k++ {
			r, terms := rs[k], tids[k]
			d := &block[k-lo]
			d.init(&buf, terms, qBlock[at:at+len(terms)], r.id, r.title, r.published, r.length)
			at += len(terms)
			if r.sigOff >= 0 {
				sig := sigs[k*SigSize : (k+1)*SigSize]
				for i := range sig {
					sig[i] = r.b[r.sigOff+4*i]
				}
			}
			docs[k] = d
		}
		slab := x.addSlab(buf)
		for k := range block {
			block[k].slab = slab
		}
	})
	ids := make([]string, n)
	wires := make([][]string, n)
	for k, r := range rs {
		ids[k], wires[k] = r.id, r.wires
	}
	rs, parsed = nil, nil
	idx := x.commit(docs, tids, wires, func(k int) []uint8 {
		if !hasSig[k] {
			return nil
		}
		return sigs[k*SigSize : (k+1)*SigSize]
	})
	c.placeRestored(ids, idx, storyOf)
	c.linkCopies(idx)
	return stale, nil
}

// capStates keeps the Options.MaxTerms heaviest terms of the states over
// the cap, heaviest first, as capTerms does under insertAll's
// frequencies: the index's plus the batch's.
func (c *Clusterer) capStates(rs []*restoring) {
	x := c.x
	maxTerms := c.opts.MaxTerms
	if maxTerms <= 0 || !slices.ContainsFunc(rs, func(r *restoring) bool { return len(r.terms) > maxTerms }) {
		return
	}
	// batch frequencies: of known terms by id (a part of the ids per
	// goroutine), of new terms by name (on the first)
	known := make([]int32, len(x.df))
	fresh := map[string]*int32{} // a lookup by bytes makes no string
	byPart(c.opts.Workers, func(part, parts int) {
		for _, r := range rs {
			for f := range r.terms {
				st := &r.terms[f]
				switch {
				case st.tid != unknownTerm:
					if int(st.tid)%parts == part {
						known[st.tid]++
					}
				case part == 0:
					if n := fresh[string(r.term(st))]; n != nil {
						*n++
					} else {
						one := int32(1)
						fresh[string(r.term(st))] = &one
					}
				}
			}
		}
	})
	total := x.alive + len(rs)
	idfs := make([]float32, min(total+1, max(1<<12, min(64*len(rs), 1<<16)))) // idf by frequency
	for df := range idfs {
		idfs[df] = float32(1 + math.Log(float64(total+1)/float64(df+1)))
	}
	parallel(c.opts.Workers, len(rs), func(lo, hi int) {
		var keys []uint64
		var kept []stateTerm
		for _, r := range rs[lo:hi] {
			if len(r.terms) <= maxTerms {
				continue
			}
			keys = keys[:0]
			for f := range r.terms {
				st := &r.terms[f]
				var df int32
				if st.tid != unknownTerm {
					df = known[st.tid] + x.df[st.tid]
				} else {
					df = *fresh[string(r.term(st))]
				}
				var idf float32
				if int(df) < len(idfs) {
					idf = idfs[df]
				} else {
					idf = float32(1 + math.Log(float64(total+1)/float64(df+1)))
				}
				w := fastLogTF(st.count) * c.opts.kindWeight(r.b[st.off]) * idf
				keys = append(keys, heavierFirst(w)<<32|uint64(f))
			}
			// heaviest first, then in term order (the state's order)
			selectFirst(keys, maxTerms)
			slices.Sort(keys[:maxTerms])
			kept = kept[:0]
			for _, k := range keys[:maxTerms] {
				kept = append(kept, r.terms[uint32(k)])
			}
			r.terms = append(r.terms[:0], kept...)
		}
	})
}

// sortPacked sorts keys tid<<8|q by term id (ids below 2^tidBits, each
// once), a byte of the id at a time (least significant first), and
// returns the scratch buffer to reuse. It sorts as slices.Sort would, in
// a fraction of the time for the few hundred terms of an article.
func sortPacked(a, tmp []uint64, tidBits int) []uint64 {
	if len(a) < 48 {
		slices.Sort(a)
		return tmp
	}
	tmp = slices.Grow(tmp[:0], len(a))[:len(a)]
	src, dst := a, tmp
	for shift := 8; shift < 8+tidBits; shift += 8 {
		var count [257]int32
		for _, v := range src {
			count[int(uint8(v>>shift))+1]++
		}
		if int(count[int(uint8(src[0]>>shift))+1]) == len(src) {
			continue // one value of this byte: the pass would not move anything
		}
		for d := 1; d < 257; d++ {
			count[d] += count[d-1]
		}
		for _, v := range src {
			d := uint8(v >> shift)
			dst[count[d]] = v
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &a[0] {
		copy(a, src)
	}
	return tmp
}

// heavierFirst maps a weight to a key that orders heavier weights first
// (as unsigned integers), equal weights (-0 and 0 too) to equal keys.
func heavierFirst(w float32) uint64 {
	if w == 0 {
		w = 0
	}
	b := math.Float32bits(w)
	if b&(1<<31) != 0 {
		b = ^b // negative: the larger the bits, the lighter
	} else {
		b |= 1 << 31
	}
	return uint64(^b)
}

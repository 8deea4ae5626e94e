package cluster

import (
	"encoding/binary"
	"math/bits"
)

// The index keeps a compact form of each signature: the low byte of every
// bin (b-bit MinHash with b = 8, Li & König 2010). Two bins that differ
// still agree on their low byte with chance 1/256, which the estimate
// corrects for. It needs a quarter of the memory of whole bins and
// estimates as well at the thresholds used here.

// compactSig returns the low byte of every bin, or nil for the signature
// of a text without words.
func compactSig(s *Signature, dst []uint8) []uint8 {
	if s.Empty {
		return nil
	}
	dst = dst[:SigSize:SigSize]
	for i, v := range s.Bins {
		dst[i] = uint8(v)
	}
	return dst
}

// compactJaccard estimates the Jaccard similarity from two compact
// signatures, in [0, 1] and symmetric; nil is similar to nothing.
func compactJaccard(a, b []uint8) float64 {
	if len(a) != SigSize || len(b) != SigSize {
		return 0
	}
	// eight bins at a time: a byte of a^b is zero where the bins agree
	const lo7 = 0x7f7f7f7f7f7f7f7f
	same := 0
	for i := 0; i < SigSize; i += 8 {
		w := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:])
		zero := ^((w&lo7 + lo7) | w | lo7) // high bit of each zero byte
		same += bits.OnesCount64(zero)
	}
	const chance = 1.0 / 256
	est := (float64(same)/SigSize - chance) / (1 - chance)
	return min(1, max(0, est))
}

// lshIndex chains the documents that agree on a band: for each band a
// table of 2^k heads, indexed by a hash of the band's bytes of the
// compact signature, holds the last document hashed there (index+1), and
// next[doc*Bands+band] the one before it (0: none). Tables store no keys
// and are about as long as there are documents, so two bands sometimes
// share a chain: that only adds candidates, which the Jaccard estimate
// then rejects. A table doubles, and the chains are rebuilt from the
// stored signatures, when the documents outnumber its heads.
type lshIndex struct {
	bits uint
	head [Bands][]int32
	next []int32
	docs int
}

func newLSH() lshIndex { return lshIndex{} }

// slot is the head of band b for a compact signature.
func (l *lshIndex) slot(sig []uint8, b int) uint64 {
	h := uint64(b+1) * 0x9e3779b97f4a7c15
	for _, v := range sig[b*Rows : (b+1)*Rows] {
		h = (h ^ uint64(v)) * 0xff51afd7ed558ccd
	}
	return mix64(h) >> (64 - l.bits)
}

// add chains document i (the next index) under its bands; sigOf returns
// the compact signature of any indexed document (nil: no words), to
// rebuild the chains when the tables grow.
func (l *lshIndex) add(i int32, sig []uint8, sigOf func(int32) []uint8) {
	l.docs++
	if l.bits == 0 || l.docs > 1<<l.bits {
		l.bits = max(10, l.bits+1)
		for l.docs > 1<<l.bits {
			l.bits++
		}
		for b := range l.head {
			l.head[b] = make([]int32, 1<<l.bits)
		}
		l.next = l.next[:0]
		for j := range i {
			l.link(j, sigOf(j))
		}
	}
	l.link(i, sig)
}

func (l *lshIndex) link(i int32, sig []uint8) {
	for b := range l.head {
		next := int32(0)
		if sig != nil {
			k := l.slot(sig, b)
			next = l.head[b][k]
			l.head[b][k] = i + 1
		}
		l.next = append(l.next, next)
	}
}

// each calls fn for every document chained with sig on one of its bands
// (a document may come more than once).
func (l *lshIndex) each(sig []uint8, fn func(j int32)) {
	if sig == nil || l.bits == 0 {
		return
	}
	for b := range l.head {
		for j1 := l.head[b][l.slot(sig, b)]; j1 != 0; j1 = l.next[int(j1-1)*Bands+b] {
			fn(j1 - 1)
		}
	}
}

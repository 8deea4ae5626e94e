package cluster

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"sync"
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

// copyBins returns the fewest agreeing bins (of SigSize) from which
// compactJaccard reaches threshold (SigSize+1: never).
func copyBins(threshold float64) int {
	a, b := make([]uint8, SigSize), make([]uint8, SigSize)
	for same := 0; same <= SigSize; same++ {
		if same > 0 {
			b[same-1] = a[same-1] // agree on the first same bins
		}
		for k := same; k < SigSize; k++ {
			b[k] = a[k] + 1
		}
		if compactJaccard(a, b) >= threshold {
			return same
		}
	}
	return SigSize + 1
}

// isCopy reports whether compactJaccard(a, b) >= the threshold whose
// copyBins is need, reading the second half of b only when the first
// agrees enough for the whole to reach need (most candidates of the copy
// search are far from copies, and this saves them a cache line).
func isCopy(a, b []uint8, need int) bool {
	if len(a) != SigSize || len(b) != SigSize {
		return need <= 0
	}
	return isCopyFrom(a, b, need, sameFirst(a, b))
}

// sameFirst returns the bins a and b (compact signatures) agree on among
// their first eight.
func sameFirst(a, b []uint8) int {
	const lo7 = 0x7f7f7f7f7f7f7f7f
	w := binary.LittleEndian.Uint64(a) ^ binary.LittleEndian.Uint64(b)
	return bits.OnesCount64(^((w&lo7 + lo7) | w | lo7))
}

// isCopyFrom is isCopy for compact signatures agreeing on same of their
// first eight bins (sameFirst).
func isCopyFrom(a, b []uint8, need, same int) bool {
	const lo7 = 0x7f7f7f7f7f7f7f7f
	a, b = a[:SigSize], b[:SigSize]
	for i := 8; i < SigSize; i += 8 {
		if i == SigSize/2 && same+SigSize/2 < need {
			return false
		}
		w := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:])
		same += bits.OnesCount64(^((w&lo7 + lo7) | w | lo7))
	}
	return same >= need
}

// sigStore holds the compact signatures of the documents, by index, in
// pages of 2^sigPageBits: pointer-free, so the garbage collector visits a
// page, not a signature per document, and the copy search reads dense
// memory.
type sigStore struct {
	pages [][]byte
	has   []uint64 // bit i is set when document i has a signature
	n     int32
}

const sigPageBits = 13 // 8,192 signatures, 1 MiB a page

// add appends the signature of the next document (nil: none).
func (s *sigStore) add(sig []uint8) {
	i := s.n
	if int(i>>sigPageBits) == len(s.pages) {
		s.pages = append(s.pages, make([]byte, SigSize<<sigPageBits))
	}
	if int(i>>6) == len(s.has) {
		s.has = append(s.has, 0)
	}
	if len(sig) == SigSize {
		copy(s.pages[i>>sigPageBits][int(i&(1<<sigPageBits-1))*SigSize:], sig)
		s.has[i>>6] |= 1 << (i & 63)
	}
	s.n++
}

// get returns the signature of document i (nil: none).
func (s *sigStore) get(i int32) []uint8 {
	if s.has[i>>6]&(1<<(i&63)) == 0 {
		return nil
	}
	off := int(i&(1<<sigPageBits-1)) * SigSize
	return s.pages[i>>sigPageBits][off : off+SigSize : off+SigSize]
}

// lshIndex chains the documents that agree on a band: for each band a
// table of 2^k heads, indexed by a hash of the band's bytes of the
// compact signature, holds the last document hashed there (index+1), and
// next[band][doc] the one before it (0: none). A band's links lie
// together, so a chain through articles indexed close together (the
// copies of a story) reads few cache lines, and the bands are written in
// parallel without sharing any. Tables store no keys and are about as
// long as there are documents, so two bands sometimes share a chain:
// that only adds candidates, which the Jaccard estimate then rejects. A table doubles, and the chains are rebuilt from the
// stored signatures, when the documents outnumber its heads.
type lshIndex struct {
	bits uint
	head [Bands][]int32
	next [Bands][]int32
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

// addBatch chains documents from..to-1 (the next indices) under their
// bands, the bands in parallel on up to workers goroutines; sigOf returns
// the compact signature of any indexed document (nil: no words). When the
// documents outnumber the heads, the tables grow and every document is
// chained again, in index order. The chains are those that adding the
// documents one at a time, growing the tables as soon as they are
// outnumbered, leaves: a table grown several times over a batch is
// rebuilt once, at its final size.
func (l *lshIndex) addBatch(from, to int32, sigOf func(int32) []uint8, workers int) {
	if to <= from {
		return
	}
	l.docs += int(to - from)
	if l.bits == 0 || l.docs > 1<<l.bits {
		l.bits = max(10, l.bits+1)
		for l.docs > 1<<l.bits {
			l.bits++
		}
		for b := range l.head {
			l.head[b] = make([]int32, 1<<l.bits)
		}
		from = 0
	}
	for b := range l.next {
		l.next[b] = slices.Grow(l.next[b][:from], int(to-from))[:to]
	}
	workers = max(1, min(workers, Bands))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := w; b < Bands; b += workers {
				head, nexts := l.head[b], l.next[b]
				for j := from; j < to; j++ {
					next := int32(0)
					if sig := sigOf(j); sig != nil {
						k := l.slot(sig, b)
						next = head[k]
						head[k] = j + 1
					}
					nexts[j] = next
				}
			}
		}()
	}
	wg.Wait()
}

// each calls fn for every document chained with sig on one of its bands
// (a document may come more than once), in no particular order. The
// bands' chains are walked side by side, a link of each in turn: their
// reads do not depend on one another, so the processor overlaps their
// cache misses, where walking one chain after another waits for each.
func (l *lshIndex) each(sig []uint8, fn func(j int32)) {
	if sig == nil || l.bits == 0 {
		return
	}
	var cur [Bands]int32
	for b := range l.head {
		cur[b] = l.head[b][l.slot(sig, b)]
	}
	for more := true; more; {
		more = false
		for b, j1 := range cur {
			if j1 != 0 {
				fn(j1 - 1)
				cur[b] = l.next[b][j1-1]
				more = true
			}
		}
	}
}

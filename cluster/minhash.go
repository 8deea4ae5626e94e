package cluster

import (
	"math/bits"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// Signature sizes. SigSize bins of one-permutation hashing; the first
// Bands×Rows bins feed the LSH index, all bins feed the Jaccard estimate.
// With 20 bands of 5 rows two texts share a band with probability
// 1-(1-J^5)^20: 0.9996 at Jaccard 0.8, 0.975 at 0.7, 0.0015 at 0.15. Fewer
// rows (10×3) keep the recall with half the tables, but on a million
// generated articles that reuse the sentences of a few dozen events the
// extra candidates made copy checks 10% of clustering CPU.
const (
	SigSize = 128
	Bands   = 20
	Rows    = 5
	// ShingleWords is the number of words in a shingle.
	ShingleWords = 4
)

// Signature is a MinHash sketch of a text's set of word shingles. The zero
// value is the sketch of a text without words.
type Signature struct {
	// Bins holds, per bin, the low 32 bits of the smallest shingle hash that
	// fell into it (after densification). Empty is true for a text with no
	// words.
	Bins  [SigSize]uint32
	Empty bool
}

// Fingerprint computes the MinHash signature of text. Words are maximal
// runs of letters and digits, compared case-insensitively; a text shorter
// than ShingleWords words is one shingle. Its cost grows with the length of
// the text, not with the number of bins.
func Fingerprint(text string) Signature {
	var mins [SigSize]uint64
	for i := range mins {
		mins[i] = ^uint64(0)
	}
	var ring [ShingleWords]uint64
	n := 0
	var buf [64]byte
	for i := 0; i < len(text); {
		c := text[i]
		var w uint64
		switch asciiClass[c] {
		case classSep:
			i++
			continue
		case classWord:
			// fast path: ASCII word, lower-cased into a stack buffer
			j, k := i, 0
			var packed uint64
			for j < len(text) && k < len(buf) {
				l := asciiLower[text[j]]
				if l == 0 {
					break
				}
				buf[k] = l
				packed |= uint64(l) << (8 * (k & 7))
				k++
				j++
			}
			switch {
			case j < len(text) && (text[j] >= utf8.RuneSelf || k == len(buf)):
				long := append(make([]byte, 0, 2*len(buf)), buf[:k]...)
				j = appendUnicodeWord(text, j, &long)
				w = wordHash(long)
			case k <= 8:
				w = shortWordHash(packed, k)
			default:
				w = xxhash.Sum64(buf[:k])
			}
			i = j
		default:
			r, size := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				i += size
				continue
			}
			long := make([]byte, 0, 2*len(buf))
			i = appendUnicodeWord(text, i, &long)
			w = wordHash(long)
		}
		ring[uint(n)%ShingleWords] = w
		n++
		if n >= ShingleWords {
			addShingle(&mins, &ring, n)
		}
	}
	var sig Signature
	switch {
	case n == 0:
		sig.Empty = true
		return sig
	case n < ShingleWords:
		addShingle(&mins, &ring, n)
	}
	densify(&mins)
	for i, m := range mins {
		sig.Bins[i] = uint32(m)
	}
	return sig
}

// wordHash hashes a lower-cased word: words of up to 8 bytes are packed
// into one integer and mixed (most words; measured 3x faster than hashing
// them with xxhash), longer ones go through xxhash.
func wordHash(b []byte) uint64 {
	if len(b) > 8 {
		return xxhash.Sum64(b)
	}
	var packed uint64
	for k, c := range b {
		packed |= uint64(c) << (8 * k)
	}
	return shortWordHash(packed, len(b))
}

func shortWordHash(packed uint64, n int) uint64 {
	return mix64(packed ^ uint64(n)<<60 ^ 0x2545f4914f6cdd1d)
}

// Byte classes for the ASCII fast path.
const (
	classSep     = 0 // ASCII separator
	classWord    = 1 // ASCII letter or digit
	classUnicode = 2 // start of a multi-byte rune
)

var asciiClass, asciiLower = func() (cls, low [256]byte) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			cls[c] = classUnicode
		case isASCIIWord(byte(c)):
			cls[c] = classWord
			low[c] = byte(c)
			if 'A' <= c && c <= 'Z' {
				low[c] = byte(c) + 'a' - 'A'
			}
		}
	}
	return cls, low
}()

// appendUnicodeWord appends the lower-cased word starting at text[i] to buf
// and returns the index after it.
func appendUnicodeWord(text string, i int, buf *[]byte) int {
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if !isASCIIWord(c) {
				return i
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			*buf = append(*buf, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			return i
		}
		*buf = utf8.AppendRune(*buf, unicode.ToLower(r))
		i += size
	}
	return i
}

func isASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// addShingle hashes the last min(n, ShingleWords) words in order and keeps
// the smallest value per bin (one-permutation hashing: the top bits pick
// the bin).
func addShingle(mins *[SigSize]uint64, ring *[ShingleWords]uint64, n int) {
	var h uint64
	if n >= ShingleWords {
		// independent multiplications by position keep the order
		// (unsigned positions: the modulo is a mask)
		u := uint(n)
		h = ring[(u-4)%ShingleWords]*0x9e3779b97f4a7c15 ^ bits.RotateLeft64(ring[(u-3)%ShingleWords], 17)*0xc2b2ae3d27d4eb4f ^
			bits.RotateLeft64(ring[(u-2)%ShingleWords], 31)*0x165667b19e3779f9 ^ bits.RotateLeft64(ring[(u-1)%ShingleWords], 47)*0xff51afd7ed558ccd
	} else {
		h = 0x27d4eb2f165667c5
		for j := range n {
			h = bits.RotateLeft64(h, 27) ^ ring[j]
			h *= 0xff51afd7ed558ccd
		}
	}
	h = mix64(h)
	b := h >> (64 - 7) // SigSize == 128
	if h < mins[b] {
		mins[b] = h
	}
}

// mix64 is the splitmix64 finaliser.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// densify fills empty bins from other bins chosen by a hash of the bin
// number and the attempt (Shrivastava 2017, optimal densification), so two
// texts fill the same empty bin from the same donor and the estimate stays
// unbiased.
func densify(mins *[SigSize]uint64) {
	empty := 0
	for _, m := range mins {
		if m == ^uint64(0) {
			empty++
		}
	}
	if empty == 0 || empty == SigSize {
		return
	}
	src := *mins
	for i := range mins {
		if src[i] != ^uint64(0) {
			continue
		}
		for attempt := uint64(1); ; attempt++ {
			d := mix64(uint64(i)<<32|attempt) % SigSize
			if src[d] != ^uint64(0) {
				mins[i] = mix64(src[d] + attempt)
				break
			}
		}
	}
}

// Jaccard estimates the Jaccard similarity of the shingle sets behind two
// signatures: the share of bins that agree. It is symmetric and in [0, 1];
// a text without words is similar to nothing.
func Jaccard(a, b *Signature) float64 {
	if a.Empty || b.Empty {
		return 0
	}
	same := 0
	for i := range a.Bins {
		if a.Bins[i] == b.Bins[i] {
			same++
		}
	}
	return float64(same) / SigSize
}

package cluster

import "encoding/binary"

// A document's vector is kept in one byte string: its n term weights
// (quantised, see qScale) followed by its sorted term ids as varint
// gaps. Gaps between the ids of an article's terms are mostly under 2^14,
// so a term costs about 3 bytes instead of 8, and a large index fits in
// a third of the memory; decoding is cheap next to the comparisons.

// encodeVec appends the vector of sorted term ids and their weights.
func encodeVec(dst []byte, terms []uint32, q []uint8) []byte {
	dst = append(dst, q...)
	prev := uint32(0)
	for _, t := range terms {
		dst = binary.AppendUvarint(dst, uint64(t-prev))
		prev = t
	}
	return dst
}

// vecSize is the encoded size of a vector.
func vecSize(terms []uint32) int {
	n := len(terms)
	prev := uint32(0)
	for _, t := range terms {
		g := t - prev
		prev = t
		for g >= 0x80 {
			n++
			g >>= 7
		}
		n++
	}
	return n
}

// decodeTerms appends d's sorted term ids to dst.
func (x *index) decodeTerms(d *doc, dst []uint32) []uint32 {
	b := x.termBytes(d)
	t := uint32(0)
	for p := 0; p < len(b); {
		g, w := gap(b, p)
		p = w
		t += g
		dst = append(dst, t)
	}
	return dst
}

// gap decodes the varint at b[p:] and returns it with the position after
// it.
func gap(b []byte, p int) (uint32, int) {
	v := uint32(b[p])
	p++
	if v < 0x80 {
		return v, p
	}
	v &= 0x7f
	for shift := 7; ; shift += 7 {
		c := b[p]
		p++
		v |= uint32(c&0x7f) << shift
		if c < 0x80 {
			return v, p
		}
	}
}

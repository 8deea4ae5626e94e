package cluster

// wordTable maps short words (up to 16 bytes) to int32 values, with the
// word's bytes packed into the entry: a lookup reads one entry, where a
// map of strings reads a control word, a slot and the key's bytes
// elsewhere in memory. Feature extraction looks every word of every
// article up in its cache, and on a large corpus those lookups missed
// the processor caches (BenchmarkWordTable). Words
// never hold a 0 byte, so zero padding tells keys apart and an entry
// whose first half is 0 is free.
type wordTable struct {
	e    []wordEntry // power-of-two length
	n    int
	bits uint
}

type wordEntry struct {
	lo, hi uint64 // the word's bytes, little-endian, zero-padded
	v      int32
}

// maxTableWord is the longest word a wordTable holds.
const maxTableWord = 16

// packWord packs a word of 1 to maxTableWord bytes.
func packWord(w string) (lo, hi uint64) {
	for i := 0; i < len(w) && i < 8; i++ {
		lo |= uint64(w[i]) << (8 * i)
	}
	for i := 8; i < len(w); i++ {
		hi |= uint64(w[i]) << (8 * (i - 8))
	}
	return lo, hi
}

func (t *wordTable) slot(lo, hi uint64) uint64 {
	return mix64(lo^hi*0x9e3779b97f4a7c15) >> (64 - t.bits)
}

// get returns the value of a packed word.
func (t *wordTable) get(lo, hi uint64) (int32, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := uint64(len(t.e) - 1)
	for i := t.slot(lo, hi); ; i = (i + 1) & mask {
		e := &t.e[i]
		if e.lo == lo && e.hi == hi {
			return e.v, true
		}
		if e.lo == 0 {
			return 0, false
		}
	}
}

// put sets the value of a packed word that get did not find.
func (t *wordTable) put(lo, hi uint64, v int32) {
	if 4*(t.n+1) > 3*len(t.e) {
		t.grow()
	}
	mask := uint64(len(t.e) - 1)
	i := t.slot(lo, hi)
	for t.e[i].lo != 0 {
		i = (i + 1) & mask
	}
	t.e[i] = wordEntry{lo, hi, v}
	t.n++
}

func (t *wordTable) grow() {
	old := t.e
	t.bits = max(10, t.bits+1)
	t.e = make([]wordEntry, 1<<t.bits)
	t.n = 0
	for _, e := range old {
		if e.lo != 0 {
			t.put(e.lo, e.hi, e.v)
		}
	}
}

// reset empties the table, keeping its memory.
func (t *wordTable) reset() {
	if t.n > 0 {
		clear(t.e)
		t.n = 0
	}
}

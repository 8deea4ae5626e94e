package cluster

import "hash/maphash"

// keyTable finds the position of a feature key among the keys of the
// current text (extractor.order), by the key's bytes, without making a
// string. It replaces a map[string]int32 that every text cleared, and
// whose lookups and clearing cost more than the probing here: a slot
// holds a position, the hashes sit by position, and reset frees only
// the slots the text filled.
type keyTable struct {
	slots []int32  // position+1 (0: free); power-of-two length
	hash  []uint64 // hash of each key, by position
	used  []int32  // slots filled since reset
	seed  maphash.Seed
}

// find returns the position of key b among keys, or -1 and the free slot
// where it goes (see add).
func (t *keyTable) find(b []byte, keys []string) (pos int32, slot int, h uint64) {
	if len(t.slots) == 0 {
		t.seed = maphash.MakeSeed()
		t.slots = make([]int32, 1024)
	}
	h = maphash.Bytes(t.seed, b)
	mask := len(t.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		e := t.slots[i]
		if e == 0 {
			return -1, i, h
		}
		if t.hash[e-1] == h && keys[e-1] == string(b) {
			return e - 1, i, h
		}
	}
}

// add records that the key find did not find, with hash h, is at
// position pos (the next one), in the slot find returned.
func (t *keyTable) add(slot int, h uint64, pos int32) {
	t.slots[slot] = pos + 1
	t.used = append(t.used, int32(slot))
	t.hash = append(t.hash[:pos], h)
	if 2*len(t.hash) > len(t.slots) {
		t.grow()
	}
}

func (t *keyTable) grow() {
	t.slots = make([]int32, 2*len(t.slots))
	t.used = t.used[:0]
	mask := len(t.slots) - 1
	for pos, h := range t.hash {
		i := int(h) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = int32(pos) + 1
		t.used = append(t.used, int32(i))
	}
}

// reset forgets every key.
func (t *keyTable) reset() {
	for _, i := range t.used {
		t.slots[i] = 0
	}
	t.used, t.hash = t.used[:0], t.hash[:0]
}

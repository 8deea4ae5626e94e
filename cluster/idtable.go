package cluster

import "github.com/cespare/xxhash/v2"

// idTable maps the ids of live documents to their indices. It holds
// indices only, in one open-addressing array, and compares ids with the
// documents' own: a map of strings held a million keys for the garbage
// collector to follow at every cycle, and about 40 MB of scanned memory,
// where this holds 8 MB it never scans.
type idTable struct {
	slots []int32 // document index + 1; 0 free, tombstone removed
	used  int     // slots not free (live entries and tombstones)
	n     int     // live entries
}

// tombstone marks a removed entry, so that lookups probe past it.
const tombstone = -1

// slot returns the first slot to probe for id.
func (t *idTable) slot(id string) int {
	return int(xxhash.Sum64String(id) & uint64(len(t.slots)-1))
}

// get returns the index of the live document with the given id; idOf
// returns the id of a document.
func (t *idTable) get(id string, idOf func(int32) string) (int32, bool) {
	if t.n == 0 {
		return 0, false
	}
	mask := len(t.slots) - 1
	for s := t.slot(id); ; s = (s + 1) & mask {
		switch v := t.slots[s]; {
		case v == 0:
			return 0, false
		case v > 0 && idOf(v-1) == id:
			return v - 1, true
		}
	}
}

// put records document i under id, replacing any document the id had.
func (t *idTable) put(id string, i int32, idOf func(int32) string) {
	if 4*(t.used+1) > 3*len(t.slots) {
		t.rehash(idOf)
	}
	mask := len(t.slots) - 1
	s := t.slot(id)
	for ; t.slots[s] != 0; s = (s + 1) & mask {
		if v := t.slots[s]; v > 0 && idOf(v-1) == id {
			t.slots[s] = i + 1
			return
		}
	}
	if t.slots[s] == 0 {
		t.used++
	}
	t.slots[s] = i + 1
	t.n++
}

// remove forgets id, if present.
func (t *idTable) remove(id string, idOf func(int32) string) {
	if t.n == 0 {
		return
	}
	mask := len(t.slots) - 1
	for s := t.slot(id); ; s = (s + 1) & mask {
		switch v := t.slots[s]; {
		case v == 0:
			return
		case v > 0 && idOf(v-1) == id:
			t.slots[s] = tombstone
			t.n--
			return
		}
	}
}

// rehash re-inserts the live entries into a table at most half full
// once they are in, dropping tombstones.
func (t *idTable) rehash(idOf func(int32) string) {
	size := 1 << 10
	for 2*(t.n+1) > size {
		size *= 2
	}
	old := t.slots
	t.slots = make([]int32, size)
	t.used, t.n = 0, 0
	for _, v := range old {
		if v > 0 {
			s := t.slot(idOf(v - 1))
			for t.slots[s] != 0 {
				s = (s + 1) & (size - 1)
			}
			t.slots[s] = v
			t.used++
			t.n++
		}
	}
}

package cluster

// nbr is a kept neighbour link: the other article and the similarity.
type nbr struct {
	j   int32
	sim float32
}

// nbrStore keeps every document's neighbour list (the links of its last
// query, plus those of later articles to it) in large pages, where a doc
// holds the page, offset, length and capacity of its list. A slice per
// document was a million small objects, and as many pointers, for the
// garbage collector to visit at every cycle. A list that outgrows its
// capacity moves to a new place, as append would; the places left behind
// are reclaimed by compact.
type nbrStore struct {
	pages [][]nbr // pages[0] stays empty: page 0 in a doc means no list
	used  int     // entries handed out since the last compaction
	live  int     // capacity of the current lists
}

// nbrPage is the number of entries of a page (256 KiB); a longer list
// gets a page of its own.
const nbrPage = 1 << 15

// alloc returns the page and offset of n new entries.
func (s *nbrStore) alloc(n uint32) (page, off uint32) {
	if len(s.pages) == 0 {
		s.pages = append(s.pages, nil)
	}
	last := s.pages[len(s.pages)-1]
	if len(s.pages) == 1 || uint32(cap(last)-len(last)) < n {
		last = make([]nbr, 0, max(n, nbrPage))
		s.pages = append(s.pages, last)
	}
	page, off = uint32(len(s.pages)-1), uint32(len(last))
	s.pages[page] = last[:off+n]
	s.used += int(n)
	s.live += int(n)
	return page, off
}

// hasNbrs reports whether d has a neighbour list (maybe empty).
func (d *doc) hasNbrs() bool { return d.nbrPage != 0 }

// nbrsOf returns d's neighbour list (nil: none). It stays valid until
// the next compact.
func (x *index) nbrsOf(d *doc) []nbr {
	if d.nbrPage == 0 {
		return nil
	}
	return x.nbrs.pages[d.nbrPage][d.nbrOff : d.nbrOff+d.nbrLen : d.nbrOff+d.nbrLen]
}

// setNbrs makes the edges of document i (d) its neighbour list, in
// order; the list exists (is not nil) even when empty.
func (x *index) setNbrs(d *doc, i int32, es []edge) {
	x.dropNbrs(d)
	n := uint32(len(es))
	d.nbrPage, d.nbrOff = x.nbrs.alloc(n)
	d.nbrLen, d.nbrCap = n, n
	list := x.nbrs.pages[d.nbrPage][d.nbrOff : d.nbrOff+n]
	for k, e := range es {
		list[k] = nbr{e.a + e.b - i, e.sim}
	}
}

// appendNbr adds a link to d's neighbour list, which must exist.
func (x *index) appendNbr(d *doc, n nbr) {
	if d.nbrLen == d.nbrCap {
		grown := max(4, 2*d.nbrCap)
		page, off := x.nbrs.alloc(grown)
		copy(x.nbrs.pages[page][off:], x.nbrsOf(d))
		x.nbrs.live -= int(d.nbrCap)
		d.nbrPage, d.nbrOff, d.nbrCap = page, off, grown
	}
	x.nbrs.pages[d.nbrPage][d.nbrOff+d.nbrLen] = n
	d.nbrLen++
}

// dropNbrs forgets d's neighbour list.
func (x *index) dropNbrs(d *doc) {
	x.nbrs.live -= int(d.nbrCap)
	d.nbrPage, d.nbrOff, d.nbrLen, d.nbrCap = 0, 0, 0, 0
}

// compactNbrs copies the neighbour lists into new pages, each list at
// its length, when more than a third of the entries handed out are no
// longer in a list. Slices from nbrsOf must not be held across it.
func (x *index) compactNbrs() {
	s := &x.nbrs
	if 3*(s.used-s.live) <= s.used || s.used < 4*nbrPage {
		return
	}
	old := s.pages
	*s = nbrStore{}
	for _, d := range x.docs {
		if d.nbrPage == 0 {
			continue
		}
		list := old[d.nbrPage][d.nbrOff : d.nbrOff+d.nbrLen]
		d.nbrPage, d.nbrOff = s.alloc(d.nbrLen)
		d.nbrCap = d.nbrLen
		copy(s.pages[d.nbrPage][d.nbrOff:], list)
	}
}

package cluster

// Stats describes the size of a Clusterer's index, for capacity planning
// and benchmarks.
type Stats struct {
	// Articles is the number of live articles; Stories the number of
	// stories.
	Articles, Stories int
	// Terms is the vocabulary size; Postings the number of postings kept.
	Terms, Postings int
	// DocTerms is the number of terms kept in the articles' vectors, and
	// Edges the number of neighbour links kept.
	DocTerms, Edges int
}

// Stats returns the current index sizes.
func (c *Clusterer) Stats() Stats {
	s := Stats{Articles: c.x.alive, Stories: len(c.stories), Terms: len(c.x.df)}
	for _, p := range c.x.postings {
		s.Postings += len(p.docs)
	}
	for _, d := range c.x.docs {
		if d.alive {
			s.DocTerms += int(d.n)
			s.Edges += int(d.nbrLen)
		}
	}
	return s
}

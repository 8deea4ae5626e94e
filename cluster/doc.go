// Package cluster groups articles at two levels: near-copies (the same text
// reprinted with other boilerplate, cut or lightly edited) and stories
// (articles reporting the same event, in any words).
//
// Near-copies are found with MinHash signatures over word shingles, built
// with one-permutation hashing and densification on xxhash, and an LSH
// band index; each copy group names its original (earliest, else longest).
// Stories are found with weighted term vectors (stems of content words,
// capitalised phrases, numbers; title terms weigh more), candidate
// retrieval through an inverted index, and average-linkage merging over the
// sparse similarity graph with a fixed threshold, so the number of stories
// is never needed. Each story is then checked for two events of one kind:
// re-weighted by what its members do not all share, it is cut in two when
// its halves are far less alike than each half is inside, or somewhat less
// alike when the halves are told apart by evidence too strong for chance:
// a year that most of one half gives as its latest and the other half
// never mentions, or a name that most of each half mentions (or is mainly
// about: its most repeated names) and the other half never does. A cut
// never separates near-copies, and a cut on text alone leaves at least
// three articles a side.
// Dates, when both articles have one, lower the similarity of articles
// days apart.
// The index is compact so that a million articles fit in about 1.6 GB:
// byte-quantised weights, varint-coded term lists in shared slabs,
// postings for each article's heaviest terms only, and 8-bit MinHash bins.
// Per-article data sits in large pointer-free blocks (documents in blocks,
// vectors with ids and titles in slabs, signatures and neighbour lists in
// pages, an id table of indices), so the garbage collector, which runs
// often near the memory limit, follows one pointer an article; vector
// norms are computed when first read after the idf changes.
// A Clusterer is incremental: Add re-clusters only the stories strongly
// linked to the new articles, and a batch gives the same stories in
// whatever order its articles come. EncodeState and RestoreStates let a
// store keep each article's features and signature, so a new process
// rebuilds the clustering without re-reading or re-featurising texts.
//
// The package works on chorus.Article values and returns assignments; it
// does not read or write any store, clean text, or detect wire credits
// (it counts the Article.Wires the clean stage found).
package cluster

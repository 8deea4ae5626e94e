package cluster

import (
	"context"
	"strings"
	"testing"

	"github.com/chorusnews/chorus"
)

// articles4K cuts the bundled seed texts into 4 KB articles.
func articles4K(b *testing.B) []string {
	var all strings.Builder
	for _, a := range loadSeeds(b) {
		all.WriteString(a.Text)
		all.WriteString("\n")
	}
	s := strings.Repeat(all.String(), 2)
	var out []string
	for off := 0; off+4096 <= len(s); off += 997 {
		out = append(out, s[off:off+4096])
	}
	return out
}

// BenchmarkFingerprint measures MinHash signatures of 4 KB articles on
// one goroutine.
func BenchmarkFingerprint(b *testing.B) {
	texts := articles4K(b)
	b.SetBytes(4096)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		_ = Fingerprint(texts[i%len(texts)])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkFeatures measures story features of 4 KB articles on one
// goroutine.
func BenchmarkFeatures(b *testing.B) {
	texts := articles4K(b)
	x := newExtractor()
	b.SetBytes(4096)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		_ = x.features("", texts[i%len(texts)], "en", 2)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkClusterECB measures a full batch clustering of ECB+ dev.
func BenchmarkClusterECB(b *testing.B) {
	arts := loadECB(b)
	for b.Loop() {
		c := New(DefaultOptions())
		if _, err := c.Add(context.Background(), append([]chorus.Article(nil), arts...)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkRestore measures rebuilding a Clusterer of the ECB+ dev
// articles, as ingest does before each batch: from the texts (features
// and signatures computed again) and from stored States.
func BenchmarkRestore(b *testing.B) {
	arts := loadECB(b)
	ctx := context.Background()
	opts := DefaultOptions()
	opts.States = true
	c := New(opts)
	res, err := c.Add(ctx, arts)
	if err != nil {
		b.Fatal(err)
	}
	storyOf := storiesOf(c, arts)
	states := make([][]byte, len(arts))
	size := 0
	for k, a := range arts {
		states[k] = res.States[a.ID]
		size += len(states[k])
	}
	b.Run("texts", func(b *testing.B) {
		for b.Loop() {
			if err := New(DefaultOptions()).Restore(ctx, arts, storyOf); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
	})
	b.Run("states", func(b *testing.B) {
		for b.Loop() {
			if _, err := New(DefaultOptions()).RestoreStates(ctx, states, storyOf); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
		b.ReportMetric(float64(size)/float64(len(arts)), "state-bytes/article")
	})
}

// BenchmarkNeighbours measures the candidate retrieval and full
// comparisons of one query (Clusterer.Add runs one per new article), on
// the ECB+ dev index, one goroutine.
func BenchmarkNeighbours(b *testing.B) {
	c := New(DefaultOptions())
	if _, err := c.Add(context.Background(), loadECB(b)); err != nil {
		b.Fatal(err)
	}
	s := &scratch{}
	n := int32(len(c.x.docs))
	i := int32(0)
	b.ReportAllocs()
	for b.Loop() {
		_ = c.x.neighbours(i%n, s)
		i++
	}
}

// BenchmarkSimilarityDense measures one full comparison of a query
// against a candidate, as neighbours makes 72 per query.
func BenchmarkSimilarityDense(b *testing.B) {
	c := New(DefaultOptions())
	if _, err := c.Add(context.Background(), loadECB(b)); err != nil {
		b.Fatal(err)
	}
	x := c.x
	dense := make([]float32, len(x.idfs))
	d := x.docs[0]
	x.spreadQuery(d, dense)
	n := int32(len(x.docs))
	j := int32(0)
	for b.Loop() {
		_ = x.similarityDense(d, dense, j%n)
		j++
	}
}

// BenchmarkRefineGroups measures refine on the stories of ECB+ dev as
// Add leaves them (most are not cut again).
func BenchmarkRefineGroups(b *testing.B) {
	c := New(DefaultOptions())
	if _, err := c.Add(context.Background(), loadECB(b)); err != nil {
		b.Fatal(err)
	}
	var groups [][]int32
	for _, st := range c.stories {
		if len(st.members) >= 4 {
			groups = append(groups, st.members)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, g := range groups {
			_ = c.refine(g)
		}
	}
}

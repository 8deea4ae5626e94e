package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus"
)

// BenchmarkPutArticles stores realistic articles (the bundled reports,
// varied) in batches of 500, as `chorus ingest` does.
func BenchmarkPutArticles(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "examples", "brussels-2025", "*.txt"))
	var bodies []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, string(data))
	}
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	const batch = 500
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i += batch {
		arts := make([]chorus.Article, 0, batch)
		for j := 0; j < batch; j++ {
			n++
			body := bodies[n%len(bodies)]
			// Vary the words so the index grows as with real text.
			text := fmt.Sprintf("Dispatch %d word%d word%d.\n\n%s", n, n%997, n%1009, strings.Replace(body, "Ukraine", fmt.Sprintf("Ukraine%d", n%50), 3))
			arts = append(arts, chorus.Article{ID: fmt.Sprintf("a%07d", n), Outlet: fmt.Sprintf("o%d", n%9), Text: text})
		}
		if _, err := st.PutArticles(ctx, arts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkSaveStoriesGrowing saves a story that gains one article per
// update, as a large story does over an ingest in chunks or a stream of
// small ingests: each update lists the story's members in full.
func BenchmarkSaveStoriesGrowing(b *testing.B) {
	for _, size := range []int{100, 2000} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			ctx := context.Background()
			st, err := Open(ctx, filepath.Join(b.TempDir(), "b.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			arts := make([]chorus.Article, size+b.N)
			for i := range arts {
				arts[i] = chorus.Article{ID: fmt.Sprintf("a%07d", i), Text: fmt.Sprintf("article %d", i)}
			}
			for i := 0; i < len(arts); i += 500 {
				if _, err := st.PutArticles(ctx, arts[i:min(i+500, len(arts))]); err != nil {
					b.Fatal(err)
				}
			}
			update := func(n int) StoryUpdate {
				u := StoryUpdate{Stories: []chorus.Story{{ID: "s", Title: "story", IndependentSources: n}}}
				for _, a := range arts[:n] {
					u.Stories[0].ArticleIDs = append(u.Stories[0].ArticleIDs, a.ID)
					u.Members = append(u.Members, StoryMember{ArticleID: a.ID, StoryID: "s", CopyGroup: a.ID, Original: true})
				}
				return u
			}
			if err := st.SaveStories(ctx, update(size)); err != nil {
				b.Fatal(err)
			}
			updates := make([]StoryUpdate, b.N)
			for i := range updates {
				updates[i] = update(size + i + 1)
			}
			b.ResetTimer()
			for i := range b.N {
				if err := st.SaveStories(ctx, updates[i]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package server

import (
	"context"
	"testing"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/sqlite"
)

// TestReadPool writes through the pool and reads the write back through
// every reader handle on the same database file.
func TestReadPool(t *testing.T) {
	f := newFixture(t, fixtureOpts{noSeeds: true})
	ctx := context.Background()
	pool := &ReadPool{Writer: f.store}
	for range 3 {
		r, err := sqlite.Open(ctx, f.store.Path())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		pool.Readers = append(pool.Readers, r)
		pool.Searches = append(pool.Searches, sqliteSearch{r})
	}
	if _, err := pool.PutArticles(ctx, []chorus.Article{{ID: "p1", Title: "Harbour strike", Text: "Dockers strike at the harbour."}}); err != nil {
		t.Fatal(err)
	}
	for i := range 2 * len(pool.Readers) {
		a, err := pool.Article(ctx, "p1")
		if err != nil || a.Title != "Harbour strike" {
			t.Fatalf("read %d: %+v, %v", i, a, err)
		}
		hits, err := pool.Search(ctx, `"dockers"`, 5, 0)
		if err != nil || len(hits) != 1 {
			t.Fatalf("search %d: %d hits, %v", i, len(hits), err)
		}
		if n, err := pool.CountArticles(ctx); err != nil || n != 1 {
			t.Fatalf("count %d: %d, %v", i, n, err)
		}
		if as, err := pool.Articles(ctx, chorus.ListOptions{}); err != nil || len(as) != 1 {
			t.Fatalf("list %d: %d, %v", i, len(as), err)
		}
	}
}

package server

import (
	"context"
	"sync/atomic"

	"github.com/chorusnews/chorus"
)

// ReadPool spreads reads over several handles on one database, so that
// readers do not queue behind each other on a store that allows a single
// connection per handle. Writes go to Writer. Each handle must see the
// same data (for SQLite: the same file, in WAL mode).
type ReadPool struct {
	Writer   chorus.ArticleStore
	Readers  []chorus.ArticleStore
	Searches []Searcher
	next     atomic.Uint64
}

func (p *ReadPool) pick() int { return int(p.next.Add(1) % uint64(len(p.Readers))) }

// PutArticles writes through Writer.
func (p *ReadPool) PutArticles(ctx context.Context, a []chorus.Article) (chorus.PutResult, error) {
	return p.Writer.PutArticles(ctx, a)
}

// Article reads from the next reader.
func (p *ReadPool) Article(ctx context.Context, id string) (chorus.Article, error) {
	return p.Readers[p.pick()].Article(ctx, id)
}

// Articles reads from the next reader.
func (p *ReadPool) Articles(ctx context.Context, o chorus.ListOptions) ([]chorus.Article, error) {
	return p.Readers[p.pick()].Articles(ctx, o)
}

// CountArticles reads from the next reader.
func (p *ReadPool) CountArticles(ctx context.Context) (int, error) {
	return p.Readers[p.pick()].CountArticles(ctx)
}

// Search runs on the next searcher.
func (p *ReadPool) Search(ctx context.Context, q string, limit, offset int) ([]SearchHit, error) {
	return p.Searches[int(p.next.Add(1)%uint64(len(p.Searches)))].Search(ctx, q, limit, offset)
}

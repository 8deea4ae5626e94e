package sqlite

import (
	"context"
	"fmt"
	"time"
)

// SearchHit is one article matching a full-text query, with its title and
// a snippet of its clean text in which every matched term is wrapped in
// the MarkStart and MarkEnd control characters (never HTML: rendering
// decides how to show a match).
type SearchHit struct {
	ArticleID string
	Outlet    string
	Published time.Time
	Title     string
	Snippet   string
}

// Markers around matched terms in SearchHit.Title and SearchHit.Snippet.
const (
	MarkStart = "\x02"
	MarkEnd   = "\x03"
)

// snippetTokens is the length of a snippet in tokens (FTS5's maximum is 64).
const snippetTokens = 32

// Search runs an FTS5 query over article titles and clean text, best match
// first. The query is FTS5 syntax; quote terms to search them literally.
func (s *Store) Search(ctx context.Context, query string, limit, offset int) ([]SearchHit, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.outlet, a.published,
			highlight(articles_fts, 0, char(2), char(3)),
			snippet(articles_fts, 1, char(2), char(3), '…', ?)
		FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
		WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?`, snippetTokens, query, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	defer rows.Close()
	var out []SearchHit
	for rows.Next() {
		var h SearchHit
		var published string
		if err := rows.Scan(&h.ArticleID, &h.Outlet, &published, &h.Title, &h.Snippet); err != nil {
			return nil, fmt.Errorf("search %q: %w", query, err)
		}
		if published != "" {
			h.Published, _ = time.Parse(time.RFC3339Nano, published)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", query, err)
	}
	return out, nil
}

package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chorusnews/chorus"
)

const migrationArticles = `
CREATE TABLE articles (
	id          TEXT PRIMARY KEY,
	outlet      TEXT NOT NULL DEFAULT '',
	url         TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT '',
	authors     TEXT NOT NULL DEFAULT '[]',
	published   TEXT NOT NULL DEFAULT '',
	language    TEXT NOT NULL DEFAULT '',
	text        TEXT NOT NULL,
	clean_text  TEXT NOT NULL DEFAULT '',
	meta        TEXT NOT NULL DEFAULT '{}',
	removed     TEXT NOT NULL DEFAULT '[]',
	wires       TEXT NOT NULL DEFAULT '[]',
	origin      TEXT NOT NULL DEFAULT '',
	repaired    INTEGER NOT NULL DEFAULT 0,
	hash        TEXT NOT NULL,
	ingested_at TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);

CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, clean_text, content='articles', content_rowid='rowid',
	tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
	INSERT INTO articles_fts(rowid, title, clean_text) VALUES (new.rowid, new.title, new.clean_text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, clean_text) VALUES ('delete', old.rowid, old.title, old.clean_text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, clean_text ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, clean_text) VALUES ('delete', old.rowid, old.title, old.clean_text);
	INSERT INTO articles_fts(rowid, title, clean_text) VALUES (new.rowid, new.title, new.clean_text);
END;
`

// migrationFTSMerge lets the full-text index gather 16 segments of a level
// before merging them, not 4: a large ingest spends about a fifth less
// time storing articles (100,000 generated articles: 33 s -> 26 s in
// PutArticles), and queries over 100,000 articles are as fast (median
// 5.5 ms either way; docs/benchmarks.md).
const migrationFTSMerge = `INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 16);`

// migrationFTSBatch drops the trigger that indexed each inserted article
// on its own: PutArticles indexes a batch's new articles in one statement.
// FTS5 writes its pending terms out as a new segment at every statement
// savepoint, so the trigger made one segment per article, and merging
// those segments was most of the index's cost (100,000 generated
// articles: see docs/benchmarks.md). Updates and deletes keep their
// triggers: they are rare, and their old values are only at hand there.
const migrationFTSBatch = `DROP TRIGGER articles_ai;`

const articleColumns = `id, outlet, url, title, authors, published, language, text, clean_text, meta, removed, wires, origin, repaired`

// PutArticles stores a batch in one transaction: new ids are inserted,
// changed content (by content hash) is updated, identical content is left
// alone. Derived fields (clean text, removals, wires) follow the content.
func (s *Store) PutArticles(ctx context.Context, articles []chorus.Article) (chorus.PutResult, error) {
	var res chorus.PutResult
	for i := range articles {
		if articles[i].ID == "" {
			return res, fmt.Errorf("store articles: article from %s: empty id: %w", articles[i].Origin, chorus.ErrInvalid)
		}
	}
	rows, err := rowsOf(articles)
	if err != nil {
		return res, fmt.Errorf("store articles: %w", err)
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		// most articles of a large ingest are new: insert first, and look
		// the stored hash up only when the id is taken
		ins, err := tx.PrepareContext(ctx, `INSERT INTO articles (`+articleColumns+`, hash, ingested_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING`)
		if err != nil {
			return err
		}
		defer ins.Close()
		get, err := tx.PrepareContext(ctx, `SELECT hash FROM articles WHERE id = ?`)
		if err != nil {
			return err
		}
		defer get.Close()
		upd, err := tx.PrepareContext(ctx, `UPDATE articles SET outlet=?, url=?, title=?, authors=?, published=?, language=?,
			text=?, clean_text=?, meta=?, removed=?, wires=?, origin=?, repaired=?, hash=?, updated_at=? WHERE id=?`)
		if err != nil {
			return err
		}
		defer upd.Close()
		var inserted []int64 // rowids of new articles, for the full-text index
		for i := range articles {
			id, r := articles[i].ID, rows[i]
			done, err := ins.ExecContext(ctx, append(r.values, r.hash, now, now)...)
			if err != nil {
				return fmt.Errorf("insert article %s: %w", id, err)
			}
			if n, _ := done.RowsAffected(); n > 0 {
				rowid, err := done.LastInsertId()
				if err != nil {
					return fmt.Errorf("insert article %s: %w", id, err)
				}
				inserted = append(inserted, rowid)
				res.New = append(res.New, id)
				continue
			}
			var old string
			if err := get.QueryRowContext(ctx, id).Scan(&old); err != nil {
				return fmt.Errorf("look up article %s: %w", id, err)
			}
			if old == r.hash {
				res.Unchanged = append(res.Unchanged, id)
				continue
			}
			// the update's trigger takes the old text out of the
			// full-text index, so what this batch inserted (the same id
			// may come twice) must be in it first
			if err := indexNew(ctx, tx, inserted); err != nil {
				return err
			}
			inserted = inserted[:0]
			if _, err := upd.ExecContext(ctx, append(r.values[1:], r.hash, now, id)...); err != nil {
				return fmt.Errorf("update article %s: %w", id, err)
			}
			res.Updated = append(res.Updated, id)
		}
		return indexNew(ctx, tx, inserted)
	})
	if err != nil {
		return chorus.PutResult{}, fmt.Errorf("store articles: %w", err)
	}
	return res, nil
}

// indexNew adds newly inserted articles to the full-text index in one
// statement, so that FTS5 writes them out as one segment (see
// migrationFTSBatch).
func indexNew(ctx context.Context, tx *sql.Tx, rowids []int64) error {
	if len(rowids) == 0 {
		return nil
	}
	list, err := json.Marshal(rowids)
	if err != nil {
		return fmt.Errorf("index new articles: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO articles_fts(rowid, title, clean_text)
		SELECT rowid, title, clean_text FROM articles WHERE rowid IN (SELECT value FROM json_each(?)) ORDER BY rowid`, string(list)); err != nil {
		return fmt.Errorf("index new articles: %w", err)
	}
	return nil
}

// row is an article's column values and content hash.
type row struct {
	values []any
	hash   string
}

// rowsOf encodes a batch's rows outside the transaction, on all cores.
func rowsOf(articles []chorus.Article) ([]row, error) {
	rows := make([]row, len(articles))
	errs := make([]error, len(articles))
	workers := min(runtime.GOMAXPROCS(0), len(articles)/16+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(articles); i += workers {
				a := &articles[i]
				rows[i].hash = a.ContentHash()
				rows[i].values, errs[i] = rowValues(a)
			}
		})
	}
	wg.Wait()
	return rows, errors.Join(errs...)
}

// SetCleaned replaces the derived cleaning fields of stored articles.
func (s *Store) SetCleaned(ctx context.Context, articles []chorus.Article) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `UPDATE articles SET clean_text=?, removed=?, wires=?, authors=?, published=? WHERE id=?`)
		if err != nil {
			return err
		}
		defer st.Close()
		for i := range articles {
			a := &articles[i]
			removed, _ := json.Marshal(nonNil(a.Removed))
			wires, _ := json.Marshal(nonNil(a.Wires))
			authors, _ := json.Marshal(nonNil(a.Authors))
			if _, err := st.ExecContext(ctx, a.CleanText, string(removed), string(wires), string(authors), formatTime(a.Published), a.ID); err != nil {
				return fmt.Errorf("set cleaned text of %s: %w", a.ID, err)
			}
		}
		return nil
	})
}

func rowValues(a *chorus.Article) ([]any, error) {
	authors, err := json.Marshal(nonNil(a.Authors))
	if err != nil {
		return nil, fmt.Errorf("article %s: authors: %w", a.ID, err)
	}
	meta := []byte("{}")
	if len(a.Meta) > 0 {
		if meta, err = json.Marshal(a.Meta); err != nil {
			return nil, fmt.Errorf("article %s: meta: %w", a.ID, err)
		}
	}
	removed, err := json.Marshal(nonNil(a.Removed))
	if err != nil {
		return nil, fmt.Errorf("article %s: removed: %w", a.ID, err)
	}
	wires, _ := json.Marshal(nonNil(a.Wires))
	clean := a.CleanText
	if clean == "" {
		clean = a.Text
	}
	return []any{a.ID, a.Outlet, a.URL, a.Title, string(authors), formatTime(a.Published), a.Language,
		a.Text, clean, string(meta), string(removed), string(wires), a.Origin, a.Repaired}, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

type scanner interface{ Scan(dest ...any) error }

func scanArticle(r scanner) (chorus.Article, error) {
	var a chorus.Article
	var authors, published, meta, removed, wires string
	if err := r.Scan(&a.ID, &a.Outlet, &a.URL, &a.Title, &authors, &published, &a.Language,
		&a.Text, &a.CleanText, &meta, &removed, &wires, &a.Origin, &a.Repaired); err != nil {
		return a, err
	}
	if err := json.Unmarshal([]byte(authors), &a.Authors); err != nil {
		return a, fmt.Errorf("article %s: authors column: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(meta), &a.Meta); err != nil {
		return a, fmt.Errorf("article %s: meta column: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(removed), &a.Removed); err != nil {
		return a, fmt.Errorf("article %s: removed column: %w", a.ID, err)
	}
	if err := json.Unmarshal([]byte(wires), &a.Wires); err != nil {
		return a, fmt.Errorf("article %s: wires column: %w", a.ID, err)
	}
	if published != "" {
		t, err := time.Parse(time.RFC3339Nano, published)
		if err != nil {
			return a, fmt.Errorf("article %s: published column: %w", a.ID, err)
		}
		a.Published = t
	}
	if len(a.Meta) == 0 {
		a.Meta = nil
	}
	return a, nil
}

// Article returns one article by id.
func (s *Store) Article(ctx context.Context, id string) (chorus.Article, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = ?`, id)
	a, err := scanArticle(row)
	if err != nil {
		return chorus.Article{}, notFound(err, "article "+id)
	}
	return a, nil
}

// ArticleIDs returns the ids of all stored articles, in order.
func (s *Store) ArticleIDs(ctx context.Context) ([]string, error) {
	return s.queryStrings(ctx, "list article ids", `SELECT id FROM articles ORDER BY id`)
}

// ArticlesByID returns the stored articles among ids, ordered by id;
// ids not stored are left out.
func (s *Store) ArticlesByID(ctx context.Context, ids []string) ([]chorus.Article, error) {
	const chunk = 500
	var out []chorus.Article
	for lo := 0; lo < len(ids); lo += chunk {
		part := ids[lo:min(lo+chunk, len(ids))]
		args := make([]any, len(part))
		for k, id := range part {
			args[k] = id
		}
		marks := strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")
		rows, err := s.db.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id IN (`+marks+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("read articles by id: %w", err)
		}
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("read articles by id: %w", err)
			}
			out = append(out, a)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("read articles by id: %w", err)
		}
	}
	slices.SortFunc(out, func(a, b chorus.Article) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Articles lists articles ordered by id, or by relevance when opts.Query is
// set (an FTS5 query over title and clean text).
func (s *Store) Articles(ctx context.Context, opts chorus.ListOptions) ([]chorus.Article, error) {
	limit := opts.Limit
	if limit <= 0 {
		limit = -1
	}
	var rows *sql.Rows
	var err error
	if q := strings.TrimSpace(opts.Query); q != "" {
		rows, err = s.db.QueryContext(ctx, `SELECT `+prefixed("a.", articleColumns)+` FROM articles_fts f
			JOIN articles a ON a.rowid = f.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?`, q, limit, opts.Offset)
	} else {
		rows, err = s.db.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles ORDER BY id LIMIT ? OFFSET ?`, limit, opts.Offset)
	}
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	var out []chorus.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("list articles: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	return out, nil
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}

// CountArticles returns the number of stored articles.
func (s *Store) CountArticles(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}

// Package sqlite is the Chorus store on an embedded, pure-Go SQLite
// database (modernc.org/sqlite). It is the only package that speaks SQL.
//
// The database runs in WAL mode with foreign keys on; every write method is
// one transaction, so a crash never leaves half a batch behind. The one
// writer that holds writes back, MemoryBuffer, keeps the cleaner's outlet
// memory, which may lose its latest records safely. The schema
// is an ordered list of migrations tracked in PRAGMA user_version. It does
// not interpret articles: cleaning, clustering and alignment happen in their
// own packages and hand their results here to be kept.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/chorusnews/chorus"
)

// Store implements chorus.Store on SQLite.
type Store struct {
	db   *sql.DB
	path string
}

// Open opens the database at path, creating it if needed, and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	q := url.Values{}
	// An 8 MiB page cache (SQLite's default is 2 MiB) and a checkpoint
	// every 5,000 WAL pages of 16 KiB (80 MiB; the default is 1,000
	// pages) keep the hot pages of the full-text index and the outlet
	// memory in memory and write each back once per checkpoint, not once
	// per batch (docs/benchmarks.md, fourth round). With 16 KiB pages a
	// larger cache bought no CPU and cost far more memory than its size:
	// 200,000 generated articles, peak RSS 236 MB at 8 MiB, 289 MB at
	// 16 MiB, 401 MB at 32 MiB.
	for _, p := range []string{"foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)",
		"cache_size(-8192)", "wal_autocheckpoint(5000)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// SQLite allows one writer; a single connection avoids SQLITE_BUSY
	// between our own goroutines and keeps FTS writes serial.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, path: path}
	if err := s.setUp(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return s, nil
}

// pageSize is the page size of a new database. An article row (text and
// clean text, about 5 KB) fits in one 16 KiB page instead of spilling
// over three, and a WAL commit writes a quarter as many pages: storing
// 100,000 generated articles costs about a tenth less CPU, with the same
// search and lookup latency (docs/benchmarks.md).
const pageSize = 16384

// setUp gives a new database its page size, which is fixed once the file
// has a page, and turns on write-ahead logging (kept in the file). The
// page size must come first, so neither is a connection pragma (those
// run in alphabetical order).
func (s *Store) setUp(ctx context.Context) error {
	var pages int
	if err := s.db.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		return fmt.Errorf("read page count: %w", err)
	}
	if pages == 0 {
		if _, err := s.db.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d", pageSize)); err != nil {
			return fmt.Errorf("set page size: %w", err)
		}
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return fmt.Errorf("set journal mode: %w", err)
	}
	if mode != "wal" {
		return fmt.Errorf("set journal mode: database uses %q, not write-ahead logging", mode)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path is the database file.
func (s *Store) Path() string { return s.path }

// IntegrityCheck runs PRAGMA integrity_check and the FTS5 index's own
// check, and returns an error unless both pass.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check: %s", res)
	}
	// The full-text index must agree with the articles it indexes.
	if _, err := s.db.ExecContext(ctx, `INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		return fmt.Errorf("full-text index check: %w", err)
	}
	return nil
}

func (s *Store) migrate(ctx context.Context) error {
	var version int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this chorus (%d): upgrade chorus", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}

// inTx runs fn in a transaction, committing on success.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

// queryStrings runs a query of one text column and returns its values;
// errors name what was asked.
func (s *Store) queryStrings(ctx context.Context, what, query string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// notFound turns sql.ErrNoRows into chorus.ErrNotFound.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, chorus.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}

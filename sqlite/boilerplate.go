package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// migrationBoilerplate holds the per-outlet line memory of the clean
// stage: which articles of an outlet were seen, and per line hash in how
// many distinct articles of the outlet it occurs. Articles are keys chosen
// by the cleaner, not foreign keys: the memory is learnt before (and
// independently of) storing articles. It grows with the distinct lines of
// an outlet, not with lines × articles.
const migrationBoilerplate = `
CREATE TABLE boilerplate_outlets (
	outlet   TEXT PRIMARY KEY,
	articles INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE boilerplate_seen (
	outlet  TEXT NOT NULL,
	article TEXT NOT NULL,
	PRIMARY KEY (outlet, article)
) WITHOUT ROWID;
CREATE TABLE boilerplate_lines (
	outlet   TEXT NOT NULL,
	hash     INTEGER NOT NULL,
	articles INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (outlet, hash)
) WITHOUT ROWID;
`

// RecordLines implements clean.Memory: it notes, in one transaction, that
// the article with key belongs to outlet and holds the lines with the
// given hashes, and returns for each line in how many distinct articles of
// the outlet it occurs, and how many articles of the outlet are known.
//
// An article is counted once, when first recorded: recording it again
// (a re-ingest, or an update of its text) returns the current counts and
// changes nothing. A line repeated within one article counts once.
func (s *Store) RecordLines(ctx context.Context, outlet, key string, lines []uint64) ([]int, int, error) {
	counts := make([]int, len(lines))
	var total int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO boilerplate_seen (outlet, article) VALUES (?, ?)`, outlet, key)
		if err != nil {
			return err
		}
		first, _ := res.RowsAffected()
		if first > 0 {
			err = tx.QueryRowContext(ctx, `INSERT INTO boilerplate_outlets (outlet, articles) VALUES (?, 1)
				ON CONFLICT (outlet) DO UPDATE SET articles = articles + 1 RETURNING articles`, outlet).Scan(&total)
		} else {
			err = tx.QueryRowContext(ctx, `SELECT articles FROM boilerplate_outlets WHERE outlet = ?`, outlet).Scan(&total)
		}
		if err != nil {
			return err
		}
		q := `SELECT articles FROM boilerplate_lines WHERE outlet = ? AND hash = ?`
		if first > 0 {
			q = `INSERT INTO boilerplate_lines (outlet, hash, articles) VALUES (?, ?, 1)
				ON CONFLICT (outlet, hash) DO UPDATE SET articles = articles + 1 RETURNING articles`
		}
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		defer st.Close()
		done := make(map[uint64]int, len(lines))
		for i, h := range lines {
			if n, ok := done[h]; ok {
				counts[i] = n
				continue
			}
			// SQLite integers are signed: store the hash's bits as int64.
			err := st.QueryRowContext(ctx, outlet, int64(h)).Scan(&counts[i])
			if err == sql.ErrNoRows { // a line the article did not hold when first recorded
				err = nil
			}
			if err != nil {
				return err
			}
			done[h] = counts[i]
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("record lines of %s article %s: %w", outlet, key, err)
	}
	return counts, total, nil
}

// BoilerplateLine is one line hash an outlet repeats, with how many of the
// outlet's articles hold it.
type BoilerplateLine struct {
	Hash     uint64
	Articles int
}

// OutletBoilerplate lists the lines of an outlet seen in at least min
// articles, most frequent first, and how many articles of the outlet are
// known.
func (s *Store) OutletBoilerplate(ctx context.Context, outlet string, min int) ([]BoilerplateLine, int, error) {
	var total int
	err := s.db.QueryRowContext(ctx, `SELECT articles FROM boilerplate_outlets WHERE outlet = ?`, outlet).Scan(&total)
	if err != nil && err != sql.ErrNoRows {
		return nil, 0, fmt.Errorf("outlet boilerplate %s: %w", outlet, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT hash, articles FROM boilerplate_lines
		WHERE outlet = ? AND articles >= ? ORDER BY articles DESC, hash`, outlet, min)
	if err != nil {
		return nil, 0, fmt.Errorf("outlet boilerplate %s: %w", outlet, err)
	}
	defer rows.Close()
	var out []BoilerplateLine
	for rows.Next() {
		var h int64
		var n int
		if err := rows.Scan(&h, &n); err != nil {
			return nil, 0, fmt.Errorf("outlet boilerplate %s: %w", outlet, err)
		}
		out = append(out, BoilerplateLine{Hash: uint64(h), Articles: n})
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("outlet boilerplate %s: %w", outlet, err)
	}
	return out, total, nil
}

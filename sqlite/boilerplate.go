package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/chorusnews/chorus/clean"
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
	out, err := s.recordBatch(ctx, []clean.LineRecord{{Outlet: outlet, Key: key, Lines: lines}})
	if err != nil {
		return nil, 0, fmt.Errorf("record lines of %s article %s: %w", outlet, key, err)
	}
	return out[0].Counts, out[0].Articles, nil
}

// RecordBatch implements clean.BatchMemory: it records many articles in
// one transaction, with the result RecordLines would give for each in
// order. Per outlet it costs a handful of statements plus one per
// article, whatever the number of lines: the counts are read and written
// in bulk and worked out in between.
func (s *Store) RecordBatch(ctx context.Context, recs []clean.LineRecord) ([]clean.LineCounts, error) {
	out, err := s.recordBatch(ctx, recs)
	if err != nil {
		return nil, fmt.Errorf("record lines of %d articles: %w", len(recs), err)
	}
	return out, nil
}

func (s *Store) recordBatch(ctx context.Context, recs []clean.LineRecord) ([]clean.LineCounts, error) {
	out := make([]clean.LineCounts, len(recs))
	outlets, byOutlet := groupByOutlet(recs)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, o := range outlets {
			if err := recordOutlet(ctx, tx, o, recs, byOutlet[o], out); err != nil {
				return fmt.Errorf("outlet %s: %w", o, err)
			}
		}
		return nil
	})
	return out, err
}

// groupByOutlet returns the outlets of recs in order of first record,
// and the indexes of each outlet's records, in order.
func groupByOutlet(recs []clean.LineRecord) ([]string, map[string][]int) {
	var outlets []string
	byOutlet := map[string][]int{}
	for i, r := range recs {
		if _, ok := byOutlet[r.Outlet]; !ok {
			outlets = append(outlets, r.Outlet)
		}
		byOutlet[r.Outlet] = append(byOutlet[r.Outlet], i)
	}
	return outlets, byOutlet
}

// recordOutlet records the records idx (all of one outlet, in order) and
// sets their results in out.
func recordOutlet(ctx context.Context, tx *sql.Tx, outlet string, recs []clean.LineRecord, idx []int, out []clean.LineCounts) error {
	// which articles are new to the memory: each is counted once, at its
	// first record
	seen, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO boilerplate_seen (outlet, article) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer seen.Close()
	first := make([]bool, len(idx))
	for k, i := range idx {
		res, err := seen.ExecContext(ctx, outlet, recs[i].Key)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		first[k] = n > 0
	}
	var total int
	err = tx.QueryRowContext(ctx, `SELECT articles FROM boilerplate_outlets WHERE outlet = ?`, outlet).Scan(&total)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	// the stored counts of every line of the batch, read at once
	count := map[uint64]int{}
	for _, i := range idx {
		for _, h := range recs[i].Lines {
			count[h] = 0
		}
	}
	if err := readLineCounts(ctx, tx, outlet, count); err != nil {
		return err
	}
	// the counts each article sees, worked out in order
	delta := map[uint64]int{}
	newArticles := 0
	for k, i := range idx {
		lines := recs[i].Lines
		if first[k] {
			newArticles++
			total++
			done := make(map[uint64]bool, len(lines))
			for _, h := range lines {
				if !done[h] {
					done[h] = true
					count[h]++
					delta[h]++
				}
			}
		}
		counts := make([]int, len(lines))
		for j, h := range lines {
			counts[j] = count[h]
		}
		out[i] = clean.LineCounts{Counts: counts, Articles: total}
	}
	if err := writeLineCounts(ctx, tx, outlet, delta); err != nil {
		return err
	}
	if newArticles > 0 {
		_, err = tx.ExecContext(ctx, `INSERT INTO boilerplate_outlets (outlet, articles) VALUES (?, ?)
			ON CONFLICT (outlet) DO UPDATE SET articles = articles + excluded.articles`, outlet, newArticles)
	}
	return err
}

// readLineCounts sets count[h] to the stored count of each hash in count
// (left at 0 when the outlet never had the line). Hashes travel as a JSON
// array of integers; SQLite integers are signed, so a hash's bits are
// stored as an int64.
func readLineCounts(ctx context.Context, q querier, outlet string, count map[uint64]int) error {
	if len(count) == 0 {
		return nil
	}
	list := make([]int64, 0, len(count))
	for h := range count {
		list = append(list, int64(h))
	}
	arg, err := json.Marshal(list)
	if err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, `SELECT hash, articles FROM boilerplate_lines
		WHERE outlet = ? AND hash IN (SELECT value FROM json_each(?))`, outlet, string(arg))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var h int64
		var n int
		if err := rows.Scan(&h, &n); err != nil {
			return err
		}
		count[uint64(h)] = n
	}
	return rows.Err()
}

// querier is a transaction or the database.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// writeLineCounts adds delta[h] to the stored count of each line, in one
// statement, in key order, so that the table's pages are visited once
// each, in order.
func writeLineCounts(ctx context.Context, tx *sql.Tx, outlet string, delta map[uint64]int) error {
	if len(delta) == 0 {
		return nil
	}
	pairs := make([][2]int64, 0, len(delta))
	for h, d := range delta {
		pairs = append(pairs, [2]int64{int64(h), int64(d)})
	}
	slices.SortFunc(pairs, func(a, b [2]int64) int { return cmp.Compare(a[0], b[0]) })
	arg, err := json.Marshal(pairs)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO boilerplate_lines (outlet, hash, articles)
		SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?) WHERE true
		ON CONFLICT (outlet, hash) DO UPDATE SET articles = articles + excluded.articles`, outlet, string(arg))
	return err
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

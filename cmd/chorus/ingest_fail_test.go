package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A batch the store refuses fails the ingest with the store's reason: the
// batches stored before it stay, the refused batch is rolled back whole,
// and nothing after it is written, although the pipeline had already
// read and cleaned it.
func TestIngestStoreFailure(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	storeWithTrigger(t, db, `CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN new.id = 'a0700'
		BEGIN SELECT RAISE(ABORT, 'the disk says no'); END`)
	var b strings.Builder
	n := 3*batchSize - 100
	for i := range n {
		fmt.Fprintf(&b, `{"id":"a%04d","outlet":"wire.example","text":"Report number %d on the council vote.\nFollow wire.example for more."}`+"\n", i, i)
	}
	ingestRefused(t, dir, db, b.String())
	code, out, _ := runCLI(t, "", "articles", "--db", db, "--json", "--limit", "100000")
	if code != 0 {
		t.Fatalf("articles: code %d", code)
	}
	got := strings.Count(out, `"a0`)
	if got != batchSize {
		t.Errorf("stored %d of the new articles, want the first batch of %d only", got, batchSize)
	}
}

// storeWithTrigger ingests the seeds into a new database db, adds a
// trigger to it, and returns the database opened directly, for checks.
func storeWithTrigger(t *testing.T, db, trigger string) *sql.DB {
	t.Helper()
	if code, out, stderr := runCLI(t, "", "ingest", seedsDir(t), "--db", db); code != 0 {
		t.Fatalf("first ingest: code %d\n%s%s", code, out, stderr)
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	if _, err := raw.Exec(trigger); err != nil {
		t.Fatal(err)
	}
	return raw
}

// ingestRefused writes records as in.jsonl in dir, ingests it into db,
// expects the run to fail with the reason the store's trigger gives ("the
// disk says no"), and returns the file's path.
func ingestRefused(t *testing.T, dir, db, records string) string {
	t.Helper()
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte(records), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "", "ingest", in, "--db", db)
	if code != exitError || !strings.Contains(stderr, "the disk says no") {
		t.Fatalf("code %d, want %d with the store's reason\n%s%s", code, exitError, out, stderr)
	}
	return in
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A chunk of stories the store refuses fails the clustering with the
// store's reason: the chunks saved before it stay, and none after it is
// written.
func TestClusterSaveFailure(t *testing.T) {
	defer func(n int) { clusterChunk = n }(clusterChunk)
	clusterChunk = 50
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	// ids sort as a000..a299, clustered 50 at a time: a0120 is in the
	// third chunk
	raw := storeWithTrigger(t, db, `CREATE TRIGGER refuse BEFORE INSERT ON cluster_state
		WHEN new.article_id = 'a0120' BEGIN SELECT RAISE(ABORT, 'the disk says no'); END`)
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, `{"id":"a%04d","outlet":"o%d.example","text":"Report number %d on the council vote in town %d.\nThe mayor spoke."}`+"\n", i, i%7, i, i%13)
	}
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "", "ingest", in, "--db", db)
	if code != exitError || !strings.Contains(stderr, "the disk says no") {
		t.Fatalf("code %d, want %d with the store's reason\n%s%s", code, exitError, out, stderr)
	}
	var states int
	if err := raw.QueryRow(`SELECT count(*) FROM cluster_state WHERE article_id LIKE 'a0%'`).Scan(&states); err != nil {
		t.Fatal(err)
	}
	if states != 2*clusterChunk {
		t.Errorf("%d states of the new articles saved, want the first two chunks' %d", states, 2*clusterChunk)
	}
}

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
// written. The next ingest that adds anything clusters the articles
// stored but left without a story.
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
	in := ingestRefused(t, dir, db, b.String())
	var states int
	if err := raw.QueryRow(`SELECT count(*) FROM cluster_state WHERE article_id LIKE 'a0%'`).Scan(&states); err != nil {
		t.Fatal(err)
	}
	if states != 2*clusterChunk {
		t.Errorf("%d states of the new articles saved, want the first two chunks' %d", states, 2*clusterChunk)
	}

	if _, err := raw.Exec(`DROP TRIGGER refuse`); err != nil {
		t.Fatal(err)
	}
	more := filepath.Join(dir, "more.jsonl")
	if err := os.WriteFile(more, []byte(`{"id":"b0001","outlet":"o1.example","text":"Report number 7 on the council vote in town 7.\nThe mayor spoke."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := runCLI(t, "", "ingest", in, more, "--db", db); code != 0 {
		t.Fatalf("second ingest: code %d\n%s%s", code, out, stderr)
	}
	var n, members, withState int
	if err := raw.QueryRow(`SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM story_articles),
		(SELECT count(*) FROM cluster_state)`).Scan(&n, &members, &withState); err != nil {
		t.Fatal(err)
	}
	if members != n || withState != n {
		t.Errorf("after the next ingest: %d articles in stories and %d states, want all %d", members, withState, n)
	}
}

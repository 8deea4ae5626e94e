package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/evaldata"
	"github.com/chorusnews/chorus/sqlite"
)

// An ingest that fits in one chunk clusters while it stores exactly as a
// rebuild from scratch does: the same stories, with the same ids, titles
// and members, on real ECB+ articles and the seeds.
func TestIngestClustersAsRecluster(t *testing.T) {
	data := evaldata.Require(t, "ecbplus", "dev.jsonl")
	dir := t.TempDir()
	piped, rebuilt := filepath.Join(dir, "piped.db"), filepath.Join(dir, "rebuilt.db")
	if code, out, errs := runCLI(t, "", "ingest", "-q", data, seedsDir(t), "--db", piped); code != 0 {
		t.Fatalf("ingest: %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "", "ingest", "-q", "--no-cluster", data, seedsDir(t), "--db", rebuilt); code != 0 {
		t.Fatalf("ingest --no-cluster: %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "", "recluster", "--db", rebuilt); code != 0 {
		t.Fatalf("recluster: %d\n%s%s", code, out, errs)
	}
	_, a, _ := runCLI(t, "", "stories", "--json", "--db", piped)
	_, b, _ := runCLI(t, "", "stories", "--json", "--db", rebuilt)
	if a != b {
		t.Errorf("stories clustered while storing differ from a rebuild:\n%.2000s\n---\n%.2000s", a, b)
	}
	if !strings.Contains(a, `"independent_sources"`) || strings.Count(a, `"id"`) < 50 {
		t.Errorf("too few stories: %.500s", a)
	}
}

// When clustering fails part way, the ingest fails with the reason, the
// chunks clustered before stay, and the next ingest that adds anything
// clusters the articles stored but left without a story.
func TestIngestResumesClustering(t *testing.T) {
	defer func(n int) { clusterChunk = n }(clusterChunk)
	clusterChunk = 50
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
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
	if code, out, stderr := runCLI(t, "", "ingest", in, "--db", db); code != exitError || !strings.Contains(stderr, "the disk says no") {
		t.Fatalf("code %d, want %d with the store's reason\n%s%s", code, exitError, out, stderr)
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
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := st.CountArticles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	members, err := st.StoryMembers(context.Background())
	if err != nil || len(members) != n {
		t.Errorf("%d articles in stories (%v), want all %d", len(members), err, n)
	}
	states, err := st.ClusterStateIDs(context.Background())
	if err != nil || len(states) != n {
		t.Errorf("%d clustering states (%v), want %d", len(states), err, n)
	}
}

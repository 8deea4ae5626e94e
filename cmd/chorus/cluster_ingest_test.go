package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/cluster"
	"github.com/chorusnews/chorus/internal/evaldata"
	"github.com/chorusnews/chorus/sqlite"
)

// TestClusterAfterNoCluster: articles stored with --no-cluster have no
// clustering state; the next clustered ingest reads them back, clusters
// them with the new ones into one story, and stores their states.
func TestClusterAfterNoCluster(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	files, err := filepath.Glob(filepath.Join(seedsDir(t), "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("seeds: %v (%d files)", err, len(files))
	}
	first, second := t.TempDir(), t.TempDir()
	for k, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dir := first
		if k >= 3 {
			dir = second
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, errs := runCLI(t, "", "ingest", first, "--db", db, "--no-cluster"); code != 0 {
		t.Fatalf("ingest --no-cluster: %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "", "ingest", second, "--db", db); code != 0 || !strings.Contains(out, "2 new") {
		t.Fatalf("ingest: %d\n%s%s", code, out, errs)
	}
	code, out, _ := runCLI(t, "", "stories", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("stories: %d", code)
	}
	var list struct {
		Stories []struct {
			Articles []string `json:"articles"`
		} `json:"stories"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("stories --json: %v\n%s", err, out)
	}
	if len(list.Stories) != 1 || len(list.Stories[0].Articles) != 5 {
		t.Errorf("stories = %s, want one story of the 5 seeds", out)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	states, err := st.ClusterStates(context.Background())
	if err != nil || len(states) != 5 {
		t.Errorf("stored clustering states: %d (%v), want 5", len(states), err)
	}
}

// TestIngestRestoresInChunks: an ingest into a store of real ECB+
// articles restores the stored states in several chunks (read while the
// previous one is restored), rebuilds a state written under other
// options from the article's text and saves it again, and clusters the
// new articles: every article ends in a story with a current state. A
// cancelled restore stops with the context's error.
func TestIngestRestoresInChunks(t *testing.T) {
	data := evaldata.Require(t, "ecbplus", "dev.jsonl")
	raw, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			lines = append(lines, sc.Text())
		}
	}
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.jsonl"), filepath.Join(dir, "second.jsonl")
	cut := len(lines) * 4 / 5
	if err := os.WriteFile(first, []byte(strings.Join(lines[:cut], "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(second, []byte(strings.Join(lines[cut:], "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "a.db")
	if code, out, errs := runCLI(t, "", "ingest", "-q", first, "--db", db); code != 0 {
		t.Fatalf("ingest: %d\n%s%s", code, out, errs)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := st.ArticleIDs(ctx)
	if err != nil || len(ids) != cut {
		t.Fatalf("%d articles stored (%v), want %d", len(ids), err, cut)
	}
	// one state written under other weights: stale
	arts, err := st.ArticlesByID(ctx, ids[7:8])
	if err != nil || len(arts) != 1 {
		t.Fatalf("article %s: %v", ids[7], err)
	}
	other := cluster.DefaultOptions()
	other.TitleWeight++
	if err := st.SaveStories(ctx, sqlite.StoryUpdate{States: []sqlite.ClusterState{{ArticleID: ids[7], Data: cluster.EncodeState(other, arts[0])}}}); err != nil {
		t.Fatal(err)
	}
	// one state damaged so that even its id cannot be read
	if err := st.SaveStories(ctx, sqlite.StoryUpdate{States: []sqlite.ClusterState{{ArticleID: ids[9], Data: []byte{0xff, 1, 2}}}}); err != nil {
		t.Fatal(err)
	}
	damaged, err := st.ArticlesByID(ctx, ids[9:10])
	if err != nil || len(damaged) != 1 {
		t.Fatalf("article %s: %v", ids[9], err)
	}
	// a cancelled restore stops
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	c := cluster.New(cluster.DefaultOptions())
	if _, _, err := restoreStates(cancelled, st, c, nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled restore: %v, want context.Canceled", err)
	}
	st.Close()

	defer func(n int) { clusterChunk = n }(clusterChunk)
	clusterChunk = 64
	if code, out, errs := runCLI(t, "", "ingest", "-q", second, "--db", db); code != 0 {
		t.Fatalf("second ingest: %d\n%s%s", code, out, errs)
	}
	st, err = sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	members, err := st.StoryMembers(ctx)
	if err != nil || len(members) != len(lines) {
		t.Errorf("%d articles in stories (%v), want %d", len(members), err, len(lines))
	}
	states, err := st.ClusterStates(ctx)
	if err != nil || len(states) != len(lines) {
		t.Fatalf("%d states (%v), want %d", len(states), err, len(lines))
	}
	for _, s := range states {
		if s.ArticleID == ids[7] && !bytes.Equal(s.Data, cluster.EncodeState(cluster.DefaultOptions(), arts[0])) {
			t.Errorf("stale state of %s not rebuilt", ids[7])
		}
		if s.ArticleID == ids[9] && !bytes.Equal(s.Data, cluster.EncodeState(cluster.DefaultOptions(), damaged[0])) {
			t.Errorf("damaged state of %s not rebuilt", ids[9])
		}
	}
	// the restore read every state in chunks of 64 and found none stale
	c = cluster.New(cluster.DefaultOptions())
	n, stale, err := restoreStates(ctx, st, c, nil, nil)
	if err != nil || n != len(lines) || len(stale) != 0 || c.Len() != len(lines) {
		t.Errorf("restore: %d read, %d restored, stale %v, %v; want %d", n, c.Len(), stale, err, len(lines))
	}
}

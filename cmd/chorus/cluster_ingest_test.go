package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

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

package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/evaldata"
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

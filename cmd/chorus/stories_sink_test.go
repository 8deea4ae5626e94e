package main

import (
	"context"
	"encoding/json"
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

// An article updated with another story's text leaves its old story and
// joins the story of the article it now copies: the sink replaces the
// restored old version. Every article stays in exactly one story, with a
// state.
func TestIngestUpdateMovesArticle(t *testing.T) {
	data := evaldata.Require(t, "ecbplus", "dev.jsonl")
	raw, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	type rec struct {
		ID       string `json:"id"`
		Subtopic string `json:"subtopic"`
		Text     string `json:"text"`
	}
	var recs []rec
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var r rec
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	// the first article takes the text of the first article of another
	// subtopic
	moved, source := recs[0], recs[0]
	for _, r := range recs {
		if r.Subtopic != moved.Subtopic {
			source = r
			break
		}
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if code, out, errs := runCLI(t, "", "ingest", "-q", data, "--db", db); code != 0 {
		t.Fatalf("ingest: %d\n%s%s", code, out, errs)
	}
	ctx := context.Background()
	storyOf := func() map[string]string {
		st, err := sqlite.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		members, err := st.StoryMembers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, m := range members {
			if _, dup := out[m.ArticleID]; dup {
				t.Errorf("%s is in two stories", m.ArticleID)
			}
			out[m.ArticleID] = m.StoryID
		}
		return out
	}
	if before := storyOf(); before[moved.ID] == before[source.ID] {
		t.Fatalf("%s and %s share a story before the update", moved.ID, source.ID)
	}
	update := filepath.Join(dir, "update.jsonl")
	line, _ := json.Marshal(map[string]string{"id": moved.ID, "text": source.Text})
	if err := os.WriteFile(update, append(line, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "", "ingest", "-q", update, "--db", db)
	if code != 0 || !strings.Contains(out, "1 updated") {
		t.Fatalf("update: %d\n%s%s", code, out, errs)
	}
	after := storyOf()
	if len(after) != len(recs) {
		t.Errorf("%d articles in stories, want %d", len(after), len(recs))
	}
	if after[moved.ID] != after[source.ID] {
		t.Errorf("%s, updated to the text of %s, is in story %s, not in %s's story %s",
			moved.ID, source.ID, after[moved.ID], source.ID, after[source.ID])
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	states, err := st.ClusterStateIDs(ctx)
	if err != nil || len(states) != len(recs) {
		t.Errorf("%d clustering states (%v), want %d", len(states), err, len(recs))
	}
}

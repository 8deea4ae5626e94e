package cluster

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/ingest"
)

// loadSeeds reads the founding example bundled with the repository.
func loadSeeds(t testing.TB) []chorus.Article {
	files, err := filepath.Glob(filepath.Join("..", "examples", "brussels-2025", "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("seed files: %v (%d found)", err, len(files))
	}
	var arts []chorus.Article
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ingest.Text(filepath.Base(f), data)
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	return arts
}

func TestSeedsFormOneStory(t *testing.T) {
	arts := loadSeeds(t)
	c := New(DefaultOptions())
	res, err := c.Add(context.Background(), arts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stories) != 1 {
		for _, s := range res.Stories {
			t.Logf("story %s: %v", s.ID, s.ArticleIDs)
		}
		t.Fatalf("got %d stories, want 1", len(res.Stories))
	}
	s := res.Stories[0]
	if len(s.ArticleIDs) != 5 {
		t.Fatalf("story has %d articles, want 5", len(s.ArticleIDs))
	}
	// five outlets writing their own text (two machine-translated, no
	// shared wire credit): five independent sources
	if s.IndependentSources != 5 {
		t.Errorf("independent sources = %d, want 5: %+v", s.IndependentSources, s.Sources)
	}
	if s.Title == "" {
		t.Error("story has no title")
	}
	t.Logf("title %q, sources %+v", s.Title, s.Sources)
}

// TestSeedsWires: articles crediting the same wire count once.
func TestSeedsWires(t *testing.T) {
	arts := loadSeeds(t)
	arts[0].Wires = []string{"Reuters"}
	arts[1].Wires = []string{"reuters"}
	c := New(DefaultOptions())
	res, err := c.Add(context.Background(), arts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stories) != 1 || res.Stories[0].IndependentSources != 4 {
		t.Fatalf("stories %+v, want one story with 4 independent sources", res.Stories)
	}
}

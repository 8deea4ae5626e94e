package report

import (
	"context"
	"sync"
	"testing"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/clean"
	"github.com/chorusnews/chorus/ingest"
)

// exampleDir is the bundled founding example: five reports of one event,
// two machine-translated, all with web boilerplate.
const exampleDir = "../examples/brussels-2025"

var (
	exampleOnce sync.Once
	exampleRep  Report
	exampleErr  error
)

// loadExampleArticles ingests the bundled example with package ingest
// (which reads sources.json for the outlets) and cleans it with package
// clean, as `chorus ingest` does.
func loadExampleArticles(ctx context.Context) ([]chorus.Article, error) {
	var arts []chorus.Article
	cl := clean.New(clean.NewMemory())
	err := ingest.Walk(ctx, []string{exampleDir}, ingest.Options{}, func(a chorus.Article) error {
		if err := cl.Clean(ctx, &a); err != nil {
			return err
		}
		arts = append(arts, a)
		return nil
	}, func(ingest.Problem) {})
	return arts, err
}

// exampleReport consolidates the bundled example into a one-story report,
// once per test binary.
func exampleReport(t testing.TB) Report {
	t.Helper()
	exampleOnce.Do(func() {
		ctx := context.Background()
		arts, err := loadExampleArticles(ctx)
		if err != nil {
			exampleErr = err
			return
		}
		st := chorus.Story{ID: "brussels-2025"}
		for _, a := range arts {
			st.ArticleIDs = append(st.ArticleIDs, a.ID)
		}
		s, err := Consolidate(ctx, st, arts, nil)
		if err != nil {
			exampleErr = err
			return
		}
		exampleRep = Report{SchemaVersion: SchemaVersion, Stories: []Story{s}}
	})
	if exampleErr != nil {
		t.Fatalf("consolidate the bundled example: %v", exampleErr)
	}
	return exampleRep
}

package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/ingest"
	"github.com/chorusnews/chorus/sqlite"
)

const testToken = "test-token-0123456789"

// moduleRoot finds the directory holding go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// sqliteSearch adapts the store's search to Searcher, as cmd/chorus does.
type sqliteSearch struct{ st *sqlite.Store }

func (s sqliteSearch) Search(ctx context.Context, q string, limit, offset int) ([]SearchHit, error) {
	hits, err := s.st.Search(ctx, q, limit, offset)
	if err != nil {
		return nil, err
	}
	out := make([]SearchHit, len(hits))
	for i, h := range hits {
		out[i] = SearchHit{ArticleID: h.ArticleID, Outlet: h.Outlet, Published: h.Published, Title: h.Title, Snippet: h.Snippet}
	}
	return out, nil
}

// memStories is a fixed list of stories, newest first.
type memStories []chorus.Story

func (m memStories) Stories(_ context.Context, o StoryListOptions) ([]chorus.Story, error) {
	lo := min(max(o.Offset, 0), len(m))
	hi := len(m)
	if o.Limit > 0 {
		hi = min(lo+o.Limit, len(m))
	}
	return slices.Clone(m[lo:hi]), nil
}

func (m memStories) Story(_ context.Context, id string) (chorus.Story, error) {
	for _, s := range m {
		if s.ID == id {
			return s, nil
		}
	}
	return chorus.Story{}, fmt.Errorf("story %s: %w", id, chorus.ErrNotFound)
}

type fixture struct {
	srv   *Server
	store *sqlite.Store
	ts    *httptest.Server
}

type fixtureOpts struct {
	token    string
	maxBody  int64
	noSeeds  bool
	stories  bool
	reporter Reporter
	// extra stories are listed after the seed story.
	extra memStories
}

// newFixture serves a fresh store holding the bundled Brussels seeds and,
// when asked, one story grouping all of them (the grouping is a fixture
// here: clustering is tested in its own package).
func newFixture(t testing.TB, o fixtureOpts) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var ids []string
	if !o.noSeeds {
		var arts []chorus.Article
		err := ingest.Walk(ctx, []string{filepath.Join(moduleRoot(t), "examples", "brussels-2025")}, ingest.Options{},
			func(a chorus.Article) error { arts = append(arts, a); return nil }, func(ingest.Problem) {})
		if err != nil {
			t.Fatal(err)
		}
		if len(arts) == 0 {
			t.Fatal("no seed articles read")
		}
		if _, err := st.PutArticles(ctx, arts); err != nil {
			t.Fatal(err)
		}
		for _, a := range arts {
			ids = append(ids, a.ID)
		}
	}
	opt := Options{
		Articles: st,
		Search:   sqliteSearch{st},
		Ingester: &JSONLIngester{Store: st},
		Token:    o.token,
		MaxBody:  o.maxBody,
		Reporter: o.reporter,
	}
	if o.stories {
		opt.Stories = memStories{{ID: "brussels", Title: "US defence secretary on Ukraine's borders and NATO", ArticleIDs: ids,
			First: time.Date(2025, 2, 12, 9, 0, 0, 0, time.UTC), Last: time.Date(2025, 2, 12, 18, 30, 0, 0, time.UTC), IndependentSources: len(ids)}}
		opt.Stories = append(opt.Stories.(memStories), o.extra...)
	}
	srv, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &fixture{srv: srv, store: st, ts: ts}
}

// do sends a request and returns the response with its body read.
func (f *fixture) do(t testing.TB, method, path, contentType, token, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	if _, err := readAll(&b, resp); err != nil {
		t.Fatal(err)
	}
	return resp, b.String()
}

func readAll(b *strings.Builder, resp *http.Response) (int64, error) { return io.Copy(b, resp.Body) }

func ioPipe() (*io.PipeReader, *io.PipeWriter) { return io.Pipe() }

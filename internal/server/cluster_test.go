package server

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/clean"
	"github.com/chorusnews/chorus/cluster"
	"github.com/chorusnews/chorus/ingest"
	"github.com/chorusnews/chorus/sqlite"
)

// storeStories serves stories from the SQLite store, as cmd/chorus wires
// it: stories newest first, versions, membership and story articles.
type storeStories struct{ st *sqlite.Store }

func (s storeStories) Stories(ctx context.Context, o StoryListOptions) ([]chorus.Story, error) {
	return s.st.StoriesNewest(ctx, o.Limit, o.Offset)
}
func (s storeStories) Story(ctx context.Context, id string) (chorus.Story, error) {
	return s.st.Story(ctx, id)
}
func (s storeStories) StoryVersions(ctx context.Context, ids []string) (map[string]string, error) {
	return s.st.StoryVersions(ctx, ids)
}
func (s storeStories) StoryVersion(ctx context.Context, id string) (string, error) {
	return s.st.StoryVersion(ctx, id)
}
func (s storeStories) StoryOf(ctx context.Context, id string) (string, error) {
	return s.st.StoryOf(ctx, id)
}
func (s storeStories) StoriesWith(ctx context.Context, ids []string) ([]chorus.Story, error) {
	return s.st.StoriesWith(ctx, ids)
}
func (s storeStories) StoryArticles(ctx context.Context, id string) ([]chorus.Article, error) {
	return s.st.StoryArticles(ctx, id)
}
func (s storeStories) StoryCopies(ctx context.Context, id string) (map[string]string, error) {
	return s.st.StoryCopies(ctx, id)
}

// pipelineIngester is the ingest path of `chorus ingest` and `chorus
// serve`: each article cleaned before it is stored, then the new and
// updated articles clustered into stories.
func pipelineIngester(st *sqlite.Store) *JSONLIngester {
	c := clean.New(st)
	return &JSONLIngester{
		Store:   st,
		Prepare: func(ctx context.Context, a *chorus.Article) error { return c.Clean(ctx, a) },
		After:   func(ctx context.Context, ids []string) error { return clusterNew(ctx, st, ids) },
	}
}

// clusterNew assigns new or changed articles to stories as cmd/chorus
// does: the clustering state is restored from the store, then the new
// articles are added.
func clusterNew(ctx context.Context, st *sqlite.Store, ids []string) error {
	fresh := map[string]bool{}
	for _, id := range ids {
		fresh[id] = true
	}
	arts, err := st.Articles(ctx, chorus.ListOptions{})
	if err != nil {
		return err
	}
	members, err := st.StoryMembers(ctx)
	if err != nil {
		return err
	}
	storyOf := map[string]string{}
	for _, m := range members {
		storyOf[m.ArticleID] = m.StoryID
	}
	var known, added []chorus.Article
	for _, a := range arts {
		if fresh[a.ID] {
			added = append(added, a)
		} else {
			known = append(known, a)
		}
	}
	c := cluster.New(cluster.DefaultOptions())
	if err := c.Restore(ctx, known, storyOf); err != nil {
		return err
	}
	res, err := c.Add(ctx, added)
	if err != nil {
		return err
	}
	u := sqlite.StoryUpdate{Removed: res.Removed}
	for _, s := range res.Stories {
		u.Stories = append(u.Stories, s.Story)
		for _, m := range s.Members {
			u.Members = append(u.Members, sqlite.StoryMember{ArticleID: m.ArticleID, StoryID: s.ID, CopyGroup: m.CopyGroup, Original: m.Original})
		}
	}
	return st.SaveStories(ctx, u)
}

// newClusteredFixture serves a fresh store with the bundled Brussels seeds
// ingested through the real pipeline (clean, store, cluster) and the real
// report; seedStory is the story the seeds form.
func newClusteredFixture(t testing.TB, token string) (f *fixture, seedStory string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var arts []chorus.Article
	err = ingest.Walk(ctx, []string{filepath.Join(moduleRoot(t), "examples", "brussels-2025")}, ingest.Options{},
		func(a chorus.Article) error { arts = append(arts, a); return nil }, func(ingest.Problem) {})
	if err != nil {
		t.Fatal(err)
	}
	ing := pipelineIngester(st)
	for i := range arts {
		if err := ing.Prepare(ctx, &arts[i]); err != nil {
			t.Fatal(err)
		}
	}
	put, err := st.PutArticles(ctx, arts)
	if err != nil {
		t.Fatal(err)
	}
	if err := ing.After(ctx, put.New); err != nil {
		t.Fatal(err)
	}
	seedStory, err = st.StoryOf(ctx, seedID)
	if err != nil {
		t.Fatalf("the seeds formed no story: %v", err)
	}
	ss := storeStories{st}
	srv, err := New(Options{
		Articles: st, Search: sqliteSearch{st}, Stories: ss, Reporter: StoreReporter{Stories: ss, Articles: ss},
		Versions: ss, Membership: ss, Ingester: ing, Token: token,
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &fixture{srv: srv, store: st, ts: ts}, seedStory
}

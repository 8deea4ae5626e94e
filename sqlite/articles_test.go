package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chorusnews/chorus"
)

func open(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestPutArticles(t *testing.T) {
	ctx := context.Background()
	st := open(t)
	pub := time.Date(2025, 2, 12, 10, 0, 0, 0, time.UTC)
	arts := []chorus.Article{
		{ID: "a", Outlet: "Wire", Title: "Quake hits town", Text: "A strong quake hit the town.", Published: pub, Authors: []string{"Ann"}, Meta: map[string]any{"topic": "1"}},
		{ID: "b", Outlet: "Daily", Title: "Budget passes", Text: "The council passed the budget."},
	}
	tests := []struct {
		name                    string
		in                      []chorus.Article
		wantNew, wantUpd, wantU int
	}{
		{"first", arts, 2, 0, 0},
		{"again", arts, 0, 0, 2},
		{"changed text", []chorus.Article{{ID: "a", Outlet: "Wire", Title: "Quake hits town", Text: "A strong quake hit the town on Monday.", Published: pub, Authors: []string{"Ann"}, Meta: map[string]any{"topic": "1"}}}, 0, 1, 0},
		{"changed meta only", []chorus.Article{{ID: "b", Outlet: "Daily", Title: "Budget passes", Text: "The council passed the budget.", Meta: map[string]any{"x": 1}}}, 0, 1, 0},
	}
	for _, tt := range tests {
		res, err := st.PutArticles(ctx, tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(res.New) != tt.wantNew || len(res.Updated) != tt.wantUpd || len(res.Unchanged) != tt.wantU {
			t.Errorf("%s: got %d new %d updated %d unchanged", tt.name, len(res.New), len(res.Updated), len(res.Unchanged))
		}
	}
	got, err := st.Article(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != "A strong quake hit the town on Monday." || !got.Published.Equal(pub) || got.Authors[0] != "Ann" || got.Meta["topic"] != "1" {
		t.Errorf("round trip: %+v", got)
	}
	if got.CleanText != got.Text {
		t.Errorf("clean text defaults to the text: %q", got.CleanText)
	}
	if n, _ := st.CountArticles(ctx); n != 2 {
		t.Errorf("count = %d", n)
	}
}

func TestPutRejectsEmptyIDAtomically(t *testing.T) {
	ctx := context.Background()
	st := open(t)
	_, err := st.PutArticles(ctx, []chorus.Article{{ID: "ok", Text: "x"}, {ID: "", Text: "y"}})
	if !errors.Is(err, chorus.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
	if n, _ := st.CountArticles(ctx); n != 0 {
		t.Errorf("a failed batch left %d articles", n)
	}
}

func TestArticleNotFound(t *testing.T) {
	_, err := open(t).Article(context.Background(), "nope")
	if !errors.Is(err, chorus.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	st := open(t)
	st.PutArticles(ctx, []chorus.Article{
		{ID: "a", Title: "Quake hits town", Text: "A strong earthquake hit the town."},
		{ID: "b", Title: "Budget passes", Text: "The council passed the budget after an earthquake debate."},
		{ID: "c", Title: "Football", Text: "The home side won."},
	})
	tests := []struct {
		q    string
		want []string
	}{
		{"earthquake", []string{"a", "b"}},
		{"quake", []string{"a"}},
		{"budget AND earthquake", []string{"b"}},
		{"title:football", []string{"c"}},
		{"nothing", nil},
	}
	for _, tt := range tests {
		arts, err := st.Articles(ctx, chorus.ListOptions{Query: tt.q})
		if err != nil {
			t.Fatalf("%q: %v", tt.q, err)
		}
		var got []string
		for _, a := range arts {
			got = append(got, a.ID)
		}
		if len(got) != len(tt.want) {
			t.Errorf("%q: got %v, want %v", tt.q, got, tt.want)
			continue
		}
		seen := map[string]bool{}
		for _, id := range got {
			seen[id] = true
		}
		for _, id := range tt.want {
			if !seen[id] {
				t.Errorf("%q: got %v, want %v", tt.q, got, tt.want)
			}
		}
	}
	if _, err := st.Articles(ctx, chorus.ListOptions{Query: `"unbalanced`}); err == nil {
		t.Errorf("a malformed query should be an error")
	}
	// Updating text keeps the index in step.
	st.PutArticles(ctx, []chorus.Article{{ID: "c", Title: "Football", Text: "The home side won after an earthquake delay."}})
	arts, _ := st.Articles(ctx, chorus.ListOptions{Query: "earthquake"})
	if len(arts) != 3 {
		t.Errorf("after update: %d hits, want 3", len(arts))
	}
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

func TestReopenAndNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st.PutArticles(ctx, []chorus.Article{{ID: "a", Text: "x"}})
	st.db.Exec("PRAGMA user_version = 999")
	st.Close()
	if _, err := Open(ctx, path); err == nil {
		t.Fatal("opened a database from a newer chorus")
	}
	st, _ = Open(ctx, filepath.Join(t.TempDir(), "u.db"))
	st.Close()
	st, err = Open(ctx, st.Path())
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	st.Close()
}

// TestFullTextIndexInBatches checks that the full-text index, which
// PutArticles fills once per batch, agrees with the articles whatever a
// batch mixes: new articles, the same id twice, changed and unchanged
// stored articles.
func TestFullTextIndexInBatches(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	batches := []struct {
		name string
		arts []chorus.Article
		want map[string][]string // query -> ids
	}{
		{"same id twice in the first batch", []chorus.Article{
			{ID: "c", Title: "Storm", Text: "A storm reached the harbour."},
			{ID: "d", Title: "Match", Text: "The home side won."},
			{ID: "c", Title: "Flood", Text: "A flood reached the harbour."},
		}, map[string][]string{"storm": nil, "flood": {"c"}, "harbour": {"c"}, "home": {"d"}}},
		{"new", []chorus.Article{
			{ID: "a", Title: "Quake", Text: "An earthquake hit the coast."},
			{ID: "b", Title: "Budget", Text: "The budget passed."},
		}, map[string][]string{"earthquake": {"a"}, "budget": {"b"}}},
		{"same id twice again", []chorus.Article{
			{ID: "f", Title: "Fire", Text: "A fire closed the road."},
			{ID: "f", Title: "Fire", Text: "A fire closed the bridge."},
		}, map[string][]string{"road": nil, "bridge": {"f"}, "harbour": {"c"}}},
		{"changed, unchanged and new", []chorus.Article{
			{ID: "a", Title: "Quake", Text: "An earthquake hit the coast."},
			{ID: "b", Title: "Budget", Text: "The budget failed after an earthquake."},
			{ID: "e", Title: "Election", Text: "Voters went to the polls."},
		}, map[string][]string{"earthquake": {"a", "b"}, "passed": nil, "voters": {"e"}}},
	}
	for _, b := range batches {
		if _, err := st.PutArticles(ctx, b.arts); err != nil {
			t.Fatalf("%s: %v", b.name, err)
		}
		if err := st.IntegrityCheck(ctx); err != nil {
			t.Fatalf("%s: %v", b.name, err)
		}
		for q, want := range b.want {
			arts, err := st.Articles(ctx, chorus.ListOptions{Query: q})
			if err != nil {
				t.Fatalf("%s: %q: %v", b.name, q, err)
			}
			var got []string
			for _, a := range arts {
				got = append(got, a.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q finds %v, want %v", b.name, q, got, want)
			}
		}
	}
}

// TestPageSizeAndJournal checks that a new database gets 16 KiB pages and
// write-ahead logging, and that a database made with 4 KiB pages (by an
// older chorus) keeps its pages and still opens, stores and searches.
func TestPageSizeAndJournal(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	raw, err := sql.Open("sqlite", "file:"+old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA page_size = 4096; PRAGMA journal_mode = DELETE; CREATE TABLE x (a); DROP TABLE x;"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	for _, tt := range []struct {
		path     string
		wantPage int
	}{
		{filepath.Join(dir, "new.db"), pageSize},
		{old, 4096},
	} {
		st, err := Open(ctx, tt.path)
		if err != nil {
			t.Fatal(err)
		}
		var page int
		var mode string
		st.db.QueryRow("PRAGMA page_size").Scan(&page)
		st.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
		if page != tt.wantPage || mode != "wal" {
			t.Errorf("%s: page size %d, journal %q; want %d, wal", filepath.Base(tt.path), page, mode, tt.wantPage)
		}
		if _, err := st.PutArticles(ctx, []chorus.Article{{ID: "a", Title: "Quake", Text: "An earthquake hit the coast."}}); err != nil {
			t.Fatal(err)
		}
		if arts, err := st.Articles(ctx, chorus.ListOptions{Query: "earthquake"}); err != nil || len(arts) != 1 {
			t.Errorf("%s: search found %d articles, %v", filepath.Base(tt.path), len(arts), err)
		}
		st.Close()
	}
}

package sqlite

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/chorusnews/chorus"
)

func TestSaveStories(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	arts := []chorus.Article{{ID: "a", Text: "one"}, {ID: "b", Text: "two"}, {ID: "c", Text: "three"}}
	if _, err := st.PutArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 2, 12, 0, 0, 0, 0, time.UTC)
	steps := []struct {
		name string
		u    StoryUpdate
		want map[string][]string
	}{
		{"initial", StoryUpdate{
			Stories: []chorus.Story{{ID: "s1", Title: "T1", ArticleIDs: []string{"a", "b"}, First: day, Last: day, IndependentSources: 1}, {ID: "s2", ArticleIDs: []string{"c"}, IndependentSources: 1}},
			Members: []StoryMember{{"a", "s1", "a", true}, {"b", "s1", "a", false}, {"c", "s2", "c", true}},
		}, map[string][]string{"s1": {"a", "b"}, "s2": {"c"}}},
		{"merge", StoryUpdate{
			Stories: []chorus.Story{{ID: "s1", ArticleIDs: []string{"a", "b", "c"}, IndependentSources: 2}},
			Members: []StoryMember{{"a", "s1", "a", true}, {"b", "s1", "a", false}, {"c", "s1", "c", true}},
			Removed: []string{"s2"},
		}, map[string][]string{"s1": {"a", "b", "c"}}},
		{"split, and a member listed nowhere leaves", StoryUpdate{
			Stories: []chorus.Story{{ID: "s1", Title: "T1 again", ArticleIDs: []string{"a"}, IndependentSources: 1}, {ID: "s3", ArticleIDs: []string{"b"}, IndependentSources: 1}},
			Members: []StoryMember{{"a", "s1", "a", true}, {"b", "s3", "b", true}},
		}, map[string][]string{"s1": {"a"}, "s3": {"b"}}},
		{"an article moves, its old story is removed", StoryUpdate{
			Stories: []chorus.Story{{ID: "s1", ArticleIDs: []string{"a", "b", "c"}, IndependentSources: 2}},
			Members: []StoryMember{{"a", "s1", "a", true}, {"b", "s1", "a", false}, {"c", "s1", "c", true}},
			Removed: []string{"s3"},
		}, map[string][]string{"s1": {"a", "b", "c"}}},
		{"replace all", StoryUpdate{
			ReplaceAll: true,
			Stories:    []chorus.Story{{ID: "x", ArticleIDs: []string{"a", "b", "c"}, IndependentSources: 3}},
			Members:    []StoryMember{{"a", "x", "a", true}, {"b", "x", "b", true}, {"c", "x", "c", true}},
		}, map[string][]string{"x": {"a", "b", "c"}}},
	}
	for _, step := range steps {
		if err := st.SaveStories(ctx, step.u); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		members, err := st.StoryMembers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		storyOf, err := st.StoryOfArticles(ctx)
		if err != nil || len(storyOf) != len(members) {
			t.Fatalf("%s: stories of articles %v (%v), members %v", step.name, storyOf, err, members)
		}
		for _, m := range members {
			if storyOf[m.ArticleID] != m.StoryID {
				t.Errorf("%s: story of %s %q, want %q", step.name, m.ArticleID, storyOf[m.ArticleID], m.StoryID)
			}
		}
		got, err := st.Stories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(step.want) {
			t.Fatalf("%s: %d stories, want %d: %+v", step.name, len(got), len(step.want), got)
		}
		for _, s := range got {
			if w := step.want[s.ID]; len(w) != len(s.ArticleIDs) {
				t.Errorf("%s: story %s has %v, want %v", step.name, s.ID, s.ArticleIDs, w)
			}
		}
	}
	got, _ := st.Stories(ctx)
	if got[0].IndependentSources != 3 {
		t.Errorf("independent sources %d, want 3", got[0].IndependentSources)
	}
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestClusterStates(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got, err := st.ClusterStates(ctx); err != nil || len(got) != 0 {
		t.Fatalf("fresh store: %v states, error %v", got, err)
	}
	if _, err := st.PutArticles(ctx, []chorus.Article{{ID: "a", Text: "one"}, {ID: "b", Text: "two"}}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		u    StoryUpdate
		want map[string]string
	}{
		{"first", StoryUpdate{States: []ClusterState{{"a", []byte("A1")}, {"b", []byte("B1")}}}, map[string]string{"a": "A1", "b": "B1"}},
		{"replace one", StoryUpdate{States: []ClusterState{{"a", []byte("A2")}}}, map[string]string{"a": "A2", "b": "B1"}},
		{"replace all", StoryUpdate{ReplaceAll: true, States: []ClusterState{{"b", []byte("B3")}}}, map[string]string{"b": "B3"}},
	}
	for _, s := range steps {
		if err := st.SaveStories(ctx, s.u); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		got, err := st.ClusterStates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, cs := range got {
			m[cs.ArticleID] = string(cs.Data)
		}
		if len(m) != len(s.want) {
			t.Errorf("%s: states %v, want %v", s.name, m, s.want)
		}
		for k, v := range s.want {
			if m[k] != v {
				t.Errorf("%s: state of %s %q, want %q", s.name, k, m[k], v)
			}
		}
		// the raw scan and the id list agree with ClusterStates, in id order
		var scanned []ClusterState
		err = st.ScanClusterStates(ctx, func(id, data []byte) error {
			scanned = append(scanned, ClusterState{string(id), bytes.Clone(data)})
			return nil
		})
		ids, err2 := st.ClusterStateIDs(ctx)
		if err != nil || err2 != nil || !reflect.DeepEqual(scanned, got) || len(ids) != len(got) {
			t.Errorf("%s: scanned %v, ids %v (%v, %v), want %v", s.name, scanned, ids, err, err2, got)
		}
		for k := range ids {
			if ids[k] != got[k].ArticleID || k > 0 && ids[k-1] >= ids[k] {
				t.Errorf("%s: ids %v, want the states' in order", s.name, ids)
			}
		}
	}
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

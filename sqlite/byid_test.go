package sqlite

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/chorusnews/chorus"
)

func TestArticlesByID(t *testing.T) {
	ctx := context.Background()
	st := open(t)
	var arts []chorus.Article
	for k := range 1200 {
		arts = append(arts, chorus.Article{ID: fmt.Sprintf("a%04d", k), Text: fmt.Sprintf("text %d", k)})
	}
	if _, err := st.PutArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ids  []string
		want []string
	}{
		{"none", nil, nil},
		{"missing ids left out", []string{"a0003", "zzz", "a0001"}, []string{"a0001", "a0003"}},
		{"more than one chunk, any order", []string{"a1100", "a0000", "a0600", "a0599", "a0501"}, []string{"a0000", "a0501", "a0599", "a0600", "a1100"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := st.ArticlesByID(ctx, tc.ids)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, a := range got {
				ids = append(ids, a.ID)
				if a.Text == "" {
					t.Errorf("%s: text not read", a.ID)
				}
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("got %v, want %v", ids, tc.want)
			}
		})
	}
	// every id of a large list comes back once
	all := make([]string, len(arts))
	for k, a := range arts {
		all[len(arts)-1-k] = a.ID
	}
	got, err := st.ArticlesByID(ctx, all)
	if err != nil || len(got) != len(arts) {
		t.Fatalf("ArticlesByID of %d ids: %d articles, %v", len(all), len(got), err)
	}
}

package web

import (
	"io/fs"
	"slices"
	"testing"
)

func TestPagesParse(t *testing.T) {
	pages, err := Pages()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{PageStories, PageStory, PageArticle, PageCompare, PageError} {
		if pages[name] == nil || pages[name].Lookup("base") == nil || pages[name].Lookup("content") == nil {
			t.Errorf("page %s lacks base or content", name)
		}
	}
}

// TestStaticHoldsOnlyAssets guards against embedding templates or code in
// the publicly served file system.
func TestStaticHoldsOnlyAssets(t *testing.T) {
	var files []string
	err := fs.WalkDir(Static(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(files, []string{"chorus.css"}) {
		t.Errorf("static files = %v, want only chorus.css", files)
	}
}

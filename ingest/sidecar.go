package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/araddon/dateparse"

	"github.com/chorusnews/chorus"
)

// sidecarName is an optional file in a directory of articles that supplies
// what plain files cannot say about themselves: outlet, URL, date. It maps
// an article id (file name without extension) to its metadata:
//
//	{"000_abc": {"outlet": "Example News", "url": "https://…", "published": "2025-02-12"}}
const sidecarName = "sources.json"

type sidecarEntry struct {
	Outlet    string   `json:"outlet"`
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Authors   []string `json:"authors"`
	Published string   `json:"published"`
	Language  string   `json:"language"`
}

type sidecar struct {
	path    string
	entries map[string]sidecarEntry
}

// loadSidecar reads dir/sources.json; a missing file is not an error.
func loadSidecar(dir string) (*sidecar, error) {
	path := filepath.Join(dir, sidecarName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read metadata: %w", err)
	}
	var entries map[string]sidecarEntry
	if err := json.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("metadata ignored: %w", jsonError(data, err))
	}
	return &sidecar{path: path, entries: entries}, nil
}

// apply fills the article's empty fields from its sidecar entry.
func (s *sidecar) apply(a *chorus.Article) {
	e, ok := s.entries[a.ID]
	if !ok {
		return
	}
	set := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	set(&a.Outlet, e.Outlet)
	set(&a.URL, e.URL)
	set(&a.Title, e.Title)
	set(&a.Language, e.Language)
	if len(a.Authors) == 0 {
		a.Authors = e.Authors
	}
	if a.Published.IsZero() && e.Published != "" {
		if t, err := parseTime(e.Published); err == nil {
			a.Published = t
		}
	}
}

// parseTime accepts the date forms found in feeds and exports.
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	t, err := dateparse.ParseStrict(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("cannot parse date %q", s)
	}
	return t.UTC(), nil
}

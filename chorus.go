// Package chorus holds the domain types shared by every stage of Chorus —
// articles, stories and the store that keeps them — and the errors the
// stages return.
//
// It does no work itself: reading sources lives in ingest, cleaning in
// clean, grouping in cluster, statement alignment in align, rendering in
// report and persistence in sqlite. Pipeline packages depend on these types
// and on the Store interface, never on a concrete store.
package chorus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"
)

// Errors returned across packages. Callers test them with errors.Is.
var (
	// ErrNotFound is returned by a Store when the requested item does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid marks input that cannot be turned into an article.
	ErrInvalid = errors.New("invalid input")
)

// Article is one report from one outlet, as ingested.
//
// Text is the text as read from the source (after HTML extraction where the
// source is HTML); it is never rewritten by later stages. CleanText is the
// body after boilerplate removal and equals Text until a cleaner has run.
type Article struct {
	ID        string         `json:"id"`
	Outlet    string         `json:"outlet"`
	URL       string         `json:"url,omitempty"`
	Title     string         `json:"title"`
	Authors   []string       `json:"authors,omitempty"`
	Published time.Time      `json:"published,omitzero"`
	Language  string         `json:"language,omitempty"`
	Text      string         `json:"text"`
	CleanText string         `json:"clean_text,omitempty"`
	Meta      map[string]any `json:"meta,omitempty"`
	// Removed lists what cleaning took out of Text, each with its reason.
	Removed []Removal `json:"removed,omitempty"`
	// Wires are the news agencies the article credits ("Reuters", "AP").
	Wires []string `json:"wires,omitempty"`
	// Origin says where the article was read from: "file", "file:line" or
	// "file#record".
	Origin string `json:"origin,omitempty"`
	// Repaired counts invalid UTF-8 sequences replaced while reading.
	Repaired int `json:"repaired,omitempty"`
}

// Removal is one piece of text a cleaning filter dropped or set aside.
type Removal struct {
	Text   string `json:"text"`
	Filter string `json:"filter"`
	Reason string `json:"reason"`
}

// ContentHash is a stable digest of everything an ingest source supplies for
// the article: two ingests of the same input give the same hash, and any
// change to the text or metadata changes it. Derived fields (CleanText,
// Removed, Wires) and bookkeeping (Origin, Repaired) are not part of it.
func (a *Article) ContentHash() string {
	h := sha256.New()
	// json.Marshal sorts map keys, so the encoding is deterministic.
	enc := json.NewEncoder(h)
	_ = enc.Encode([]any{a.ID, a.Outlet, a.URL, a.Title, a.Authors, a.Published.UTC().Format(time.RFC3339Nano), a.Language, a.Text, a.Meta})
	return hex.EncodeToString(h.Sum(nil))
}

// Story is a group of articles reporting the same event.
type Story struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	ArticleIDs []string  `json:"articles"`
	First      time.Time `json:"first_published,omitzero"`
	Last       time.Time `json:"last_published,omitzero"`
	// IndependentSources counts copy groups, with articles crediting the
	// same wire counted once. Filled by the cluster stage.
	IndependentSources int `json:"independent_sources"`
}

// PutResult says what a batch write did to each article.
type PutResult struct {
	New       []string
	Updated   []string
	Unchanged []string
}

// Add merges another result into r.
func (r *PutResult) Add(o PutResult) {
	r.New = append(r.New, o.New...)
	r.Updated = append(r.Updated, o.Updated...)
	r.Unchanged = append(r.Unchanged, o.Unchanged...)
}

// ListOptions pages and filters article listings.
type ListOptions struct {
	// Query is an FTS5 full-text query over title and text; empty lists all.
	Query  string
	Limit  int
	Offset int
}

// ArticleStore keeps articles. Implementations must be safe for concurrent
// use and must make each PutArticles call atomic: after a crash either the
// whole batch is stored or none of it is.
type ArticleStore interface {
	// PutArticles inserts new articles, updates those whose content hash
	// changed and leaves the rest untouched, in one transaction.
	PutArticles(ctx context.Context, articles []Article) (PutResult, error)
	// Article returns one article, or ErrNotFound.
	Article(ctx context.Context, id string) (Article, error)
	// Articles lists articles ordered by id.
	Articles(ctx context.Context, opts ListOptions) ([]Article, error)
	// CountArticles returns how many articles are stored.
	CountArticles(ctx context.Context) (int, error)
}

// Store is everything Chorus persists.
type Store interface {
	ArticleStore
	Close() error
}

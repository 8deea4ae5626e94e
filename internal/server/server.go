// Package server is the Chorus web app and JSON API behind `chorus serve`:
// server-rendered HTML pages (stories and search, story, compare, article),
// a JSON API under /api/, /healthz and Prometheus /metrics, on the stdlib
// net/http mux.
//
// Handlers depend only on the interfaces declared here and on
// chorus.ArticleStore, never on a concrete store; the command wires them.
// The package does no analysis: grouping articles into stories comes from
// StoryStore and the consolidation report from a Reporter (StoreReporter
// runs package report); the server caches reports by story version,
// renders them, and marks article sentences from the report's sentence
// references (split as package align splits them). Article text is
// treated as hostile: pages are html/template, JSON is escaped, every
// response carries a strict Content-Security-Policy, and static files come
// only from the embedded web package.
package server

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/internal/web"
	"github.com/chorusnews/chorus/report"
)

// Ingester reads a JSONL body (one article a line) and stores it. name
// prefixes the places in problems ("name:line"). An input with invalid
// lines is refused as a whole with an *InputError.
type Ingester interface {
	Ingest(ctx context.Context, name string, body io.Reader) (IngestResult, error)
}

// IngestResult is what an ingest did.
type IngestResult struct {
	Read      int       `json:"read"`
	New       []string  `json:"new"`
	Updated   []string  `json:"updated"`
	Unchanged []string  `json:"unchanged"`
	Warnings  []Problem `json:"warnings,omitempty"`
}

// Problem is one complaint about one place of the input.
type Problem struct {
	// Where is "name:line".
	Where string `json:"where"`
	Line  int    `json:"line,omitempty"`
	// Field is the JSON field at fault, when known.
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// InputError is returned by an Ingester for input it refuses.
type InputError struct{ Problems []Problem }

func (e *InputError) Error() string {
	if len(e.Problems) == 0 {
		return "invalid input"
	}
	p := e.Problems[0]
	msg := p.Where + ": " + p.Reason
	if n := len(e.Problems) - 1; n > 0 {
		msg += fmt.Sprintf(" (and %d more)", n)
	}
	return msg
}

func (e *InputError) Unwrap() error { return chorus.ErrInvalid }

// StoryListOptions pages story listings.
type StoryListOptions struct {
	// Limit is the page size; 0 means all.
	Limit  int
	Offset int
}

// StoryStore lists stories. Stories returns them newest first (by last
// publication); Story returns chorus.ErrNotFound for an unknown id.
type StoryStore interface {
	Stories(ctx context.Context, opts StoryListOptions) ([]chorus.Story, error)
	Story(ctx context.Context, id string) (chorus.Story, error)
}

// Reporter builds the consolidation report of a story (the schema of
// docs/report-schema.md); its JSON encoding is what GET /api/stories/{id}
// returns. It returns chorus.ErrNotFound for an unknown story. StoreReporter
// is the usual one. The Server caches its reports (see StoryVersioner).
type Reporter interface {
	Report(ctx context.Context, storyID string) (report.Story, error)
}

// StoryVersioner returns a token that changes whenever a story's
// membership or any of its articles changes; the Server keeps a story's
// report while the token stays the same. It returns chorus.ErrNotFound for
// an unknown story.
type StoryVersioner interface {
	StoryVersion(ctx context.Context, storyID string) (string, error)
	// StoryVersions returns the versions of several stories at once, by
	// id; unknown stories are absent.
	StoryVersions(ctx context.Context, storyIDs []string) (map[string]string, error)
}

// ArticleStories finds the story an article belongs to (chorus.ErrNotFound
// when none), for marking the article page's sentences, and the stories
// holding any of a list of articles (newest first), for search results.
type ArticleStories interface {
	StoryOf(ctx context.Context, articleID string) (string, error)
	StoriesWith(ctx context.Context, articleIDs []string) ([]chorus.Story, error)
}

// Search markers: a Searcher wraps each matched term in MarkStart and
// MarkEnd in SearchHit.Title and SearchHit.Snippet.
const (
	MarkStart = "\x02"
	MarkEnd   = "\x03"
)

// SearchHit is one article matching a full-text query.
type SearchHit struct {
	ArticleID string
	Outlet    string
	Published time.Time
	// Title and Snippet carry MarkStart/MarkEnd around matched terms.
	Title   string
	Snippet string
}

// Searcher runs full-text queries (FTS5 syntax) over articles, best first.
type Searcher interface {
	Search(ctx context.Context, query string, limit, offset int) ([]SearchHit, error)
}

// Options configures a Server. Articles is required; the rest may be nil.
type Options struct {
	Articles chorus.ArticleStore
	Search   Searcher
	Stories  StoryStore
	Reporter Reporter
	// Versions keys cached reports; without it a report is kept until
	// the next ingest through the API.
	Versions StoryVersioner
	// Membership finds an article's story; without it the stories are
	// scanned.
	Membership ArticleStories
	Ingester   Ingester
	// Token is the bearer token writes need; empty makes the server
	// read-only.
	Token string
	// MaxBody caps request bodies in bytes (default DefaultMaxBody).
	MaxBody int64
	Logger  *slog.Logger
}

// DefaultMaxBody is the default request body limit.
const DefaultMaxBody = 8 << 20

// Server serves the web app and the API.
type Server struct {
	opt     Options
	log     *slog.Logger
	pages   map[string]*template.Template
	mux     *http.ServeMux
	routes  []route
	metrics *metrics
	reports *reportCache
	handler http.Handler
}

// reportCacheSize is how many story reports the server keeps.
const reportCacheSize = 512

// route is one registered pattern; doc routes appear in docs/openapi.yaml.
type route struct {
	pattern string
	doc     bool
}

// New builds a server.
func New(opt Options) (*Server, error) {
	if opt.Articles == nil {
		return nil, errors.New("new server: no article store")
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = DefaultMaxBody
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	pages, err := web.Pages()
	if err != nil {
		return nil, fmt.Errorf("new server: %w", err)
	}
	s := &Server{opt: opt, log: opt.Logger, pages: pages, mux: http.NewServeMux(), metrics: newMetrics(),
		reports: newReportCache(reportCacheSize)}
	s.register()
	s.handler = s.recoverer(s.observe(securityHeaders(s.mux)))
	return s, nil
}

func (s *Server) register() {
	s.handle("GET /{$}", false, s.storiesPage)
	s.handle("GET /stories/{id}", false, s.storyPage)
	s.handle("GET /stories/{id}/compare", false, s.comparePage)
	s.handle("GET /articles/{id}", false, s.articlePage)
	s.handle("GET /static/", false, staticFiles(http.StripPrefix("/static/", http.FileServerFS(web.Static()))))
	s.handle("/", false, s.webNotFound)

	s.handle("GET /healthz", true, s.healthz)
	s.handle("GET /metrics", true, s.serveMetrics)
	s.handle("GET /api/stories", true, s.apiStories)
	s.handle("GET /api/stories/{id}", true, s.apiStory)
	s.handle("GET /api/articles/{id}", true, s.apiArticle)
	s.handle("POST /api/articles", true, s.apiPostArticles)
	s.handle("/api/", false, s.apiNotFound)
}

func (s *Server) handle(pattern string, doc bool, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, h)
	s.routes = append(s.routes, route{pattern: pattern, doc: doc})
}

// ServeHTTP serves one request through the middleware and the mux.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// DocumentedRoutes lists the patterns ("GET /api/stories") the OpenAPI
// description must cover: the API, /healthz and /metrics.
func (s *Server) DocumentedRoutes() []string {
	var out []string
	for _, r := range s.routes {
		if r.doc {
			out = append(out, r.pattern)
		}
	}
	return out
}

// Pattern is the mux pattern that would serve r, or "" for none.
func (s *Server) Pattern(r *http.Request) string {
	_, p := s.mux.Handler(r)
	return p
}

// Timeouts of the HTTP server.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 60 * time.Second
	IdleTimeout       = 120 * time.Second
	ShutdownTimeout   = 10 * time.Second
)

// Serve serves on ln until ctx is cancelled, then shuts down gracefully,
// letting requests in flight finish for up to ShutdownTimeout.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "addr", ln.Addr().String())
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	}
	return nil
}

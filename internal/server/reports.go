package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/report"
)

// StoryArticleStore reads what consolidating one story needs in one query
// each: its stored articles (in id order) and which of them copy another
// (article id -> the id of its copy group's original).
type StoryArticleStore interface {
	StoryArticles(ctx context.Context, storyID string) ([]chorus.Article, error)
	StoryCopies(ctx context.Context, storyID string) (map[string]string, error)
}

// StoreReporter is the Reporter over the stores: it reads a story and its
// articles and consolidates them with report.Consolidate. It does not
// cache; the Server caches reports by story version.
type StoreReporter struct {
	Stories  StoryStore
	Articles StoryArticleStore
}

// Report consolidates one story; chorus.ErrNotFound for an unknown story.
func (r StoreReporter) Report(ctx context.Context, storyID string) (report.Story, error) {
	st, err := r.Stories.Story(ctx, storyID)
	if err != nil {
		return report.Story{}, err
	}
	arts, err := r.Articles.StoryArticles(ctx, storyID)
	if err != nil {
		return report.Story{}, err
	}
	copies, err := r.Articles.StoryCopies(ctx, storyID)
	if err != nil {
		return report.Story{}, err
	}
	return report.Consolidate(ctx, st, arts, copies)
}

// reportBuildTimeout bounds one consolidation, which runs detached from the
// request that started it so that other readers waiting for it are served.
const reportBuildTimeout = 60 * time.Second

// reportCache keeps consolidated reports by story id, each with the story
// version it was built from; a request for another version rebuilds it.
// Concurrent requests for the same report wait for one build. Invalidate
// drops everything (after an ingest).
type reportCache struct {
	mu      sync.Mutex
	gen     uint64
	max     int
	entries map[string]*reportEntry
	// pages are rendered pages built from reports, by page key, kept
	// under the same versions.
	pages map[string]cachedPage
}

type cachedPage struct {
	version string
	gen     uint64
	body    []byte
}

type reportEntry struct {
	version string
	gen     uint64
	ready   chan struct{}
	rep     report.Story
	err     error
}

func newReportCache(max int) *reportCache {
	return &reportCache{max: max, entries: map[string]*reportEntry{}, pages: map[string]cachedPage{}}
}

// invalidate forgets every report.
func (c *reportCache) invalidate() {
	c.mu.Lock()
	c.gen++
	clear(c.entries)
	clear(c.pages)
	c.mu.Unlock()
}

// generation is the current invalidation generation.
func (c *reportCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// page returns a rendered page stored under key at version.
func (c *reportCache) page(key, version string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[key]
	if !ok || p.version != version || p.gen != c.gen {
		return nil, false
	}
	return p.body, true
}

// putPage keeps a page rendered from reports of generation gen, unless an
// invalidation came since.
func (c *reportCache) putPage(key, version string, gen uint64, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.pages) >= c.max {
		for k := range c.pages {
			delete(c.pages, k)
			break
		}
	}
	c.pages[key] = cachedPage{version: version, gen: gen, body: body}
}

// peek returns a finished report for (id, version) without building one.
func (c *reportCache) peek(id, version string) (report.Story, bool) {
	c.mu.Lock()
	e := c.entries[id]
	ok := e != nil && e.version == version && e.gen == c.gen
	c.mu.Unlock()
	if !ok {
		return report.Story{}, false
	}
	select {
	case <-e.ready:
		return e.rep, e.err == nil
	default:
		return report.Story{}, false
	}
}

// get returns the report of story id at version, building it with build
// when it is not cached.
func (c *reportCache) get(ctx context.Context, id, version string, build func(context.Context) (report.Story, error)) (report.Story, error) {
	c.mu.Lock()
	e := c.entries[id]
	if e == nil || e.version != version || e.gen != c.gen {
		e = &reportEntry{version: version, gen: c.gen, ready: make(chan struct{})}
		if len(c.entries) >= c.max {
			for k := range c.entries { // map order is random: evict one
				delete(c.entries, k)
				break
			}
		}
		c.entries[id] = e
		c.mu.Unlock()
		c.build(ctx, id, e, build)
		return e.rep, e.err
	}
	c.mu.Unlock()
	select {
	case <-e.ready:
		return e.rep, e.err
	case <-ctx.Done():
		return report.Story{}, ctx.Err()
	}
}

// build fills e and releases its waiters; a failed (or panicking) build
// is not kept.
func (c *reportCache) build(ctx context.Context, id string, e *reportEntry, build func(context.Context) (report.Story, error)) {
	bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), reportBuildTimeout)
	done := false
	defer func() {
		cancel()
		if !done {
			e.err = errBuildPanicked
		}
		close(e.ready)
		if e.err != nil {
			c.mu.Lock()
			if c.entries[id] == e {
				delete(c.entries, id)
			}
			c.mu.Unlock()
		}
	}()
	e.rep, e.err = build(bctx)
	done = true
}

var errBuildPanicked = errors.New("build report: the reporter panicked")

// storyVersion is the cache key part that changes with the story; "" when
// the server has no version source (then only ingests invalidate).
func (s *Server) storyVersion(ctx context.Context, id string) (string, error) {
	if s.opt.Versions == nil {
		return "", nil
	}
	return s.opt.Versions.StoryVersion(ctx, id)
}

var errNoReporter = errors.New("no consolidation report on this server")

// report returns the story's consolidation report, from the cache when the
// story has not changed since it was built.
func (s *Server) report(ctx context.Context, id string) (report.Story, error) {
	if s.opt.Reporter == nil {
		return report.Story{}, errNoReporter
	}
	v, err := s.storyVersion(ctx, id)
	if err != nil {
		return report.Story{}, fmt.Errorf("story version %s: %w", id, err)
	}
	return s.reports.get(ctx, id, v, func(ctx context.Context) (report.Story, error) {
		return s.opt.Reporter.Report(ctx, id)
	})
}

// cachedReports returns, by story id, the reports of the stories that are
// cached and current, reading all versions in one query.
func (s *Server) cachedReports(ctx context.Context, ids []string) map[string]report.Story {
	out := map[string]report.Story{}
	if s.opt.Reporter == nil || len(ids) == 0 {
		return out
	}
	var versions map[string]string
	if s.opt.Versions != nil {
		var err error
		if versions, err = s.opt.Versions.StoryVersions(ctx, ids); err != nil {
			s.log.Warn("story versions", "err", err)
			return out
		}
	}
	for _, id := range ids {
		v, ok := "", true
		if versions != nil {
			v, ok = versions[id]
		}
		if !ok {
			continue
		}
		if rep, ok := s.reports.peek(id, v); ok {
			out[id] = rep
		}
	}
	return out
}

// cachedPage serves the page kept under key for the story's current
// version and reports true; otherwise it returns a keep function that
// stores the page about to be rendered (nil when the page cannot be kept:
// a search query is echoed in the masthead, or there is no report). A
// kept page may be served only while the story's version and the cache's
// generation hold.
func (s *Server) cachedPage(w http.ResponseWriter, r *http.Request, storyID, key string) (served bool, keep func([]byte), err error) {
	if s.opt.Reporter == nil || storyID == "" || r.URL.Query().Get("q") != "" {
		return false, nil, nil
	}
	gen := s.reports.generation()
	v, err := s.storyVersion(r.Context(), storyID)
	if err != nil {
		return false, nil, err
	}
	v = storyID + "|" + v
	if body, ok := s.reports.page(key, v); ok {
		writeHTML(w, http.StatusOK, body)
		return true, nil, nil
	}
	return false, func(b []byte) { s.reports.putPage(key, v, gen, b) }, nil
}

// listBudget bounds the time the stories page spends consolidating stories
// whose conflict count is not cached yet; the rest show as not computed
// and are consolidated by later views.
const listBudget = 300 * time.Millisecond

// fillConflicts sets the conflict count of each row from its report,
// building missing reports while the budget lasts.
func (s *Server) fillConflicts(ctx context.Context, rows []storyRow) {
	if s.opt.Reporter == nil {
		return
	}
	deadline := time.Now().Add(listBudget)
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	cached := s.cachedReports(ctx, ids)
	for i := range rows {
		rep, ok := cached[rows[i].ID]
		if !ok && time.Now().Before(deadline) && rows[i].Articles > 1 {
			var err error
			rep, err = s.report(ctx, rows[i].ID)
			ok = err == nil
			if err != nil && !errors.Is(err, chorus.ErrNotFound) && ctx.Err() == nil {
				s.log.Warn("story report", "story", rows[i].ID, "err", err)
			}
		}
		if ok {
			rows[i].Conflicts = len(rep.Conflicts)
		} else if rows[i].Articles <= 1 {
			rows[i].Conflicts = 0
		}
	}
}

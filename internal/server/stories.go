package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/chorusnews/chorus"
)

// Page sizes.
const (
	pageSize     = 20
	maxPageSize  = 100
	searchLimit  = 20
	storyScanMax = 5000
	maxPage      = 100000
)

type storyRow struct {
	ID, Title   string
	Articles    int
	Sources     int
	Conflicts   int // -1: not computed
	First, Last time.Time
	ArticleIDs  []string
}

type hitView struct {
	ArticleID string
	Outlet    string
	Published time.Time
	Title     []Segment
	Snippet   []Segment
}

type storiesPage struct {
	Page
	Hits             []hitView
	SearchError      string
	StoriesAvailable bool
	Stories          []storyRow
	Articles         []chorus.Article
	ArticleCount     int
	PrevURL, NextURL string
}

func rowOf(st chorus.Story) storyRow {
	return storyRow{ID: st.ID, Title: st.Title, Articles: len(st.ArticleIDs), Sources: st.IndependentSources,
		Conflicts: -1, First: st.First, Last: st.Last, ArticleIDs: st.ArticleIDs}
}

// storiesPage is the front page: stories newest first and, with ?q=, the
// articles matching a full-text search.
func (s *Server) storiesPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query().Get("q")
	p := s.page("", r)
	if q != "" {
		p.Title = "Search: " + q
	}
	data := storiesPage{Page: p, StoriesAvailable: s.opt.Stories != nil}
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n = min(max(n, 1), maxPage)
	if q != "" {
		hits, err := s.search(r, q, searchLimit, 0)
		switch {
		case errors.Is(err, errNoSearch), errors.Is(err, errEmptyQuery):
			data.SearchError = err.Error()
		case err != nil:
			s.internal(w, r, "search", err)
			return
		}
		for _, h := range hits {
			data.Hits = append(data.Hits, hitView{ArticleID: h.ArticleID, Outlet: h.Outlet, Published: h.Published,
				Title: segments(h.Title), Snippet: segments(h.Snippet)})
		}
		if s.opt.Stories != nil && len(hits) > 0 {
			list, err := s.storiesWith(r, hits)
			if err != nil {
				s.internal(w, r, "list stories", err)
				return
			}
			for _, st := range list {
				data.Stories = append(data.Stories, rowOf(st))
			}
			s.fillConflicts(ctx, data.Stories)
		}
		s.render(w, r, http.StatusOK, "stories", data)
		return
	}
	if s.opt.Stories != nil {
		list, err := s.opt.Stories.Stories(ctx, StoryListOptions{Limit: pageSize + 1, Offset: (n - 1) * pageSize})
		if err != nil {
			s.internal(w, r, "list stories", err)
			return
		}
		if len(list) > pageSize {
			list = list[:pageSize]
			data.NextURL = "/?page=" + strconv.Itoa(n+1)
		}
		if n > 1 {
			data.PrevURL = "/?page=" + strconv.Itoa(n-1)
		}
		for _, st := range list {
			data.Stories = append(data.Stories, rowOf(st))
		}
		s.fillConflicts(ctx, data.Stories)
	}
	if len(data.Stories) == 0 && n == 1 {
		// Nothing grouped yet: list the articles so there is something to read.
		arts, err := s.opt.Articles.Articles(ctx, chorus.ListOptions{Limit: 100})
		if err != nil {
			s.internal(w, r, "list articles", err)
			return
		}
		count, err := s.opt.Articles.CountArticles(ctx)
		if err != nil {
			s.internal(w, r, "count articles", err)
			return
		}
		data.Articles, data.ArticleCount = arts, count
	}
	s.render(w, r, http.StatusOK, "stories", data)
}

var (
	errNoSearch   = errors.New("full-text search is not available on this server")
	errEmptyQuery = errors.New("the query has no words to search for")
)

// search runs a reader's query safely quoted for FTS5.
func (s *Server) search(r *http.Request, q string, limit, offset int) ([]SearchHit, error) {
	if s.opt.Search == nil {
		return nil, errNoSearch
	}
	fq := ftsQuery(q)
	if fq == "" {
		return nil, errEmptyQuery
	}
	return s.opt.Search.Search(r.Context(), fq, limit, offset)
}

// storiesWith lists the stories holding any of the hit articles, in the
// store's order (newest first).
func (s *Server) storiesWith(r *http.Request, hits []SearchHit) ([]chorus.Story, error) {
	if s.opt.Membership != nil {
		return s.storiesOfHits(r.Context(), hits)
	}
	want := map[string]bool{}
	for _, h := range hits {
		want[h.ArticleID] = true
	}
	all, err := s.opt.Stories.Stories(r.Context(), StoryListOptions{Limit: storyScanMax})
	if err != nil {
		return nil, err
	}
	var out []chorus.Story
	for _, st := range all {
		for _, id := range st.ArticleIDs {
			if want[id] {
				out = append(out, st)
				break
			}
		}
	}
	return out, nil
}

// storiesOfHits lists the stories holding the hits, newest first.
func (s *Server) storiesOfHits(ctx context.Context, hits []SearchHit) ([]chorus.Story, error) {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ArticleID
	}
	return s.opt.Membership.StoriesWith(ctx, ids)
}

// internal logs err and answers 500 without details.
func (s *Server) internal(w http.ResponseWriter, r *http.Request, what string, err error) {
	if r.Context().Err() != nil {
		return // the client went away
	}
	s.log.Error(what, "path", r.URL.Path, "err", err)
	s.fail(w, r, http.StatusInternalServerError, "Internal error", "The server failed to "+what+".")
}

// storyJSON is a story in API listings.
type storyJSON struct {
	chorus.Story
	ArticleCount int `json:"article_count"`
	// Conflicts is the number of conflicts in the story's report, when
	// the report is cached (absent otherwise).
	Conflicts *int `json:"conflicts,omitempty"`
}

type hitJSON struct {
	ArticleID string    `json:"article_id"`
	Outlet    string    `json:"outlet"`
	Published time.Time `json:"published,omitzero"`
	Title     string    `json:"title"`
	Snippet   string    `json:"snippet"`
	// Highlights carry the same text split at matched terms.
	Highlights struct {
		Title   []Segment `json:"title"`
		Snippet []Segment `json:"snippet"`
	} `json:"highlights"`
}

type storiesJSON struct {
	Stories          []storyJSON `json:"stories"`
	StoriesAvailable bool        `json:"stories_available"`
	Query            string      `json:"query,omitempty"`
	Hits             []hitJSON   `json:"hits"`
	Limit            int         `json:"limit"`
	Offset           int         `json:"offset"`
}

// apiStories lists stories newest first; with q it also returns the
// matching articles (hits, paged by limit and offset) and lists only the
// stories that hold them.
func (s *Server) apiStories(w http.ResponseWriter, r *http.Request) {
	qs := r.URL.Query()
	limit, offset, err := paging(qs)
	if err != nil {
		problem(w, r, http.StatusBadRequest, "Bad query parameter", err.Error())
		return
	}
	out := storiesJSON{Stories: []storyJSON{}, Hits: []hitJSON{}, StoriesAvailable: s.opt.Stories != nil, Limit: limit, Offset: offset}
	var stories []chorus.Story
	if q := qs.Get("q"); q != "" {
		out.Query = q
		hits, err := s.search(r, q, limit, offset)
		switch {
		case errors.Is(err, errNoSearch):
			problem(w, r, http.StatusNotImplemented, "Search unavailable", err.Error())
			return
		case errors.Is(err, errEmptyQuery):
			problem(w, r, http.StatusBadRequest, "Bad query parameter", "q: "+err.Error())
			return
		case err != nil:
			s.internal(w, r, "search", err)
			return
		}
		out.Hits = []hitJSON{}
		for _, h := range hits {
			hj := hitJSON{ArticleID: h.ArticleID, Outlet: h.Outlet, Published: h.Published}
			hj.Highlights.Title, hj.Highlights.Snippet = nonNil(segments(h.Title)), nonNil(segments(h.Snippet))
			hj.Title, hj.Snippet = plain(hj.Highlights.Title), plain(hj.Highlights.Snippet)
			out.Hits = append(out.Hits, hj)
		}
		if s.opt.Stories != nil && len(hits) > 0 {
			if stories, err = s.storiesWith(r, hits); err != nil {
				s.internal(w, r, "list stories", err)
				return
			}
		}
	} else if s.opt.Stories != nil {
		stories, err = s.opt.Stories.Stories(r.Context(), StoryListOptions{Limit: limit, Offset: offset})
		if err != nil {
			s.internal(w, r, "list stories", err)
			return
		}
	}
	ids := make([]string, len(stories))
	for i, st := range stories {
		ids[i] = st.ID
	}
	cached := s.cachedReports(r.Context(), ids)
	for _, st := range stories {
		sj := storyJSON{Story: st, ArticleCount: len(st.ArticleIDs)}
		if rep, ok := cached[st.ID]; ok {
			n := len(rep.Conflicts)
			sj.Conflicts = &n
		}
		out.Stories = append(out.Stories, sj)
	}
	writeJSON(w, http.StatusOK, out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// paging reads limit and offset.
func paging(qs url.Values) (limit, offset int, err error) {
	limit = pageSize
	if v := qs.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxPageSize {
			return 0, 0, errors.New("limit: want a whole number from 1 to " + strconv.Itoa(maxPageSize))
		}
	}
	if v := qs.Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			return 0, 0, errors.New("offset: want a whole number, 0 or more")
		}
	}
	return limit, offset, nil
}

// storyFallback is served at /api/stories/{id} while no Reporter is wired.
type storyFallback struct {
	Story    chorus.Story     `json:"story"`
	Articles []articleSummary `json:"articles"`
	Report   any              `json:"report"`
}

type articleSummary struct {
	ID        string    `json:"id"`
	Outlet    string    `json:"outlet"`
	Title     string    `json:"title"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Missing   bool      `json:"missing,omitempty"`
}

func (s *Server) apiStory(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	if s.opt.Stories == nil {
		problem(w, r, http.StatusNotFound, "Story not found", "No stories are available on this server yet.")
		return
	}
	st, err := s.opt.Stories.Story(ctx, id)
	if errors.Is(err, chorus.ErrNotFound) {
		problem(w, r, http.StatusNotFound, "Story not found", "No story has id "+strconv.Quote(id)+".")
		return
	}
	if err != nil {
		s.internal(w, r, "load the story", err)
		return
	}
	if s.opt.Reporter != nil {
		rep, err := s.report(ctx, id)
		if errors.Is(err, chorus.ErrNotFound) {
			problem(w, r, http.StatusNotFound, "Story not found", "No story has id "+strconv.Quote(id)+".")
			return
		}
		if err != nil {
			s.internal(w, r, "build the story report", err)
			return
		}
		writeJSON(w, http.StatusOK, rep)
		return
	}
	out := storyFallback{Story: st, Articles: []articleSummary{}}
	for _, aid := range st.ArticleIDs {
		a, err := s.opt.Articles.Article(ctx, aid)
		switch {
		case errors.Is(err, chorus.ErrNotFound):
			out.Articles = append(out.Articles, articleSummary{ID: aid, Missing: true})
		case err != nil:
			s.internal(w, r, "load the story's articles", err)
			return
		default:
			out.Articles = append(out.Articles, articleSummary{ID: a.ID, Outlet: a.Outlet, Title: a.Title, URL: a.URL, Published: a.Published})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

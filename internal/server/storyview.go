package server

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/report"
)

// reportView is a story's report as the story page shows it: outlet names
// for article ids and the selection for the synthesis.
type reportView struct {
	*report.Story
	names map[string]string
	// TopClaims, KeyQuotes and KeyConflicts open the page.
	TopClaims    []report.Claim
	KeyQuotes    []report.Quote
	KeyConflicts []report.Conflict
	Bylines      map[string]*report.Article
}

// Synthesis bounds.
const (
	topClaims    = 3
	keyQuotes    = 3
	keyConflicts = 5
)

func newReportView(rep *report.Story) *reportView {
	v := &reportView{Story: rep, names: outletNames(rep.Articles), Bylines: map[string]*report.Article{}}
	for i := range rep.Articles {
		v.Bylines[rep.Articles[i].ID] = &rep.Articles[i]
	}
	v.TopClaims = rep.TopClaims(topClaims)
	v.KeyQuotes = rep.KeyQuotes(keyQuotes)
	v.KeyConflicts = rep.KeyConflicts(keyConflicts)
	return v
}

// outletNames names each article by its outlet, adding the id where two
// articles share an outlet, or using the id when the outlet is unknown.
func outletNames(arts []report.Article) map[string]string {
	count := map[string]int{}
	for _, a := range arts {
		count[strings.TrimSpace(a.Outlet)]++
	}
	names := make(map[string]string, len(arts))
	for _, a := range arts {
		o := strings.TrimSpace(a.Outlet)
		switch {
		case o == "":
			names[a.ID] = a.ID
		case count[o] > 1:
			names[a.ID] = o + " [" + a.ID + "]"
		default:
			names[a.ID] = o
		}
	}
	return names
}

// Name is the reader-facing name of an article: its outlet.
func (v *reportView) Name(id string) string {
	if n, ok := v.names[id]; ok {
		return n
	}
	return id
}

// Names lists the outlets of articles, comma-separated.
func (v *reportView) Names(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = v.Name(id)
	}
	return strings.Join(out, ", ")
}

// Count is the number of the story's articles.
func (v *reportView) Count() int { return len(v.Story.Articles) }

// ExactVariants lists the outlets carrying a quote word for word.
func (v *reportView) ExactVariants(q report.Quote) string {
	var ids []string
	for _, va := range q.Variants {
		if va.Kind == "exact" {
			ids = append(ids, va.Article)
		}
	}
	return v.Names(ids)
}

// OtherVariants are a quote's variants that differ from its canonical
// wording.
func (v *reportView) OtherVariants(q report.Quote) []report.Variant {
	var out []report.Variant
	for _, va := range q.Variants {
		if va.Kind != "exact" {
			out = append(out, va)
		}
	}
	return out
}

// SharedQuotes are the quotes at least two articles carry; LoneQuotes the
// others.
func (v *reportView) SharedQuotes() []report.Quote {
	var out []report.Quote
	for _, q := range v.Quotes {
		if len(q.Support) >= 2 {
			out = append(out, q)
		}
	}
	return out
}

// LoneQuotes are the quotes only one article carries.
func (v *reportView) LoneQuotes() []report.Quote {
	var out []report.Quote
	for _, q := range v.Quotes {
		if len(q.Support) < 2 {
			out = append(out, q)
		}
	}
	return out
}

// MainEntities are the entities several articles name, or that are spelt
// several ways; MinorEntities the rest.
func (v *reportView) MainEntities() []report.Entity { return v.entities(true) }

// MinorEntities are the entities one article names in one spelling.
func (v *reportView) MinorEntities() []report.Entity { return v.entities(false) }

func (v *reportView) entities(main bool) []report.Entity {
	var out []report.Entity
	for _, e := range v.Entities {
		if (len(e.Articles) >= 2 || len(e.Variants) >= 2) == main {
			out = append(out, e)
		}
	}
	return out
}

// Removed counts the boilerplate passages removed from the story's articles.
func (v *reportView) Removed() int {
	n := 0
	for _, a := range v.Story.Articles {
		n += len(a.Removed)
	}
	return n
}

type storyArticle struct {
	chorus.Article
	Missing bool
}

type storyPage struct {
	Page
	Story    chorus.Story
	Report   *reportView
	Articles []storyArticle
	// ReportNote says why the report is missing, when it is.
	ReportNote string
}

func (s *Server) storyPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st, ok := s.loadStory(w, r)
	if !ok {
		return
	}
	data := storyPage{Page: s.page(st.Title, r), Story: st}
	// The page depends only on the story's version (and its members).
	served, keep, err := s.cachedPage(w, r, st.ID, "story:"+st.ID+"|"+strings.Join(st.ArticleIDs, ","))
	if err != nil {
		s.internal(w, r, "read the story version", err)
		return
	}
	if served {
		return
	}
	rep, err := s.report(ctx, st.ID)
	switch {
	case err == nil:
		data.Report = newReportView(&rep)
		if rep.Title != "" {
			data.Title = rep.Title
		}
	case errors.Is(err, errNoReporter):
		data.ReportNote = "The consolidation report is not computed on this server."
	case ctx.Err() != nil:
		return
	default:
		s.log.Warn("story report", "story", st.ID, "err", err)
		data.ReportNote = "The consolidation report could not be built for this story."
	}
	if data.Report == nil {
		for _, id := range st.ArticleIDs {
			a, err := s.opt.Articles.Article(ctx, id)
			switch {
			case errors.Is(err, chorus.ErrNotFound):
				data.Articles = append(data.Articles, storyArticle{Article: chorus.Article{ID: id}, Missing: true})
			case err != nil:
				s.internal(w, r, "load the story's articles", err)
				return
			default:
				data.Articles = append(data.Articles, storyArticle{Article: a})
			}
		}
	}
	if data.Report == nil {
		keep = nil
	}
	s.renderKeep(w, r, http.StatusOK, "story", data, keep)
}

// loadStory reads the story named in the path, answering 404 or 500 itself.
func (s *Server) loadStory(w http.ResponseWriter, r *http.Request) (chorus.Story, bool) {
	if s.opt.Stories == nil {
		s.fail(w, r, http.StatusNotFound, "Story not found", "No stories are available on this server yet.")
		return chorus.Story{}, false
	}
	st, err := s.opt.Stories.Story(r.Context(), r.PathValue("id"))
	if errors.Is(err, chorus.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, "Story not found", "There is no story with this id.")
		return chorus.Story{}, false
	}
	if err != nil {
		s.internal(w, r, "load the story", err)
		return chorus.Story{}, false
	}
	return st, true
}

// storyOf finds the story holding an article: "" when none.
func (s *Server) storyOf(ctx context.Context, articleID string) (string, error) {
	if s.opt.Stories == nil {
		return "", nil
	}
	if s.opt.Membership != nil {
		id, err := s.opt.Membership.StoryOf(ctx, articleID)
		if errors.Is(err, chorus.ErrNotFound) {
			return "", nil
		}
		return id, err
	}
	all, err := s.opt.Stories.Stories(ctx, StoryListOptions{Limit: storyScanMax})
	if err != nil {
		return "", err
	}
	for _, st := range all {
		for _, id := range st.ArticleIDs {
			if id == articleID {
				return st.ID, nil
			}
		}
	}
	return "", nil
}

type articlePage struct {
	Page
	Article chorus.Article
	// Source is the article's URL when it is http or https.
	Source string
	// StoryID is the story the article belongs to ("" when none).
	StoryID    string
	StoryTitle string
	Blocks     []block
	// Marked is true when sentence marks come from a report.
	Marked bool
	Counts markCounts
}

type markCounts struct{ Corroborated, Exclusive, Conflicting int }

func (s *Server) articlePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, err := s.opt.Articles.Article(ctx, r.PathValue("id"))
	if errors.Is(err, chorus.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, "Article not found", "There is no article with this id.")
		return
	}
	if err != nil {
		s.internal(w, r, "load the article", err)
		return
	}
	data := articlePage{Page: s.page(a.Title, r), Article: a, Source: webURL(a.URL)}
	data.StoryID, err = s.storyOf(ctx, a.ID)
	if err != nil {
		s.internal(w, r, "find the article's story", err)
		return
	}
	served, keep, err := s.cachedPage(w, r, data.StoryID, "article:"+a.ID)
	if err != nil && !errors.Is(err, chorus.ErrNotFound) {
		s.internal(w, r, "read the story version", err)
		return
	}
	if served {
		return
	}
	var marks *sentenceMarks
	if data.StoryID != "" && s.opt.Reporter != nil {
		rep, err := s.report(ctx, data.StoryID)
		switch {
		case err == nil:
			marks = marksFor(&rep, a.ID)
			data.StoryTitle, data.Marked = rep.Title, true
		case ctx.Err() != nil:
			return
		default:
			s.log.Warn("story report", "story", data.StoryID, "err", err)
		}
	}
	data.Blocks = blocks(a, marks)
	for _, b := range data.Blocks {
		for _, sv := range b.Sentences {
			switch sv.Mark {
			case markCorroborated:
				data.Counts.Corroborated++
			case markExclusive:
				data.Counts.Exclusive++
			case markConflicting:
				data.Counts.Conflicting++
			}
		}
	}
	if !data.Marked {
		keep = nil
	}
	s.renderKeep(w, r, http.StatusOK, "article", data, keep)
}

// Sentence marks, also the CSS classes of marked sentences.
const (
	markCorroborated = "corroborated"
	markExclusive    = "exclusive"
	markConflicting  = "conflicting"
)

// sentenceMarks says, per sentence index of one article, what the story's
// report makes of it, and where quotes of the report sit.
type sentenceMarks struct {
	mark  map[int]string
	ref   map[int]string // anchor on the story page: claim or conflict id
	quote []quoteAt
}

type quoteAt struct {
	id    string
	start int // code point offset in the clean text
}

// marksFor reads an article's sentence marks from its story's report:
// conflicting over corroborated over exclusive.
func marksFor(rep *report.Story, articleID string) *sentenceMarks {
	m := &sentenceMarks{mark: map[int]string{}, ref: map[int]string{}}
	set := func(refs []report.SentenceRef, mark, anchor string) {
		for _, r := range refs {
			if r.Article != articleID {
				continue
			}
			if cur := m.mark[r.Index]; cur == markConflicting || (cur == markCorroborated && mark == markExclusive) {
				continue
			}
			m.mark[r.Index] = mark
			if anchor != "" {
				m.ref[r.Index] = anchor
			}
		}
	}
	for _, x := range rep.Exclusive {
		set(x.Sentences, markExclusive, "")
	}
	for _, c := range rep.Claims {
		if len(c.Support) >= 2 {
			set(c.Sentences, markCorroborated, c.ID)
		}
	}
	for _, c := range rep.Conflicts {
		for _, sd := range c.Sides {
			set(sd.Sentences, markConflicting, c.ID)
		}
	}
	for _, q := range rep.Quotes {
		for _, v := range q.Variants {
			if v.Article == articleID {
				m.quote = append(m.quote, quoteAt{id: q.ID, start: v.Start})
			}
		}
	}
	return m
}

// claimPairs maps, for two articles, each sentence of a that a claim
// aligns with a sentence of b to that sentence and the claim's id.
func claimPairs(rep *report.Story, a, b string) map[int]pair {
	out := map[int]pair{}
	for _, c := range rep.Claims {
		ai, bi := -1, -1
		for _, r := range c.Sentences {
			if r.Article == a && ai < 0 {
				ai = r.Index
			}
			if r.Article == b && bi < 0 {
				bi = r.Index
			}
		}
		if ai >= 0 && bi >= 0 {
			if _, ok := out[ai]; !ok {
				out[ai] = pair{b: bi, claim: c.ID}
			}
		}
	}
	return out
}

type pair struct {
	b     int
	claim string
}

package server

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/chorusnews/chorus"
)

type compareChoice struct{ ID, Label string }

type compareSide struct {
	Article    chorus.Article
	Paragraphs []string
}

type comparePage struct {
	Page
	Story       chorus.Story
	Choices     []compareChoice
	Left, Right chorus.Article
	Sides       []compareSide
}

// comparePage puts two articles of a story side by side (?a= and ?b=,
// default the first two). Sentence alignment is a slot until the align
// stage is wired in.
func (s *Server) comparePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if s.opt.Stories == nil {
		s.fail(w, r, http.StatusNotFound, "Story not found", "No stories are available on this server yet.")
		return
	}
	st, err := s.opt.Stories.Story(ctx, r.PathValue("id"))
	if errors.Is(err, chorus.ErrNotFound) {
		s.fail(w, r, http.StatusNotFound, "Story not found", "There is no story with this id.")
		return
	}
	if err != nil {
		s.internal(w, r, "load the story", err)
		return
	}
	if len(st.ArticleIDs) < 2 {
		s.fail(w, r, http.StatusNotFound, "Nothing to compare", "This story has fewer than two articles.")
		return
	}
	a, b := r.URL.Query().Get("a"), r.URL.Query().Get("b")
	if a == "" {
		a = st.ArticleIDs[0]
	}
	if b == "" {
		b = st.ArticleIDs[1]
		if b == a {
			b = st.ArticleIDs[0]
		}
	}
	if !slices.Contains(st.ArticleIDs, a) || !slices.Contains(st.ArticleIDs, b) {
		s.fail(w, r, http.StatusNotFound, "Article not in story", "Both articles must belong to this story.")
		return
	}
	data := comparePage{Page: s.page("Compare: "+st.Title, r), Story: st}
	for _, id := range st.ArticleIDs {
		art, err := s.opt.Articles.Article(ctx, id)
		if errors.Is(err, chorus.ErrNotFound) {
			continue
		}
		if err != nil {
			s.internal(w, r, "load the story's articles", err)
			return
		}
		label := art.Outlet
		if label == "" {
			label = art.ID
		}
		if art.Title != "" {
			label += ": " + truncate(art.Title, 60)
		}
		data.Choices = append(data.Choices, compareChoice{ID: id, Label: label})
		if id == a {
			data.Left = art
		}
		if id == b {
			data.Right = art
		}
	}
	if data.Left.ID == "" || data.Right.ID == "" {
		s.fail(w, r, http.StatusNotFound, "Article not found", "One of the articles is not stored.")
		return
	}
	data.Sides = []compareSide{{data.Left, paragraphs(data.Left)}, {data.Right, paragraphs(data.Right)}}
	s.render(w, r, http.StatusOK, "compare", data)
}

// paragraphs splits an article's clean text (or its text) into paragraphs.
func paragraphs(a chorus.Article) []string {
	text := a.CleanText
	if strings.TrimSpace(text) == "" {
		text = a.Text
	}
	var out []string
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

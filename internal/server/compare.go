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

// compareRow is one line of the compare view: a sentence of each article
// that one claim aligns, or a sentence of one article alone.
type compareRow struct {
	Left, Right *sentView
	// Claim is the aligning claim's id; "" for an unaligned sentence.
	Claim string
}

type comparePage struct {
	Page
	Story       chorus.Story
	Choices     []compareChoice
	Left, Right chorus.Article
	// Rows are the aligned sentences when the report is available;
	// otherwise Sides holds the two texts by paragraph.
	Rows                []compareRow
	Aligned             int
	Sides               []compareSide
	LeftName, RightName string
}

// comparePage puts two articles of a story side by side (?a= and ?b=,
// default the first two), sentence by sentence: sentences the report's
// claims align share a row, the others stand alone and are marked.
func (s *Server) comparePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st, ok := s.loadStory(w, r)
	if !ok {
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
	served, keep, err := s.cachedPage(w, r, st.ID, "compare:"+st.ID+"|"+a+"|"+b+"|"+strings.Join(st.ArticleIDs, ","))
	if err != nil {
		s.internal(w, r, "read the story version", err)
		return
	}
	if served {
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
	data.LeftName, data.RightName = displayName(data.Left), displayName(data.Right)
	if data.LeftName == data.RightName {
		data.LeftName += " [" + data.Left.ID + "]"
		data.RightName += " [" + data.Right.ID + "]"
	}
	rep, err := s.report(ctx, st.ID)
	switch {
	case err == nil:
		data.Rows = compareRows(blocks(data.Left, marksFor(&rep, a)), blocks(data.Right, marksFor(&rep, b)), claimPairs(&rep, a, b))
		for _, row := range data.Rows {
			if row.Claim != "" {
				data.Aligned++
			}
		}
	case ctx.Err() != nil:
		return
	default:
		if !errors.Is(err, errNoReporter) {
			s.log.Warn("story report", "story", st.ID, "err", err)
		}
		data.Sides = []compareSide{{data.Left, paragraphs(data.Left)}, {data.Right, paragraphs(data.Right)}}
		keep = nil
	}
	s.renderKeep(w, r, http.StatusOK, "compare", data, keep)
}

func displayName(a chorus.Article) string {
	if o := strings.TrimSpace(a.Outlet); o != "" {
		return o
	}
	return a.ID
}

// compareRows lays out the sentences of two articles in the left one's
// order: a left sentence a claim pairs with a right one shares its row,
// preceded by the right article's unpaired sentences that come before its
// partner; the rest stand alone.
func compareRows(left, right []block, pairs map[int]pair) []compareRow {
	flat := func(bs []block) []*sentView {
		var out []*sentView
		for i := range bs {
			for j := range bs[i].Sentences {
				out = append(out, &bs[i].Sentences[j])
			}
		}
		return out
	}
	ls, rs := flat(left), flat(right)
	byIndex := make(map[int]*sentView, len(rs))
	paired := map[int]bool{}
	for _, sv := range rs {
		byIndex[sv.Index] = sv
	}
	for _, p := range pairs {
		if byIndex[p.b] != nil {
			paired[p.b] = true
		}
	}
	done := map[int]bool{}
	var rows []compareRow
	next := 0 // position in rs of the first right sentence not yet shown
	flushBefore := func(limit int) {
		for ; next < len(rs) && rs[next].Index < limit; next++ {
			sv := rs[next]
			if !paired[sv.Index] && !done[sv.Index] {
				rows = append(rows, compareRow{Right: sv})
				done[sv.Index] = true
			}
		}
	}
	for _, lv := range ls {
		p, ok := pairs[lv.Index]
		if !ok || byIndex[p.b] == nil || done[p.b] {
			rows = append(rows, compareRow{Left: lv})
			continue
		}
		flushBefore(p.b)
		rows = append(rows, compareRow{Left: lv, Right: byIndex[p.b], Claim: p.claim})
		done[p.b] = true
	}
	for _, sv := range rs {
		if !done[sv.Index] {
			rows = append(rows, compareRow{Right: sv})
			done[sv.Index] = true
		}
	}
	return rows
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

package server

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/net/html"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/report"
)

// getReport reads a story's report through the API.
func getReport(t *testing.T, f *fixture, id string) report.Story {
	t.Helper()
	resp, body := f.do(t, "GET", "/api/stories/"+id, "", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("report %s: %d %s", id, resp.StatusCode, body)
	}
	var rep report.Story
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestStoryPageRendersReport: the seeds, cleaned and clustered by the real
// pipeline, give a story page with every section of the report.
func TestStoryPageRendersReport(t *testing.T) {
	f, sid := newClusteredFixture(t, testToken)
	rep := getReport(t, f, sid)
	if len(rep.Claims) == 0 || len(rep.Quotes) == 0 || len(rep.Conflicts) == 0 || len(rep.Entities) == 0 {
		t.Fatalf("seed report lacks sections: %d claims, %d quotes, %d conflicts, %d entities",
			len(rep.Claims), len(rep.Quotes), len(rep.Conflicts), len(rep.Entities))
	}
	resp, body := f.do(t, "GET", "/stories/"+sid, "", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("story page: %d", resp.StatusCode)
	}
	want := []string{`id="synthesis"`, `id="claims"`, `id="quotes"`, `id="conflicts"`, `id="exclusive"`, `id="entities"`, `id="sources"`,
		"<meter", "Machine translation", "Quote fidelity", "Boilerplate removed", "<del>", "<ins>",
		fmt.Sprintf("%d conflicts", len(rep.Conflicts))}
	for _, c := range rep.Claims {
		want = append(want, `id="`+c.ID+`"`)
	}
	for _, q := range rep.Quotes {
		want = append(want, `id="`+q.ID+`"`)
		for _, v := range q.Variants {
			want = append(want, `href="/articles/`+v.Article+`#quote-`+q.ID+`"`)
		}
	}
	for _, x := range rep.Conflicts {
		for _, sd := range x.Sides {
			for _, r := range sd.Sentences {
				want = append(want, fmt.Sprintf(`href="/articles/%s#s%d"`, r.Article, r.Index))
			}
		}
	}
	for _, a := range rep.Articles {
		if a.Outlet != "" {
			want = append(want, html.EscapeString(a.Outlet))
		}
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("story page lacks %q", w)
		}
	}
	// The stories list shows the cached conflict count.
	_, list := f.do(t, "GET", "/", "", "", "")
	if !strings.Contains(list, fmt.Sprintf("%d conflicts", len(rep.Conflicts))) {
		t.Errorf("stories page lacks the conflict count %d", len(rep.Conflicts))
	}
	_, found := f.do(t, "GET", "/api/stories?q=Hegseth", "", "", "")
	var res struct {
		Stories []struct{ ID string } `json:"stories"`
	}
	if err := json.Unmarshal([]byte(found), &res); err != nil || len(res.Stories) != 1 || res.Stories[0].ID != sid {
		t.Errorf("search for Hegseth: stories %+v (err %v), want only %s", res.Stories, err, sid)
	}
	_, api := f.do(t, "GET", "/api/stories", "", "", "")
	if !strings.Contains(api, fmt.Sprintf(`"conflicts": %d`, len(rep.Conflicts))) {
		t.Errorf("/api/stories lacks the conflict count: %s", api)
	}
}

var sentRe = regexp.MustCompile(`<span id="s(\d+)" class="s( [a-z]+)?"[^>]*>([^<]*)</span>`)

// TestArticleSentenceMarks checks the article page's sentence anchors
// against the report: every sentence a claim, conflict or exclusive detail
// cites is on the page under its index, with the same text and the mark
// the report implies.
func TestArticleSentenceMarks(t *testing.T) {
	f, sid := newClusteredFixture(t, "")
	rep := getReport(t, f, sid)
	type want struct{ text, mark string }
	for _, a := range rep.Articles {
		wants := map[int]want{}
		for _, x := range rep.Exclusive {
			for _, r := range x.Sentences {
				if r.Article == a.ID {
					wants[r.Index] = want{r.Text, markExclusive}
				}
			}
		}
		for _, c := range rep.Claims {
			for _, r := range c.Sentences {
				if r.Article == a.ID {
					wants[r.Index] = want{r.Text, markCorroborated}
				}
			}
		}
		for _, c := range rep.Conflicts {
			for _, sd := range c.Sides {
				for _, r := range sd.Sentences {
					if r.Article == a.ID {
						wants[r.Index] = want{r.Text, markConflicting}
					}
				}
			}
		}
		_, body := f.do(t, "GET", "/articles/"+a.ID, "", "", "")
		got := map[int]want{}
		for _, m := range sentRe.FindAllStringSubmatch(body, -1) {
			var i int
			fmt.Sscan(m[1], &i)
			got[i] = want{html.UnescapeString(m[3]), strings.TrimSpace(m[2])}
		}
		if len(got) != a.Sentences {
			t.Errorf("%s: %d sentences on the page, the report aligned %d", a.ID, len(got), a.Sentences)
		}
		for i, w := range wants {
			g, ok := got[i]
			switch {
			case !ok:
				t.Errorf("%s: sentence %d missing", a.ID, i)
			case g.text != w.text:
				t.Errorf("%s: sentence %d is %q on the page, %q in the report", a.ID, i, g.text, w.text)
			case g.mark != w.mark:
				t.Errorf("%s: sentence %d marked %q, want %q", a.ID, i, g.mark, w.mark)
			}
		}
		for _, q := range rep.Quotes {
			for _, v := range q.Variants {
				if v.Article == a.ID && !strings.Contains(body, `id="quote-`+q.ID+`"`) {
					t.Errorf("%s: no anchor for quote %s", a.ID, q.ID)
				}
			}
		}
		if len(a.Removed) > 0 && !strings.Contains(body, "<del>") {
			t.Errorf("%s: removed boilerplate not struck through", a.ID)
		}
	}
}

// TestCompareAlignsSentences: rows pair the sentences a claim aligns; the
// others stand alone, and every sentence of both articles appears once.
func TestCompareAlignsSentences(t *testing.T) {
	f, sid := newClusteredFixture(t, "")
	rep := getReport(t, f, sid)
	a, b := rep.Articles[0], rep.Articles[1]
	pairs := claimPairs(&rep, a.ID, b.ID)
	_, body := f.do(t, "GET", "/stories/"+sid+"/compare?a="+a.ID+"&b="+b.ID, "", "", "")
	if n := strings.Count(body, `<tr class="pair">`); n != len(pairs) {
		t.Errorf("%d aligned rows, want %d claim pairs", n, len(pairs))
	}
	if !strings.Contains(body, `<tr class="unaligned">`) {
		t.Error("no unaligned row")
	}
	for _, side := range []report.Article{a, b} {
		n := strings.Count(body, `href="/articles/`+side.ID+`#s`)
		if n != side.Sentences {
			t.Errorf("%s: %d sentences shown, want %d", side.ID, n, side.Sentences)
		}
	}
}

// countingReporter counts consolidations.
type countingReporter struct {
	Reporter
	n atomic.Int32
}

func (c *countingReporter) Report(ctx context.Context, id string) (report.Story, error) {
	c.n.Add(1)
	return c.Reporter.Report(ctx, id)
}

// TestReportCache: a report is built once per story version; an update of
// a member article or an ingest through the API rebuilds it.
func TestReportCache(t *testing.T) {
	f, sid := newClusteredFixture(t, testToken)
	cr := &countingReporter{Reporter: f.srv.opt.Reporter}
	f.srv.opt.Reporter = cr
	for range 3 {
		f.do(t, "GET", "/stories/"+sid, "", "", "")
		f.do(t, "GET", "/api/stories/"+sid, "", "", "")
		f.do(t, "GET", "/articles/"+seedID, "", "", "")
	}
	if n := cr.n.Load(); n != 1 {
		t.Fatalf("%d consolidations for 9 views of one story, want 1", n)
	}
	// A member article changes behind the server's back: the version moves.
	ctx := context.Background()
	art, err := f.store.Article(ctx, seedID)
	if err != nil {
		t.Fatal(err)
	}
	art.Text += "\nA late paragraph was added."
	art.CleanText += "\nA late paragraph was added."
	if _, err := f.store.PutArticles(ctx, []chorus.Article{art}); err != nil {
		t.Fatal(err)
	}
	f.do(t, "GET", "/stories/"+sid, "", "", "")
	if n := cr.n.Load(); n != 2 {
		t.Fatalf("after an article update: %d consolidations, want 2", n)
	}
	// Kept pages follow the version too.
	if _, body := f.do(t, "GET", "/articles/"+seedID, "", "", ""); !strings.Contains(body, "A late paragraph was added.") {
		t.Error("the article page still shows the article before its update")
	}
	_, before := f.do(t, "GET", "/stories/"+sid+"/compare?a="+seedID, "", "", "")
	if !strings.Contains(before, "A late paragraph was added.") {
		t.Error("the compare page still shows the article before its update")
	}
	line, _ := json.Marshal(map[string]any{"id": "late", "outlet": "Late Wire", "title": "Unrelated harbour strike", "text": "Dock workers walked out on Monday."})
	if resp, body := f.do(t, "POST", "/api/articles", "application/x-ndjson", testToken, string(line)); resp.StatusCode != 200 {
		t.Fatalf("post: %d %s", resp.StatusCode, body)
	}
	f.do(t, "GET", "/stories/"+sid, "", "", "")
	if n := cr.n.Load(); n != 3 {
		t.Fatalf("after an ingest: %d consolidations, want 3", n)
	}
}

// TestReportCacheConcurrent: readers arriving together wait for one build.
func TestReportCacheConcurrent(t *testing.T) {
	c := newReportCache(4)
	var builds atomic.Int32
	release := make(chan struct{})
	done := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := c.get(context.Background(), "s", "v1", func(context.Context) (report.Story, error) {
				builds.Add(1)
				<-release
				return report.Story{ID: "s"}, nil
			})
			done <- err
		}()
	}
	for builds.Load() == 0 {
		// wait for the first build to start
	}
	close(release)
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if n := builds.Load(); n != 1 {
		t.Errorf("%d builds, want 1", n)
	}
	if _, ok := c.peek("s", "v2"); ok {
		t.Error("peek returned a report for another version")
	}
	for i := range 10 { // bounded size
		c.get(context.Background(), fmt.Sprint(i), "v", func(context.Context) (report.Story, error) { return report.Story{}, nil })
	}
	if len(c.entries) > 4 {
		t.Errorf("%d entries, cache bound is 4", len(c.entries))
	}
}

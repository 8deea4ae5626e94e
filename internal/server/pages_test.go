package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chorusnews/chorus"
)

func TestPages(t *testing.T) {
	f := newFixture(t, fixtureOpts{token: testToken, stories: true})
	_, err := f.store.PutArticles(context.Background(), []chorus.Article{{
		ID: "cleaned", Outlet: "Example", Title: "Cleaned article", Text: "Body line one.\nSubscribe now!\nBody line two.",
		CleanText: "Body line one.\nBody line two.",
		Removed:   []chorus.Removal{{Text: "Subscribe now!", Filter: "cta", Reason: "call to action"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	runCases(t, f, []apiCase{
		{name: "stories", method: "GET", path: "/", wantStatus: 200, wantType: "text/html",
			wantBody: []string{`href="/stories/brussels"`, "5 articles", "5 independent sources", `href="/static/chorus.css"`}},
		{name: "search", method: "GET", path: "/?q=Hegseth", wantStatus: 200, wantType: "text/html",
			wantBody: []string{"<mark>Hegseth</mark>", `href="/articles/`, "Stories with matching articles", `href="/stories/brussels"`}},
		{name: "search no words", method: "GET", path: "/?q=%2A%2A", wantStatus: 200, wantBody: []string{"no words to search"}},
		{name: "story", method: "GET", path: "/stories/brussels", wantStatus: 200, wantType: "text/html",
			wantBody: []string{`href="/articles/` + seedID + `"`, "The Hill", `id="synthesis"`, "not computed on this server"}},
		{name: "compare default", method: "GET", path: "/stories/brussels/compare", wantStatus: 200, wantType: "text/html",
			wantBody: []string{`<option value="000_1921478b3f12b462" selected>`, `<option value="001_d6fd863a625a49ed" selected>`, `class="columns"`}},
		{name: "compare chosen", method: "GET", path: "/stories/brussels/compare?a=002_36277b43818074d2&b=003_3a96547fe0ca7f3b", wantStatus: 200,
			wantBody: []string{"The Hill", "RNZ", "Hegseth"}},
		{name: "compare outside the story", method: "GET", path: "/stories/brussels/compare?a=cleaned", wantStatus: 404, wantType: "text/html"},
		{name: "compare 404", method: "GET", path: "/stories/nope/compare", wantStatus: 404, wantType: "text/html"},
		{name: "story 404", method: "GET", path: "/stories/nope", wantStatus: 404, wantType: "text/html", wantBody: []string{"Story not found"}},
		{name: "article", method: "GET", path: "/articles/" + seedID, wantStatus: 200, wantType: "text/html", wantBody: []string{"The Hill", "<p>"}},
		{name: "article removed boilerplate", method: "GET", path: "/articles/cleaned", wantStatus: 200,
			wantBody: []string{"<del>Subscribe now!</del>", "call to action", `<span id="s0" class="s">Body line one.</span>`, `<span id="s1" class="s">Body line two.</span>`, "in no story"}},
		{name: "article 404", method: "GET", path: "/articles/nope", wantStatus: 404, wantType: "text/html", wantBody: []string{"Article not found"}},
		{name: "unknown page", method: "GET", path: "/nowhere", wantStatus: 404, wantType: "text/html", wantBody: []string{"Page not found"}},
		{name: "page far past the end", method: "GET", path: "/?page=9223372036854775807", wantStatus: 200},
		{name: "page not a number", method: "GET", path: "/?page=x", wantStatus: 200, wantBody: []string{`href="/stories/brussels"`}},
		{name: "stylesheet", method: "GET", path: "/static/chorus.css", wantStatus: 200, wantType: "text/css", wantBody: []string{"--accent"}},
		{name: "no static listing", method: "GET", path: "/static/", wantStatus: 404},
		{name: "no such static file", method: "GET", path: "/static/web.go", wantStatus: 404},
	})
}

func TestPagesWithoutStories(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	runCases(t, f, []apiCase{
		{name: "front page lists articles", method: "GET", path: "/", wantStatus: 200,
			wantBody: []string{"No stories are available yet", `href="/articles/` + seedID + `"`, "read-only"}},
		{name: "story", method: "GET", path: "/stories/x", wantStatus: 404, wantType: "text/html"},
	})
}

// TestNoPathReachesDisk sends raw paths that try to leave the embedded
// static files; the mux cleans them or the embedded FS refuses them.
func TestNoPathReachesDisk(t *testing.T) {
	f := newFixture(t, fixtureOpts{noSeeds: true})
	for _, p := range []string{"/static/../server.go", "/static/%2e%2e/server.go", "/static/..%2fserver.go", "/static/../../go.mod",
		"/static//etc/passwd", "/static/%2fetc%2fpasswd", "/../../../../etc/passwd", "/static/templates/layout.html"} {
		req := httptest.NewRequest("GET", "http://x/", nil)
		req.URL.Path = p
		req.URL.RawPath = ""
		if strings.Contains(p, "%") {
			req.URL.RawPath = p
		}
		rec := httptest.NewRecorder()
		f.srv.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code == http.StatusOK && !strings.Contains(rec.Header().Get("Content-Type"), "text/css") {
			t.Errorf("%s: status 200 with %s", p, rec.Header().Get("Content-Type"))
		}
		for _, leak := range []string{"package server", "root:", "module github.com"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s: response leaks %q", p, leak)
			}
		}
	}
}

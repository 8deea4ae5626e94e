package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/report"
)

const seedID = "002_36277b43818074d2"

type apiCase struct {
	name        string
	method      string
	path        string
	contentType string
	token       string
	body        string
	wantStatus  int
	// wantType is the media type expected (before parameters).
	wantType string
	// wantBody lists substrings the body must hold.
	wantBody []string
}

func runCases(t *testing.T, f *fixture, cases []apiCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := f.do(t, c.method, c.path, c.contentType, c.token, c.body)
			if resp.StatusCode != c.wantStatus {
				t.Fatalf("%s %s: status %d, want %d\n%s", c.method, c.path, resp.StatusCode, c.wantStatus, body)
			}
			if c.wantType != "" {
				if got, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";"); got != c.wantType {
					t.Errorf("Content-Type %q, want %q", got, c.wantType)
				}
			}
			for _, w := range c.wantBody {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			checkSecurityHeaders(t, resp)
			if strings.Contains(body, "goroutine ") || strings.Contains(body, ".go:") {
				t.Errorf("body looks like a stack trace:\n%s", body)
			}
		})
	}
}

func checkSecurityHeaders(t *testing.T, resp *http.Response) {
	t.Helper()
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'none'", "frame-ancestors 'none'", "style-src 'self'", "default-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", got)
	}
	if got := resp.Header.Get("Referrer-Policy"); got == "" {
		t.Error("no Referrer-Policy")
	}
}

const problemJSON = "application/problem+json"

func TestAPIRead(t *testing.T) {
	f := newFixture(t, fixtureOpts{token: testToken, stories: true})
	runCases(t, f, []apiCase{
		{name: "healthz", method: "GET", path: "/healthz", wantStatus: 200, wantType: "application/json", wantBody: []string{`"status": "ok"`}},
		{name: "stories", method: "GET", path: "/api/stories", wantStatus: 200, wantType: "application/json",
			wantBody: []string{`"id": "brussels"`, `"article_count": 5`, `"stories_available": true`}},
		{name: "stories paged past the end", method: "GET", path: "/api/stories?offset=5", wantStatus: 200, wantBody: []string{`"stories": []`}},
		{name: "stories search", method: "GET", path: "/api/stories?q=Hegseth+NATO", wantStatus: 200,
			wantBody: []string{`"hits": [`, `"match": true`, `"text": "Hegseth"`, `"id": "brussels"`}},
		{name: "stories search without match", method: "GET", path: "/api/stories?q=zzzqqq", wantStatus: 200, wantBody: []string{`"hits": []`, `"stories": []`}},
		{name: "stories search operators are literal", method: "GET", path: "/api/stories?q=NATO+OR+%22NEAR(%22+-+*", wantStatus: 200},
		{name: "stories bad limit", method: "GET", path: "/api/stories?limit=abc", wantStatus: 400, wantType: problemJSON, wantBody: []string{"limit"}},
		{name: "stories bad offset", method: "GET", path: "/api/stories?offset=-1", wantStatus: 400, wantType: problemJSON, wantBody: []string{"offset"}},
		{name: "stories empty query", method: "GET", path: "/api/stories?q=%22%22", wantStatus: 400, wantType: problemJSON},
		{name: "story", method: "GET", path: "/api/stories/brussels", wantStatus: 200,
			wantBody: []string{`"story": {`, `"id": "` + seedID + `"`, `"outlet": "The Hill"`, `"report": null`}},
		{name: "story 404", method: "GET", path: "/api/stories/nope", wantStatus: 404, wantType: problemJSON, wantBody: []string{`"status": 404`}},
		{name: "article", method: "GET", path: "/api/articles/" + seedID, wantStatus: 200, wantType: "application/json",
			wantBody: []string{`"id": "` + seedID + `"`, `"outlet": "The Hill"`, `"text": "`}},
		{name: "article 404", method: "GET", path: "/api/articles/nope", wantStatus: 404, wantType: problemJSON, wantBody: []string{`"title": "Article not found"`}},
		{name: "unknown endpoint", method: "GET", path: "/api/nothing", wantStatus: 404, wantType: problemJSON},
		{name: "wrong method", method: "DELETE", path: "/api/articles/" + seedID, wantStatus: 404, wantType: problemJSON},
		{name: "metrics", method: "GET", path: "/metrics", wantStatus: 200, wantType: "text/plain",
			wantBody: []string{"chorus_articles 5", "chorus_stories 1", `chorus_http_requests_total{route="GET /healthz",code="200"} 1`,
				`chorus_http_request_duration_seconds_bucket{route="GET /api/stories",le="+Inf"}`}},
	})
}

func TestAPIStoriesWithoutStoryStore(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	runCases(t, f, []apiCase{
		{name: "list", method: "GET", path: "/api/stories", wantStatus: 200, wantBody: []string{`"stories_available": false`, `"stories": []`}},
		{name: "story", method: "GET", path: "/api/stories/any", wantStatus: 404, wantType: problemJSON, wantBody: []string{"No stories are available"}},
	})
}

// reporterFunc adapts a function to Reporter.
type reporterFunc func(ctx context.Context, id string) (report.Story, error)

func (f reporterFunc) Report(ctx context.Context, id string) (report.Story, error) { return f(ctx, id) }

func TestAPIStoryReport(t *testing.T) {
	rep := reporterFunc(func(_ context.Context, id string) (report.Story, error) {
		return report.Story{ID: id, Claims: []report.Claim{}}, nil
	})
	f := newFixture(t, fixtureOpts{stories: true, reporter: rep})
	runCases(t, f, []apiCase{{name: "report", method: "GET", path: "/api/stories/brussels", wantStatus: 200, wantBody: []string{`"id": "brussels"`, `"claims": []`}}})
}

func TestPanicIsA500WithoutStack(t *testing.T) {
	rep := reporterFunc(func(context.Context, string) (report.Story, error) { panic("boom in the reporter") })
	f := newFixture(t, fixtureOpts{stories: true, reporter: rep})
	runCases(t, f, []apiCase{
		{name: "api", method: "GET", path: "/api/stories/brussels", wantStatus: 500, wantType: problemJSON},
		{name: "page", method: "GET", path: "/stories/brussels", wantStatus: 500, wantType: "text/html"},
	})
}

const goodJSONL = `{"id":"post-1","outlet":"Example Wire","title":"Post one","text":"First posted article about a harbour strike."}
{"id":"post-2","outlet":"Example Daily","title":"Post two","text":"Second posted article about a harbour strike.","published":"2025-03-01T10:00:00Z"}
`

func TestAPIPostArticles(t *testing.T) {
	f := newFixture(t, fixtureOpts{token: testToken, maxBody: 4096})
	big := `{"id":"big","text":"` + strings.Repeat("x", 5000) + `"}`
	runCases(t, f, []apiCase{
		{name: "jsonl", method: "POST", path: "/api/articles", contentType: "application/x-ndjson", token: testToken, body: goodJSONL,
			wantStatus: 200, wantType: "application/json", wantBody: []string{`"read": 2`, `"post-1"`, `"post-2"`}},
		{name: "jsonl again is unchanged", method: "POST", path: "/api/articles", contentType: "application/x-ndjson", token: testToken, body: goodJSONL,
			wantStatus: 200, wantBody: []string{`"new": []`, `"unchanged": [`}},
		{name: "posted article is served", method: "GET", path: "/api/articles/post-2", wantStatus: 200, wantBody: []string{`"Example Daily"`, `"2025-03-01T10:00:00Z"`}},
		{name: "json object", method: "POST", path: "/api/articles", contentType: "application/json", token: testToken,
			body: "{\n  \"id\": \"post-3\",\n  \"title\": \"Three\",\n  \"text\": \"Third.\"\n}", wantStatus: 200, wantBody: []string{`"post-3"`}},
		{name: "json array", method: "POST", path: "/api/articles", contentType: "application/json; charset=utf-8", token: testToken,
			body: `[{"id":"post-4","text":"Four."},{"id":"post-5","text":"Five."}]`, wantStatus: 200, wantBody: []string{`"post-4"`, `"post-5"`}},
		{name: "bad field type names line and field", method: "POST", path: "/api/articles", contentType: "application/x-ndjson", token: testToken,
			body:       `{"id":"ok-1","text":"fine"}` + "\n" + `{"id":"bad-1","title":5,"text":"t"}` + "\n",
			wantStatus: 400, wantType: problemJSON, wantBody: []string{`request:2: field \"title\"`, `"line": 2`, `"field": "title"`}},
		{name: "bad syntax names the line", method: "POST", path: "/api/articles", contentType: "application/x-ndjson", token: testToken,
			body:       `{"id":"ok-2","text":"fine"}` + "\n\n" + `{"id": "bad-2", "text": }` + "\n",
			wantStatus: 400, wantType: problemJSON, wantBody: []string{`request:3: invalid JSON`, `"line": 3`}},
		{name: "missing text names the field", method: "POST", path: "/api/articles", contentType: "application/x-ndjson", token: testToken,
			body: `{"id":"bad-3","title":"no body"}`, wantStatus: 400, wantBody: []string{`"field": "text"`, "request:1"}},
		{name: "json syntax error names line and column", method: "POST", path: "/api/articles", contentType: "application/json", token: testToken,
			body: "{\n  \"id\": \"x\",\n  \"text\": oops\n}", wantStatus: 400, wantType: problemJSON, wantBody: []string{"request:3", "line 3 column", `"line": 3`}},
		{name: "json array item names the item and field", method: "POST", path: "/api/articles", contentType: "application/json", token: testToken,
			body: `[{"id":"a","text":"A"},{"id":"b","text":["no"]}]`, wantStatus: 400, wantBody: []string{`request[1]: field \"text\"`, `"field": "text"`}},
		{name: "empty body", method: "POST", path: "/api/articles", contentType: "application/x-ndjson", token: testToken, body: "", wantStatus: 400, wantType: problemJSON},
		{name: "missing token", method: "POST", path: "/api/articles", contentType: "application/x-ndjson", body: goodJSONL,
			wantStatus: 401, wantType: problemJSON, wantBody: []string{"Authorization: Bearer"}},
		{name: "wrong token", method: "POST", path: "/api/articles", contentType: "application/x-ndjson", token: "nope", body: goodJSONL,
			wantStatus: 401, wantType: problemJSON, wantBody: []string{"wrong"}},
		{name: "oversized", method: "POST", path: "/api/articles", contentType: "application/x-ndjson", token: testToken, body: big,
			wantStatus: 413, wantType: problemJSON, wantBody: []string{"4096 bytes"}},
		{name: "oversized json", method: "POST", path: "/api/articles", contentType: "application/json", token: testToken, body: big,
			wantStatus: 413, wantType: problemJSON},
		{name: "unsupported media type", method: "POST", path: "/api/articles", contentType: "text/html", token: testToken, body: goodJSONL,
			wantStatus: 415, wantType: problemJSON},
	})
	// Nothing of a refused body is stored.
	for _, id := range []string{"ok-1", "ok-2", "bad-1", "a"} {
		if _, err := f.store.Article(context.Background(), id); err == nil {
			t.Errorf("article %s of a refused body was stored", id)
		}
	}
	resp, _ := f.do(t, "GET", "/healthz", "", "", "")
	if resp.Header.Get("WWW-Authenticate") != "" {
		t.Error("WWW-Authenticate on a read")
	}
}

// TestAPIOversizedStreamed sends a body without Content-Length, so only
// the reader's limit can catch it.
func TestAPIOversizedStreamed(t *testing.T) {
	f := newFixture(t, fixtureOpts{token: testToken, maxBody: 1024})
	pr, pw := ioPipe()
	go func() {
		for range 20 {
			pw.Write([]byte(`{"id":"s","text":"` + strings.Repeat("y", 200) + `"}` + "\n"))
		}
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", f.ts.URL+"/api/articles", pr)
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.ContentLength == 0 || resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", resp.StatusCode)
	}
}

func TestAPIReadOnly(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	runCases(t, f, []apiCase{
		{name: "post refused", method: "POST", path: "/api/articles", contentType: "application/x-ndjson", token: "anything", body: goodJSONL,
			wantStatus: 403, wantType: problemJSON, wantBody: []string{"without a write token", "CHORUS_TOKEN"}},
		{name: "page says read-only", method: "GET", path: "/", wantStatus: 200, wantBody: []string{"read-only"}},
	})
}

func TestProblemShape(t *testing.T) {
	f := newFixture(t, fixtureOpts{})
	_, body := f.do(t, "GET", "/api/articles/nope", "", "", "")
	var p map[string]any
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"type", "title", "status", "detail", "instance"} {
		if _, ok := p[k]; !ok {
			t.Errorf("problem lacks %q: %s", k, body)
		}
	}
}

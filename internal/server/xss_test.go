package server

import (
	"context"
	"encoding/json"
	"io"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/chorusnews/chorus"
)

const (
	hostileTitle = `<script>alert("title")</script><img src=x onerror="alert('img')"> Breaking`
	hostileText  = "Intro <script>alert(document.cookie)</script> text.\n" +
		`Click <a href="javascript:alert('link')">here</a> or <a href=" JaVaScRiPt:alert(1)">there</a>.` + "\n" +
		`<img src="x" onerror="alert('body')"><svg onload=alert(1)><iframe src="javascript:alert(2)"></iframe>` + "\n" +
		`"><script>alert(3)</script><style>body{display:none}</style> <meta http-equiv="refresh" content="0;url=javascript:alert(4)">`
)

// TestXSS ingests hostile articles through the API and checks that no page
// or API response carries executable markup.
func TestXSS(t *testing.T) {
	f := newFixture(t, fixtureOpts{token: testToken, stories: true, extra: memStories{
		{ID: "xss-story", Title: hostileTitle, ArticleIDs: []string{"xss-1", "xss-2"}},
	}})
	line, _ := json.Marshal(map[string]any{
		"id": "xss-1", "url": "javascript:alert('url')", "outlet": `<svg/onload=alert("outlet")>`, "title": hostileTitle,
		"authors": []string{`<img src=x onerror=alert("author")>`}, "language": `"><script>alert(1)</script>`, "text": hostileText,
		"extra": "<script>alert('meta')</script>",
	})
	resp, body := f.do(t, "POST", "/api/articles", "application/x-ndjson", testToken, string(line))
	if resp.StatusCode != 200 {
		t.Fatalf("ingest: %d %s", resp.StatusCode, body)
	}
	// Removed boilerplate is set by the cleaning stage, not by ingest.
	if _, err := f.store.PutArticles(context.Background(), []chorus.Article{{
		ID: "xss-2", Outlet: "Example", Title: hostileTitle, Text: hostileText, CleanText: "Plain <b>bold</b>",
		Removed: []chorus.Removal{{Text: hostileText, Filter: `<script>alert("f")</script>`, Reason: `<img src=x onerror=alert("why")>`}},
	}}); err != nil {
		t.Fatal(err)
	}
	paths := []string{
		"/", "/?q=alert", "/?q=" + url.QueryEscape("<script>alert</script>"), "/?q=" + url.QueryEscape(hostileTitle),
		"/stories/xss-story", "/stories/xss-story/compare", "/stories/xss-story/compare?a=xss-2&b=xss-1", "/articles/xss-1", "/articles/xss-2", "/articles/" + url.PathEscape("<script>alert(1)</script>"),
		"/nowhere/" + url.PathEscape(`"><script>alert(1)</script>`),
		"/api/articles/xss-1", "/api/articles/xss-2", "/api/stories", "/api/stories?q=alert", "/api/stories/xss-story",
		"/api/stories?q=" + url.QueryEscape(hostileTitle), "/api/articles/" + url.PathEscape("<script>"), "/api/stories?limit=<script>",
	}
	sawEscaped := false
	for _, p := range paths {
		resp, body := f.do(t, "GET", p, "", "", "")
		checkSecurityHeaders(t, resp)
		ct := resp.Header.Get("Content-Type")
		switch {
		case strings.HasPrefix(ct, "text/html"):
			checkNoExecutableHTML(t, p, body)
			if strings.Contains(body, "&lt;script&gt;") {
				sawEscaped = true
			}
		case strings.Contains(ct, "json"):
			// encoding/json writes < > & as \u003c \u003e \u0026.
			if i := strings.IndexAny(body, "<>"); i >= 0 {
				t.Errorf("%s: raw %q in JSON at %d: %s", p, body[i], i, body[max(0, i-40):min(len(body), i+40)])
			}
			var v any
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Errorf("%s: invalid JSON: %v", p, err)
			}
		default:
			t.Errorf("%s: unexpected Content-Type %q", p, ct)
		}
	}
	if !sawEscaped {
		t.Error("the hostile text was never shown escaped: the test did not exercise it")
	}
	// The text survives intact in the API.
	_, body = f.do(t, "GET", "/api/articles/xss-1", "", "", "")
	var a chorus.Article
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		t.Fatal(err)
	}
	if a.Title != hostileTitle {
		t.Errorf("title changed: %q", a.Title)
	}
}

// checkNoExecutableHTML fails on any element, attribute or URL that could
// run script or change the page's origin rules.
func checkNoExecutableHTML(t *testing.T, path, body string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Errorf("%s: tokenize: %v", path, z.Err())
			}
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script", "iframe", "object", "embed", "svg", "img", "base", "style", "frame", "math":
			t.Errorf("%s: <%s> element in page", path, tok.Data)
		case "meta":
			for _, a := range tok.Attr {
				if strings.EqualFold(a.Key, "http-equiv") {
					t.Errorf("%s: <meta http-equiv> in page", path)
				}
			}
		}
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") || key == "style" || key == "srcdoc" {
				t.Errorf("%s: attribute %s=%q on <%s>", path, a.Key, a.Val, tok.Data)
			}
			switch key {
			case "href", "src", "action", "formaction", "xlink:href", "poster", "data":
				v := strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, strings.ToLower(a.Val))
				for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
					if strings.HasPrefix(v, scheme) {
						t.Errorf("%s: %s=%q on <%s>", path, a.Key, a.Val, tok.Data)
					}
				}
			}
		}
	}
}

// hostileStory is two reports of one event whose shared sentences, quote
// and names carry markup, so that the report's claims, quotes, conflicts
// and entities hold hostile text.
var hostileStory = []map[string]any{
	{"id": "xss-a", "outlet": `<script>alert("outlet")</script>Gazette`, "title": `Bridge <img src=x onerror=alert(1)> reopens`, "published": "2025-03-02T10:00:00Z",
		"text": "Mayor Jane <script>alert('name')</script>Okafor said \"the <img src=x onerror=alert('quote')> bridge will reopen on Monday after the long repairs,\" at a press conference in Rivertown.\n" +
			"The <a href=\"javascript:alert('claim')\">city council</a> voted 7 to 2 to approve the repair budget for the Rivertown bridge on Friday evening.\n" +
			"Engineers from <svg onload=alert('entity')>Harbor Works said the steel frame of the Rivertown bridge had been replaced in full.\n" +
			"Traffic on the <iframe src=javascript:alert(5)>Rivertown bridge will not be restricted after the reopening, the council said.\n" +
			"At least 12 <b onmouseover=alert('n')>workers</b> were injured during the repairs last year, the union said."},
	{"id": "xss-b", "outlet": "Daily <b>Bold</b>", "title": `Rivertown bridge to reopen <script>alert(2)</script>`, "published": "2025-03-02T12:00:00Z",
		"text": "Mayor Jane <script>alert('name')</script>Okafor said \"the <img src=x onerror=alert('quote')> bridge will reopen on Monday after the long repairs,\" speaking in Rivertown.\n" +
			"The <a href=\"javascript:alert('claim')\">city council</a> voted 6 to 3 to approve the repair budget for the Rivertown bridge on Friday evening.\n" +
			"Engineers from <svg onload=alert('entity')>Harbor Works said the steel frame of the Rivertown bridge had been replaced in full.\n" +
			"Traffic on the <iframe src=javascript:alert(5)>Rivertown bridge will be restricted after the reopening, the council said.\n" +
			"At least 15 <b onmouseover=alert('n')>workers</b> were injured during the repairs last year, the union said."},
}

// TestXSSInReport ingests hostile reports of one event through the real
// pipeline (clean, cluster, consolidate): the markup reaches the report's
// claims, quotes and conflicts, and no page or API response built from it
// carries executable markup.
func TestXSSInReport(t *testing.T) {
	f, _ := newClusteredFixture(t, testToken)
	var body strings.Builder
	for _, a := range hostileStory {
		line, _ := json.Marshal(a)
		body.Write(line)
		body.WriteByte('\n')
	}
	if resp, b := f.do(t, "POST", "/api/articles", "application/x-ndjson", testToken, body.String()); resp.StatusCode != 200 {
		t.Fatalf("ingest: %d %s", resp.StatusCode, b)
	}
	sid, err := f.store.StoryOf(context.Background(), "xss-a")
	if err != nil {
		t.Fatal(err)
	}
	if other, _ := f.store.StoryOf(context.Background(), "xss-b"); other != sid {
		t.Fatalf("the hostile reports were not grouped into one story (%s, %s)", sid, other)
	}
	rep := getReport(t, f, sid)
	hostile := func(s string) bool { return strings.ContainsAny(s, "<>") }
	var inClaims, inQuotes, inConflicts, inEntities bool
	for _, c := range rep.Claims {
		inClaims = inClaims || hostile(c.Text)
	}
	for _, q := range rep.Quotes {
		inQuotes = inQuotes || hostile(q.Text)
	}
	for _, c := range rep.Conflicts {
		for _, sd := range c.Sides {
			for _, r := range sd.Sentences {
				inConflicts = inConflicts || hostile(r.Text)
			}
		}
	}
	for _, e := range rep.Entities {
		for _, v := range e.Variants {
			inEntities = inEntities || hostile(v.Text)
		}
		inEntities = inEntities || hostile(e.Name)
	}
	t.Logf("%d conflicts; markup in claims %v, quotes %v, conflicts %v, entities %v", len(rep.Conflicts), inClaims, inQuotes, inConflicts, inEntities)
	if !inClaims || !inQuotes || !inConflicts {
		t.Fatalf("the hostile text did not reach the report's claims, quotes and conflicts: the test does not exercise them\n%+v", rep)
	}
	paths := []string{"/", "/stories/" + sid, "/stories/" + sid + "/compare", "/stories/" + sid + "/compare?a=xss-b&b=xss-a",
		"/articles/xss-a", "/articles/xss-b", "/api/stories/" + sid, "/api/stories", "/?q=bridge", "/api/stories?q=bridge"}
	for _, p := range paths {
		resp, body := f.do(t, "GET", p, "", "", "")
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", p, resp.StatusCode)
		}
		checkSecurityHeaders(t, resp)
		if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			checkNoExecutableHTML(t, p, body)
		} else if i := strings.IndexAny(body, "<>"); i >= 0 {
			t.Errorf("%s: raw %q in JSON", p, body[i])
		}
	}
}

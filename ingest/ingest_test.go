package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/internal/evaldata"
)

// dataDir is the shared evaluation data; the test skips without it.
func dataDir(t testing.TB) string { return evaldata.Require(t) }

// walk runs Walk and collects what it emits and warns.
func walk(t *testing.T, paths []string, opts Options) ([]chorus.Article, []Problem) {
	t.Helper()
	var arts []chorus.Article
	var probs []Problem
	err := Walk(context.Background(), paths, opts, func(a chorus.Article) error {
		arts = append(arts, a)
		return nil
	}, func(p Problem) { probs = append(probs, p) })
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return arts, probs
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gz(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWalkSeeds(t *testing.T) {
	arts, probs := walk(t, []string{"../examples/brussels-2025"}, Options{})
	if len(probs) != 0 {
		t.Errorf("problems: %v", probs)
	}
	if len(arts) != 5 {
		t.Fatalf("got %d articles, want 5", len(arts))
	}
	outlets := map[string]bool{}
	for _, a := range arts {
		if !strings.HasPrefix(a.ID, "00") || strings.Contains(a.ID, ".") {
			t.Errorf("id %q: want the file name without .txt", a.ID)
		}
		if a.Outlet == "" || a.Outlet == "brussels-2025" {
			t.Errorf("%s: outlet %q, want the one from sources.json", a.ID, a.Outlet)
		}
		outlets[a.Outlet] = true
		if !utf8.ValidString(a.Text) || len(a.Text) < 1000 {
			t.Errorf("%s: text of %d bytes", a.ID, len(a.Text))
		}
	}
	if len(outlets) != 5 {
		t.Errorf("got %d distinct outlets, want 5", len(outlets))
	}
	// The fourth seed opens with a timestamp, then its headline.
	if got, want := arts[3].Title, "US says Ukraine cannot expect return to old borders, NATO membership"; got != want {
		t.Errorf("title of %s = %q, want %q", arts[3].ID, got, want)
	}
	// The first seed opens with a sentence, not a headline.
	if arts[0].Title != "" {
		t.Errorf("title of %s = %q, want none", arts[0].ID, arts[0].Title)
	}
}

func TestTextTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Quake hits coastal town\n\nA strong earthquake struck on Monday.", "Quake hits coastal town"},
		{"# Markdown headline here\nbody", "Markdown headline here"},
		{"A strong earthquake struck the town on Monday, officials said.\nMore.", ""},
		{"5:29 am today\n\nUS says Ukraine cannot expect return\n", "US says Ukraine cannot expect return"},
		{"lowercase start is not a headline\nbody", ""},
		{"\n\n  \nShort\n", ""},
	}
	for _, tt := range tests {
		a, err := Text("x", []byte(tt.in))
		if err != nil {
			t.Fatalf("Text(%q): %v", tt.in, err)
		}
		if a.Title != tt.want {
			t.Errorf("title of %q = %q, want %q", tt.in, a.Title, tt.want)
		}
	}
}

func TestWalkBadInputs(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "empty.txt", nil)
	write(t, dir, "blank.md", []byte("  \n\n \t\n"))
	write(t, dir, "image.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"))
	write(t, dir, "latin1.txt", []byte("Caf\xe9 owners protest\n\nThe caf\xe9 owners of the town protested on Monday.\n"))
	write(t, dir, "big.txt", bytes.Repeat([]byte("word "), 3000))
	write(t, dir, "notes.pdf", []byte("%PDF-1.4"))
	write(t, dir, ".hidden/secret.txt", []byte("Hidden article text here"))
	write(t, dir, "broken.html.gz", []byte{0x1f, 0x8b, 0x08, 0x00, 0x01})
	write(t, dir, "bomb.txt.gz", gz(t, bytes.Repeat([]byte("a"), 20000)))
	arts, probs := walk(t, []string{dir}, Options{MaxSize: 10000})

	if len(arts) != 1 || arts[0].ID != "latin1" {
		t.Fatalf("articles = %v, want only latin1", ids(arts))
	}
	// One bad byte in the title, two in the text.
	if arts[0].Repaired != 3 || !strings.Contains(arts[0].Text, "Caf\uFFFD") {
		t.Errorf("latin1: repaired=%d text=%q; want 3 repairs with U+FFFD", arts[0].Repaired, arts[0].Text)
	}
	want := map[string]string{
		"empty.txt":      "empty file",
		"blank.md":       "empty file",
		"image.txt":      "binary content",
		"big.txt":        "over the 9.8 KiB limit",
		"notes.pdf":      "unsupported file type",
		"broken.html.gz": "corrupt gzip",
		"bomb.txt.gz":    "decompressed content is over",
	}
	got := map[string]Problem{}
	for _, p := range probs {
		got[filepath.Base(p.Where)] = p
	}
	for name, reason := range want {
		p, ok := got[name]
		if !ok {
			t.Errorf("%s: no problem reported", name)
			continue
		}
		if !p.Skipped || !strings.Contains(p.Reason, reason) {
			t.Errorf("%s: got %+v, want skipped with %q", name, p, reason)
		}
	}
	if p, ok := got["latin1.txt"]; !ok || p.Skipped || !strings.Contains(p.Reason, "repaired 3 invalid UTF-8") {
		t.Errorf("latin1.txt: got %+v, want a repair warning", p)
	}
	if _, ok := got["secret.txt"]; ok {
		t.Errorf("hidden directory was read")
	}
}

func ids(arts []chorus.Article) []string {
	var out []string
	for _, a := range arts {
		out = append(out, a.ID)
	}
	return out
}

func TestJSONL(t *testing.T) {
	in := strings.Join([]string{
		`{"id": "a1", "outlet": "Wire", "title": "T1", "text": "Body one.", "authors": "Ann Lee", "published": "2025-02-12T10:00:00Z", "topic": 3, "subtopic": "3_ecb"}`,
		``,
		`{"id": 42, "url": "https://www.example.com/x", "text": "Body two.", "authors": ["A", "B"], "published": "Feb 12, 2025"}`,
		`{"id": "bad", "text": "unterminated`,
		`{"id": "a3", "title": 7, "text": "x"}`,
		`{"id": "a4", "title": "no body"}`,
		`[1, 2]`,
		`{"id": "a5", "text": "Body five.", "published": "not a date"}`,
		"{\"id\": \"a6\", \"text\": \"bad \xff\xfe bytes\"}",
		`{"id": "a7", "text": "x"} {"id": "a8"}`,
	}, "\n")
	var arts []chorus.Article
	var probs []Problem
	err := JSONL(context.Background(), "in.jsonl", strings.NewReader(in),
		func(a chorus.Article) error { arts = append(arts, a); return nil },
		func(p Problem) { probs = append(probs, p) })
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ids(arts), ","); got != "a1,42,a5,a6" {
		t.Fatalf("ids = %s, want a1,42,a5,a6", got)
	}
	a1 := arts[0]
	if a1.Outlet != "Wire" || a1.Title != "T1" || len(a1.Authors) != 1 || a1.Published.Format("2006-01-02") != "2025-02-12" {
		t.Errorf("a1 = %+v", a1)
	}
	if fmt.Sprint(a1.Meta["topic"]) != "3" || a1.Meta["subtopic"] != "3_ecb" {
		t.Errorf("a1 meta = %v, want topic and subtopic kept", a1.Meta)
	}
	if arts[1].Outlet != "example.com" || len(arts[1].Authors) != 2 || arts[1].Published.IsZero() {
		t.Errorf("42 = %+v", arts[1])
	}
	if arts[2].Meta["published_raw"] != "not a date" {
		t.Errorf("a5 meta = %v, want the raw date kept", arts[2].Meta)
	}
	if arts[3].Repaired != 2 {
		t.Errorf("a6 repaired = %d, want 2", arts[3].Repaired)
	}
	wantProbs := []struct {
		where, reason string
		skipped       bool
	}{
		{"in.jsonl:4", "invalid JSON", true},
		{"in.jsonl:5", `field "title": want a string, got a number`, true},
		{"in.jsonl:6", `missing field "text" or "html"`, true},
		{"in.jsonl:7", "invalid JSON", true},
		{"in.jsonl:8", `field "published": cannot parse date`, false},
		{"in.jsonl:9", "repaired 2 invalid UTF-8", false},
		{"in.jsonl:10", "more than one value", true},
	}
	if len(probs) != len(wantProbs) {
		t.Fatalf("problems = %v", probs)
	}
	for i, w := range wantProbs {
		p := probs[i]
		if p.Where != w.where || !strings.Contains(p.Reason, w.reason) || p.Skipped != w.skipped {
			t.Errorf("problem %d = %+v, want %+v", i, p, w)
		}
	}
}

func TestJSONLECB(t *testing.T) {
	data := dataDir(t)
	arts, probs := walk(t, []string{filepath.Join(data, "ecbplus", "dev.jsonl")}, Options{})
	if len(probs) != 0 {
		t.Errorf("problems: %v", probs[:min(len(probs), 5)])
	}
	if len(arts) != 772 {
		t.Fatalf("got %d articles, want 772", len(arts))
	}
	if arts[0].ID != "1_10ecb" || arts[0].Meta["subtopic"] != "1_ecb" || arts[0].Outlet != "ecbplus" {
		t.Errorf("first = id %q outlet %q meta %v", arts[0].ID, arts[0].Outlet, arts[0].Meta)
	}
}

const rssFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://example.org/</link><language>en</language>
<item><title>Quake &amp; aftershocks</title><link>https://example.org/quake</link><guid>quake-1</guid>
<pubDate>Wed, 12 Feb 2025 10:00:00 GMT</pubDate><author>desk@example.org (Ann Lee)</author>
<description><![CDATA[<p>A strong quake struck.</p><script>alert(1)</script><p>Aftershocks followed.</p>]]></description></item>
<item><title>No body</title><link>https://example.org/empty</link></item>
<item><title>Second</title><link>https://example.org/second</link><description>Plain text body.</description></item>
</channel></rss>`

const atomFeed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><link href="https://atom.example/"/>
<entry><title>Entry one</title><id>urn:uuid:1</id><updated>2025-02-12T09:00:00Z</updated>
<author><name>Bo Chen</name></author><content type="html">&lt;p&gt;First para.&lt;/p&gt;&lt;p&gt;Second para.&lt;/p&gt;</content></entry>
</feed>`

const jsonFeed = `{"version": "https://jsonfeed.org/version/1.1", "title": "JSON Daily", "home_page_url": "https://json.example/",
"items": [{"id": "j1", "url": "https://json.example/1", "title": "One", "content_html": "<p>Hello <b>world</b>.</p>", "date_published": "2025-02-12T08:00:00Z"}]}`

func TestFeeds(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "wire.rss", []byte(rssFeed))
	write(t, dir, "atom.xml", []byte(atomFeed))
	write(t, dir, "daily.json", []byte(jsonFeed))
	write(t, dir, "broken.rss", []byte(`<rss><channel><item><title>x</ti`))
	arts, probs := walk(t, []string{dir}, Options{})
	byID := map[string]chorus.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	q, ok := byID["quake-1"]
	if !ok {
		t.Fatalf("no quake-1 in %v", ids(arts))
	}
	if q.Outlet != "Example Wire" || q.Title != "Quake & aftershocks" || q.Text != "A strong quake struck.\n\nAftershocks followed." || q.Published.IsZero() {
		t.Errorf("quake-1 = %+v", q)
	}
	if strings.Contains(q.Text, "alert") {
		t.Errorf("script content leaked into text: %q", q.Text)
	}
	if s := byID["https://example.org/second"]; s.Text != "Plain text body." {
		t.Errorf("second item = %+v (id from link)", s)
	}
	if e := byID["urn:uuid:1"]; e.Outlet != "Atom News" || e.Text != "First para.\n\nSecond para." || len(e.Authors) != 1 || e.Authors[0] != "Bo Chen" {
		t.Errorf("atom entry = %+v", e)
	}
	if j := byID["j1"]; j.Outlet != "JSON Daily" || j.Text != "Hello world." {
		t.Errorf("json feed item = %+v", j)
	}
	var sawEmpty, sawBroken bool
	for _, p := range probs {
		sawEmpty = sawEmpty || (strings.HasSuffix(p.Where, "wire.rss#item2") && p.Skipped)
		sawBroken = sawBroken || (strings.HasSuffix(p.Where, "broken.rss") && strings.Contains(p.Reason, "parse feed") && p.Skipped)
	}
	if !sawEmpty || !sawBroken {
		t.Errorf("problems = %v; want the empty item and the broken feed named", probs)
	}
}

func TestFragmentText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"<p>a</p><p>b</p>", "a\n\nb"},
		{"line<br>next", "line\nnext"},
		{"<div>x<script>evil()</script><style>p{}</style>y</div>", "xy"},
		{"Tom &amp; Jerry &lt;3", "Tom & Jerry <3"},
		{"<p>  spaced   out  </p>", "spaced out"},
		{`<a href="javascript:alert(1)">link</a>`, "link"},
	}
	for _, tt := range tests {
		if got := FragmentText(tt.in); got != tt.want {
			t.Errorf("FragmentText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStdinSniff(t *testing.T) {
	tests := []struct {
		name, in string
		wantIDs  string
	}{
		{"jsonl", `{"id":"s1","text":"hello there"}` + "\n" + `{"id":"s2","text":"again"}`, "s1,s2"},
		{"rss", rssFeed, "quake-1,https://example.org/second"},
		{"text", "Just some text\n\nwith paragraphs.", "sha256-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, _ := walk(t, []string{"-"}, Options{Stdin: strings.NewReader(tt.in)})
			if got := strings.Join(ids(arts), ","); !strings.HasPrefix(got, tt.wantIDs) {
				t.Errorf("ids = %q, want prefix %q", got, tt.wantIDs)
			}
		})
	}
	// Gzipped standard input is decompressed, then sniffed.
	arts, _ := walk(t, []string{"-"}, Options{Stdin: bytes.NewReader(gz(t, []byte(`{"id":"z","text":"zipped"}`)))})
	if len(arts) != 1 || arts[0].ID != "z" {
		t.Errorf("gzipped stdin: %v", ids(arts))
	}
}

func TestSidecar(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "news/a.txt", []byte("Body of a."))
	write(t, dir, "news/b.txt", []byte("Body of b."))
	write(t, dir, "news/sources.json", []byte(`{"a": {"outlet": "Alpha Times", "url": "https://alpha.example/a", "published": "2025-02-12"}}`))
	write(t, dir, "other/c.txt", []byte("Body of c."))
	write(t, dir, "other/sources.json", []byte(`{"c": {`))
	arts, probs := walk(t, []string{dir}, Options{})
	if len(arts) != 3 {
		t.Fatalf("got %v", ids(arts))
	}
	if arts[0].Outlet != "Alpha Times" || arts[0].URL != "https://alpha.example/a" || arts[0].Published.IsZero() {
		t.Errorf("a = %+v", arts[0])
	}
	if arts[1].Outlet != "news" || arts[2].Outlet != "other" {
		t.Errorf("outlets from directory names: %q %q", arts[1].Outlet, arts[2].Outlet)
	}
	if len(probs) != 1 || !strings.HasSuffix(probs[0].Where, filepath.Join("other", "sources.json")) {
		t.Errorf("problems = %v, want the broken sources.json named", probs)
	}
}

func TestWalkMissingPath(t *testing.T) {
	err := Walk(context.Background(), []string{"does/not/exist"}, Options{}, func(chorus.Article) error { return nil }, func(Problem) {})
	if err == nil || !strings.Contains(err.Error(), "does/not/exist") {
		t.Errorf("err = %v, want it to name the path", err)
	}
}

// warcRecord builds one WARC/1.0 record.
func warcRecord(typ, uri string, block string) string {
	return fmt.Sprintf("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2025-02-12T10:00:00Z\r\n"+
		"WARC-Record-ID: <urn:uuid:%08d-0000-0000-0000-000000000000>\r\nContent-Type: application/http; msgtype=%s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
		typ, uri, len(uri)+len(block), strings.TrimSuffix(typ, "e"), len(block), block)
}

func httpResponse(ctype, body string) string {
	return fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", ctype, len(body), body)
}

const warcPage = `<!DOCTYPE html><html lang="en"><head><title>Council approves new budget</title>
<meta property="og:site_name" content="Town Herald"></head><body><nav>Home | News | Sport</nav>
<article><h1>Council approves new budget</h1>
<p>The town council approved a new budget on Tuesday after a long debate about road repairs and school funding for the coming year.</p>
<p>Councillors voted seven to two in favour of the plan, which raises spending on roads by ten percent while keeping taxes flat.</p>
<p>The mayor said the budget was a careful compromise that would let the town fix its worst roads without asking residents to pay more.</p>
<script>document.write("injected")</script></article><footer>Copyright Town Herald</footer></body></html>`

func TestWARC(t *testing.T) {
	rec := warcRecord("request", "https://herald.example/budget", "GET /budget HTTP/1.1\r\nHost: herald.example\r\n\r\n") +
		warcRecord("response", "https://herald.example/budget", httpResponse("text/html; charset=utf-8", warcPage)) +
		warcRecord("response", "https://herald.example/logo.png", httpResponse("image/png", "\x89PNG")) +
		warcRecord("response", "https://herald.example/empty", httpResponse("text/html", "<html><body></body></html>"))
	dir := t.TempDir()
	// Plain, and gzipped per record as crawlers write them.
	write(t, dir, "crawl.warc", []byte(rec))
	var gzipped []byte
	for i, r := range strings.Split(rec, "WARC/1.0\r\n") {
		if i > 0 {
			gzipped = append(gzipped, gz(t, []byte("WARC/1.0\r\n"+r))...)
		}
	}
	write(t, dir, "crawl2.warc.gz", gzipped)
	arts, probs := walk(t, []string{dir}, Options{})
	if len(arts) != 2 {
		t.Fatalf("got %v (problems %v), want the HTML page from each file", ids(arts), probs)
	}
	for _, a := range arts {
		if a.ID != "https://herald.example/budget" || a.URL != a.ID {
			t.Errorf("id %q url %q, want the record's target URI", a.ID, a.URL)
		}
		if !strings.Contains(a.Text, "Councillors voted seven to two") || strings.Contains(a.Text, "injected") {
			t.Errorf("text = %q", a.Text)
		}
		if a.Outlet == "" {
			t.Errorf("no outlet")
		}
	}
	for _, p := range probs {
		if !strings.Contains(p.Where, "#") {
			t.Errorf("problem %v does not name the record", p)
		}
	}
}

func TestRealHTMLPage(t *testing.T) {
	data := dataDir(t)
	src := filepath.Join(data, "article-extraction", "html", "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856.html.gz")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("page not found: %v", err)
	}
	arts, probs := walk(t, []string{src}, Options{})
	if len(arts) != 1 {
		t.Fatalf("got %d articles, problems %v", len(arts), probs)
	}
	a := arts[0]
	if a.ID != "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856" {
		t.Errorf("id = %q, want the file name without .html.gz", a.ID)
	}
	if a.Title == "" || a.Outlet == "" || len(strings.Fields(a.Text)) < 100 {
		t.Errorf("title %q outlet %q, %d words", a.Title, a.Outlet, len(strings.Fields(a.Text)))
	}
	if !strings.Contains(a.Text, "\n\n") {
		t.Errorf("paragraphs not kept")
	}
}

// A plain JSON Lines file is streamed: the size limit applies to each line,
// so a file larger than the limit is read whole while an over-long line is
// refused by its line number.
func TestWalkJSONLLimitPerLine(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 50 {
		fmt.Fprintf(&b, `{"id":"a%d","text":"Short article number %d about the harbour."}`+"\n", i, i)
	}
	write(t, dir, "many.jsonl", []byte(b.String()))
	long := `{"id":"long","text":"` + strings.Repeat("word ", 400) + `"}` + "\n"
	write(t, dir, "long.jsonl", []byte(`{"id":"first","text":"fits"}`+"\n"+long))
	arts, probs := walk(t, []string{dir}, Options{MaxSize: 1000})
	if len(arts) != 51 {
		t.Errorf("articles = %d, want 50 from many.jsonl and 1 from long.jsonl", len(arts))
	}
	if len(probs) != 1 || !probs[0].Skipped || !strings.HasSuffix(probs[0].Where, "long.jsonl:2") ||
		!strings.Contains(probs[0].Reason, "line longer than 1000 B") {
		t.Errorf("problems = %v, want long.jsonl:2 refused as a long line", probs)
	}
}

// A gzipped JSON Lines file is streamed too: a file whose content is over
// the size limit is read whole, a stream cut short keeps the records
// before the cut and says so, and a file that is not gzip is refused.
func TestWalkJSONLGzipStreamed(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&b, `{"id":"a%d","text":"Article %d: the council approved the harbour budget on Tuesday after a long debate."}`+"\n", i, i)
	}
	full := gz(t, []byte(b.String()))
	write(t, dir, "big.jsonl.gz", full)
	write(t, dir, "cut.jsonl.gz", full[:len(full)/2])
	write(t, dir, "fake.jsonl.gz", []byte(`{"id":"x","text":"not compressed"}`))
	arts, probs := walk(t, []string{dir}, Options{MaxSize: 10000})
	perFile := map[string]int{}
	for _, a := range arts {
		file, _, _ := strings.Cut(filepath.Base(a.Origin), ":")
		perFile[file]++
	}
	if perFile["big.jsonl.gz"] != 2000 {
		t.Errorf("big.jsonl.gz: %d articles, want 2000", perFile["big.jsonl.gz"])
	}
	if n := perFile["cut.jsonl.gz"]; n < 500 || n >= 2000 {
		t.Errorf("cut.jsonl.gz: %d articles, want the records before the cut", n)
	}
	got := map[string]Problem{}
	for _, p := range probs {
		if strings.Contains(p.Reason, "invalid JSON") && strings.Contains(p.Where, "cut.jsonl.gz:") {
			continue // the line the cut went through
		}
		got[filepath.Base(p.Where)] = p
	}
	if p := got["cut.jsonl.gz"]; !p.Skipped || !strings.Contains(p.Reason, "corrupt gzip") || !strings.Contains(p.Reason, "records before it were read") {
		t.Errorf("cut.jsonl.gz: problem %+v, want a corrupt gzip report", p)
	}
	if p := got["fake.jsonl.gz"]; !p.Skipped || !strings.Contains(p.Reason, "corrupt gzip") {
		t.Errorf("fake.jsonl.gz: problem %+v, want a corrupt gzip report", p)
	}
	if len(got) != 2 {
		t.Errorf("problems = %v, want the two files", probs)
	}
}

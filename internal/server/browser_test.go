package server

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// findChromium returns the browser to drive: $CHORUS_CHROMIUM, else the
// first of the usual names on PATH.
func findChromium() string {
	if p := os.Getenv("CHORUS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives real headless Chromium through the web app with the
// seeds ingested and clustered by the real pipeline: the stories page, a
// search, an article reached by clicking a hit, the story opened from the
// stories page (its conflicts and the Hegseth quotes must be visible), the
// compare view, a phone-sized story and article, and a hostile article that
// must not open a dialog. Screenshots go to the test's temp
// dir (and to $CHORUS_SCREENSHOTS when set).
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test is slow; skipped with -short")
	}
	exe := findChromium()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Chromium found (install Debian's chromium, or set CHORUS_CHROMIUM); the browser test must run under CI")
		}
		t.Skip("no Chromium found: install Debian's chromium package or set CHORUS_CHROMIUM to run the browser test")
	}
	f, sid := newClusteredFixture(t, testToken)
	line, _ := json.Marshal(map[string]any{"id": "hostile", "outlet": "Hostile", "title": hostileTitle, "text": hostileText})
	if resp, body := f.do(t, "POST", "/api/articles", "application/x-ndjson", testToken, string(line)); resp.StatusCode != 200 {
		t.Fatalf("ingest hostile article: %d %s", resp.StatusCode, body)
	}

	shots := t.TempDir()
	extra := os.Getenv("CHORUS_SCREENSHOTS")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	var dialogs atomic.Int32
	if err := chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			dialogs.Add(1)
		}
	}); err != nil {
		t.Fatalf("start browser: %v", err)
	}
	if extra != "" {
		if err := os.MkdirAll(extra, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(shots, name), buf, 0o644); err != nil {
				return err
			}
			if extra != "" {
				return os.WriteFile(filepath.Join(extra, name), buf, 0o644)
			}
			return nil
		})
	}
	text := func(sel chromedp.CSS) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	do("stories page", chromedp.Navigate(f.ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`.story-title`)), shot("stories.png"))
	storyTitle := text(chromedp.CSS(`a.story-title[href="/stories/` + sid + `"]`))
	storyRow := text(chromedp.CSS(`li.story-row:has(a[href="/stories/` + sid + `"]) .meta`))
	// Search through the form, as a reader without JavaScript would.
	do("search", chromedp.SendKeys(chromedp.CSS(`#q`), "Hegseth NATO"), chromedp.Submit(chromedp.CSS(`#q`)),
		chromedp.WaitVisible(chromedp.CSS(`.hit mark`)), shot("search.png"))
	markText := text(`.hit mark`)
	do("open a hit", chromedp.Click(chromedp.CSS(`.hit-title`)), chromedp.WaitVisible(chromedp.CSS(`article.article .headline`)), shot("article.png"))
	articleHeadline := text(`.headline`)
	marked, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".body .s.corroborated, .body .s.conflicting").length`))
	if err != nil {
		t.Fatal(err)
	}
	do("open the story from the stories page", chromedp.Navigate(f.ts.URL+"/"),
		chromedp.Click(chromedp.CSS(`a.story-title[href="/stories/`+sid+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#conflicts .conflict`)), chromedp.WaitVisible(chromedp.CSS(`#quotes .quote`)), shot("story.png"))
	synthesis := text(`#synthesis`)
	conflicts := text(`#conflicts`)
	quotes := text(`#quotes`)
	sources := text(`#sources`)
	visible, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](`[...document.querySelectorAll("#conflicts .conflict, #quotes .quote")].slice(0, 4).map(e => e.checkVisibility() && e.getBoundingClientRect().height > 0)`))
	if err != nil {
		t.Fatal(err)
	}
	do("compare view", chromedp.Click(chromedp.CSS(`a[href$="/compare"]`)), chromedp.WaitVisible(chromedp.CSS(`table.aligned`)), shot("compare-default.png"))
	do("compare two others", chromedp.SetValue(chromedp.CSS(`select[name=a]`), "002_36277b43818074d2"),
		chromedp.SetValue(chromedp.CSS(`select[name=b]`), "003_3a96547fe0ca7f3b"), chromedp.Submit(chromedp.CSS(`.pick`)),
		chromedp.WaitVisible(chromedp.CSS(`table.aligned`)), chromedp.Sleep(200*time.Millisecond), shot("compare.png"))
	columns := text(`table.aligned`)
	pairs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.aligned tr.pair").length`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(columns, "The Hill") || !strings.Contains(columns, "RNZ") {
		t.Errorf("compare view columns: %.200q", columns)
	}
	if pairs == 0 {
		t.Error("compare view: no aligned sentence pair")
	}
	do("story on a phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(f.ts.URL+"/stories/"+sid),
		chromedp.WaitVisible(chromedp.CSS(`#conflicts`)), shot("story-phone.png"))
	overflowStory, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if err != nil {
		t.Fatal(err)
	}
	if overflowStory[0] > overflowStory[1] {
		t.Errorf("phone: story page is %d px wide in a %d px viewport", overflowStory[0], overflowStory[1])
	}
	do("article on a phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(f.ts.URL+"/articles/"+seedID),
		chromedp.WaitVisible(chromedp.CSS(`.headline`)), shot("article-phone.png"))
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if err != nil {
		t.Fatal(err)
	}
	if overflow[0] > overflow[1] {
		t.Errorf("phone: page is %d px wide in a %d px viewport", overflow[0], overflow[1])
	}
	do("desktop", chromedp.EmulateViewport(1200, 900))
	do("hostile article", chromedp.Navigate(f.ts.URL+"/articles/hostile"), chromedp.WaitVisible(chromedp.CSS(`.headline`)),
		chromedp.Sleep(300*time.Millisecond), shot("hostile.png"))
	hostileHeadline := text(`.headline`)
	scripts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.scripts.length + document.querySelectorAll("img,iframe,svg,object,embed").length`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)
	if !strings.Contains(storyTitle, "Ukraine") {
		t.Errorf("stories page: seed story title %q", storyTitle)
	}
	if !strings.Contains(storyRow, "conflict") || strings.Contains(storyRow, "not computed") {
		t.Errorf("stories page: seed story row %q lacks its conflict count", storyRow)
	}
	if marked == 0 {
		t.Error("article page: no sentence marked corroborated or conflicting")
	}
	if !strings.Contains(synthesis, "Hegseth") {
		t.Errorf("story synthesis lacks Hegseth: %.300q", synthesis)
	}
	if !strings.Contains(conflicts, "Sources differ") && !strings.Contains(conflicts, "allies") {
		t.Logf("conflicts section: %.300q", conflicts)
	}
	if !strings.Contains(quotes, "Hegseth") || !strings.Contains(quotes, "NATO membership") {
		t.Errorf("quotes section lacks the Hegseth quotes: %.300q", quotes)
	}
	for i, v := range visible {
		if !v {
			t.Errorf("conflict or quote %d is not visible", i)
		}
	}
	if !strings.EqualFold(markText, "Hegseth") && !strings.EqualFold(markText, "NATO") {
		t.Errorf("search: first highlighted term %q", markText)
	}
	if articleHeadline == "" {
		t.Error("article page: no headline")
	}
	for _, outlet := range []string{"The Hill", "RNZ", "Scripps News"} {
		if !strings.Contains(sources, outlet) {
			t.Errorf("story page sources lack %q: %q", outlet, sources)
		}
	}
	if !strings.Contains(hostileHeadline, "<script>") {
		t.Errorf("hostile headline not shown as text: %q", hostileHeadline)
	}
	if scripts != 0 {
		t.Errorf("hostile article page has %d script/img/iframe/svg elements", scripts)
	}
	if n := dialogs.Load(); n != 0 {
		t.Errorf("%d JavaScript dialogs opened", n)
	}
}

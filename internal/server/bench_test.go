package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/ingest"
	"github.com/chorusnews/chorus/sqlite"
)

// dataDir is $CHORUS_DATA, else ../shared/data beside the module.
func dataDir(t testing.TB) string {
	if d := os.Getenv("CHORUS_DATA"); d != "" {
		return d
	}
	return filepath.Join(moduleRoot(t), "..", "shared", "data")
}

// loadClients is how many clients the load benchmark runs at once.
const loadClients = 50

// BenchmarkLoad drives the server over loopback with loadClients
// concurrent clients, the seeds plus ECB+ dev ingested, and reports
// requests/s and p50/p99 latency. Run it for a fixed time:
//
//	go test -run '^$' -bench Load -benchtime 20s ./internal/server/
//
// The ECB+ stories come from the data set's subtopic labels: they give the
// story page realistic neighbours, not a clustering result.
func BenchmarkLoad(b *testing.B) {
	f := newFixture(b, fixtureOpts{stories: true})
	path := filepath.Join(dataDir(b), "ecbplus", "dev.jsonl")
	if _, err := os.Stat(path); err != nil {
		b.Skipf("ECB+ dev not found at %s (set CHORUS_DATA): %v", path, err)
	}
	ctx := context.Background()
	var arts []chorus.Article
	if err := ingest.Walk(ctx, []string{path}, ingest.Options{}, func(a chorus.Article) error { arts = append(arts, a); return nil }, func(ingest.Problem) {}); err != nil {
		b.Fatal(err)
	}
	if _, err := f.store.PutArticles(ctx, arts); err != nil {
		b.Fatal(err)
	}
	stories := f.srv.opt.Stories.(memStories)
	bySub := map[string][]string{}
	var subs []string
	for _, a := range arts {
		s, _ := a.Meta["subtopic"].(string)
		if s == "" {
			continue
		}
		if _, ok := bySub[s]; !ok {
			subs = append(subs, s)
		}
		bySub[s] = append(bySub[s], a.ID)
	}
	for _, s := range subs {
		stories = append(stories, chorus.Story{ID: "ecb-" + s, Title: "ECB+ " + s, ArticleIDs: bySub[s], IndependentSources: len(bySub[s])})
	}
	f.srv.opt.Stories = stories
	b.Logf("%d articles, %d stories", len(arts)+5, len(stories))
	// Read handles as `chorus serve` opens them (--readers, default 4);
	// CHORUS_BENCH_READERS=0 serves from the single store handle.
	readers := 4
	if v := os.Getenv("CHORUS_BENCH_READERS"); v != "" {
		readers, _ = strconv.Atoi(v)
	}
	b.Logf("%d read handles", readers)
	if n := readers; n > 0 {
		pool := &ReadPool{Writer: f.store}
		for range n {
			st, err := sqlite.Open(ctx, f.store.Path())
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			pool.Readers = append(pool.Readers, st)
			pool.Searches = append(pool.Searches, sqliteSearch{st})
		}
		f.srv.opt.Articles, f.srv.opt.Search = pool, pool
	}

	queries := []string{"Hegseth", "NATO membership", "earthquake", "police shooting", "killed", "rehab", "Ukrain*", "\"lasting peace\"", "fire", "arrested"}
	for _, c := range []struct {
		name string
		path func(i int) string
	}{
		{"story-page", func(int) string { return "/stories/brussels" }},
		{"search-api", func(i int) string { return "/api/stories?q=" + url.QueryEscape(queries[i%len(queries)]) }},
		{"search-page", func(i int) string { return "/?q=" + url.QueryEscape(queries[i%len(queries)]) }},
		{"article-page", func(int) string { return "/articles/" + seedID }},
	} {
		b.Run(c.name, func(b *testing.B) { runLoad(b, f.ts.URL, c.path) })
	}
}

func runLoad(b *testing.B, base string, path func(int) string) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: loadClients, MaxIdleConnsPerHost: loadClients}, Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	var next atomic.Int64
	lat := make([][]time.Duration, loadClients)
	var wg sync.WaitGroup
	var failed atomic.Value
	b.ResetTimer()
	start := time.Now()
	for c := range loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				t0 := time.Now()
				resp, err := client.Get(base + path(int(i)))
				if err != nil {
					failed.Store(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					failed.Store(fmt.Errorf("status %d", resp.StatusCode))
					return
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err, ok := failed.Load().(error); ok {
		b.Fatal(err)
	}
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	q := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))].Microseconds()) / 1000 }
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
}

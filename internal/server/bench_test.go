package server

import (
	"bytes"
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
	"github.com/chorusnews/chorus/internal/evaldata"
	"github.com/chorusnews/chorus/sqlite"
)

// dataDir is the shared evaluation data.
func dataDir(testing.TB) string { return evaldata.Dir() }

// loadClients is how many clients the load benchmark runs at once.
const loadClients = 50

// BenchmarkLoad drives the server over loopback with loadClients
// concurrent clients, the seeds plus ECB+ dev ingested through the real
// pipeline (cleaned, clustered; reports built by package report and cached
// by the server), and reports requests/s and p50/p99 latency. Run it for a
// fixed time:
//
//	go test -run '^$' -bench Load -benchtime 20s ./internal/server/
func BenchmarkLoad(b *testing.B) {
	f, sid := newClusteredFixture(b, testToken)
	path := filepath.Join(dataDir(b), "ecbplus", "dev.jsonl")
	if _, err := os.Stat(path); err != nil {
		b.Skipf("ECB+ dev not found at %s (set CHORUS_DATA): %v", path, err)
	}
	ctx := context.Background()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	res, err := f.srv.opt.Ingester.Ingest(ctx, "ecbplus-dev", bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	n, err := f.store.CountStories(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("ingested %d ECB+ articles (cleaned, clustered) in %s: %d articles, %d stories", res.Read, time.Since(t0).Round(time.Millisecond), res.Read+5, n)
	// Read handles as `chorus serve` opens them (--readers, default 4);
	// CHORUS_BENCH_READERS=0 serves from the single store handle.
	readers := 4
	if v := os.Getenv("CHORUS_BENCH_READERS"); v != "" {
		readers, _ = strconv.Atoi(v)
	}
	b.Logf("%d read handles", readers)
	if readers > 0 {
		pool := &ReadPool{Writer: f.store}
		sp := &storyPool{}
		for range readers {
			st, err := sqlite.Open(ctx, f.store.Path())
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			pool.Readers = append(pool.Readers, st)
			pool.Searches = append(pool.Searches, sqliteSearch{st})
			sp.handles = append(sp.handles, storeStories{st})
		}
		f.srv.opt.Articles, f.srv.opt.Search = pool, pool
		f.srv.opt.Stories, f.srv.opt.Versions, f.srv.opt.Membership = sp, sp, sp
		f.srv.opt.Reporter = StoreReporter{Stories: sp, Articles: sp}
	}

	queries := []string{"Hegseth", "NATO membership", "earthquake", "police shooting", "killed", "rehab", "Ukrain*", "\"lasting peace\"", "fire", "arrested"}
	for _, c := range []struct {
		name string
		path func(i int) string
	}{
		{"story-page", func(int) string { return "/stories/" + sid }},
		{"search-api", func(i int) string { return "/api/stories?q=" + url.QueryEscape(queries[i%len(queries)]) }},
		{"search-page", func(i int) string { return "/?q=" + url.QueryEscape(queries[i%len(queries)]) }},
		{"article-page", func(int) string { return "/articles/" + seedID }},
		{"compare-page", func(int) string { return "/stories/" + sid + "/compare" }},
		{"stories-page", func(int) string { return "/" }},
	} {
		b.Run(c.name, func(b *testing.B) { runLoad(b, f.ts.URL, c.path) })
	}
}

// storyPool spreads story reads over read handles, as cmd/chorus does.
type storyPool struct {
	handles []storeStories
	next    atomic.Uint64
}

func (p *storyPool) pick() storeStories { return p.handles[int(p.next.Add(1)%uint64(len(p.handles)))] }

func (p *storyPool) Stories(ctx context.Context, o StoryListOptions) ([]chorus.Story, error) {
	return p.pick().Stories(ctx, o)
}
func (p *storyPool) Story(ctx context.Context, id string) (chorus.Story, error) {
	return p.pick().Story(ctx, id)
}
func (p *storyPool) StoryVersions(ctx context.Context, ids []string) (map[string]string, error) {
	return p.pick().StoryVersions(ctx, ids)
}
func (p *storyPool) StoryVersion(ctx context.Context, id string) (string, error) {
	return p.pick().StoryVersion(ctx, id)
}
func (p *storyPool) StoryOf(ctx context.Context, id string) (string, error) {
	return p.pick().StoryOf(ctx, id)
}
func (p *storyPool) StoriesWith(ctx context.Context, ids []string) ([]chorus.Story, error) {
	return p.pick().StoriesWith(ctx, ids)
}
func (p *storyPool) StoryArticles(ctx context.Context, id string) ([]chorus.Article, error) {
	return p.pick().StoryArticles(ctx, id)
}
func (p *storyPool) StoryCopies(ctx context.Context, id string) (map[string]string, error) {
	return p.pick().StoryCopies(ctx, id)
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

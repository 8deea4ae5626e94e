package server

import (
	"bufio"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// latencyBuckets are the upper bounds, in seconds, of the request latency
// histogram.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type routeKey struct {
	route string
	code  int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; last is +Inf
	sum    float64
	n      uint64
}

// metrics counts requests by route and status and times them by route.
// The exposition is the Prometheus text format 0.0.4, written by hand: a
// few counters do not justify the client library's dependencies.
type metrics struct {
	mu       sync.Mutex
	requests map[routeKey]uint64
	latency  map[string]*histogram
}

func newMetrics() *metrics {
	return &metrics{requests: map[routeKey]uint64{}, latency: map[string]*histogram{}}
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[routeKey{route, code}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets)+1)}
		m.latency[route] = h
	}
	i, _ := slices.BinarySearch(latencyBuckets, sec)
	h.counts[i]++
	h.sum += sec
	h.n++
}

// serveMetrics writes the metrics, with the article and story counts read
// from the stores at scrape time.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	articles, err := s.opt.Articles.CountArticles(ctx)
	if err != nil {
		s.log.Error("metrics: count articles", "err", err)
		articles = -1
	}
	stories := -1
	if s.opt.Stories != nil {
		if st, err := s.opt.Stories.Stories(ctx, StoryListOptions{}); err == nil {
			stories = len(st)
		} else {
			s.log.Error("metrics: count stories", "err", err)
		}
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	s.metrics.write(bw)
	fmt.Fprintf(bw, "# HELP chorus_articles Articles stored.\n# TYPE chorus_articles gauge\nchorus_articles %d\n", articles)
	if stories >= 0 {
		fmt.Fprintf(bw, "# HELP chorus_stories Stories stored.\n# TYPE chorus_stories gauge\nchorus_stories %d\n", stories)
	}
}

func (m *metrics) write(w *bufio.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]routeKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b routeKey) int {
		if a.route != b.route {
			if a.route < b.route {
				return -1
			}
			return 1
		}
		return a.code - b.code
	})
	fmt.Fprint(w, "# HELP chorus_http_requests_total HTTP requests by route and status code.\n# TYPE chorus_http_requests_total counter\n")
	for _, k := range keys {
		fmt.Fprintf(w, "chorus_http_requests_total{route=%s,code=\"%d\"} %d\n", label(k.route), k.code, m.requests[k])
	}
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	fmt.Fprint(w, "# HELP chorus_http_request_duration_seconds HTTP request latency by route.\n# TYPE chorus_http_request_duration_seconds histogram\n")
	for _, r := range routes {
		h := m.latency[r]
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "chorus_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", label(r), strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(w, "chorus_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", label(r), h.n)
		fmt.Fprintf(w, "chorus_http_request_duration_seconds_sum{route=%s} %s\n", label(r), strconv.FormatFloat(h.sum, 'g', -1, 64))
		fmt.Fprintf(w, "chorus_http_request_duration_seconds_count{route=%s} %d\n", label(r), h.n)
	}
}

// label quotes a label value as the text format wants: backslash, quote
// and newline escaped.
func label(v string) string {
	b := []byte{'"'}
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '\\', '"':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		default:
			b = append(b, c)
		}
	}
	return string(append(b, '"'))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if _, err := s.opt.Articles.CountArticles(r.Context()); err != nil {
		s.log.Error("health check", "err", err)
		problem(w, r, http.StatusServiceUnavailable, "Unhealthy", "The article store does not answer.")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

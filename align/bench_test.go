package align

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/internal/evaldata"
)

// dataDir returns the shared evaluation data.
func dataDir() string { return evaldata.Dir() }

// ecbTopics reads ECB+ dev grouped by topic (both subtopics together).
func ecbTopics(tb testing.TB) [][]chorus.Article {
	tb.Helper()
	byTopic, order := readECB(tb)
	out := make([][]chorus.Article, 0, len(order))
	for _, t := range order {
		out = append(out, byTopic[t])
	}
	return out
}

func readECB(tb testing.TB) (map[int][]chorus.Article, []int) {
	path := filepath.Join(dataDir(), "ecbplus", "dev.jsonl")
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("ECB+ data absent (%v): set CHORUS_DATA", err)
	}
	defer f.Close()
	type rec struct {
		ID    string `json:"id"`
		Topic int    `json:"topic"`
		Text  string `json:"text"`
	}
	byTopic := map[int][]chorus.Article{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r rec
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatalf("parse %s: %v", path, err)
		}
		byTopic[r.Topic] = append(byTopic[r.Topic], chorus.Article{ID: r.ID, Text: r.Text})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	topics := make([]int, 0, len(byTopic))
	for t := range byTopic {
		topics = append(topics, t)
	}
	sort.Slice(topics, func(i, j int) bool {
		if len(byTopic[topics[i]]) != len(byTopic[topics[j]]) {
			return len(byTopic[topics[i]]) > len(byTopic[topics[j]])
		}
		return topics[i] < topics[j]
	})
	return byTopic, topics
}

// ecbStory builds a story of n articles from ECB+ dev: the largest topic's
// two subtopics combined, in file order.
func ecbStory(tb testing.TB, n int) []chorus.Article {
	tb.Helper()
	byTopic, topics := readECB(tb)
	var story []chorus.Article
	for _, t := range topics {
		story = append(story, byTopic[t]...)
		if len(story) >= n {
			break
		}
	}
	if len(story) < n {
		tb.Skipf("ECB+ dev has only %d articles", len(story))
	}
	return story[:n]
}

func BenchmarkConsolidateExample(b *testing.B) {
	arts := loadExample(b)
	ctx := context.Background()
	if _, err := segmenter(); err != nil {
		b.Fatal(err)
	}
	benchConsolidate(b, ctx, arts)
}

// benchConsolidate times Consolidate and also reports CPU time per op
// (user+system, all goroutines and the GC included).
func benchConsolidate(b *testing.B, ctx context.Context, arts []chorus.Article) {
	b.ResetTimer()
	start := cpuTime()
	n := 0
	for b.Loop() {
		if _, err := Consolidate(ctx, arts, nil); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if n > 0 && start > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(n)/1e6, "cpu-ms/op")
	}
}

func BenchmarkConsolidateECB50(b *testing.B) {
	arts := ecbStory(b, 50)
	ctx := context.Background()
	benchConsolidate(b, ctx, arts)
}

// TestECBStory runs the 50-article story once and checks it yields output.
func TestECBStory(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	arts := ecbStory(t, 50)
	c, err := Consolidate(context.Background(), arts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Claims) == 0 || len(c.Entities) == 0 || len(c.Profiles) != 50 {
		t.Errorf("claims %d entities %d profiles %d", len(c.Claims), len(c.Entities), len(c.Profiles))
	}
	if testing.Verbose() {
		fmt.Printf("claims %d entities %d quotes %d conflicts %d exclusive %d\n",
			len(c.Claims), len(c.Entities), len(c.Quotes), len(c.Conflicts), len(c.Exclusive))
	}
}

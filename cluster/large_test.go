package cluster

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chorusnews/chorus"
)

// TestLargeStoryStaysWhole: a story with many more articles than the
// neighbour cap (each article mixing sentences of one real ECB+ event)
// must not fall apart, and must stay apart from the topic's other event.
func TestLargeStoryStaysWhole(t *testing.T) {
	arts := loadECB(t)
	pool := map[string][]string{}
	for _, a := range arts {
		sub := label(a, "subtopic")
		for _, line := range strings.Split(a.Text, "\n") {
			if len(strings.Fields(line)) >= 5 {
				pool[sub] = append(pool[sub], line)
			}
		}
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for _, tc := range []struct{ event, other string }{{"13_ecb", "13_ecbplus"}, {"1_ecbplus", "1_ecb"}} {
		var batch []chorus.Article
		for k := range 60 {
			var b strings.Builder
			for range 6 + rng.IntN(6) {
				b.WriteString(pool[tc.event][rng.IntN(len(pool[tc.event]))] + "\n")
			}
			batch = append(batch, chorus.Article{ID: fmt.Sprintf("big%02d", k), Text: b.String()})
		}
		for _, a := range arts {
			if s := label(a, "subtopic"); s == tc.other {
				batch = append(batch, a)
			}
		}
		c := New(DefaultOptions())
		if _, err := c.Add(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
		sizes := map[string]int{}
		for k := range 60 {
			sizes[c.StoryOf(fmt.Sprintf("big%02d", k))]++
		}
		largest, story := 0, ""
		for s, n := range sizes {
			if n > largest {
				largest, story = n, s
			}
		}
		mixed := 0
		for _, a := range batch[60:] {
			if c.StoryOf(a.ID) == story {
				mixed++
			}
		}
		t.Logf("%s: 60 articles in %d stories, largest %d; %d of %d %s articles joined it", tc.event, len(sizes), largest, mixed, len(batch)-60, tc.other)
		if largest < 54 {
			t.Errorf("%s: large story fell apart: largest part %d of 60 (%v)", tc.event, largest, sizes)
		}
	}
}

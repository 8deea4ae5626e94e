package cluster

import (
	"context"
	"reflect"
	"testing"
)

// TestWorkersDoNotChangeResults: clustering ECB+ dev in three chunks on
// one goroutine, or switching between one and all cores from chunk to
// chunk as an ingest does, gives the stories that all cores give.
func TestWorkersDoNotChangeResults(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: clusters ECB+ dev three times")
	}
	arts := loadECB(t)
	run := func(workers func(chunk int) int) []Story {
		opts := DefaultOptions()
		opts.States = true
		c := New(opts)
		for k := range 3 {
			c.SetWorkers(workers(k))
			if _, err := c.Add(context.Background(), arts[k*len(arts)/3:(k+1)*len(arts)/3]); err != nil {
				t.Fatal(err)
			}
		}
		return c.Stories()
	}
	all := run(func(int) int { return 0 })
	for name, w := range map[string]func(int) int{
		"one":       func(int) int { return 1 },
		"switching": func(k int) int { return k % 2 },
		"many":      func(int) int { return 7 },
	} {
		if got := run(w); !reflect.DeepEqual(got, all) {
			t.Errorf("%s: %d stories, differ from the %d on all cores", name, len(got), len(all))
		}
	}
}

package cluster

import (
	"fmt"
	"os"
	"testing"
)

// TestSweep prints ECB+ dev scores over a grid of options (tuning aid; run
// with CHORUS_SWEEP=1).
func TestSweep(t *testing.T) {
	if os.Getenv("CHORUS_SWEEP") == "" {
		t.Skip("set CHORUS_SWEEP=1 to sweep options on ECB+ dev")
	}
	arts := loadECB(t)
	gold := map[string]string{}
	for _, a := range arts {
		gold[a.ID] = label(a, "subtopic")
	}
	seeds := loadSeeds(t)
	type knob struct {
		name string
		vals []float64
		set  func(*Options, float64)
	}
	knobs := []knob{
		{"th", []float64{0.08, 0.1, 0.12}, func(o *Options, v float64) { o.StoryThreshold = v }},
		{"neigh", []float64{10, 32, 64}, func(o *Options, v float64) { o.Neighbours = int(v) }},
	}
	var grid func(k int, o Options, desc string)
	grid = func(k int, o Options, desc string) {
		if k < len(knobs) {
			for _, v := range knobs[k].vals {
				o2 := o
				knobs[k].set(&o2, v)
				grid(k+1, o2, fmt.Sprintf("%s %s=%g", desc, knobs[k].name, v))
			}
			return
		}
		c := clusterAll(t, o, arts)
		pred := map[string]string{}
		for _, a := range arts {
			pred[a.ID] = c.StoryOf(a.ID)
		}
		p, r, f := bcubed(gold, pred)
		sc := New(o)
		res, _ := sc.Add(t.Context(), seeds)
		t.Logf("seeds %d%s: P %.4f R %.4f F1 %.4f", len(res.Stories), desc, p, r, f)
	}
	grid(0, DefaultOptions(), "")
}

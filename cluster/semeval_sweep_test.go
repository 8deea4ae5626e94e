package cluster

import (
	"os"
	"testing"
)

// TestSemEvalSweep prints the SemEval-2022 en-en Pearson over a few
// options (tuning aid; run with CHORUS_SWEEP=1).
func TestSemEvalSweep(t *testing.T) {
	if os.Getenv("CHORUS_SWEEP") == "" {
		t.Skip("set CHORUS_SWEEP=1")
	}
	for _, ew := range []float32{1, 2, 3} {
		for _, nw := range []float32{0.5, 1} {
			o := DefaultOptions()
			o.EntityWeight, o.NumberWeight = ew, nw
			r, ok := semevalPearson(t, o)
			if !ok {
				t.Skip("SemEval data not available")
			}
			t.Logf("ew %.1f nw %.1f: Pearson %.4f", ew, nw, r)
		}
	}
}

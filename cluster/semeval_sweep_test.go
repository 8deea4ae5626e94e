package cluster

import (
	"os"
	"testing"
)

// TestSemEvalSweep prints the SemEval-2022 en-en Pearson (raw texts) and
// the ECB+ dev BCubed F1 by subtopic over a few name and number weights,
// so that the trade between the two stays in view (tuning aid; run with
// CHORUS_SWEEP=1). `chorus eval pairs` scores the cleaned texts.
func TestSemEvalSweep(t *testing.T) {
	if os.Getenv("CHORUS_SWEEP") == "" {
		t.Skip("set CHORUS_SWEEP=1")
	}
	arts := loadECB(t)
	gold := map[string]string{}
	for _, a := range arts {
		gold[a.ID] = label(a, "subtopic")
	}
	for _, ew := range []float32{0.75, 1, 1.5, 2} {
		for _, nw := range []float32{0.5, 1} {
			o := DefaultOptions()
			o.EntityWeight, o.NumberWeight = ew, nw
			r, ok := semevalPearson(t, o)
			if !ok {
				t.Skip("SemEval data not available")
			}
			c := clusterAll(t, o, arts)
			pred := map[string]string{}
			for _, a := range arts {
				pred[a.ID] = c.StoryOf(a.ID)
			}
			_, _, f := bcubed(gold, pred)
			t.Logf("ew %.2f nw %.1f: SemEval Pearson %.4f, ECB+ F1 %.4f", ew, nw, r, f)
		}
	}
}

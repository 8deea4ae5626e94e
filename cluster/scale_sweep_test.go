package cluster

import (
	"os"
	"testing"
)

// TestScaleSweep prints ECB+ dev BCubed F1 and SemEval en-en Pearson for
// the retrieval options that trade speed for recall at scale (tuning aid;
// run with CHORUS_SWEEP=1; `chorus bench cluster` has flags for the same
// options on the generated corpus).
func TestScaleSweep(t *testing.T) {
	if os.Getenv("CHORUS_SWEEP") == "" {
		t.Skip("set CHORUS_SWEEP=1")
	}
	arts := loadECB(t)
	gold := map[string]string{}
	for _, a := range arts {
		gold[a.ID] = label(a, "subtopic")
	}
	for _, qt := range []int{16, 12, 8} {
		for _, it := range []int{64, 48} {
			o := DefaultOptions()
			o.QueryTerms, o.IndexTerms = qt, it
			c := clusterAll(t, o, arts)
			pred := map[string]string{}
			for _, a := range arts {
				pred[a.ID] = c.StoryOf(a.ID)
			}
			_, _, f := bcubed(gold, pred)
			r, _ := semevalPearson(t, o)
			t.Logf("query terms %d, index terms %d: ECB+ F1 %.4f, SemEval %.4f", qt, it, f, r)
		}
	}
}

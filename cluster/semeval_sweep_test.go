package cluster

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/eval"
)

// TestSemEvalSweep prints the SemEval-2022 en-en Pearson over a few
// options (tuning aid; run with CHORUS_SWEEP=1).
func TestSemEvalSweep(t *testing.T) {
	if os.Getenv("CHORUS_SWEEP") == "" {
		t.Skip("set CHORUS_SWEEP=1")
	}
	f, err := os.Open(filepath.Join(dataDir(t), "semeval2022-task8", "train.csv"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	pairs, err := eval.LoadSemEvalPairs(f, "en")
	if err != nil {
		t.Fatal(err)
	}
	var arts []chorus.Article
	for _, p := range pairs {
		arts = append(arts, chorus.Article{ID: p.ID + "/1", Text: p.Text1}, chorus.Article{ID: p.ID + "/2", Text: p.Text2})
	}
	for _, ew := range []float32{1, 2, 3} {
		for _, nw := range []float32{0.5, 1} {
			for _, mt := range []int{256} {
				o := DefaultOptions()
				o.EntityWeight, o.NumberWeight, o.MaxTerms = ew, nw, mt
				c := New(o)
				if err := c.Restore(t.Context(), arts, nil); err != nil {
					t.Fatal(err)
				}
				var x, xs, y []float64
				for _, p := range pairs {
					s, _ := c.Similarity(p.ID+"/1", p.ID+"/2")
					x = append(x, s)
					xs = append(xs, s*s)
					y = append(y, -p.Overall)
				}
				t.Log(fmt.Sprintf("ew %.1f nw %.1f maxterms %d: Pearson %.4f (cosine %.4f)", ew, nw, mt, eval.Pearson(x, y), eval.Pearson(xs, y)))
			}
		}
	}
}

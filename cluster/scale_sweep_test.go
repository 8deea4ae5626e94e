package cluster

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/eval"
)

// scoreBoth returns ECB+ dev BCubed F1 by subtopic and SemEval en-en
// Pearson under o.
func scoreBoth(t *testing.T, o Options) (float64, float64) {
	arts := loadECB(t)
	gold := map[string]string{}
	for _, a := range arts {
		gold[a.ID] = label(a, "subtopic")
	}
	c := clusterAll(t, o, arts)
	pred := map[string]string{}
	for _, a := range arts {
		pred[a.ID] = c.StoryOf(a.ID)
	}
	_, _, f := bcubed(gold, pred)
	fh, err := os.Open(filepath.Join(dataDir(t), "semeval2022-task8", "train.csv"))
	if err != nil {
		t.Skip(err)
	}
	defer fh.Close()
	pairs, err := eval.LoadSemEvalPairs(fh, "en")
	if err != nil {
		t.Fatal(err)
	}
	var sa []chorus.Article
	for _, p := range pairs {
		sa = append(sa, chorus.Article{ID: p.ID + "/1", Text: p.Text1}, chorus.Article{ID: p.ID + "/2", Text: p.Text2})
	}
	sc := New(o)
	if err := sc.Restore(t.Context(), sa, nil); err != nil {
		t.Fatal(err)
	}
	var x, y []float64
	for _, p := range pairs {
		s, _ := sc.Similarity(p.ID+"/1", p.ID+"/2")
		x = append(x, s)
		y = append(y, -p.Overall)
	}
	return f, eval.Pearson(x, y)
}

func TestScaleSweep(t *testing.T) {
	if os.Getenv("CHORUS_SWEEP") == "" {
		t.Skip("set CHORUS_SWEEP=1")
	}
	for _, qt := range []int{16, 12, 10, 8} {
		for _, nb := range []int{48, 32, 24} {
			o := DefaultOptions()
			o.QueryTerms, o.Neighbours = qt, nb
			f, p := scoreBoth(t, o)
			t.Logf("queryterms %d neighbours %d: ECB+ F1 %.4f SemEval %.4f", qt, nb, f, p)
		}
	}
}

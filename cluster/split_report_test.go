package cluster

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/eval"
)

// TestSplitReport prints the ECB+ dev scores, the topics whose two events
// are not told apart (per-topic BCubed F1 by subtopic under 0.95), the
// events cut into several stories, and the SemEval en-en Pearson, for
// the default options with any of SR, YSR, SYR, CORE, TH, EW (Options
// fields), SALIENT (salientShare), EALPHA (entityAlpha), YALPHA
// (yearAlpha) and REW (refineEntityWeight) overridden from the
// environment (tuning aid; run with CHORUS_SWEEP=1).
func TestSplitReport(t *testing.T) {
	if os.Getenv("CHORUS_SWEEP") == "" {
		t.Skip("set CHORUS_SWEEP=1 to print the split report")
	}
	o := DefaultOptions()
	env := func(k string, v *float64) {
		if s, err := strconv.ParseFloat(os.Getenv(k), 64); err == nil {
			*v = s
		}
	}
	env("SR", &o.SplitRatio)
	env("YSR", &o.YearSplitRatio)
	env("SYR", &o.StrongYearRatio)
	env("CORE", &o.CoreOverlap)
	env("TH", &o.StoryThreshold)
	ew := float64(o.EntityWeight)
	env("EW", &ew)
	o.EntityWeight = float32(ew)
	share := float64(salientShare)
	env("SALIENT", &share)
	defer func(v float32) { salientShare = v }(salientShare)
	salientShare = float32(share)
	defer func(v float64) { entityAlpha = v }(entityAlpha)
	env("EALPHA", &entityAlpha)
	defer func(v float64) { yearAlpha = v }(yearAlpha)
	env("YALPHA", &yearAlpha)
	rew := float64(refineEntityWeight)
	env("REW", &rew)
	defer func(v float32) { refineEntityWeight = v }(refineEntityWeight)
	refineEntityWeight = float32(rew)

	arts := loadECB(t)
	c := clusterAll(t, o, arts)
	gold, topic, pred := map[string]string{}, map[string]string{}, map[string]string{}
	for _, a := range arts {
		gold[a.ID], topic[a.ID], pred[a.ID] = label(a, "subtopic"), label(a, "topic"), c.StoryOf(a.ID)
	}
	p, r, f := bcubed(gold, pred)
	tp, tr, tf := bcubed(topic, pred)
	t.Logf("ECB+ dev by subtopic P %.4f R %.4f F1 %.4f; by topic P %.4f R %.4f F1 %.4f; %d stories", p, r, f, tp, tr, tf, len(c.Stories()))

	byTopic := map[string][]string{}
	for id, tpc := range topic {
		byTopic[tpc] = append(byTopic[tpc], id)
	}
	var weak []string
	for tpc, ids := range byTopic {
		g, pr := map[string]string{}, map[string]string{}
		for _, id := range ids {
			g[id], pr[id] = gold[id], pred[id]
		}
		if _, _, f := bcubed(g, pr); f < 0.95 {
			weak = append(weak, fmt.Sprintf("%s:%.2f", tpc, f))
		}
	}
	sort.Strings(weak)
	t.Logf("weak topics: %v", weak)

	parts := map[string]map[string]int{}
	for id, g := range gold {
		if parts[g] == nil {
			parts[g] = map[string]int{}
		}
		parts[g][pred[id]]++
	}
	var cut []string
	for g, ps := range parts {
		if len(ps) > 1 {
			var sizes []int
			for _, n := range ps {
				sizes = append(sizes, n)
			}
			sort.Sort(sort.Reverse(sort.IntSlice(sizes)))
			cut = append(cut, fmt.Sprint(g, sizes))
		}
	}
	sort.Strings(cut)
	t.Logf("events cut apart: %v", cut)
	if r, ok := semevalPearson(t, o); ok {
		t.Logf("SemEval-2022 en-en Pearson %.4f", r)
	}
}

// semevalPearson scores Similarity on the SemEval-2022 en-en pairs.
func semevalPearson(t *testing.T, o Options) (float64, bool) {
	f, err := os.Open(filepath.Join(dataDir(t), "semeval2022-task8", "train.csv"))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	pairs, err := eval.LoadSemEvalPairs(f, "en")
	if err != nil {
		t.Fatal(err)
	}
	var arts []chorus.Article
	for _, p := range pairs {
		arts = append(arts, chorus.Article{ID: p.ID + "/1", Text: p.Text1, Language: p.Lang1},
			chorus.Article{ID: p.ID + "/2", Text: p.Text2, Language: p.Lang2})
	}
	c := New(o)
	if err := c.Restore(t.Context(), arts, nil); err != nil {
		t.Fatal(err)
	}
	var x, y []float64
	for _, p := range pairs {
		s, err := c.Similarity(p.ID+"/1", p.ID+"/2")
		if err != nil {
			t.Fatal(err)
		}
		x = append(x, s)
		y = append(y, -p.Overall)
	}
	return eval.Pearson(x, y), true
}

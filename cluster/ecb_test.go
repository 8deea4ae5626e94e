package cluster

import (
	"context"
	"encoding/json"

	"github.com/chorusnews/chorus"
	"testing"
)

var jsonMarshal = json.Marshal

func clusterAll(t testing.TB, opts Options, arts []chorus.Article) *Clusterer {
	c := New(opts)
	if _, err := c.Add(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestECBPlusDev(t *testing.T) {
	arts := loadECB(t)
	c := clusterAll(t, DefaultOptions(), arts)
	gold, topic, pred := map[string]string{}, map[string]string{}, map[string]string{}
	for _, a := range arts {
		gold[a.ID] = label(a, "subtopic")
		topic[a.ID] = label(a, "topic")
		pred[a.ID] = c.StoryOf(a.ID)
	}
	p, r, f := bcubed(gold, pred)
	t.Logf("ECB+ dev by subtopic: %d stories predicted; BCubed P %.4f R %.4f F1 %.4f (target 0.97; 0.9740 when measured)", len(c.Stories()), p, r, f)
	tp, tr, tf := bcubed(topic, pred)
	t.Logf("ECB+ dev by topic: BCubed P %.4f R %.4f F1 %.4f", tp, tr, tf)
	// regression floor at the measured level (0.9740) less 0.01; the
	// issue's target is 0.97
	if f < 0.964 {
		t.Errorf("BCubed F1 by subtopic %.4f fell below 0.964", f)
	}
}

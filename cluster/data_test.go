package cluster

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/ingest"
	"github.com/chorusnews/chorus/internal/evaldata"
)

// dataDir is the shared evaluation data.
func dataDir(testing.TB) string { return evaldata.Dir() }

// loadECB reads ECB+ dev articles, or skips when the data is absent.
func loadECB(t testing.TB) []chorus.Article {
	path := filepath.Join(dataDir(t), "ecbplus", "dev.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("ECB+ data not available (%v); set CHORUS_DATA to the shared data folder", err)
	}
	defer f.Close()
	var arts []chorus.Article
	err = ingest.JSONL(context.Background(), path, f, func(a chorus.Article) error {
		arts = append(arts, a)
		return nil
	}, func(p ingest.Problem) { t.Logf("ecb+: %s", p) })
	if err != nil {
		t.Fatal(err)
	}
	return arts
}

// label returns an article's metadata field as a string.
func label(a chorus.Article, field string) string {
	switch v := a.Meta[field].(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		b, _ := jsonMarshal(v)
		return string(b)
	}
}

// bcubed scores predicted against gold labels (the eval package holds the
// full metric; this copy keeps the cluster tests free of its imports).
func bcubed(gold, pred map[string]string) (p, r, f float64) {
	type pair struct{ g, p string }
	joint := map[pair]int{}
	gs, ps := map[string]int{}, map[string]int{}
	for id, g := range gold {
		joint[pair{g, pred[id]}]++
		gs[g]++
		ps[pred[id]]++
	}
	for k, c := range joint {
		p += float64(c*c) / float64(ps[k.p])
		r += float64(c*c) / float64(gs[k.g])
	}
	n := float64(len(gold))
	p, r = p/n, r/n
	return p, r, 2 * p * r / (p + r)
}

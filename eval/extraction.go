// Package eval scores Chorus against public labelled data sets: each file
// holds the metric of one task and the loader of its data set. It does not
// run the pipeline itself; callers pass the function under test, so the
// scores measure exactly what the CLI does.
//
// extraction.go: the article-extraction benchmark
// (scrapinghub/article-extraction-benchmark). Per page, the true and the
// predicted article bodies are cut into 4-gram shingles of \w+ tokens; the
// shingle multiset difference gives TP, FP and FN, normalised to sum to 1.
// Precision and recall are averaged over pages and F1 is taken of the two
// means.
package eval

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// ExtractionScore is the benchmark's score of one extractor.
type ExtractionScore struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// Pages is how many pages were scored.
	Pages int `json:"pages"`
	// PerPage holds each page's normalised TP, FP, FN, by page id.
	PerPage map[string][3]float64 `json:"-"`
}

// ExtractionTruth is one labelled page of the benchmark.
type ExtractionTruth struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url"`
}

// ExtractFunc turns one page into its article body. name is the page file
// name, data the decompressed HTML and pageURL the page's address when known.
type ExtractFunc func(ctx context.Context, name string, data []byte, pageURL string) (string, error)

// LoadExtractionTruth reads ground-truth.json of the benchmark.
func LoadExtractionTruth(path string) (map[string]ExtractionTruth, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read extraction ground truth: %w", err)
	}
	var gt map[string]ExtractionTruth
	if err := json.Unmarshal(b, &gt); err != nil {
		return nil, fmt.Errorf("parse extraction ground truth %s: %w", path, err)
	}
	return gt, nil
}

// ReadExtractionPage reads DIR/html/<id>.html.gz (or .html).
func ReadExtractionPage(dir, id string) ([]byte, error) {
	base := filepath.Join(dir, "html", id+".html")
	if f, err := os.Open(base + ".gz"); err == nil {
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("read page %s: %w", id, err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			return nil, fmt.Errorf("read page %s: %w", id, err)
		}
		return b, nil
	}
	b, err := os.ReadFile(base)
	if err != nil {
		return nil, fmt.Errorf("read page %s: %w", id, err)
	}
	return b, nil
}

// RunExtraction extracts every page of the benchmark in dir with fn and
// scores the result. A page fn fails on scores as an empty prediction; the
// first such error is returned alongside the score.
func RunExtraction(ctx context.Context, dir string, fn ExtractFunc) (ExtractionScore, map[string]string, error) {
	gt, err := LoadExtractionTruth(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return ExtractionScore{}, nil, err
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	pred := make(map[string]string, len(gt))
	var firstErr error
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return ExtractionScore{}, nil, fmt.Errorf("extraction benchmark: %w", err)
		}
		data, err := ReadExtractionPage(dir, id)
		if err != nil {
			return ExtractionScore{}, nil, err
		}
		body, err := fn(ctx, id+".html", data, gt[id].URL)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("extract page %s: %w", id, err)
		}
		pred[id] = body
	}
	truth := make(map[string]string, len(gt))
	for id, t := range gt {
		truth[id] = t.ArticleBody
	}
	return ScoreExtraction(truth, pred), pred, firstErr
}

// ScoreExtraction scores predicted bodies against true bodies, page by page
// over the pages of truth (a missing prediction counts as empty).
func ScoreExtraction(truth, pred map[string]string) ExtractionScore {
	s := ExtractionScore{PerPage: make(map[string][3]float64, len(truth))}
	var psum, rsum float64
	var pn, rn int
	for id, t := range truth {
		tp, fp, fn := ShingleMatch(t, pred[id])
		s.PerPage[id] = [3]float64{tp, fp, fn}
		if tp+fp > 0 {
			psum += extractionPrecision(tp, fp, fn)
			pn++
		}
		if tp+fn > 0 {
			rsum += extractionRecall(tp, fp, fn)
			rn++
		}
	}
	s.Pages = len(truth)
	if pn > 0 {
		s.Precision = psum / float64(pn)
	}
	if rn > 0 {
		s.Recall = rsum / float64(rn)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

func extractionPrecision(tp, fp, fn float64) float64 {
	switch {
	case fp == 0 && fn == 0:
		return 1
	case tp == 0 && fp == 0:
		return 0
	}
	return tp / (tp + fp)
}

func extractionRecall(tp, fp, fn float64) float64 {
	switch {
	case fp == 0 && fn == 0:
		return 1
	case tp == 0 && fn == 0:
		return 0
	}
	return tp / (tp + fn)
}

// extractionToken matches what Python's re `\w+` matches on str: letters,
// digits and other numerics, and the underscore.
var extractionToken = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// ShingleMatch compares the 4-gram shingles of a true and a predicted text
// and returns TP, FP and FN normalised to sum to 1 (all zero when both
// texts have no tokens).
func ShingleMatch(truth, pred string) (tp, fp, fn float64) {
	ts, ps := extractionShingles(truth), extractionShingles(pred)
	for k, tc := range ts {
		pc := ps[k]
		tp += float64(min(tc, pc))
		fn += float64(max(0, tc-pc))
	}
	for k, pc := range ps {
		fp += float64(max(0, pc-ts[k]))
	}
	if s := tp + fp + fn; s > 0 {
		tp, fp, fn = tp/s, fp/s, fn/s
	}
	return tp, fp, fn
}

// extractionShingles counts the joined 4-grams of text's tokens; a text of
// fewer than four tokens is one shingle of all its tokens.
func extractionShingles(text string) map[string]int {
	toks := extractionToken.FindAllString(text, -1)
	m := make(map[string]int, len(toks))
	if len(toks) == 0 {
		return m
	}
	const n = 4
	last := max(1, len(toks)-n+1)
	for i := 0; i < last; i++ {
		m[strings.Join(toks[i:min(i+n, len(toks))], "\x00")]++
	}
	return m
}

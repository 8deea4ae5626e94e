package eval

import (
	"bytes"
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/markusmobius/go-trafilatura"

	"github.com/chorusnews/chorus/clean"
	"github.com/chorusnews/chorus/ingest"
	"github.com/chorusnews/chorus/internal/evaldata"
)

var extractionData = flag.String("extraction-data", "", "data directory (default $CHORUS_DATA or ../shared/data from the module root)")

// extractionDataDir resolves the shared data directory: -extraction-data, then
// $CHORUS_DATA, then ../shared/data relative to the module root.
func extractionDataDir(t testing.TB) string {
	if *extractionData != "" {
		return *extractionData
	}
	return evaldata.Dir()
}

func extractionBenchDir(t testing.TB) string {
	dir := filepath.Join(extractionDataDir(t), "article-extraction")
	if _, err := os.Stat(filepath.Join(dir, "ground-truth.json")); err != nil {
		t.Skipf("article-extraction data set absent at %s (set -extraction-data or CHORUS_DATA): %v", dir, err)
	}
	return dir
}

func TestShingleMatch(t *testing.T) {
	tests := []struct {
		name       string
		truth      string
		pred       string
		tp, fp, fn float64
	}{
		{"identical", "a b c d e", "a b c d e", 1, 0, 0},
		{"both empty", "", "", 0, 0, 0},
		{"empty prediction", "a b c d e", "", 0, 0, 1},
		{"punctuation ignored", "a, b. c; d!", "a b c d", 1, 0, 0},
		{"short text is one shingle", "a b", "a b", 1, 0, 0},
		{"extra tail", "a b c d", "a b c d e", 0.5, 0.5, 0},
		{"unicode words", "ça va très bien", "ça va très bien", 1, 0, 0},
		{"repeated shingles counted", "a b c d a b c d", "a b c d", 1.0 / 5, 0, 4.0 / 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, fp, fn := ShingleMatch(tt.truth, tt.pred)
			if math.Abs(tp-tt.tp) > 1e-9 || math.Abs(fp-tt.fp) > 1e-9 || math.Abs(fn-tt.fn) > 1e-9 {
				t.Errorf("ShingleMatch(%q, %q) = %v %v %v, want %v %v %v", tt.truth, tt.pred, tp, fp, fn, tt.tp, tt.fp, tt.fn)
			}
		})
	}
}

func TestScoreExtraction(t *testing.T) {
	truth := map[string]string{"p1": "one two three four five", "p2": "alpha beta gamma delta", "p3": "x y z w"}
	pred := map[string]string{"p1": "one two three four five", "p2": "alpha beta gamma delta epsilon"}
	s := ScoreExtraction(truth, pred)
	// p1: P=R=1. p2: P=1/2, R=1. p3: no prediction, excluded from precision, R=0.
	if math.Abs(s.Precision-0.75) > 1e-9 || math.Abs(s.Recall-2.0/3) > 1e-9 {
		t.Errorf("precision %v recall %v, want 0.75 and 0.667", s.Precision, s.Recall)
	}
	if want := 2 * 0.75 * (2.0 / 3) / (0.75 + 2.0/3); math.Abs(s.F1-want) > 1e-9 {
		t.Errorf("F1 %v, want %v", s.F1, want)
	}
}

// chorusExtract is the full Chorus path as `chorus extract` runs it: HTML
// extraction (without the page URL, which the benchmark does not give
// extractors) then cleaning, with one outlet memory for the run.
func chorusExtract() ExtractFunc {
	c := clean.New(clean.NewMemory())
	return func(ctx context.Context, name string, data []byte, _ string) (string, error) {
		a, err := ingest.HTML(name, data, "")
		if err != nil {
			return "", err
		}
		if err := c.Clean(ctx, &a); err != nil {
			return "", err
		}
		return a.CleanText, nil
	}
}

// trafilaturaExtract is go-trafilatura alone, as the benchmark runs it.
func trafilaturaExtract(_ context.Context, _ string, data []byte, _ string) (string, error) {
	res, err := trafilatura.Extract(bytes.NewReader(data), trafilatura.Options{EnableFallback: true})
	if err != nil {
		return "", err
	}
	return res.ContentText, nil
}

// ingestExtract is Chorus's extraction step without the text filters.
func ingestExtract(_ context.Context, name string, data []byte, _ string) (string, error) {
	a, err := ingest.HTML(name, data, "")
	return a.Text, err
}

func TestExtractionBenchmark(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: extracts 91 pages")
	}
	dir := extractionBenchDir(t)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		fn   ExtractFunc
		min  float64
	}{
		{"go-trafilatura", trafilaturaExtract, 0.9},
		{"chorus-extract", ingestExtract, 0.9},
		{"chorus-clean", chorusExtract(), 0.97},
	} {
		s, _, err := RunExtraction(ctx, dir, c.fn)
		if err != nil {
			t.Logf("%s: %v", c.name, err)
		}
		t.Logf("%-16s F1 %.4f  precision %.4f  recall %.4f  (%d pages)", c.name, s.F1, s.Precision, s.Recall, s.Pages)
		if s.F1 < c.min {
			t.Errorf("%s: F1 %.4f below %.2f", c.name, s.F1, c.min)
		}
	}
}

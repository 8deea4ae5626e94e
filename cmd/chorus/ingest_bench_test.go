package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chorusnews/chorus/internal/evaldata"
)

// BenchmarkIngest runs the whole ingest (read, clean, store, and unless
// "store" assign stories) of 20,000 generated articles (`chorus bench
// corpus`, seed 1, sentences of ECB+ dev) into a fresh database per
// iteration, and reports articles per second:
//
//	go test ./cmd/chorus -run '^$' -bench Ingest -benchtime 1x -count 6
func BenchmarkIngest(b *testing.B) {
	data := evaldata.Require(b, "ecbplus", "dev.jsonl")
	const n = 20000
	dir := b.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	gen, err := loadCorpusGen(context.Background(), data, 1)
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Create(corpus)
	if err != nil {
		b.Fatal(err)
	}
	if err := writeCorpus(f, gen, n); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{{"store", []string{"--no-cluster"}}, {"store+cluster", nil}} {
		b.Run(tc.name, func(b *testing.B) {
			var took time.Duration
			for i := range b.N {
				db := filepath.Join(dir, tc.name+strconv.Itoa(i)+".db")
				start := time.Now()
				code, out, errs := runCLI(b, "", append([]string{"ingest", "-q", corpus, "--db", db}, tc.args...)...)
				took += time.Since(start)
				if code != 0 {
					b.Fatalf("ingest: %d\n%s%s", code, out, errs)
				}
				os.Remove(db)
			}
			b.ReportMetric(float64(n*b.N)/took.Seconds(), "articles/s")
		})
	}
}

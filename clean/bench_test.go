package clean

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/ingest"
	"github.com/chorusnews/chorus/internal/evaldata"
)

// benchPages reads the article-extraction pages ($CHORUS_DATA, else
// ../shared/data from the module root) and skips when they are absent.
func benchPages(b *testing.B) (names []string, pages [][]byte) {
	base := evaldata.Dir()
	files, _ := filepath.Glob(filepath.Join(base, "article-extraction", "html", "*.html.gz"))
	if len(files) == 0 {
		b.Skipf("article-extraction pages absent under %s (set CHORUS_DATA)", base)
	}
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			b.Fatal(err)
		}
		data, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		names = append(names, filepath.Base(p))
		pages = append(pages, data)
	}
	return names, pages
}

// BenchmarkClean measures the filter chain alone on the extracted text of
// the 91 benchmark pages; one op cleans all of them. Bytes are bytes of
// extracted text. cpu-ms/page is process CPU time (GC included) per page,
// which other load on the machine does not inflate as it does wall time.
func BenchmarkClean(b *testing.B) {
	names, pages := benchPages(b)
	var arts []chorus.Article
	var size int64
	for i, p := range pages {
		a, err := ingest.HTML(names[i], p, "")
		if err != nil {
			continue
		}
		arts = append(arts, a)
		size += int64(len(a.Text))
	}
	ctx := context.Background()
	c := New(NewMemory())
	b.SetBytes(size)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		for i := range arts {
			a := arts[i]
			if err := c.Clean(ctx, &a); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(arts))*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(len(arts)*b.N), "cpu-ms/page")
}

// BenchmarkExtractAndClean measures the whole HTML path: go-trafilatura
// extraction then cleaning, on the 91 pages; bytes are HTML bytes.
func BenchmarkExtractAndClean(b *testing.B) {
	names, pages := benchPages(b)
	var size int64
	for _, p := range pages {
		size += int64(len(p))
	}
	ctx := context.Background()
	c := New(NewMemory())
	b.SetBytes(size)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		for i, p := range pages {
			a, err := ingest.HTML(names[i], p, "")
			if err != nil {
				continue
			}
			if err := c.Clean(ctx, &a); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(pages))*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(cpuTime()-cpu0)/1e6/float64(len(pages)*b.N), "cpu-ms/page")
}

// benchTexts reads plain article texts: the ECB+ dev articles and the
// PolNeAR training texts, with the outlet a PolNeAR file name starts with
// (ECB+ articles share one outlet). It skips when both are absent.
func benchTexts(b *testing.B) []chorus.Article {
	var arts []chorus.Article
	if f, err := os.Open(evaldata.Path("ecbplus", "dev.jsonl")); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var r struct{ ID, Text string }
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				b.Fatal(err)
			}
			arts = append(arts, chorus.Article{ID: r.ID, Outlet: "ecbplus", Text: r.Text})
		}
		f.Close()
		if err := sc.Err(); err != nil {
			b.Fatal(err)
		}
	}
	files, _ := filepath.Glob(evaldata.Path("polnear", "train", "text", "*.txt"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		name := filepath.Base(p)
		outlet, _, _ := strings.Cut(name, "_")
		arts = append(arts, chorus.Article{ID: name, Outlet: outlet, Text: string(data)})
	}
	if len(arts) == 0 {
		b.Skipf("ecbplus and polnear texts absent under %s (set CHORUS_DATA)", evaldata.Dir())
	}
	return arts
}

// BenchmarkCleanText measures the filter chain with outlet memory on plain
// article texts (no HTML extraction); one op cleans one article, cycling
// through the ECB+ dev and PolNeAR training texts.
func BenchmarkCleanText(b *testing.B) {
	arts := benchTexts(b)
	var size int64
	for _, a := range arts {
		size += int64(len(a.Text))
	}
	ctx := context.Background()
	c := New(NewMemory())
	b.SetBytes(size / int64(len(arts)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a := arts[i%len(arts)]
		if err := c.Clean(ctx, &a); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkLineHash measures LineHash on the lines of the plain texts; one
// op hashes one line.
func BenchmarkLineHash(b *testing.B) {
	var lines []string
	for _, a := range benchTexts(b) {
		for l := range strings.SplitSeq(a.Text, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
	}
	i := 0
	for b.Loop() {
		LineHash(lines[i%len(lines)])
		i++
	}
}

package report

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/align"
)

// BenchmarkRender renders the consolidated bundled example (the snapshot
// in testdata) in each format, as one story and as 20 copies of it.
func BenchmarkRender(b *testing.B) {
	one := loadSnapshot(b)
	many := Report{SchemaVersion: SchemaVersion}
	for i := range 20 {
		s := one.Stories[0]
		s.ID = fmt.Sprintf("s%d", i)
		many.Stories = append(many.Stories, s)
	}
	for _, n := range []struct {
		name string
		rep  Report
	}{{"stories=1", one}, {"stories=20", many}} {
		for _, format := range Formats {
			b.Run(n.name+"/"+format, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := Render(io.Discard, n.rep, format, Options{Width: 80}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkFromConsolidation measures mapping align's result into the
// report schema, and BenchmarkExample the whole path from cleaned articles
// to a text report (align included) for scale.
func BenchmarkFromConsolidation(b *testing.B) {
	ctx := context.Background()
	arts, err := loadExampleArticles(ctx)
	if err != nil {
		b.Fatal(err)
	}
	c, err := align.Consolidate(ctx, arts, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		FromConsolidation(chorus.Story{ID: "x"}, arts, nil, c)
	}
}

func BenchmarkExample(b *testing.B) {
	ctx := context.Background()
	arts, err := loadExampleArticles(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s, err := Consolidate(ctx, chorus.Story{ID: "x"}, arts, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := Text(io.Discard, Report{Stories: []Story{s}}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

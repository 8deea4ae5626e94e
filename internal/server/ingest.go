package server

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/ingest"
)

// JSONLIngester is the Ingester over ingest.JSONL: the same fields, rules
// and per-line errors ("name:line: reason") as `chorus ingest` of a .jsonl
// file, except that a body with any bad line is refused whole.
type JSONLIngester struct {
	Store chorus.ArticleStore
	// Prepare runs on each article before it is stored (cleaning); an
	// error becomes a warning, as in the CLI. Optional.
	Prepare func(context.Context, *chorus.Article) error
	// After runs on the ids of new and updated articles (clustering).
	// Optional.
	After func(ctx context.Context, ids []string) error
}

var fieldRe = regexp.MustCompile(`field "([^"]+)"`)

// problemOf turns an ingest problem into an API problem with its line and
// field.
func problemOf(p ingest.Problem) Problem {
	out := Problem{Where: p.Where, Reason: p.Reason}
	if i := strings.LastIndexByte(p.Where, ':'); i >= 0 {
		out.Line, _ = strconv.Atoi(p.Where[i+1:])
	}
	if m := fieldRe.FindStringSubmatch(p.Reason); m != nil {
		out.Field = m[1]
	}
	return out
}

// Ingest reads body as JSONL and stores its articles in one batch.
func (g *JSONLIngester) Ingest(ctx context.Context, name string, body io.Reader) (IngestResult, error) {
	var res IngestResult
	var bad []Problem
	var arts []chorus.Article
	warn := func(p ingest.Problem) {
		if p.Skipped {
			bad = append(bad, problemOf(p))
		} else {
			res.Warnings = append(res.Warnings, problemOf(p))
		}
	}
	emit := func(a chorus.Article) error {
		if a.Origin == "" {
			a.Origin = name
		}
		arts = append(arts, a)
		return nil
	}
	if err := ingest.JSONL(ctx, name, body, emit, warn); err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	if len(bad) > 0 {
		return res, &InputError{Problems: bad}
	}
	if len(arts) == 0 {
		return res, &InputError{Problems: []Problem{{Where: name, Reason: "no articles in the body"}}}
	}
	res.Read = len(arts)
	for i := range arts {
		if g.Prepare == nil {
			break
		}
		if err := g.Prepare(ctx, &arts[i]); err != nil {
			res.Warnings = append(res.Warnings, Problem{Where: arts[i].Origin, Reason: "clean: " + err.Error()})
		}
	}
	put, err := g.Store.PutArticles(ctx, arts)
	if err != nil {
		return res, fmt.Errorf("ingest %s: %w", name, err)
	}
	res.New, res.Updated, res.Unchanged = put.New, put.Updated, put.Unchanged
	if g.After != nil {
		changed := append(append([]string{}, put.New...), put.Updated...)
		if len(changed) > 0 {
			if err := g.After(ctx, changed); err != nil {
				return res, fmt.Errorf("ingest %s: %w", name, err)
			}
		}
	}
	return res, nil
}

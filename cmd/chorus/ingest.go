package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/clean"
	"github.com/chorusnews/chorus/ingest"
	"github.com/chorusnews/chorus/sqlite"
)

func init() { commands = append(commands, newIngestCmd) }

// batchSize is how many articles one transaction writes.
const batchSize = 500

type ingestFlags struct {
	maxSize   int64
	noCluster bool
	quiet     bool
}

func newIngestCmd(a *app) *cobra.Command {
	var f ingestFlags
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Read articles from files, directories or - (standard input) into the database",
		Long: `Read articles into the database. PATH may be a file, a directory (read
recursively, hidden entries skipped) or - for standard input.

Formats, by extension (standard input is sniffed):
  .txt .md             one article a file; id = file name without extension
  .jsonl .ndjson       one article a line: id, url, outlet, title, authors,
                       published, language, and text or html; other fields
                       are kept as metadata
  .html .htm           main content and metadata extracted from the page
  .rss .atom .xml      RSS, Atom or JSON Feed (.json); each item an article
  .warc                each HTML response record an article
  any of these + .gz   decompressed first

A directory may hold sources.json mapping file ids to outlet, url and date.
Ingesting the same input twice changes nothing; the same id with new
content is an update. Each batch of articles is one transaction.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			sum, err := a.ingest(cmd.Context(), st, args, f)
			sum.print(a.stdout)
			return err
		},
	}
	cmd.Flags().Int64Var(&f.maxSize, "max-size", ingest.DefaultMaxSize, "refuse files larger than this many bytes (JSON Lines, which are streamed: lines)")
	cmd.Flags().BoolVar(&f.noCluster, "no-cluster", false, "do not assign the new articles to stories")
	cmd.Flags().BoolVarP(&f.quiet, "quiet", "q", false, "print no warnings as they happen (the summary still counts them)")
	return cmd
}

// ingestSummary is what one ingest run did.
type ingestSummary struct {
	result   chorus.PutResult
	read     int
	skipped  []ingest.Problem
	warnings []ingest.Problem
	elapsed  time.Duration
	// clustered is the time spent assigning the new and changed articles
	// to stories (0 when none were), mostly while storing went on;
	// clusterTail is the part of elapsed it took after the last batch was
	// stored.
	clustered, clusterTail time.Duration
}

func (s ingestSummary) print(w io.Writer) {
	fmt.Fprintf(w, "ingested %d articles in %s: %d new, %d updated, %d unchanged\n",
		s.read, s.elapsed.Round(time.Millisecond), len(s.result.New), len(s.result.Updated), len(s.result.Unchanged))
	if s.clustered > 0 {
		fmt.Fprintf(w, "assigned %d articles to stories in %s, %s of it after storing ended\n",
			len(s.result.New)+len(s.result.Updated), s.clustered.Round(time.Millisecond), s.clusterTail.Round(time.Millisecond))
	}
	printProblems(w, "skipped", s.skipped)
	printProblems(w, "warnings", s.warnings)
}

// printProblems lists problems grouped by reason, at most five places each.
func printProblems(w io.Writer, label string, ps []ingest.Problem) {
	if len(ps) == 0 {
		return
	}
	byReason := map[string][]string{}
	var reasons []string
	for _, p := range ps {
		r := reasonKey(p.Reason)
		if _, ok := byReason[r]; !ok {
			reasons = append(reasons, r)
		}
		byReason[r] = append(byReason[r], p.Where)
	}
	sort.SliceStable(reasons, func(i, j int) bool { return len(byReason[reasons[i]]) > len(byReason[reasons[j]]) })
	fmt.Fprintf(w, "%s %d:\n", label, len(ps))
	for _, r := range reasons {
		where := byReason[r]
		more := ""
		if len(where) > 5 {
			more = fmt.Sprintf(" and %d more", len(where)-5)
			where = where[:5]
		}
		fmt.Fprintf(w, "  %d × %s: %s%s\n", len(byReason[r]), r, strings.Join(where, ", "), more)
	}
}

// reasonKey groups reasons that differ only in detail after a colon.
func reasonKey(r string) string {
	if i := strings.Index(r, ": "); i > 0 && i < 40 {
		return r[:i]
	}
	return r
}

// ingest reads paths into the store batch by batch and, unless disabled,
// assigns the changed articles to stories.
func (a *app) ingest(ctx context.Context, st *sqlite.Store, paths []string, f ingestFlags) (ingestSummary, error) {
	start := time.Now()
	var sum ingestSummary
	prog := newProgress(a.stderr, start)
	warn := func(p ingest.Problem) {
		if p.Skipped {
			sum.skipped = append(sum.skipped, p)
		} else {
			sum.warnings = append(sum.warnings, p)
		}
		if !f.quiet {
			prog.clear()
			kind := "warning"
			if p.Skipped {
				kind = "skipped"
			}
			fmt.Fprintf(a.stderr, "%s: %s\n", kind, p)
		}
	}
	// A pipeline of three goroutines: the walker reads and parses, the
	// cleaner cleans a batch (its filters on all cores), the storer writes
	// the batch before in one transaction.
	// The outlet memory is written behind, every 20,000 articles and at
	// the end (see sqlite.MemoryBuffer).
	mem := st.MemoryBuffer(0)
	cl := clean.New(mem)
	var mu sync.Mutex  // guards sum and the progress display
	var storeErr error // the first failure to clean or store, under mu
	fail := func(err error) {
		mu.Lock()
		if storeErr == nil {
			storeErr = err
		}
		mu.Unlock()
	}
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return storeErr != nil
	}
	work := make(chan []chorus.Article, 1)
	cleaned := make(chan []chorus.Article, 1)
	done := make(chan struct{})
	// A fourth goroutine assigns what the storer stored to stories, a
	// chunk at a time; the storer runs on while it clusters, up to a
	// chunk ahead.
	var sink storySink
	if !f.noCluster && newStorySink != nil {
		sink = newStorySink(st)
	}
	toSink := make(chan []chorus.Article, clusterChunk/batchSize)
	sinkDone := make(chan struct{})
	go func() {
		defer close(sinkDone)
		for b := range toSink {
			if failed() {
				continue
			}
			if err := sink.add(ctx, b); err != nil {
				fail(err)
			}
		}
	}()
	opened := false
	go func() { // clean batch k+1 while batch k is stored
		defer close(cleaned)
		for b := range work {
			if failed() {
				continue // drain: the walker stops at its next batch
			}
			if err := cl.CleanBatch(ctx, b); err != nil {
				fail(err)
				continue
			}
			for k := range b {
				dropNoiseTitle(&b[k])
			}
			cleaned <- b
		}
	}()
	go func() {
		defer close(done)
		defer close(toSink)
		for b := range cleaned {
			if failed() {
				continue
			}
			res, err := st.PutArticles(ctx, b)
			if err != nil {
				fail(err)
				continue
			}
			mu.Lock()
			sum.result.Add(res)
			mu.Unlock()
			if sink == nil {
				continue
			}
			changed := changedOf(b, res)
			if len(changed) == 0 {
				continue
			}
			if !opened {
				// before anything else is stored: what is stored now
				// is restored, what is not yet is added
				opened = true
				ids := make([]string, len(changed))
				for i := range changed {
					ids[i] = changed[i].ID
				}
				if err := sink.open(ctx, ids); err != nil {
					fail(err)
					continue
				}
			}
			toSink <- changed
		}
	}()
	batch := make([]chorus.Article, 0, batchSize)
	emit := func(art chorus.Article) error {
		mu.Lock()
		sum.read++
		prog.count(sum.read)
		err := storeErr
		mu.Unlock()
		if err != nil {
			return err
		}
		batch = append(batch, art)
		if len(batch) == batchSize {
			work <- batch
			batch = make([]chorus.Article, 0, batchSize)
		}
		return nil
	}
	lockedWarn := func(p ingest.Problem) {
		mu.Lock()
		defer mu.Unlock()
		warn(p)
	}
	opts := ingest.Options{MaxSize: f.maxSize, Stdin: a.stdin, Progress: func(done, total int64) {
		mu.Lock()
		defer mu.Unlock()
		prog.set(done, total)
	}}
	err := ingest.Walk(ctx, paths, opts, emit, lockedWarn)
	if err == nil && len(batch) > 0 {
		work <- batch
	}
	close(work)
	<-done
	waited := time.Now()
	<-sinkDone
	tail := time.Since(waited)
	// what the memory holds is kept whether or not the ingest failed: it
	// counts the articles cleaned, stored or not, and each only once
	if ferr := mem.Flush(context.WithoutCancel(ctx)); ferr != nil && storeErr == nil {
		storeErr = ferr
	}
	if storeErr != nil && (err == nil || errors.Is(err, storeErr)) {
		err = storeErr
	}
	if err == nil && opened {
		t := time.Now()
		if err = sink.finish(ctx); err == nil {
			sum.clustered = sink.clustering()
			sum.clusterTail = tail + time.Since(t)
		}
	}
	prog.finish()
	sum.elapsed = time.Since(start)
	if err != nil {
		return sum, fmt.Errorf("ingest: %w", err)
	}
	return sum, nil
}

// preparer returns the per-article step run before storing: cleaning,
// with the store as the per-outlet boilerplate memory.
func (a *app) preparer(_ context.Context, st *sqlite.Store) (func(context.Context, *chorus.Article) error, error) {
	c := clean.New(st)
	return func(ctx context.Context, art *chorus.Article) error {
		if err := c.Clean(ctx, art); err != nil {
			return err
		}
		dropNoiseTitle(art)
		return nil
	}, nil
}

// dropNoiseTitle clears a title that ingest guessed from the first line of
// a text when cleaning removed that line as noise (a promo, a timestamp)
// rather than as the headline it repeats.
func dropNoiseTitle(art *chorus.Article) {
	if art.Title == "" {
		return
	}
	title := clean.LineHash(art.Title)
	for _, r := range art.Removed {
		if r.Filter != "title" && clean.LineHash(r.Text) == title {
			art.Title = ""
			return
		}
	}
}

// changedOf returns the articles of a stored batch that were new or
// changed.
func changedOf(b []chorus.Article, res chorus.PutResult) []chorus.Article {
	if len(res.New) == len(b) {
		return b
	}
	keep := make(map[string]bool, len(res.New)+len(res.Updated))
	for _, id := range res.New {
		keep[id] = true
	}
	for _, id := range res.Updated {
		keep[id] = true
	}
	var out []chorus.Article
	for _, art := range b {
		if keep[art.ID] {
			out = append(out, art)
		}
	}
	return out
}

// storySink assigns stored articles to stories while an ingest goes on.
// The storer calls open once, with the ids of the first new or changed
// articles it stored, before it stores anything else; add then receives,
// on the sink's own goroutine, each stored batch's new and changed
// articles in order; finish assigns what add still holds.
type storySink interface {
	open(ctx context.Context, fresh []string) error
	add(ctx context.Context, arts []chorus.Article) error
	finish(ctx context.Context) error
	clustering() time.Duration
}

// newStorySink returns the sink an ingest assigns stories with; the
// cluster stage sets it (stories_sink.go). Without it ingest only stores.
var newStorySink func(st *sqlite.Store) storySink

// afterIngestHook assigns the articles an ingest added or changed to
// stories; the cluster stage sets it (stories.go).
var afterIngestHook func(a *app, ctx context.Context, st *sqlite.Store, ids []string) error

func (a *app) afterIngest(ctx context.Context, st *sqlite.Store, ids []string) error {
	if afterIngestHook == nil {
		return nil
	}
	return afterIngestHook(a, ctx, st, ids)
}

// progress shows a bar on a terminal once an ingest has run for a second;
// it stays silent when standard error is not a terminal.
type progress struct {
	w       io.Writer
	start   time.Time
	tty     bool
	bar     *progressbar.ProgressBar
	done    int64
	total   int64
	records int
}

func newProgress(w io.Writer, start time.Time) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, start: start, tty: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *progress) set(done, total int64) {
	p.done, p.total = done, total
	p.render()
}

func (p *progress) count(n int) {
	p.records = n
	if n%100 == 0 {
		p.render()
	}
}

func (p *progress) render() {
	if !p.tty || p.total <= 0 {
		return
	}
	if p.bar == nil {
		if time.Since(p.start) < time.Second {
			return
		}
		p.bar = progressbar.NewOptions64(p.total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish(),
		)
	}
	p.bar.Describe(fmt.Sprintf("%d articles (%.0f/s)", p.records, float64(p.records)/time.Since(p.start).Seconds()))
	_ = p.bar.Set64(p.done)
}

func (p *progress) clear() {
	if p.bar != nil {
		_ = p.bar.Clear()
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

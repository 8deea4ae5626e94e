package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/cluster"
	"github.com/chorusnews/chorus/eval"
	"github.com/chorusnews/chorus/ingest"
)

func init() { commands = append(commands, newBenchCmd) }

func newBenchCmd(a *app) *cobra.Command {
	bench := &cobra.Command{
		Use:   "bench",
		Short: "Measure the speed and memory of pipeline stages on generated corpora",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var n, batch int
	var seed uint64
	opts := cluster.DefaultOptions()
	var data, profile, memProfile, partition string
	c := &cobra.Command{
		Use:   "cluster",
		Short: "Cluster a generated corpus of N articles and print articles/s and peak memory",
		Long: `Build a corpus of N articles from the real ECB+ texts (--data, default
$CHORUS_DATA/ecbplus/dev.jsonl): each generated story takes the sentences
of one real event, gets its own invented names, numbers and date, and each
of its articles mixes 8-25 of those sentences (plus a few from other
events); one article in ten is a wire reprint of another with other
boilerplate. The corpus is then clustered in batches of --batch articles
as ingest would, and the command prints articles/s, peak memory (RSS),
and the BCubed score against the generated stories.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n <= 0 || batch <= 0 {
				return usageError{errors.New("--n and --batch must be positive")}
			}
			if data == "" {
				data = sharedData("ecbplus", "dev.jsonl")
			}
			if profile != "" {
				pf, err := os.Create(profile)
				if err != nil {
					return err
				}
				defer pf.Close()
				if err := pprof.StartCPUProfile(pf); err != nil {
					return err
				}
				defer pprof.StopCPUProfile()
			}
			err := runBenchCluster(cmd.Context(), a, opts, data, n, batch, seed, partition)
			if memProfile != "" {
				mf, ferr := os.Create(memProfile)
				if ferr != nil {
					return ferr
				}
				defer mf.Close()
				if ferr := pprof.Lookup("heap").WriteTo(mf, 0); ferr != nil {
					return ferr
				}
			}
			return err
		},
	}
	c.Flags().IntVar(&n, "n", 100000, "number of articles")
	c.Flags().IntVar(&batch, "batch", 10000, "articles per clustering batch")
	c.Flags().Uint64Var(&seed, "seed", 1, "random seed of the generated corpus")
	c.Flags().StringVar(&data, "data", "", "JSON Lines file of real articles with a subtopic field")
	c.Flags().IntVar(&opts.MaxPostings, "max-postings", opts.MaxPostings, "postings of a term a query reads (newest first)")
	c.Flags().IntVar(&opts.QueryTerms, "query-terms", opts.QueryTerms, "heaviest terms of an article that retrieve its candidates")
	c.Flags().IntVar(&opts.IndexTerms, "index-terms", opts.IndexTerms, "heaviest terms of an article that list it in their postings")
	c.Flags().IntVar(&opts.Neighbours, "neighbours", opts.Neighbours, "most similar articles each article keeps")
	c.Flags().IntVar(&opts.EnoughCandidates, "enough-candidates", opts.EnoughCandidates, "skip long postings lists once a query has this many times the candidates it compares (0: never)")
	c.Flags().StringVar(&profile, "cpuprofile", "", "write a CPU profile to this file")
	c.Flags().StringVar(&memProfile, "memprofile", "", "write a heap profile to this file at the end")
	c.Flags().StringVar(&partition, "partition", "", "write each article's id and story id, one pair a line in id order, to this file (to compare builds)")
	bench.AddCommand(c, newBenchCorpusCmd(a))
	return bench
}

func runBenchCluster(ctx context.Context, a *app, opts cluster.Options, data string, n, batch int, seed uint64, partition string) error {
	gen, err := loadCorpusGen(ctx, data, seed)
	if err != nil {
		return err
	}
	// articles are generated batch by batch, as an ingest would read them,
	// so only the clustering state stays in memory
	gold := make(map[string]string, n)
	ids := make([]string, 0, n)
	var pending []chorus.Article
	nextBatch := func() []chorus.Article {
		out := make([]chorus.Article, 0, min(batch, n))
		for len(out) < batch && len(ids) < n {
			if len(pending) == 0 {
				pending = gen.story()
			}
			art := pending[0]
			pending = pending[1:]
			gold[art.ID] = fmt.Sprint(art.Meta["story"])
			art.Meta = nil
			ids = append(ids, art.ID)
			out = append(out, art)
		}
		return out
	}
	runtime.GC()
	start := time.Now()
	var genTime time.Duration
	var bytes int
	c := cluster.New(opts)
	for len(ids) < n {
		t0 := time.Now()
		arts := nextBatch()
		genTime += time.Since(t0)
		for _, art := range arts {
			bytes += len(art.Text)
		}
		if _, err := c.Add(ctx, arts); err != nil {
			return err
		}
	}
	elapsed := time.Since(start) - genTime
	fmt.Fprintf(a.stdout, "generated %d articles (%d stories, mean %.0f bytes) in %s\n", n, gen.stories, float64(bytes)/float64(n), genTime.Round(time.Millisecond))
	pred := make(map[string]string, n)
	for _, id := range ids {
		pred[id] = c.StoryOf(id)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(a.stdout, "clustered %d articles in batches of %d on %d cores: %s, %.0f articles/s\n", n, batch, runtime.GOMAXPROCS(0), elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds())
	fmt.Fprintf(a.stdout, "peak RSS %s (Go heap in use now %s, obtained from OS %s)\n", benchHuman(peakRSS()), benchHuman(int64(ms.HeapInuse)), benchHuman(int64(ms.Sys)))
	st := c.Stats()
	fmt.Fprintf(a.stdout, "index: %d stories, %d terms, %.1f terms and %.1f postings and %.1f neighbour links per article\n", st.Stories, st.Terms, float64(st.DocTerms)/float64(st.Articles), float64(st.Postings)/float64(st.Articles), float64(st.Edges)/float64(st.Articles))
	s := eval.ScoreClusters(gold, pred)
	fmt.Fprintf(a.stdout, "against the generated stories: %d predicted for %d; BCubed P %.4f R %.4f F1 %.4f\n", s.Predicted, s.GoldClusters, s.BCubedP, s.BCubedR, s.BCubedF1)
	if partition != "" {
		if err := writePartition(partition, ids, pred, c.Stories()); err != nil {
			return err
		}
	}
	return nil
}

// writePartition writes "article<TAB>story<TAB>story title" lines in
// article id order.
func writePartition(path string, ids []string, pred map[string]string, stories []cluster.Story) error {
	title := make(map[string]string, len(stories))
	for _, st := range stories {
		title[st.ID] = st.Title
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(id)
		b.WriteByte('\t')
		b.WriteString(pred[id])
		b.WriteByte('\t')
		b.WriteString(title[pred[id]])
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write partition: %w", err)
	}
	return nil
}

// loadCorpusGen reads the real events a generated corpus draws on: the
// sentences of each subtopic of a JSON Lines file.
func loadCorpusGen(ctx context.Context, data string, seed uint64) (*corpusGen, error) {
	f, err := os.Open(data)
	if errors.Is(err, os.ErrNotExist) {
		return nil, usageError{fmt.Errorf("bench data: %w (use --data FILE)", err)}
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	events := map[string][]string{}
	var order []string
	err = ingest.JSONL(ctx, data, f, func(art chorus.Article) error {
		key := fmt.Sprint(art.Meta["subtopic"])
		if _, ok := events[key]; !ok {
			order = append(order, key)
		}
		for _, line := range strings.Split(art.Text, "\n") {
			if len(strings.Fields(line)) >= 5 {
				events[key] = append(events[key], strings.TrimSpace(line))
			}
		}
		return nil
	}, func(ingest.Problem) {})
	if err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("bench: no articles in %s", data)
	}
	return newCorpusGen(seed, events, order), nil
}

// peakRSS is the process's maximum resident set size in bytes.
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss * 1024 // Linux reports KiB
}

func benchHuman(b int64) string {
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

// corpusGen builds stories from the sentences of real events.
type corpusGen struct {
	rng     *rand.Rand
	events  map[string][]string
	order   []string
	stories int
	next    int
	base    time.Time
}

func newCorpusGen(seed uint64, events map[string][]string, order []string) *corpusGen {
	return &corpusGen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), events: events, order: order,
		base: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
}

var benchSyllables = []string{"ka", "lo", "mi", "ran", "tes", "vo", "zu", "ber", "dan", "el", "fi", "gor", "hal", "ith", "jun", "kor", "lin", "mar", "nel", "os", "pra", "quin", "ros", "sal", "tor", "ul", "ven", "wil", "xa", "yor"}

func (g *corpusGen) name() string {
	var b strings.Builder
	for k := range 2 + g.rng.IntN(2) {
		s := benchSyllables[g.rng.IntN(len(benchSyllables))]
		if k == 0 {
			s = strings.ToUpper(s[:1]) + s[1:]
		}
		b.WriteString(s)
	}
	return b.String()
}

var benchBoilerplate = []string{"Subscribe to our newsletter.", "Share this article.", "Advertisement", "Read more: related coverage", "All rights reserved.", "Follow us on social media."}

// story generates the articles of one new story.
func (g *corpusGen) story() []chorus.Article {
	g.stories++
	ev := g.events[g.order[g.rng.IntN(len(g.order))]]
	names := []string{g.name() + " " + g.name(), g.name(), g.name() + " " + g.name()}
	nums := []string{fmt.Sprint(g.rng.IntN(900) + 10), fmt.Sprint(g.rng.IntN(90000) + 1000)}
	day := g.base.Add(time.Duration(g.rng.IntN(3*365*24)) * time.Hour)
	size := 1 + g.rng.IntN(15)
	var out []chorus.Article
	for range size {
		g.next++
		id := fmt.Sprintf("g%08d", g.next)
		pub := day.Add(time.Duration(g.rng.IntN(48*60)) * time.Minute)
		if len(out) > 0 && g.rng.IntN(10) == 0 {
			// wire reprint of an earlier article with other boilerplate
			src := out[g.rng.IntN(len(out))]
			text := benchBoilerplate[g.rng.IntN(len(benchBoilerplate))] + "\n" + src.Text + "\n" + benchBoilerplate[g.rng.IntN(len(benchBoilerplate))]
			out = append(out, chorus.Article{ID: id, Title: src.Title, Text: text, Published: pub, Meta: map[string]any{"story": g.stories}})
			continue
		}
		var b strings.Builder
		k := 8 + g.rng.IntN(18)
		b.Grow(k * 160) // about the text's size: growing by doubling left 3x the garbage
		for s := range k {
			var sent string
			if g.rng.IntN(8) == 0 {
				other := g.events[g.order[g.rng.IntN(len(g.order))]]
				sent = other[g.rng.IntN(len(other))]
			} else {
				sent = ev[g.rng.IntN(len(ev))]
			}
			if s%3 == 0 {
				sent = names[g.rng.IntN(len(names))] + " said " + nums[g.rng.IntN(len(nums))] + " people were involved. " + sent
			}
			b.WriteString(sent)
			b.WriteString("\n")
		}
		title := names[0] + ": " + strings.Join(strings.Fields(ev[g.rng.IntN(len(ev))])[:4], " ")
		out = append(out, chorus.Article{ID: id, Title: title, Text: b.String(), Published: pub, Meta: map[string]any{"story": g.stories}})
	}
	return out
}

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/clean"
	"github.com/chorusnews/chorus/cluster"
	"github.com/chorusnews/chorus/eval"
	"github.com/chorusnews/chorus/ingest"
	"github.com/chorusnews/chorus/internal/evaldata"
	"github.com/chorusnews/chorus/sqlite"
)

func init() { evalCommands = append(evalCommands, newEvalClusterCmd, newEvalPairsCmd) }

// sharedData resolves a file of the shared evaluation data.
func sharedData(parts ...string) string { return evaldata.Path(parts...) }

func newEvalClusterCmd(a *app) *cobra.Command {
	var data, label string
	var by []string
	var asJSON bool
	var chunks int
	cmd := &cobra.Command{
		Use:   "cluster",
		Short: "Score story clustering against labelled articles (ECB+)",
		Long: `Ingest a JSON Lines file into a temporary database, cluster it as
'chorus ingest' does, and print BCubed and pairwise precision, recall and
F1 of the stories and of the near-copy groups against the --label field
(and each --by field). The number of stories is not given to the
clustering. --chunks N ingests the data in N parts, each clustered
incrementally, and prints the clustering time to standard error. --data
defaults to $CHORUS_DATA/ecbplus/dev.jsonl, else
../shared/data/ecbplus/dev.jsonl.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if data == "" {
				data = sharedData("ecbplus", "dev.jsonl")
			}
			f, err := os.Open(data)
			if errors.Is(err, os.ErrNotExist) {
				return usageError{fmt.Errorf("cluster data: %w (use --data FILE)", err)}
			}
			if err != nil {
				return err
			}
			defer f.Close()
			if chunks < 1 {
				return usageError{errors.New("--chunks must be at least 1")}
			}
			dir, err := os.MkdirTemp("", "chorus-eval-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			st, err := sqlite.Open(ctx, filepath.Join(dir, "eval.db"))
			if err != nil {
				return err
			}
			defer st.Close()
			var arts []chorus.Article
			err = ingest.JSONL(ctx, data, f, func(art chorus.Article) error {
				arts = append(arts, art)
				return nil
			}, func(p ingest.Problem) { fmt.Fprintf(a.stderr, "chorus: %s\n", p) })
			if err != nil {
				return err
			}
			// ingest in --chunks consecutive parts, each clustered as an
			// ingest would be, and time the clustering
			var clusterTime time.Duration
			var chunkTimes []string
			for k := range chunks {
				part := arts[k*len(arts)/chunks : (k+1)*len(arts)/chunks]
				res, err := st.PutArticles(ctx, part)
				if err != nil {
					return err
				}
				start := time.Now()
				if err := a.clusterNew(ctx, st, append(res.New, res.Updated...)); err != nil {
					return err
				}
				d := time.Since(start)
				clusterTime += d
				chunkTimes = append(chunkTimes, fmt.Sprintf("%.0f", d.Seconds()*1000))
			}
			fmt.Fprintf(a.stderr, "clustered %d articles in %d chunks: %.3f s (ms per chunk: %s)\n",
				len(arts), chunks, clusterTime.Seconds(), strings.Join(chunkTimes, " "))
			members, err := st.StoryMembers(ctx)
			if err != nil {
				return err
			}
			story, copies := map[string]string{}, map[string]string{}
			for _, m := range members {
				story[m.ArticleID] = m.StoryID
				copies[m.ArticleID] = m.CopyGroup
			}
			type row struct {
				Level  string             `json:"level"`
				Label  string             `json:"label"`
				Scores eval.ClusterScores `json:"scores"`
			}
			var rows []row
			for _, l := range append([]string{label}, by...) {
				gold := map[string]string{}
				for _, art := range arts {
					if v, ok := art.Meta[l]; ok {
						gold[art.ID] = fmt.Sprint(v)
					}
				}
				if len(gold) == 0 {
					return usageError{fmt.Errorf("no article of %s has the field %q", data, l)}
				}
				rows = append(rows, row{"stories", l, eval.ScoreClusters(gold, story)}, row{"near-copies", l, eval.ScoreClusters(gold, copies)})
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			for _, r := range rows {
				fmt.Fprintf(a.stdout, "%s by %s:\n%s\n\n", r.Level, r.Label, r.Scores)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "JSON Lines file of labelled articles")
	cmd.Flags().StringVar(&label, "label", "subtopic", "field holding the gold story")
	cmd.Flags().StringSliceVar(&by, "by", []string{"topic"}, "further label fields to score against")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().IntVar(&chunks, "chunks", 1, "ingest and cluster the data in this many consecutive parts (incremental clustering)")
	return cmd
}

func newEvalPairsCmd(a *app) *cobra.Command {
	var data, lang string
	var asJSON, cleanText bool
	cmd := &cobra.Command{
		Use:   "pairs",
		Short: "Score the story-similarity function on SemEval-2022 Task 8 pairs",
		Long: `Compute the story similarity of each base pair (augmented rows, whose
pair_id ends in letters, are left out) in the --lang language and print
its Pearson correlation with the gold Overall rating, sign flipped (Overall
1 means same story). The texts are cleaned first, as ingest cleans them
(--clean=false scores the raw texts). Term weights come from the texts of
the scored pairs.
--data defaults to $CHORUS_DATA/semeval2022-task8/train.csv.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if data == "" {
				data = sharedData("semeval2022-task8", "train.csv")
			}
			f, err := os.Open(data)
			if errors.Is(err, os.ErrNotExist) {
				return usageError{fmt.Errorf("pairs data: %w (use --data FILE)", err)}
			}
			if err != nil {
				return err
			}
			defer f.Close()
			pairs, err := eval.LoadSemEvalPairs(f, lang)
			if err != nil {
				return err
			}
			if len(pairs) < 2 {
				return fmt.Errorf("pairs: %d %s pairs in %s", len(pairs), lang, data)
			}
			var arts []chorus.Article
			for _, p := range pairs {
				arts = append(arts, chorus.Article{ID: p.ID + "/1", Text: p.Text1, Language: p.Lang1},
					chorus.Article{ID: p.ID + "/2", Text: p.Text2, Language: p.Lang2})
			}
			if cleanText {
				// as ingest does: the similarity sees the cleaned text
				cl := clean.New(clean.NewMemory())
				for k := range arts {
					if err := cl.Clean(ctx, &arts[k]); err != nil {
						return fmt.Errorf("pairs: clean %s: %w", arts[k].ID, err)
					}
				}
			}
			c := cluster.New(cluster.DefaultOptions())
			if err := c.Restore(ctx, arts, nil); err != nil {
				return err
			}
			sims, gold := make([]float64, len(pairs)), make([]float64, len(pairs))
			for i, p := range pairs {
				if sims[i], err = c.Similarity(p.ID+"/1", p.ID+"/2"); err != nil {
					return err
				}
				gold[i] = -p.Overall
			}
			r := eval.Pearson(sims, gold)
			cos := make([]float64, len(sims))
			for i, s := range sims {
				cos[i] = s * s
			}
			rc := eval.Pearson(cos, gold)
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(map[string]any{"pairs": len(pairs), "language": lang, "pearson": r, "pearson_cosine": rc})
			}
			fmt.Fprintf(a.stdout, "SemEval-2022 task 8 %s, %d base pairs (%s-%s): Pearson %.4f (raw cosine %.4f)\n", data, len(pairs), lang, lang, r, rc)
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "SemEval-2022 task 8 CSV")
	cmd.Flags().StringVar(&lang, "lang", "en", "language of both articles of a pair")
	cmd.Flags().BoolVar(&cleanText, "clean", true, "clean the texts first, as ingest does (--clean=false: raw texts)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

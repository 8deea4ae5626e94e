package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
)

// newBenchCorpusCmd writes the generated corpus of `bench cluster` as JSON
// Lines, so that the whole ingest (reading, cleaning, storing, clustering)
// can be timed on it with `chorus ingest`.
func newBenchCorpusCmd(a *app) *cobra.Command {
	var n int
	var seed uint64
	var data, out string
	c := &cobra.Command{
		Use:   "corpus",
		Short: "Write the generated corpus of `bench cluster` as JSON Lines",
		Long: `Write N generated articles (see "chorus bench cluster --help") as JSON
Lines with id, title, text, published and the generated story in "story",
to --out or standard output. Ingest them with "chorus ingest FILE" to time
the whole ingest; "chorus eval cluster --data FILE --label story" scores
the stories.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n <= 0 {
				return usageError{errors.New("--n must be positive")}
			}
			if data == "" {
				data = sharedData("ecbplus", "dev.jsonl")
			}
			gen, err := loadCorpusGen(cmd.Context(), data, seed)
			if err != nil {
				return err
			}
			w := a.stdout
			if out != "" && out != "-" {
				f, err := os.Create(out)
				if err != nil {
					return err
				}
				defer f.Close()
				w = f
			}
			if err := writeCorpus(w, gen, n); err != nil {
				return fmt.Errorf("bench corpus: %w", err)
			}
			return nil
		},
	}
	c.Flags().IntVar(&n, "n", 100000, "number of articles")
	c.Flags().Uint64Var(&seed, "seed", 1, "random seed of the generated corpus")
	c.Flags().StringVar(&data, "data", "", "JSON Lines file of real articles with a subtopic field")
	c.Flags().StringVarP(&out, "out", "o", "", "output file (default: standard output)")
	return c
}

func writeCorpus(w io.Writer, gen *corpusGen, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	written := 0
	for written < n {
		for _, art := range gen.story() {
			if written == n {
				break
			}
			rec := struct {
				ID        string `json:"id"`
				Title     string `json:"title"`
				Text      string `json:"text"`
				Published string `json:"published"`
				Story     string `json:"story"`
			}{art.ID, art.Title, art.Text, art.Published.Format(time.RFC3339), fmt.Sprint(art.Meta["story"])}
			if err := enc.Encode(rec); err != nil {
				return err
			}
			written++
		}
	}
	return bw.Flush()
}

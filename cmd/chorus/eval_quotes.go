package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/chorusnews/chorus/eval"
	"github.com/chorusnews/chorus/quote"
)

func init() { evalCommands = append(evalCommands, newEvalQuotesCmd) }

func newEvalQuotesCmd(a *app) *cobra.Command {
	var dir string
	var asJSON, showErrors bool
	cmd := &cobra.Command{
		Use:   "quotes",
		Short: "Score direct-quote extraction and speaker attribution on PolNeAR",
		Long: `Score quote extraction against a PolNeAR split (DIR/text, DIR/attributions).
Gold quotes come from the first annotation file of each article: every
attribution whose content is enclosed in quotation marks (split parts
joined by a space) and every quoted segment inside any other attribution's
content. Texts are compared as lower-cased word sequences. Speaker accuracy
is over matched gold quotes whose source holds a capitalised name.
DIR defaults to $CHORUS_DATA/polnear/dev, else ../shared/data/polnear/dev.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" {
				base := os.Getenv("CHORUS_DATA")
				if base == "" {
					base = filepath.Join("..", "shared", "data")
				}
				dir = filepath.Join(base, "polnear", "dev")
			}
			s, err := eval.RunQuotes(cmd.Context(), dir, quote.Extract, showErrors)
			if errors.Is(err, os.ErrNotExist) {
				return usageError{fmt.Errorf("polnear data: %w (use --data DIR)", err)}
			}
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(s)
			}
			for _, e := range s.Errors {
				fmt.Fprintf(a.stdout, "%-8s %s | %q | speaker=%q gold=%q\n", e.Kind, e.Article, e.Text, e.Speaker, e.Gold)
			}
			fmt.Fprintf(a.stdout, "PolNeAR %s: %d articles, %d gold quotes, %d predicted, %d exact matches\n", dir, s.Articles, s.Gold, s.Predicted, s.Matched)
			fmt.Fprintf(a.stdout, "exact match  P %.3f  R %.3f  F1 %.3f\n", s.Precision, s.Recall, s.F1)
			fmt.Fprintf(a.stdout, "speaker accuracy %.3f (%d/%d matched gold quotes with a named source)\n", s.SpeakerAccuracy, s.SpeakerCorrect, s.SpeakerGold)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "data", "", "PolNeAR split directory holding text/ and attributions/")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the score as JSON")
	cmd.Flags().BoolVar(&showErrors, "errors", false, "list every missed, spurious and misattributed quote")
	return cmd
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/markusmobius/go-trafilatura"
	"github.com/spf13/cobra"

	"github.com/chorusnews/chorus/clean"
	"github.com/chorusnews/chorus/eval"
)

func init() { evalCommands = append(evalCommands, newEvalExtractionCmd) }

func newEvalExtractionCmd(a *app) *cobra.Command {
	var data string
	var baseline, asJSON bool
	cmd := &cobra.Command{
		Use:   "extraction",
		Short: "Score article extraction and cleaning (article-extraction benchmark)",
		Long: `Run what 'chorus extract' does on every page of DIR/html and score the
article bodies against DIR/ground-truth.json with the benchmark's metric
(4-gram shingles of \w+ tokens, per-page precision and recall averaged,
F1 of the means). Prints F1, precision and recall; --baseline adds a line
for go-trafilatura alone (EnableFallback, as the benchmark runs it) and a
line for Chorus's extraction without the cleaning filters. --data defaults
to $CHORUS_DATA/article-extraction, else ../shared/data/article-extraction.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if data == "" {
				data = sharedData("article-extraction")
			}
			if _, err := os.Stat(filepath.Join(data, "ground-truth.json")); errors.Is(err, os.ErrNotExist) {
				return usageError{fmt.Errorf("extraction data: %w (use --data DIR)", err)}
			}
			type row struct {
				Name string `json:"name"`
				eval.ExtractionScore
			}
			var rows []row
			run := func(name string, fn eval.ExtractFunc) error {
				s, _, err := eval.RunExtraction(ctx, data, fn)
				if err != nil && ctx.Err() != nil {
					return err
				}
				if err != nil {
					fmt.Fprintf(a.stderr, "chorus: %s: %v\n", name, err)
				}
				rows = append(rows, row{name, s})
				return nil
			}
			if err := run("chorus", chorusExtractFunc(true)); err != nil {
				return err
			}
			if baseline {
				if err := run("chorus-no-filters", chorusExtractFunc(false)); err != nil {
					return err
				}
				if err := run("go-trafilatura", trafilaturaBaseline); err != nil {
					return err
				}
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			for _, r := range rows {
				fmt.Fprintf(a.stdout, "%-18s F1 %.4f  precision %.4f  recall %.4f  (%d pages)\n", r.Name, r.F1, r.Precision, r.Recall, r.Pages)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "benchmark directory holding html/ and ground-truth.json")
	cmd.Flags().BoolVar(&baseline, "baseline", false, "also score go-trafilatura alone and extraction without filters")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// chorusExtractFunc is `chorus extract` as an eval.ExtractFunc: one
// cleaner (with its outlet memory) for the whole run, and, like the
// command, no page URL (the benchmark gives extractors the HTML only).
func chorusExtractFunc(doClean bool) eval.ExtractFunc {
	cl := clean.New(clean.NewMemory())
	return func(ctx context.Context, name string, data []byte, _ string) (string, error) {
		art, err := extractArticle(ctx, cl, name, data, "", doClean)
		if err != nil {
			return "", err
		}
		return art.CleanText, nil
	}
}

// trafilaturaBaseline is go-trafilatura alone, configured as the benchmark
// runs it.
func trafilaturaBaseline(_ context.Context, name string, data []byte, _ string) (string, error) {
	res, err := trafilatura.Extract(bytes.NewReader(data), trafilatura.Options{EnableFallback: true})
	if err != nil {
		return "", fmt.Errorf("go-trafilatura %s: %w", name, err)
	}
	return res.ContentText, nil
}

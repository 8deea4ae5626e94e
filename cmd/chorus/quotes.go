package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chorusnews/chorus/quote"
)

func init() { commands = append(commands, newQuotesCmd) }

// quoteJSON is one quote in the output of `chorus quotes --json`.
type quoteJSON struct {
	Text    string       `json:"text"`
	Start   int          `json:"start"`
	End     int          `json:"end"`
	Speaker string       `json:"speaker"`
	Cue     string       `json:"cue"`
	Parts   []quote.Span `json:"parts,omitempty"`
}

func newQuotesCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "quotes FILE...",
		Short: "List the direct quotes in text files and who said them",
		Long: `Find the direct quotes in each text file and attribute each to its speaker.
Offsets are Unicode code points into the file's content. With --json the
output is one object mapping each file's base name (extensions stripped)
to [{"text","start","end","speaker","cue"}]; a quote split by its
attribution also lists its "parts".`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			out := map[string][]quoteJSON{}
			var order []string
			for _, path := range args {
				if err := cmd.Context().Err(); err != nil {
					return err
				}
				data, err := os.ReadFile(path)
				if err != nil {
					if errors.Is(err, os.ErrNotExist) {
						return usageError{fmt.Errorf("read %s: %w", path, err)}
					}
					return fmt.Errorf("read %s: %w", path, err)
				}
				name := filepath.Base(path)
				for ext := filepath.Ext(name); ext != "" && ext != name; ext = filepath.Ext(name) {
					name = strings.TrimSuffix(name, ext)
				}
				qs := []quoteJSON{}
				for _, q := range quote.Extract(string(data)) {
					qs = append(qs, quoteJSON{Text: q.Text, Start: q.Start, End: q.End, Speaker: q.Speaker, Cue: q.Cue, Parts: q.Parts})
				}
				if _, seen := out[name]; !seen {
					order = append(order, name)
				}
				out[name] = qs
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(out); err != nil {
					return fmt.Errorf("write quotes: %w", err)
				}
				return nil
			}
			for _, name := range order {
				fmt.Fprintf(a.stdout, "%s: %d quotes\n", name, len(out[name]))
				for _, q := range out[name] {
					speaker := q.Speaker
					if speaker == "" {
						speaker = "(unattributed)"
					}
					fmt.Fprintf(a.stdout, "  %s [%s]: “%s”\n", speaker, q.Cue, quoteSaid(q))
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func quoteSaid(q quoteJSON) string {
	if len(q.Parts) == 0 {
		return q.Text
	}
	s := make([]string, len(q.Parts))
	for i, p := range q.Parts {
		s[i] = p.Text
	}
	return strings.Join(s, " … ")
}

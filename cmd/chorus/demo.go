package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/examples"
)

func init() { commands = append(commands, newDemoCmd) }

func newDemoCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Run Chorus on the bundled example (five reports of one event) in a temporary database",
		Long: `Copy the bundled example — five reports of US Defense Secretary Pete
Hegseth's remarks in Brussels on 12 February 2025, two of them machine
translations — into a temporary directory, ingest it into a temporary
database and show what Chorus makes of it. Nothing is written elsewhere.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			tmp, err := os.MkdirTemp("", "chorus-demo-")
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			defer os.RemoveAll(tmp)
			dir := filepath.Join(tmp, "brussels-2025")
			if err := os.CopyFS(tmp, examples.Brussels2025); err != nil {
				return fmt.Errorf("demo: unpack example: %w", err)
			}
			if _, err := fs.Stat(examples.Brussels2025, "brussels-2025"); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			a.dbPath = filepath.Join(tmp, "demo.db")
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			fmt.Fprintf(a.stdout, "Chorus demo: the bundled example, ingested into a temporary database.\n\n")
			sum, err := a.ingest(ctx, st, []string{dir}, ingestFlags{quiet: true})
			if err != nil {
				return err
			}
			sum.print(a.stdout)
			arts, err := st.Articles(ctx, chorus.ListOptions{})
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout)
			printArticleTable(a.stdout, arts)
			fmt.Fprintln(a.stdout, "\nThe articles were cleaned and grouped into stories. The report on each story:")
			fmt.Fprintln(a.stdout)
			return a.demoReport(ctx, st)
		},
	}
}

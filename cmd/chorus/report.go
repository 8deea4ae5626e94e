package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/report"
	"github.com/chorusnews/chorus/sqlite"
)

func init() { commands = append(commands, newReportCmd) }

// storyReader is what the report command reads from the store.
type storyReader interface {
	Stories(ctx context.Context) ([]chorus.Story, error)
	StoryMembers(ctx context.Context) ([]sqlite.StoryMember, error)
	Article(ctx context.Context, id string) (chorus.Article, error)
}

var _ storyReader = (*sqlite.Store)(nil)

type reportFlags struct {
	format      string
	out         string
	minArticles int
	width       int
	color       string
}

func newReportCmd(a *app) *cobra.Command {
	var f reportFlags
	cmd := &cobra.Command{
		Use:   "report [STORY|all]",
		Short: "Show what a story's sources corroborate, quote, dispute and report alone",
		Long: `Consolidate a story — or every story with at least --min-articles
articles ("all", the default) — and report, per story: the claims the
sources share (with how many independent sources), who said what (each
outlet's wording and how faithful it is), where the sources conflict,
what only one source reports, the entities and their spellings, and a
profile of every source (machine-translation likelihood and why, quote
fidelity, boilerplate removed). No verdict of truth is given.

Formats: text (terminal layout, colour on a terminal), md (Markdown),
json (the stable schema of docs/report-schema.md) and html (one
self-contained page). Story ids are listed by "chorus stories".`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(report.Formats, f.format) {
				return usageError{fmt.Errorf("unknown --format %q: want %s", f.format, strings.Join(report.Formats, ", "))}
			}
			if !slices.Contains([]string{"auto", "always", "never"}, f.color) {
				return usageError{fmt.Errorf("unknown --color %q: want auto, always or never", f.color)}
			}
			which := "all"
			if len(args) == 1 {
				which = args[0]
			}
			ctx := cmd.Context()
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			rep, err := buildReport(ctx, st, which, f.minArticles)
			if err != nil {
				return err
			}
			if f.out == "" || f.out == "-" {
				return report.Render(a.stdout, rep, f.format, a.reportOptions(a.stdout, f))
			}
			return writeReportFile(f.out, rep, f.format, a.reportOptions(nil, f))
		},
	}
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: text, md, json or html")
	cmd.Flags().StringVarP(&f.out, "output", "o", "", "write to this file instead of standard output")
	cmd.Flags().IntVar(&f.minArticles, "min-articles", 2, `with "all", report only stories with at least this many articles`)
	cmd.Flags().IntVar(&f.width, "width", 0, "text line width (default: the terminal's, or $COLUMNS, or 80)")
	cmd.Flags().StringVar(&f.color, "color", "auto", "colour text output: auto (on a terminal, unless NO_COLOR is set), always or never")
	return cmd
}

// writeReport consolidates the stories named by which ("all" or a story
// id) and writes them to w; `chorus demo` prints its report with it:
//
//	a.writeReport(ctx, st, "all", "text", a.stdout)
func (a *app) writeReport(ctx context.Context, st *sqlite.Store, which, format string, w io.Writer) error {
	rep, err := buildReport(ctx, st, which, 2)
	if err != nil {
		return err
	}
	return report.Render(w, rep, format, a.reportOptions(w, reportFlags{color: "auto"}))
}

// reportOptions sizes and colours text output for the writer: colour and
// the terminal width only when w is a terminal.
func (a *app) reportOptions(w io.Writer, f reportFlags) report.Options {
	opts := report.Options{Width: f.width}
	tty := false
	if file, ok := w.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
		tty = true
		if opts.Width == 0 {
			if cols, _, err := term.GetSize(int(file.Fd())); err == nil && cols > 0 {
				opts.Width = min(cols, 120)
			}
		}
	}
	if opts.Width == 0 {
		if cols, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && cols > 0 {
			opts.Width = min(cols, 120)
		}
	}
	switch f.color {
	case "always":
		opts.Color = true
	case "auto":
		opts.Color = tty && os.Getenv("NO_COLOR") == ""
	}
	return opts
}

// writeReportFile renders into a file, removing it if rendering fails.
func writeReportFile(path string, rep report.Report, format string, opts report.Options) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	err = report.Render(f, rep, format, opts)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write report %s: %w", path, cerr)
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// buildReport consolidates one story (by id) or, for "all", every story
// with at least minArticles articles, largest first.
func buildReport(ctx context.Context, st storyReader, which string, minArticles int) (report.Report, error) {
	rep := report.Report{SchemaVersion: report.SchemaVersion, Stories: []report.Story{}}
	stories, err := st.Stories(ctx)
	if err != nil {
		return rep, fmt.Errorf("report: %w", err)
	}
	if len(stories) == 0 {
		return rep, errors.New("report: no stories in the database: ingest articles first (they are grouped into stories as they are read) or run chorus recluster")
	}
	var chosen []chorus.Story
	if which == "all" {
		for _, s := range stories {
			if len(s.ArticleIDs) >= minArticles {
				chosen = append(chosen, s)
			}
		}
	} else {
		i := slices.IndexFunc(stories, func(s chorus.Story) bool { return s.ID == which })
		if i < 0 {
			return rep, fmt.Errorf("report: story %s: %w (chorus stories lists them)", which, chorus.ErrNotFound)
		}
		chosen = append(chosen, stories[i])
	}
	members, err := st.StoryMembers(ctx)
	if err != nil {
		return rep, fmt.Errorf("report: %w", err)
	}
	copyOf := map[string]string{}
	for _, m := range members {
		if !m.Original && m.CopyGroup != "" && m.CopyGroup != m.ArticleID {
			copyOf[m.ArticleID] = m.CopyGroup
		}
	}
	for _, s := range chosen {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		arts := make([]chorus.Article, 0, len(s.ArticleIDs))
		for _, id := range s.ArticleIDs {
			art, err := st.Article(ctx, id)
			if err != nil {
				return rep, fmt.Errorf("report story %s: article %s: %w", s.ID, id, err)
			}
			arts = append(arts, art)
		}
		rs, err := report.Consolidate(ctx, s, arts, copyOf)
		if err != nil {
			return rep, err
		}
		rep.Stories = append(rep.Stories, rs)
	}
	return rep, nil
}

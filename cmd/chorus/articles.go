package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/chorusnews/chorus"
)

func init() { commands = append(commands, newArticlesCmd, newShowCmd) }

// articleSummary is the listing form of an article.
type articleSummary struct {
	ID        string   `json:"id"`
	Outlet    string   `json:"outlet"`
	Title     string   `json:"title"`
	URL       string   `json:"url,omitempty"`
	Published string   `json:"published,omitempty"`
	Authors   []string `json:"authors,omitempty"`
	Words     int      `json:"words"`
	Removed   int      `json:"removed"`
}

func summarize(art chorus.Article) articleSummary {
	s := articleSummary{ID: art.ID, Outlet: art.Outlet, Title: art.Title, URL: art.URL, Authors: art.Authors,
		Words: len(strings.Fields(bodyText(art))), Removed: len(art.Removed)}
	if !art.Published.IsZero() {
		s.Published = art.Published.UTC().Format("2006-01-02T15:04:05Z")
	}
	return s
}

// bodyText is the cleaned text when cleaning ran, else the raw text.
func bodyText(art chorus.Article) string {
	if art.CleanText != "" {
		return art.CleanText
	}
	return art.Text
}

// displayTitle is the title, or the opening words of the body marked as
// such when the source gave no title.
func displayTitle(art chorus.Article) string {
	if art.Title != "" {
		return art.Title
	}
	body := strings.Join(strings.Fields(bodyText(art)), " ")
	if utf8.RuneCountInString(body) > 70 {
		r := []rune(body)[:70]
		body = strings.TrimSpace(string(r)) + "…"
	}
	return "[untitled] " + body
}

func newArticlesCmd(a *app) *cobra.Command {
	var query string
	var limit, offset int
	cmd := &cobra.Command{
		Use:   "articles",
		Short: "List stored articles (optionally a full-text search)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			arts, err := st.Articles(cmd.Context(), chorus.ListOptions{Query: query, Limit: limit, Offset: offset})
			if err != nil {
				if query != "" {
					return usageError{fmt.Errorf("search %q: %w", query, err)}
				}
				return err
			}
			if a.jsonOut {
				out := struct {
					Articles []articleSummary `json:"articles"`
				}{Articles: []articleSummary{}}
				for _, art := range arts {
					out.Articles = append(out.Articles, summarize(art))
				}
				return writeJSON(a.stdout, out)
			}
			printArticleTable(a.stdout, arts)
			return nil
		},
	}
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print JSON")
	cmd.Flags().StringVarP(&query, "search", "s", "", "full-text search (SQLite FTS5 syntax) over titles and text")
	cmd.Flags().IntVar(&limit, "limit", 0, "list at most this many (0: all)")
	cmd.Flags().IntVar(&offset, "offset", 0, "skip this many")
	return cmd
}

func printArticleTable(w io.Writer, arts []chorus.Article) {
	if len(arts) == 0 {
		fmt.Fprintln(w, "no articles")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tOUTLET\tWORDS\tTITLE")
	for _, art := range arts {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", art.ID, clip(art.Outlet, 44), len(strings.Fields(bodyText(art))), clip(displayTitle(art), 90))
	}
	tw.Flush()
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func newShowCmd(a *app) *cobra.Command {
	var raw bool
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one article: metadata, clean text and what cleaning removed",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			art, err := st.Article(cmd.Context(), args[0])
			if errors.Is(err, chorus.ErrNotFound) {
				return fmt.Errorf("no article with id %q (list them with `chorus articles`)", args[0])
			}
			if err != nil {
				return err
			}
			if a.jsonOut {
				return writeJSON(a.stdout, art)
			}
			printArticle(a.stdout, art, raw)
			return nil
		},
	}
	cmd.Flags().BoolVar(&a.jsonOut, "json", false, "print JSON")
	cmd.Flags().BoolVar(&raw, "raw", false, "print the raw text as ingested instead of the clean text")
	return cmd
}

func printArticle(w io.Writer, art chorus.Article, raw bool) {
	fmt.Fprintf(w, "%s\n", displayTitle(art))
	fmt.Fprintf(w, "  id:        %s\n", art.ID)
	fmt.Fprintf(w, "  outlet:    %s\n", art.Outlet)
	if art.URL != "" {
		fmt.Fprintf(w, "  url:       %s\n", art.URL)
	}
	if len(art.Authors) > 0 {
		fmt.Fprintf(w, "  authors:   %s\n", strings.Join(art.Authors, ", "))
	}
	if len(art.Wires) > 0 {
		fmt.Fprintf(w, "  wires:     %s\n", strings.Join(art.Wires, ", "))
	}
	if !art.Published.IsZero() {
		fmt.Fprintf(w, "  published: %s\n", art.Published.UTC().Format("2006-01-02 15:04 MST"))
	}
	if art.Language != "" {
		fmt.Fprintf(w, "  language:  %s\n", art.Language)
	}
	if art.Origin != "" {
		fmt.Fprintf(w, "  source:    %s\n", art.Origin)
	}
	if art.Repaired > 0 {
		fmt.Fprintf(w, "  repaired:  %d invalid UTF-8 sequences replaced with U+FFFD\n", art.Repaired)
	}
	fmt.Fprintln(w)
	if raw {
		fmt.Fprintln(w, art.Text)
	} else {
		fmt.Fprintln(w, bodyText(art))
	}
	if len(art.Removed) > 0 {
		fmt.Fprintf(w, "\nRemoved by cleaning (%d):\n", len(art.Removed))
		for _, r := range art.Removed {
			fmt.Fprintf(w, "  - [%s] %s\n      %s\n", r.Filter, r.Reason, clip(strings.Join(strings.Fields(r.Text), " "), 110))
		}
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

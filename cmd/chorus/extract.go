package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/clean"
	"github.com/chorusnews/chorus/ingest"
)

func init() { commands = append(commands, newExtractCmd) }

// extractMaxSize bounds one input file (after decompression).
const extractMaxSize = 64 << 20

// extractOutput is one file's entry in `chorus extract --json`.
type extractOutput struct {
	Title       string           `json:"title"`
	ArticleBody string           `json:"articleBody"`
	Removed     []extractRemoval `json:"removed"`
}

type extractRemoval struct {
	Text   string `json:"text"`
	Reason string `json:"reason"`
	Filter string `json:"filter"`
}

func newExtractCmd(a *app) *cobra.Command {
	var asJSON, raw bool
	cmd := &cobra.Command{
		Use:   "extract [--json] FILE...",
		Short: "Print the cleaned article body of HTML or text files",
		Long: `Extract the article from each file — HTML pages (.html, .htm, optionally
.gz) through go-trafilatura, other files as plain text — run the cleaning
filters and print the cleaned body. Nothing is stored.

With --json, print one JSON object mapping each file's base name (all
extensions stripped) to {"title", "articleBody", "removed": [{"text",
"reason", "filter"}]}. With --raw, skip the cleaning filters and print the
extracted text as it would be stored in Article.Text.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			cl := clean.New(clean.NewMemory())
			out := map[string]extractOutput{}
			for i, path := range args {
				art, err := extractPath(ctx, cl, path, !raw)
				if err != nil {
					return err
				}
				body := art.CleanText
				if raw {
					body = art.Text
				}
				if asJSON {
					o := extractOutput{Title: art.Title, ArticleBody: body, Removed: []extractRemoval{}}
					for _, r := range art.Removed {
						o.Removed = append(o.Removed, extractRemoval{Text: r.Text, Reason: r.Reason, Filter: r.Filter})
					}
					out[extractBaseName(path)] = o
					continue
				}
				if len(args) > 1 {
					if i > 0 {
						fmt.Fprintln(a.stdout)
					}
					fmt.Fprintf(a.stdout, "==> %s <==\n", path)
				}
				fmt.Fprintln(a.stdout, body)
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(out)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object keyed by file base name")
	cmd.Flags().BoolVar(&raw, "raw", false, "print the extracted text without the cleaning filters")
	return cmd
}

// extractPath reads one file and returns its article, cleaned when
// doClean is set.
func extractPath(ctx context.Context, cl *clean.Cleaner, path string, doClean bool) (chorus.Article, error) {
	data, err := readExtractInput(path)
	if err != nil {
		return chorus.Article{}, err
	}
	return extractArticle(ctx, cl, filepath.Base(path), data, "", doClean)
}

// extractArticle turns one file's bytes into an article: HTML when the
// name or the content says so, plain text otherwise.
func extractArticle(ctx context.Context, cl *clean.Cleaner, name string, data []byte, pageURL string, doClean bool) (chorus.Article, error) {
	var art chorus.Article
	var err error
	if looksHTML(name, data) {
		art, err = ingest.HTML(name, data, pageURL)
	} else {
		art, err = ingest.Text(name, data)
		if err != nil {
			err = fmt.Errorf("read text %s: %w", name, err)
		}
	}
	if err != nil {
		return chorus.Article{}, err
	}
	if art.ID == "" {
		art.ID = extractBaseName(name)
	}
	art.CleanText = art.Text
	if doClean {
		if err := cl.Clean(ctx, &art); err != nil {
			return chorus.Article{}, err
		}
	}
	return art, nil
}

// readExtractInput reads a file, decompressing gzip, up to extractMaxSize.
func readExtractInput(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	data, err := io.ReadAll(io.LimitReader(r, extractMaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > extractMaxSize {
		return nil, fmt.Errorf("read %s: larger than %d bytes: %w", path, extractMaxSize, chorus.ErrInvalid)
	}
	return data, nil
}

// looksHTML: an .html/.htm name (before any .gz), or content that opens
// with an HTML tag.
func looksHTML(name string, data []byte) bool {
	n := strings.TrimSuffix(strings.ToLower(name), ".gz")
	if strings.HasSuffix(n, ".html") || strings.HasSuffix(n, ".htm") || strings.HasSuffix(n, ".xhtml") {
		return true
	}
	head := bytes.ToLower(bytes.TrimSpace(data[:min(len(data), 1024)]))
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}

// extractBaseName is a file's base name with every extension stripped.
func extractBaseName(path string) string {
	b := filepath.Base(path)
	if i := strings.IndexByte(b[min(1, len(b)):], '.'); i >= 0 {
		return b[:i+1]
	}
	return b
}

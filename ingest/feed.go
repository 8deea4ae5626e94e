package ingest

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/chorusnews/chorus"
)

// Feed reads an RSS, Atom or JSON Feed document; each item is an article.
// The id is the item's GUID, else its link, else a hash of its content; the
// outlet is the feed's title, else its link's host. Item bodies are HTML
// fragments, reduced to text with paragraphs kept.
func Feed(ctx context.Context, name string, data []byte, emit Emit, warn Warn) error {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		warn(Problem{Where: name, Reason: "parse feed: " + err.Error(), Skipped: true})
		return nil
	}
	outlet := strings.TrimSpace(feed.Title)
	if outlet == "" {
		outlet = hostOutlet(feed.Link)
	}
	for i, it := range feed.Items {
		if err := ctx.Err(); err != nil {
			return err
		}
		where := fmt.Sprintf("%s#item%d", name, i+1)
		body := it.Content
		if strings.TrimSpace(body) == "" {
			body = it.Description
		}
		text := FragmentText(body)
		if strings.TrimSpace(text) == "" {
			warn(Problem{Where: where, Reason: "item has no content or description", Skipped: true})
			continue
		}
		a := chorus.Article{
			ID:       strings.TrimSpace(it.GUID),
			URL:      strings.TrimSpace(it.Link),
			Title:    FragmentText(it.Title),
			Text:     text,
			Outlet:   outlet,
			Language: feed.Language,
			Origin:   where,
		}
		if a.ID == "" {
			a.ID = a.URL
		}
		if a.ID == "" {
			a.ID = "sha256-" + shortHash(text)
		}
		for _, p := range it.Authors {
			if p != nil && strings.TrimSpace(p.Name) != "" {
				a.Authors = append(a.Authors, strings.TrimSpace(p.Name))
			}
		}
		switch {
		case it.PublishedParsed != nil:
			a.Published = it.PublishedParsed.UTC()
		case it.UpdatedParsed != nil:
			a.Published = it.UpdatedParsed.UTC()
		}
		if len(it.Categories) > 0 {
			a.Meta = map[string]any{"categories": it.Categories}
		}
		if n := repair(&a); n > 0 {
			warn(Problem{Where: where, Reason: fmt.Sprintf("repaired %d invalid UTF-8 sequences", n)})
		}
		if err := emit(a); err != nil {
			return err
		}
	}
	return nil
}

// FragmentText turns an HTML fragment into plain text: block elements
// become paragraphs separated by a blank line, <br> a line break; script,
// style and other non-content elements are dropped, entities decoded.
// Plain text without markup comes back trimmed.
func FragmentText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	para := func() {
		str := b.String()
		if str == "" || strings.HasSuffix(str, "\n\n") {
			return
		}
		b.WriteString("\n\n")
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyText(b.String())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Object, atom.Svg, atom.Head:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case atom.Br:
				b.WriteString("\n")
			case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Blockquote,
				atom.Section, atom.Article, atom.Figcaption, atom.Tr, atom.Pre, atom.Ul, atom.Ol, atom.Table, atom.Hr:
				para()
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}

// tidyText collapses runs of spaces inside lines and blank-line runs.
func tidyText(s string) string {
	var out []string
	blank := false
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

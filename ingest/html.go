package ingest

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/chorusnews/chorus"
)

// htmlPrune selects elements removed before extraction: hidden elements
// and hover pop-ups (tooltips, rollovers, hover cards), whose text a reader
// never sees inline but which extractors glue into the sentence around
// the link that opens them.
const htmlPrune = `[hidden], [role="tooltip"], [class*="tooltip"], [class*="popover"], [class*="rollover"], [class*="hovercard"]`

// HTMLOptions are the go-trafilatura options HTML uses. They were chosen by
// measurement on the article-extraction benchmark (docs/benchmarks.md):
// the fallback extractors (readability, dom-distiller) raise recall, and
// comments are never part of an article. FavorPrecision, FavorRecall,
// ExcludeTables and Deduplicate each scored lower.
func HTMLOptions(pageURL string) trafilatura.Options {
	opts := trafilatura.Options{
		EnableFallback:  true,
		ExcludeComments: true,
		Focus:           trafilatura.Balanced,
		HtmlDateMode:    trafilatura.Fast,
		PruneSelector:   htmlPrune,
	}
	if u, err := url.Parse(pageURL); err == nil && u.Host != "" {
		opts.OriginalURL = u
	}
	return opts
}

// HTML extracts the article of one web page with go-trafilatura: its main
// content as paragraphs separated by "\n\n" and its metadata (title,
// author, date, site name, language, URL). The outlet is the site name, or
// the URL host when the page names none. The ID is left for the caller to
// set; name only labels errors.
//
// Script, style and other non-text elements never reach Text.
func HTML(name string, data []byte, pageURL string) (chorus.Article, error) {
	return HTMLWith(name, data, pageURL, HTMLOptions(pageURL))
}

// HTMLWith is HTML with explicit go-trafilatura options, for measuring
// alternatives.
func HTMLWith(name string, data []byte, pageURL string, opts trafilatura.Options) (a chorus.Article, err error) {
	defer func() {
		// go-trafilatura and its fallbacks walk arbitrary trees; a bug there
		// must cost one page, not the whole ingest.
		if r := recover(); r != nil {
			err = fmt.Errorf("extract html %s: extractor panic: %v: %w", name, r, chorus.ErrInvalid)
		}
	}()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return chorus.Article{}, fmt.Errorf("parse html %s: %w", name, err)
	}
	res, err := trafilatura.ExtractDocument(doc, opts)
	if err != nil {
		return chorus.Article{}, fmt.Errorf("extract html %s: %v: %w", name, err, chorus.ErrInvalid)
	}
	text := htmlBlocks(res.ContentNode)
	if strings.TrimSpace(text) == "" {
		return chorus.Article{}, fmt.Errorf("extract html %s: no article text: %w", name, chorus.ErrInvalid)
	}
	md := res.Metadata
	a = chorus.Article{
		Title:     collapseSpace(md.Title),
		Published: md.Date,
		Language:  md.Language,
		URL:       pageURL,
		Text:      text,
	}
	if a.URL == "" {
		a.URL = md.URL
	}
	if md.Author != "" {
		for au := range strings.SplitSeq(md.Author, ";") {
			if au = collapseSpace(au); au != "" {
				a.Authors = append(a.Authors, au)
			}
		}
	}
	if d := collapseSpace(md.Description); d != "" {
		a.Meta = map[string]any{"description": d}
	}
	a.Outlet = collapseSpace(md.Sitename)
	if a.Outlet == "" {
		a.Outlet = hostOutlet(a.URL)
	}
	return a, nil
}

// htmlSkip are elements whose content is never article text.
var htmlSkip = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Math: true,
	atom.Head: true, atom.Title: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
	atom.Input: true, atom.Form: true, atom.Nav: true,
}

// htmlBlock are elements that end a paragraph.
var htmlBlock = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Blockquote: true, atom.Pre: true, atom.Table: true,
	atom.Tr: true, atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Aside: true, atom.Figure: true, atom.Figcaption: true, atom.Hr: true, atom.Br: true,
	atom.Main: true, atom.Caption: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
	atom.Details: true, atom.Summary: true, atom.Address: true,
}

// htmlBlocks renders the extracted tree as paragraphs separated by a
// blank line, each paragraph on one line with white space collapsed. Table
// cells of a row are joined by a space.
func htmlBlocks(n *html.Node) string {
	if n == nil {
		return ""
	}
	var paras []string
	var cur strings.Builder
	flush := func() {
		if p := collapseSpace(cur.String()); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		var tag atom.Atom
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			tag = htmlTag(n)
			if htmlSkip[tag] {
				return
			}
			if tag == atom.Td || tag == atom.Th {
				cur.WriteByte(' ')
			}
		case html.CommentNode, html.DoctypeNode:
			return
		}
		block := n.Type == html.ElementNode && htmlBlock[tag]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(n)
	flush()
	return strings.Join(paras, "\n\n")
}

// htmlTag is n's element atom; go-trafilatura builds nodes with only Data
// set, so the name is looked up when DataAtom is missing.
func htmlTag(n *html.Node) atom.Atom {
	if n.DataAtom != 0 {
		return n.DataAtom
	}
	return atom.Lookup([]byte(strings.ToLower(n.Data)))
}

// collapseSpace trims s and turns every run of white space into one space.
func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

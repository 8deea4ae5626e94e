package server

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/align"
)

// block is a paragraph, or a heading, of an article's clean text.
type block struct {
	Heading   bool
	Sentences []sentView
}

// sentView is one sentence as the article and compare pages show it.
type sentView struct {
	// Index is the sentence's position in the clean text as package align
	// counts it, so report references point at it.
	Index int
	Text  string
	// Mark is "corroborated", "exclusive", "conflicting" or "".
	Mark string
	// Ref is the id of the claim or conflict on the story page.
	Ref string
	// Quotes are the ids of the report's quotes starting in the sentence.
	Quotes []string
}

// bodyText is the text package align reads: the clean text, or the text
// when cleaning left nothing, as valid UTF-8.
func bodyText(a chorus.Article) string {
	text := a.CleanText
	if strings.TrimSpace(text) == "" {
		text = a.Text
	}
	return strings.ToValidUTF8(text, "\uFFFD")
}

// blocks splits an article into paragraphs of sentences the way
// align.Split does (paragraphs at newlines, then Punkt), so sentence
// indexes match the report's, and marks them. Short lines without final
// punctuation become headings.
func blocks(a chorus.Article, m *sentenceMarks) []block {
	text := bodyText(a)
	var out []block
	idx := 0
	runeOff, byteOff := 0, 0 // code points before text[byteOff:]
	advance := func(to int) {
		if to > byteOff {
			runeOff += utf8.RuneCountInString(text[byteOff:to])
			byteOff = to
		}
	}
	pos := 0
	paras := strings.Split(text, "\n")
	for pi, line := range paras {
		lineStart := pos
		pos += len(line) + 1
		para := strings.TrimSpace(line)
		if para == "" {
			continue
		}
		ss, err := align.Split(para)
		if err != nil || len(ss) == 0 {
			ss = []string{para}
		}
		paraStart := lineStart + strings.Index(line, para)
		cur := 0
		var b block
		for _, sent := range ss {
			sv := sentView{Index: idx, Text: sent}
			idx++
			start := paraStart + cur
			if k := strings.Index(para[cur:], sent); k >= 0 {
				start = paraStart + cur + k
				cur += k + len(sent)
			}
			advance(start)
			first := runeOff
			last := first + utf8.RuneCountInString(sent)
			if m != nil {
				sv.Mark, sv.Ref = m.mark[sv.Index], m.ref[sv.Index]
				for _, q := range m.quote {
					if q.start >= first && q.start < last {
						sv.Quotes = append(sv.Quotes, q.id)
					}
				}
			}
			b.Sentences = append(b.Sentences, sv)
		}
		b.Heading = len(ss) == 1 && pi < len(paras)-1 && looksLikeHeading(para)
		out = append(out, b)
	}
	return out
}

// looksLikeHeading: a short line that starts with a capital letter or a
// digit and ends without sentence punctuation, a dash or a comma.
func looksLikeHeading(p string) bool {
	n := len(strings.Fields(p))
	if n == 0 || n > 12 || utf8.RuneCountInString(p) > 90 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(p)
	last, _ := utf8.DecodeLastRuneInString(p)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false
	}
	return unicode.IsLetter(last) || unicode.IsDigit(last)
}

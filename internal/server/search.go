package server

import (
	"strings"
	"unicode"
)

// Segment is a piece of highlighted text; Match marks a matched term.
type Segment struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

// segments splits text carrying MarkStart/MarkEnd into plain and matched
// pieces. Markers never reach the output, stray or nested ones included,
// so templates can render matches as <mark> elements without ever
// trusting the text.
func segments(marked string) []Segment {
	var out []Segment
	var b strings.Builder
	match := false
	flush := func() {
		if b.Len() > 0 {
			out = append(out, Segment{Text: b.String(), Match: match})
			b.Reset()
		}
	}
	for _, r := range marked {
		switch string(r) {
		case MarkStart:
			flush()
			match = true
		case MarkEnd:
			flush()
			match = false
		default:
			b.WriteRune(r)
		}
	}
	flush()
	return out
}

// plain is the text of segments without their marks.
func plain(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
	}
	return b.String()
}

// ftsQuery turns what a reader types into a safe FTS5 query: every word
// becomes a quoted term (so punctuation and FTS5 operators are literal),
// text in double quotes stays a phrase, and a trailing * keeps prefix
// search. Terms are ANDed. It returns "" when nothing searchable remains.
func ftsQuery(q string) string {
	var terms []string
	inPhrase := false
	var phrase []string
	var word strings.Builder
	endWord := func(prefix bool) {
		if word.Len() == 0 {
			return
		}
		w := word.String()
		word.Reset()
		if inPhrase {
			phrase = append(phrase, w)
			return
		}
		t := `"` + w + `"`
		if prefix {
			t += "*"
		}
		terms = append(terms, t)
	}
	rs := []rune(q)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			word.WriteRune(r)
		case r == '"':
			endWord(false)
			if inPhrase && len(phrase) > 0 {
				terms = append(terms, `"`+strings.Join(phrase, " ")+`"`)
			}
			phrase = phrase[:0]
			inPhrase = !inPhrase
		case r == '*':
			endWord(!inPhrase && (i+1 == len(rs) || !isWordRune(rs[i+1])))
		default:
			endWord(false)
		}
	}
	endWord(false)
	if inPhrase && len(phrase) > 0 {
		terms = append(terms, `"`+strings.Join(phrase, " ")+`"`)
	}
	return strings.Join(terms, " ")
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

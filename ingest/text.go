package ingest

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chorusnews/chorus"
)

// Text reads a plain-text or Markdown article. The text is kept as it is
// (with line endings normalised to "\n"); the first non-empty line becomes
// the title when it looks like a headline, skipping a leading timestamp or
// dateline. Invalid UTF-8 is left for the caller to repair and count.
func Text(id string, data []byte) (chorus.Article, error) {
	s := strings.TrimPrefix(string(data), "\ufeff")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	if strings.TrimSpace(s) == "" {
		return chorus.Article{}, fmt.Errorf("no text: %w", chorus.ErrInvalid)
	}
	return chorus.Article{ID: id, Title: textTitle(s), Text: s}, nil
}

// textTitle returns the headline of a text article: the first non-empty
// line if it reads like a headline, looking past up to two leading
// timestamp lines.
func textTitle(s string) string {
	skipped := 0
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#"))
		if line == "" {
			continue
		}
		if looksLikeTimestamp(line) && skipped < 2 {
			skipped++
			continue
		}
		if looksLikeHeadline(line) {
			return line
		}
		return ""
	}
	return ""
}

// looksLikeHeadline: short, several words, no closing sentence punctuation,
// and starts with a capital letter or digit.
func looksLikeHeadline(line string) bool {
	n := utf8.RuneCountInString(line)
	words := len(strings.Fields(line))
	if n < 8 || n > 160 || words < 3 || words > 25 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(line)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) && first != '"' && first != '“' && first != '\'' && first != '‘' {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return !strings.ContainsRune(".,;:", last)
}

// looksLikeTimestamp: a short line made mostly of digits, time and date
// words ("5:29 am today", "Feb 12, 2025", "Updated 10:02 GMT").
func looksLikeTimestamp(line string) bool {
	words := strings.Fields(strings.ToLower(line))
	if len(words) == 0 || len(words) > 7 {
		return false
	}
	timeWords := 0
	for _, w := range words {
		w = strings.Trim(w, ",.")
		switch {
		case w == "":
		case strings.IndexFunc(w, unicode.IsDigit) >= 0:
			timeWords++
		case isDateWord(w):
			timeWords++
		}
	}
	return timeWords*2 > len(words) && strings.IndexFunc(line, unicode.IsDigit) >= 0
}

func isDateWord(w string) bool {
	switch w {
	case "am", "pm", "a.m", "p.m", "today", "yesterday", "ago", "updated", "published", "gmt", "utc", "est", "edt", "bst", "cet",
		"hour", "hours", "minute", "minutes", "min", "mins", "day", "days", "at", "on":
		return true
	}
	if len(w) >= 3 {
		for _, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
			if strings.HasPrefix(w, m) {
				return true
			}
		}
	}
	return false
}

func isUTF8(b []byte) bool { return utf8.Valid(b) }

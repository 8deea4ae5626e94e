package clean

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/araddon/dateparse"
)

// wires maps the lower-cased names news agencies are credited by to the
// name Chorus records.
var wires = map[string]string{
	"reuters": "Reuters", "thomson reuters": "Reuters",
	"ap": "AP", "associated press": "AP", "the associated press": "AP",
	"afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
	"bloomberg": "Bloomberg", "bloomberg news": "Bloomberg",
	"dpa": "dpa", "efe": "EFE", "ansa": "ANSA", "xinhua": "Xinhua", "upi": "UPI",
	"kyodo": "Kyodo", "kyodo news": "Kyodo", "yonhap": "Yonhap",
	"pa": "PA", "pa media": "PA", "press association": "PA",
	"anadolu": "Anadolu", "anadolu agency": "Anadolu", "tass": "TASS",
	"interfax": "Interfax", "aap": "AAP", "cna": "CNA", "ians": "IANS", "pti": "PTI",
}

// wireInRe finds agency names inside a credit line.
var wireInRe = regexp.MustCompile(`\b(Thomson Reuters|Reuters|The Associated Press|Associated Press|AP|AFP|Agence France-Presse|Bloomberg News|Bloomberg|dpa|EFE|ANSA|Xinhua|UPI|Kyodo|Yonhap|PA Media|Press Association|Anadolu|TASS|Interfax|AAP|IANS|PTI)\b`)

// wireName is the agency s names, or "".
func wireName(s string) string {
	return wires[strings.ToLower(strings.Join(strings.Fields(s), " "))]
}

// wiresIn lists the agencies named in s.
func wiresIn(s string) []string {
	var out []string
	for _, m := range wireInRe.FindAllString(s, -1) {
		if w := wireName(m); w != "" && !contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// wireOnly returns the agency a line consists of ("-Reuters", "(AFP)",
// "— AP", "Reuters/AFP", "Source: Reuters", "with AFP"), or "" when the
// line says more than that. With several agencies it returns them joined
// by ", " only if each is one.
func wireOnly(t string) string {
	if wordsUpTo(t, 6) > 6 {
		return ""
	}
	s := strings.TrimFunc(t, func(r rune) bool { return !unicode.IsLetter(r) })
	low := strings.ToLower(s)
	for _, p := range []string{"source:", "sources:", "with", "via", "agencies and", "additional reporting", "agencies:"} {
		if strings.HasPrefix(low, p+" ") || strings.HasPrefix(low, p) && strings.HasSuffix(p, ":") {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ',' || r == '&' || r == ';' })
	var found []string
	for _, p := range parts {
		p = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(p), "and "))
		w := wireName(p)
		if w == "" {
			return ""
		}
		found = append(found, w)
	}
	if len(found) == 0 {
		return ""
	}
	return found[0]
}

var bylineRe = regexp.MustCompile(`^(?:[Bb]y|BY|[Ww]ritten by|[Ww]ords by|[Ss]tory by|[Rr]eporting by)[:\s]+(.+)$`)

// nameParticles may appear in lower case inside a name.
var nameParticles = map[string]bool{"de": true, "da": true, "van": true, "von": true, "der": true, "den": true,
	"bin": true, "al": true, "el": true, "la": true, "le": true, "di": true, "du": true, "dos": true, "del": true, "ibn": true}

// parseByline reads "By Andrew Gray and Lili Bayer, Reuters": the names of
// the first comma-separated part are authors, agencies anywhere are wires,
// other parts (roles, places) are ignored.
func parseByline(t string) (authors, wiresFound []string, ok bool) {
	if !mayStartByline(t) {
		return nil, nil, false
	}
	n := wordsUpTo(t, 18)
	if n > 18 || strings.HasSuffix(strings.TrimSpace(t), ".") && !strings.HasSuffix(strings.TrimSpace(t), ".)") && n > 8 {
		return nil, nil, false
	}
	m := bylineRe.FindStringSubmatch(strings.TrimSpace(t))
	if m == nil {
		return nil, nil, false
	}
	parts := strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == '|' || r == ';' || r == '—' || r == '–' })
	for k, p := range parts {
		p = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(p), "."))
		if w := wireName(p); w != "" {
			wiresFound = append(wiresFound, w)
			continue
		}
		if k > 0 {
			// A role or a place ("Europe digital editor", "in Brussels");
			// an agency inside it still counts.
			wiresFound = append(wiresFound, wiresIn(p)...)
			continue
		}
		for _, name := range splitNames(p) {
			if !isName(name) {
				return nil, nil, false
			}
			authors = append(authors, name)
		}
	}
	if len(authors) == 0 && len(wiresFound) == 0 {
		return nil, nil, false
	}
	return authors, wiresFound, true
}

// mayStartByline: t starts, past spaces, with the first letter of one of
// bylineRe's (case-sensitive) words.
func mayStartByline(t string) bool {
	t = strings.TrimSpace(t)
	return t != "" && strings.IndexByte("BbWwSsRr", t[0]) >= 0
}

// splitNames splits "A and B & C" into names.
func splitNames(s string) []string {
	s = strings.ReplaceAll(s, " & ", " and ")
	var out []string
	for _, n := range strings.Split(s, " and ") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// isName: two to five words, each capitalised (or a name particle).
func isName(s string) bool {
	f := strings.Fields(s)
	if len(f) < 2 || len(f) > 5 {
		return false
	}
	for _, w := range f {
		r := []rune(w)
		if nameParticles[w] {
			continue
		}
		if !unicode.IsUpper(r[0]) {
			return false
		}
		for _, c := range r {
			if !unicode.IsLetter(c) && !strings.ContainsRune(".'-’", c) {
				return false
			}
		}
	}
	return true
}

// timestampWords may appear in a date-or-time-only line.
var timestampWords = map[string]bool{
	"am": true, "pm": true, "a.m": true, "p.m": true, "a.m.": true, "p.m.": true, "today": true, "yesterday": true,
	"ago": true, "updated": true, "published": true, "posted": true, "last": true, "modified": true, "on": true,
	"at": true, "hour": true, "hours": true, "hr": true, "hrs": true, "minute": true, "minutes": true, "min": true,
	"mins": true, "day": true, "days": true, "week": true, "weeks": true, "month": true, "months": true, "year": true, "years": true,
	"gmt": true, "utc": true, "et": true, "est": true, "edt": true, "ct": true, "cst": true, "cdt": true, "pt": true, "pst": true,
	"pdt": true, "bst": true, "cet": true, "cest": true, "ist": true, "aest": true, "aedt": true, "nzst": true,
	"nzdt": true, "jst": true, "msk": true, "|": true, "-": true, "–": true, "—": true, "/": true, "•": true, "·": true, "just": true, "now": true, "an": true, "a": true,
}

var monthPrefixes = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
var dayPrefixes = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// isTimestamp: a short line made only of dates, times and their words
// ("5:29 am today", "Updated: Feb. 12, 2025 10:02 GMT", "3 hours ago"),
// with at least one number or "today"/"yesterday".
func isTimestamp(t string) bool {
	n := wordsUpTo(t, 12)
	if n == 0 || n > 12 || !mayBeTimestamp(t) {
		return false
	}
	if n <= 10 && clockRe.MatchString(t) && yearRe.MatchString(t) && !endsSentence(t) {
		// A clock time and a year in a short line is a timestamp in any
		// language ("sexta-feira, 22 de outubro de 2010 às 20:13").
		return true
	}
	f := strings.Fields(strings.ToLower(t))
	anchor := false
	for _, w := range f {
		w = strings.Trim(w, ",.:;()[]")
		switch {
		case w == "":
		case w == "today" || w == "yesterday":
			anchor = true
		case strings.IndexFunc(w, unicode.IsDigit) >= 0:
			if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) && !strings.ContainsRune("apmthsrdn", r) }) >= 0 {
				return false
			}
			anchor = true
		case timestampWords[w]:
		case isMonthOrDay(w):
		default:
			return false
		}
	}
	return anchor && strongTimeRe.MatchString(strings.ToLower(t))
}

// strongTimeRe: something only a date or time has — a clock time, a
// relative day, a month with a number, or a numeric date.
var strongTimeRe = regexp.MustCompile(`\d{1,2}[:.h]\d\d|\b(today|yesterday|ago|now)\b|\b\d{1,2}\s*(am|pm|a\.m|p\.m)|` +
	`\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\d\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)|` +
	`\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4}`)

// mayBeTimestamp: t holds what a timestamp line needs, whichever way it
// is told (clockRe and strongTimeRe): an ASCII digit or a relative day.
// Lower-casing makes these words only from ASCII letters.
func mayBeTimestamp(t string) bool {
	return strings.ContainsAny(t, "0123456789") || hasFold(t, "today") || hasFold(t, "yesterday") ||
		hasFold(t, "ago") || hasFold(t, "now")
}

func isMonthOrDay(w string) bool {
	if len(w) < 3 {
		return false
	}
	for _, list := range [][]string{monthPrefixes, dayPrefixes} {
		for _, p := range list {
			if strings.HasPrefix(w, p) && len(w) <= 9 {
				return true
			}
		}
	}
	return false
}

var clockRe = regexp.MustCompile(`\b\d{1,2}[:h]\d\d\b`)

var yearRe = regexp.MustCompile(`\b(19|20)\d\d\b`)

// parseTimestamp reads a full date (with a year) from a timestamp line.
// Relative times ("today", "3 hours ago") give nothing: the text alone
// does not say what they are relative to.
func parseTimestamp(t string) (time.Time, bool) {
	if !yearRe.MatchString(t) {
		return time.Time{}, false
	}
	var keep []string
	for _, w := range strings.Fields(t) {
		lw := strings.ToLower(strings.Trim(w, ",:|"))
		switch lw {
		case "updated", "published", "posted", "last", "modified", "on", "at", "|", "-", "–", "—", "•", "·", "":
			continue
		}
		keep = append(keep, strings.TrimSuffix(w, "|"))
	}
	for len(keep) > 0 {
		s := strings.ReplaceAll(strings.Join(keep, " "), ".,", ",")
		if tm, err := dateparse.ParseIn(s, time.UTC); err == nil && tm.Year() >= 1900 {
			return tm, true
		}
		keep = keep[:len(keep)-1]
	}
	return time.Time{}, false
}

// Text helpers shared by the filters. They allocate nothing, since they
// run on every line.

// words counts the space-separated words of s (as strings.Fields splits
// them).
func words(s string) int { return wordsUpTo(s, len(s)) }

// spaceClass is, for a byte, 1 when it is ASCII space (as unicode.IsSpace
// has it), 0 when it is other ASCII, and 2 when it starts or continues a
// multi-byte rune.
var spaceClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = 2
		case c == '\t', c == '\n', c == '\v', c == '\f', c == '\r', c == ' ':
			t[c] = 1
		}
	}
	return t
}()

// wordsUpTo counts the words of s as words does, but stops once there are
// more than limit: it returns min(words(s), limit+1). limit must be below
// the largest int.
func wordsUpTo(s string, limit int) int {
	n, prev := 0, uint8(1) // prev: 1 after a space, 0 in a word
	for i := 0; i < len(s); {
		k := spaceClass[s[i]]
		if k == 2 {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			k = 0
			if unicode.IsSpace(r) {
				k = 1
			}
		} else {
			i++
		}
		// A word starts where a non-space follows a space.
		n += int(prev &^ k)
		prev = k
		if n > limit {
			return n
		}
	}
	return n
}

// startsLike reports whether a case-insensitive regexp anchored at the
// start of t may match one of prefixes (lower-case ASCII) there: t's first
// bytes equal a prefix but for the case of ASCII letters, or hold a
// non-ASCII byte where the prefix would be (a non-ASCII rune may fold to
// an ASCII letter: "ſ" to s, "K" to k). It gates an anchored regexp,
// whose matcher clears state in proportion to the line's length even when
// the first byte fails.
func startsLike(t string, prefixes []string) bool {
	for _, p := range prefixes {
		if len(t) < len(p) {
			continue
		}
		j := 0
		for j < len(p) && t[j] < utf8.RuneSelf && lowerASCII(t[j]) == p[j] {
			j++
		}
		if j == len(p) || t[j] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// startsLikeWord is startsLike past the leading non-word signs of t (\W:
// all but ASCII letters, digits and "_"), or true when a non-ASCII rune
// comes first.
func startsLikeWord(t string, prefixes []string) bool {
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= utf8.RuneSelf:
			return true
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_':
			return startsLike(t[i:], prefixes)
		}
	}
	return false
}

// firstWord is the first of strings.Fields(s), or "".
func firstWord(s string) string {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i]
	}
	return s
}

// hasFold reports whether s holds sub with its ASCII letters in either
// case. sub is lower case. A case-insensitive regexp matching a literal
// without "k" or "s" (the ASCII letters with non-ASCII case folds: "K",
// "ſ") matches it only where hasFold finds it.
func hasFold(s, sub string) bool {
	// Candidates start with sub's first byte in either case; next[k] is
	// the next index of the k-th case form at or after the one tried.
	forms := [2]byte{sub[0], sub[0]}
	if 'a' <= forms[0] && forms[0] <= 'z' {
		forms[1] -= 'a' - 'A'
	}
	var next [2]int
	for k, c := range forms {
		next[k] = indexByteFrom(s, c, 0)
	}
	for {
		k := 0
		if next[1] < next[0] {
			k = 1
		}
		i := next[k]
		if i+len(sub) > len(s) {
			return false
		}
		if equalFoldASCII(s[i+1:i+len(sub)], sub[1:]) {
			return true
		}
		next[k] = indexByteFrom(s, forms[k], i+1)
		if forms[0] == forms[1] {
			next[1-k] = next[k]
		}
	}
}

// indexByteFrom is the index of the first c in s at or after from, or
// len(s).
func indexByteFrom(s string, c byte, from int) int {
	if i := strings.IndexByte(s[from:], c); i >= 0 {
		return from + i
	}
	return len(s)
}

// equalFoldASCII: s equals the lower-case sub but for the case of ASCII
// letters.
func equalFoldASCII(s, sub string) bool {
	for j := range len(sub) {
		if lowerASCII(s[j]) != sub[j] {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// endsSentence: the line ends with closing punctuation, possibly followed
// by quotes or brackets.
func endsSentence(t string) bool {
	// A trailing source tag ("... [WashPost]", "... (AP)") does not end
	// the sentence; what precedes it does.
	if mayEndTag(t) {
		if loc := trailingTagRe.FindStringIndex(t); loc != nil && loc[0] > 0 {
			t = t[:loc[0]]
		}
	}
	t = strings.TrimRightFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'”’»)]*`, r)
	})
	last, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".!?…:;。！？", last)
}

var trailingTagRe = regexp.MustCompile(`\s*[\[(][^\[\]()]{1,40}[\])]\s*$`)

// mayEndTag: t ends in "]" or ")" before trailing spaces, as a match of
// trailingTagRe does.
func mayEndTag(t string) bool {
	t = strings.TrimRight(t, " \t\n\f\r")
	return strings.HasSuffix(t, "]") || strings.HasSuffix(t, ")")
}

func hasQuote(t string) bool { return strings.ContainsAny(t, `"“”«»`) }

// hashByte maps each byte to what LineHash does with it: an ASCII letter
// or digit to itself lower-cased, other ASCII to 0, and the bytes of
// multi-byte runes to utf8.RuneSelf (decode the rune).
var hashByte = func() (t [256]byte) {
	for c := range 256 {
		switch {
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c + 'a' - 'A')
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			t[c] = byte(c)
		case c >= utf8.RuneSelf:
			t[c] = utf8.RuneSelf
		}
	}
	return t
}()

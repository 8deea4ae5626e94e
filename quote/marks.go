package quote

import "unicode"

// segment is one run of quoted text found by scan: the marks' positions
// and the inner pieces (one per paragraph for a quote that runs on over a
// paragraph break). Offsets are rune indexes.
type segment struct {
	open, close int
	parts       [][2]int
	single      bool
}

func isDoubleMark(c rune) bool {
	switch c {
	case '"', '“', '”', '„', '‟', '«', '»':
		return true
	}
	return false
}

func isWordRune(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }

// openish reports whether a mark at i sits where quotes open: after a
// space, a bracket, a dash or the start, and before a non-space.
func openish(r []rune, i, w int) bool {
	before := i == 0 || unicode.IsSpace(r[i-1]) || isDoubleMark(r[i-1])
	if !before {
		switch r[i-1] {
		case '(', '[', '{', '—', '–', '-', '/', ':', ';', ',':
			before = true
		}
	}
	return before && i+w < len(r) && !unicode.IsSpace(r[i+w])
}

// closish reports whether a mark at i sits where quotes close: after a
// non-space and before a space, punctuation or the end.
func closish(r []rune, i, w int) bool {
	if i == 0 || unicode.IsSpace(r[i-1]) {
		return false
	}
	return i+w >= len(r) || !isWordRune(r[i+w])
}

// markWidth returns the length of the double quotation mark at i: 1 for
// a double mark, 2 for two apostrophes used as one (”), else 0.
func markWidth(r []rune, i int) int {
	if isDoubleMark(r[i]) {
		return 1
	}
	if r[i] == '\'' && i+1 < len(r) && r[i+1] == '\'' && (i+2 >= len(r) || r[i+2] != '\'') {
		return 2
	}
	return 0
}

// scan finds the quoted segments of r in order. Double marks (straight or
// typographic, with swapped typographic marks repaired from context) are
// the primary quotes; a paragraph that opens with a mark while a quote is
// open continues it, and a quote still open at a paragraph end that the
// next paragraph does not continue is dropped. Single marks quote only
// outside double ones, within a paragraph, and never as apostrophes
// (don't, Ukraine's, '90s, voters').
func scan(r []rune) []segment {
	var out []segment
	n := len(r)
	inside := false
	var cur segment
	partStart := 0
	for i := 0; i < n; i++ {
		c := r[i]
		if inside && c == '\n' {
			j := i
			for j < n && unicode.IsSpace(r[j]) {
				j++
			}
			if j >= n {
				inside = false
				continue
			}
			if w := markWidth(r, j); w > 0 && r[j] != '”' && r[j] != '»' && openish(r, j, w) {
				cur.parts = append(cur.parts, [2]int{partStart, i})
				partStart = j + w
				i = j + w - 1
				continue
			}
			inside = false
			continue
		}
		if w := markWidth(r, i); w > 0 {
			op, cl := openish(r, i, w), closish(r, i, w)
			if !inside {
				open := false
				switch c {
				case '“', '„', '‟', '«':
					open = !(cl && !op)
				case '”', '»':
					open = op && !cl
				default:
					open = op || !cl
				}
				if open {
					inside = true
					cur = segment{open: i}
					partStart = i + w
				}
				i += w - 1
				continue
			}
			closeIt := true
			switch c {
			case '“', '„', '‟', '«':
				closeIt = cl && !op
			}
			if closeIt {
				cur.parts = append(cur.parts, [2]int{partStart, i})
				cur.close = i
				out = append(out, cur)
				inside = false
			}
			i += w - 1
			continue
		}
		if !inside && (c == '‘' || c == '\'') {
			if j := singleClose(r, i); j > 0 {
				out = append(out, segment{open: i, close: j, parts: [][2]int{{i + 1, j}}, single: true})
				i = j
			}
		}
	}
	return out
}

// singleClose returns the closing single mark of a single-quoted segment
// opening at i, or -1 when the mark at i is an apostrophe or unmatched.
func singleClose(r []rune, i int) int {
	n := len(r)
	if i > 0 && isWordRune(r[i-1]) {
		return -1 // don't, Ukraine's
	}
	if i+1 >= n || !unicode.IsLetter(r[i+1]) {
		return -1 // '90s, a lone mark
	}
	for j := i + 2; j < n && j < i+400; j++ {
		c := r[j]
		if c == '\n' || isDoubleMark(c) {
			return -1
		}
		if c != '’' && c != '\'' {
			continue
		}
		if isWordRune(r[j-1]) || unicode.IsPunct(r[j-1]) {
			if j+1 == n || !isWordRune(r[j+1]) {
				// a plural possessive (voters' choice) is followed by a
				// lower-case word; a quote end rarely is without a comma.
				if r[j-1] == 's' && j+2 < n && r[j+1] == ' ' && unicode.IsLower(r[j+2]) && j-i < 12 {
					continue
				}
				return j
			}
		}
	}
	return -1
}

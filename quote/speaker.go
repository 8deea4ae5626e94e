package quote

import (
	"sort"
	"strings"
	"unicode"
)

// doc is one text being attributed: its runes, tokens, paragraph breaks and
// capitalised name runs, and the last speaker found.
type doc struct {
	r      []rune
	toks   []token
	breaks []int // rune offsets of line breaks
	names  []nameRun
	last   *speakerRef
	prev   *Quote
}

// nameRun is a run of capitalised words cut down to the name it holds.
type nameRun struct {
	start, end int
	text       string
	last       string
	ntok       int
	// person marks a run shaped like a person's name: two or three words,
	// no acronym, not after "the".
	person bool
}

type speakerRef struct {
	text       string
	start, end int
}

// mention is the words naming a speaker at a cue.
type mention struct {
	kind       int
	toks       []token
	cue        string
	cueStart   int
	start, end int
}

const (
	mentionNone = iota
	mentionName
	mentionPronoun
	mentionRole
	mentionOther
)

func newDoc(r []rune) *doc {
	d := &doc{r: r, toks: tokenize(r)}
	for i, c := range r {
		if c == '\n' && (i == 0 || r[i-1] != '\n') {
			d.breaks = append(d.breaks, i)
		}
	}
	d.names = nameRuns(d.toks, lowerSeen(d.toks))
	return d
}

// para returns the paragraph index of rune offset off.
func (d *doc) para(off int) int { return sort.SearchInts(d.breaks, off) }

// tokAt returns the index of the first token starting at or after off.
func (d *doc) tokAt(off int) int {
	return sort.Search(len(d.toks), func(i int) bool { return d.toks[i].start >= off })
}

// nameRuns finds the capitalised word runs of toks and cuts each to its
// name: leading function words, titles, abbreviations and acronyms go; a
// long run keeps its last two words (three with a middle initial) unless
// "the" precedes it, which marks an organisation.
func nameRuns(toks []token, lower map[string]bool) []nameRun {
	var out []nameRun
	for i := 0; i < len(toks); {
		if !toks[i].capitalised() {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) && toks[j].capitalised() && joinable(toks[j-1], toks[j]) {
			j++
		}
		if toks[i].sentStart && lower[toks[i].lower] {
			// "Given", "Nothing": a sentence-initial word the text also
			// writes in lower case is not part of a name
			i++
			if i >= j {
				continue
			}
		}
		if nr, ok := cleanRun(toks, i, j); ok {
			out = append(out, nr)
		}
		i = j
	}
	return out
}

// joinable reports whether b continues a name run after a.
func joinable(a, b token) bool {
	if b.lead != "" || b.sentStart {
		return false
	}
	return a.trail == "" || (a.trail == "." && len([]rune(a.s)) <= 3)
}

func isInitial(t token) bool { return len([]rune(t.s)) == 1 && strings.HasPrefix(t.trail, ".") }

func isAcronym(s string) bool {
	n := 0
	for _, c := range s {
		if unicode.IsLower(c) {
			return false
		}
		if unicode.IsLetter(c) {
			n++
		}
	}
	return n >= 2
}

func cleanRun(toks []token, i, j int) (nameRun, bool) {
	org := i > 0 && toks[i-1].lower == "the" && !toks[i-1].capitalised()
	for i < j {
		t := toks[i]
		drop := notNameStart[t.lower] || roleNouns[t.lower] ||
			(strings.HasPrefix(t.trail, ".") && len([]rune(t.s)) >= 2 && len([]rune(t.s)) <= 4 && abbrevLike(t.s) && j-i > 1) ||
			(isAcronym(t.s) && j-i > 1 && !org)
		if !drop {
			break
		}
		i++
	}
	for j > i && cueVerbs[toks[j-1].lower] {
		j--
	}
	if i >= j {
		return nameRun{}, false
	}
	if !org && j-i > 2 {
		keep := 2
		if isInitial(toks[j-2]) {
			keep = 3
		}
		if j-i > keep {
			i = j - keep
		}
	}
	if org && j-i > 4 {
		i = j - 4
	}
	parts := make([]string, 0, j-i)
	for k := i; k < j; k++ {
		s := stripPossessive(toks[k].s)
		if k < j-1 && strings.HasPrefix(toks[k].trail, ".") {
			s += "."
		}
		parts = append(parts, s)
	}
	person := !org && j-i >= 2
	for k := i; k < j && person; k++ {
		person = !isAcronym(toks[k].s) || isInitial(toks[k])
	}
	return nameRun{start: toks[i].start, end: toks[j-1].end, text: strings.Join(parts, " "), last: stripPossessive(toks[j-1].s), ntok: j - i, person: person}, true
}

// isCue reports whether tok is a verb of saying in running text.
func isCue(t token) bool { return cueVerbs[t.lower] && !t.capitalised() }

// adverbs and auxiliaries that sit between a subject and its verb.
var between = map[string]bool{"also": true, "has": true, "had": true, "have": true, "was": true,
	"were": true, "is": true, "are": true, "would": true, "will": true, "then": true, "later": true,
	"once": true, "previously": true, "again": true, "just": true, "did": true, "does": true,
	"not": true, "never": true, "could": true, "should": true, "may": true, "might": true,
	"first": true, "last": true, "recently": true, "often": true}

// clauseWords end a subject noun phrase when walking back from its verb.
var clauseWords = map[string]bool{"that": true, "who": true, "which": true, "and": true, "but": true,
	"while": true, "when": true, "because": true, "as": true, "if": true, "after": true, "before": true,
	"where": true, "since": true, "than": true, "whom": true, "what": true, "though": true, "although": true}

// subjectBefore returns the noun phrase ending just before toks[k].
func subjectBefore(toks []token, k int) []token {
	j := k - 1
	for j >= 0 && (between[toks[j].lower] || (strings.HasSuffix(toks[j].lower, "ly") && !toks[j].capitalised() && len(toks[j].lower) > 4)) && !strings.Contains(toks[j].trail, ",") {
		j--
	}
	if j < 0 {
		return nil
	}
	end := j
	if strings.Contains(toks[j].trail, ",") {
		// an appositive: "Hegseth, the defence secretary, said"
		i := j - 1
		for i >= 0 && !strings.ContainsAny(toks[i].trail, ",;:") && j-i < 24 && !toks[i+1].sentStart {
			i--
		}
		if i < 0 || !strings.Contains(toks[i].trail, ",") {
			return nil
		}
		end = i
	}
	start := end
	for start > 0 && end-start < 6 {
		p := toks[start-1]
		if strings.ContainsAny(p.trail, ",;:!?") || clauseWords[p.lower] || isCue(p) || toks[start].sentStart || p.endsSentence() {
			break
		}
		if strings.ContainsAny(toks[start].lead, "(“\"‘") {
			break
		}
		start--
	}
	return toks[start : end+1]
}

// stopAfter ends a noun phrase after a verb ("said Hegseth in Brussels").
var stopAfter = map[string]bool{"in": true, "on": true, "at": true, "during": true, "after": true,
	"before": true, "while": true, "who": true, "when": true, "adding": true,
	"to": true, "that": true, "and": true, "as": true, "from": true, "via": true, "with": true,
	"this": true, "last": true, "told": true, "wrote": true, "later": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "today": true, "yesterday": true, "recently": true}

// subjectAfter returns the noun phrase starting at toks[i].
func subjectAfter(toks []token, i int) []token {
	if i >= len(toks) {
		return nil
	}
	j := i
	for j < len(toks) && j-i < 7 {
		t := toks[j]
		if j > i && (stopAfter[t.lower] || t.lead != "") {
			break
		}
		j++
		if strings.ContainsAny(t.trail, ",;:") || t.endsSentence() {
			break
		}
	}
	return toks[i:j]
}

// classify turns the words naming a speaker into a mention.
func classify(toks []token) mention {
	if len(toks) == 0 {
		return mention{}
	}
	m := mention{toks: toks, start: toks[0].start, end: toks[len(toks)-1].end}
	lastT := toks[len(toks)-1]
	role := false
	if toks[0].lower == "the" {
		for _, t := range toks {
			role = role || roleNouns[t.lower]
		}
		if role && lastT.capitalised() {
			// "the US Secretary of Defense" is a role, "the defence
			// secretary Pete Hegseth" a name
			k := len(toks) - 1
			for k > 0 && toks[k-1].capitalised() {
				k--
			}
			role = len(toks)-k < 2 || (k > 0 && toks[k-1].lower == "of")
		}
	}
	switch {
	case role:
		m.kind = mentionRole
	case len(toks) == 1 && personPronouns[lastT.lower]:
		m.kind = mentionPronoun
	case lastT.capitalised():
		m.kind = mentionName
	case roleNouns[lastT.lower] && (toks[0].lower == "the" || toks[0].lower == "this" || len(toks) == 1):
		m.kind = mentionRole
	case (npStart[toks[0].lower] || possessive(toks[0].s)) && !npEnd[lastT.lower] && !isCue(lastT):
		m.kind = mentionOther
	default:
		m.kind = mentionNone
	}
	// a name right after the verb may carry trailing lower-case words
	if m.kind != mentionName && m.kind != mentionRole && toks[0].capitalised() && !notNameStart[toks[0].lower] && !possessive(toks[0].s) {
		k := 1
		for k < len(toks) && toks[k].capitalised() && joinable(toks[k-1], toks[k]) {
			k++
		}
		m.toks, m.kind, m.end = toks[:k], mentionName, toks[k-1].end
	}
	if m.kind == mentionName && len(m.toks) == 1 {
		t := m.toks[0]
		if strings.Contains(t.s, ".") || notNameStart[t.lower] {
			m.kind = mentionNone // "U.S", "After"
		}
	}
	return m
}

// npStart are words that open a noun phrase naming a speaker ("a source",
// "the campaign", "many voters").
var npStart = map[string]bool{"a": true, "an": true, "the": true, "some": true, "many": true,
	"his": true, "her": true, "their": true, "its": true, "one": true, "two": true, "three": true,
	"several": true, "most": true, "both": true, "another": true, "other": true, "others": true,
	"critics": true, "officials": true, "sources": true, "supporters": true, "aides": true,
	"experts": true, "analysts": true, "democrats": true, "republicans": true, "they": true,
	"we": true, "i": true, "people": true, "voters": true, "protesters": true, "this": true}

// npEnd are words that cannot end a noun phrase.
var npEnd = map[string]bool{"of": true, "to": true, "and": true, "but": true, "that": true,
	"the": true, "a": true, "an": true, "in": true, "on": true, "at": true, "for": true,
	"with": true, "by": true, "from": true, "or": true, "as": true, "is": true, "was": true,
	"were": true, "be": true, "been": true, "it": true, "not": true, "his": true, "her": true,
	"their": true, "its": true, "who": true, "which": true, "about": true, "into": true}

func (m mention) text(r []rune) string {
	if len(m.toks) == 0 {
		return ""
	}
	return string(r[m.start:m.end])
}

func possessive(s string) bool {
	return strings.HasSuffix(s, "'s") || strings.HasSuffix(s, "’s")
}

func stripPossessive(s string) string {
	if t, ok := strings.CutSuffix(s, "’s"); ok {
		return t
	}
	if t, ok := strings.CutSuffix(s, "'s"); ok {
		return t
	}
	return s
}

// lowerSeen returns the words the text writes in lower case.
func lowerSeen(toks []token) map[string]bool {
	seen := make(map[string]bool, len(toks))
	for _, t := range toks {
		if !t.capitalised() {
			seen[t.lower] = true
		}
	}
	return seen
}

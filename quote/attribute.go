package quote

import (
	"strings"
	"unicode"
)

// group joins segments split by their attribution ("…," he said, "…")
// into one candidate quote.
func (d *doc) group(segs []segment) [][]segment {
	var out [][]segment
	for i := 0; i < len(segs); {
		j := i
		for j+1 < len(segs) && d.joins(segs[j], segs[j+1]) {
			j++
		}
		out = append(out, segs[i:j+1])
		i = j + 1
	}
	return out
}

// lastInner returns the last non-space rune inside a segment.
func (d *doc) lastInner(s segment) rune {
	p := s.parts[len(s.parts)-1]
	for k := p[1] - 1; k >= p[0]; k-- {
		if !unicode.IsSpace(d.r[k]) {
			return d.r[k]
		}
	}
	return 0
}

// joins reports whether b continues a: same paragraph, and between them
// only a short attribution clause with a verb of saying.
func (d *doc) joins(a, b segment) bool {
	if a.single || b.single || a.close < 0 {
		return false
	}
	if d.startsMid(a.open) {
		return false
	}
	for k := a.close + 1; k < b.open; k++ {
		if d.r[k] == '\n' {
			// a quote in the next paragraph is a quote of its own: it
			// inherits the speaker instead
			return false
		}
	}
	if !strings.ContainsRune(",?!—–-…", d.lastInner(a)) {
		return false // a fragment: "''I admire the mechanics'' of the plan, he said."
	}
	lo, hi := d.tokAt(a.close+1), d.tokAt(b.open)
	n := hi - lo
	if n < 1 || n > maxJoinTokens {
		return false
	}
	k := b.open - 1
	for k > a.close && isSpaceRune(d.r[k]) {
		k--
	}
	if isWordRune(d.r[k]) {
		return false // "…,” he said, adding that Sanders is “b”"
	}
	cue := false
	for k, t := range d.toks[lo:hi] {
		if isCue(t) || t.lower == "according" {
			cue = true
		}
		if k < n-1 && t.endsSentence() {
			return false
		}
	}
	if !cue {
		return false
	}
	if tr := d.toks[hi-1].trail; !strings.ContainsAny(tr, ".!?") {
		// "“A,” he said, “b…”", not "“A,” he said, adding it was “b”"
		return strings.ContainsAny(tr, ",:;—–")
	}
	// "“A,” X said. “B.”": B joins A unless B has a cue of its own.
	return d.attrAfter(b, -1).kind == mentionNone
}

// maxJoinTokens bounds the attribution between the parts of a split quote.
const maxJoinTokens = 40

// startsMid reports whether a quote opening at off sits inside a sentence
// (after a word, not after a sentence end, a colon or a line break).
func (d *doc) startsMid(off int) bool {
	for k := off - 1; k >= 0; k-- {
		c := d.r[k]
		if unicode.IsSpace(c) && c != '\n' {
			continue
		}
		if c == '\n' || strings.ContainsRune(".!?:—–(", c) || isDoubleMark(c) {
			return false
		}
		if c == ',' {
			// "Hegseth said, “…”" opens a full quote
			i := d.tokAt(off) - 1
			if i >= 0 && isCue(d.toks[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// quote builds the quote of one candidate and attributes it.
func (d *doc) quote(segs []segment) (Quote, bool) {
	var q Quote
	for _, s := range segs {
		for _, p := range s.parts {
			a, b := trimSpan(d.r, p[0], p[1])
			if a >= b {
				continue
			}
			q.Parts = append(q.Parts, Span{Start: a, End: b, Text: string(d.r[a:b])})
		}
	}
	words := 0
	for _, p := range q.Parts {
		words += len(strings.FieldsFunc(p.Text, func(c rune) bool { return !isWordRune(c) }))
	}
	if words == 0 {
		return q, false
	}
	q.Start, q.End = q.Parts[0].Start, q.Parts[len(q.Parts)-1].End
	q.Text = string(d.r[q.Start:q.End])
	if len(q.Parts) == 1 {
		q.Parts = nil
	}
	q.SpeakerStart, q.SpeakerEnd = -1, -1
	first, last := segs[0], segs[len(segs)-1]
	q.Partial = d.startsMid(first.open)

	var m mention
	if len(segs) > 1 {
		m = d.attrAfter(first, segs[1].open)
	}
	if m.kind == mentionNone {
		if q.Partial {
			m = d.attrBefore(first)
			if m.kind == mentionNone {
				m = d.attrAfter(last, -1)
			}
		} else {
			m = d.attrAfter(last, -1)
			if m.kind == mentionNone {
				m = d.attrBefore(first)
			}
		}
	}
	if m.kind != mentionNone {
		q.Cue = m.cue
		q.Mention = m.text(d.r)
		ref := d.resolve(m)
		q.Speaker, q.SpeakerStart, q.SpeakerEnd = ref.text, ref.start, ref.end
	} else if d.prev != nil && d.prev.Speaker != "" && d.sameSentence(d.prev.End, first.open) {
		q.Speaker, q.SpeakerStart, q.SpeakerEnd, q.Cue = d.prev.Speaker, d.prev.SpeakerStart, d.prev.SpeakerEnd, d.prev.Cue
		q.Mention = d.prev.Mention
	} else if !q.Partial && d.prev != nil && d.prev.Speaker != "" && d.para(first.open)-d.para(d.prev.End) <= 1 {
		q.Speaker, q.SpeakerStart, q.SpeakerEnd = d.prev.Speaker, d.prev.SpeakerStart, d.prev.SpeakerEnd
		q.Inherited = true
	} else if ref, ok := d.sentenceName(first.open); ok {
		q.Speaker, q.SpeakerStart, q.SpeakerEnd = ref.text, ref.start, ref.end
		q.Inherited = true
	}
	// Quotes with no speaker stay: most are partial quotes whose cue the
	// rules do not see. Titles and markup go.
	if (q.Cue == "" || d.afterPreposition(first.open)) && d.titleLike(q, first) {
		return q, false
	}
	if junk(q.Text) {
		return q, false
	}
	d.prev = &q
	return q, true
}

// attrAfter looks for "…," he said / said Hegseth / according to X after
// the segment s, up to the end of its sentence or the rune offset limit
// (-1 for none).
func (d *doc) attrAfter(s segment, limit int) mention {
	if s.close < 0 {
		return mention{}
	}
	lo := d.tokAt(s.close + 1)
	var pt []token
	for i := lo; i < len(d.toks) && len(pt) < 24; i++ {
		t := d.toks[i]
		if limit >= 0 && t.start >= limit {
			break
		}
		if d.para(t.start) != d.para(s.close) {
			break
		}
		if strings.ContainsAny(t.lead, "“\"‘«") || strings.HasPrefix(t.lead, "''") {
			break
		}
		if t.paren {
			continue
		}
		pt = append(pt, t)
		if t.endsSentence() || strings.ContainsAny(t.trail, "“\"") {
			break
		}
	}
	if len(pt) == 0 {
		return mention{}
	}
	if k := s.close + 1; k < len(d.r) {
		// "…” ― Sonya Herridge": a dash and a name sign a quote
		for k < len(d.r) && (d.r[k] == ' ' || d.r[k] == '\u00a0') {
			k++
		}
		if k < len(d.r) && strings.ContainsRune("―—–-", d.r[k]) {
			if m := classify(subjectAfter(pt, 0)); m.kind == mentionName {
				m.cue, m.cueStart = string(d.r[k]), k
				return m
			}
		}
	}
	ended := d.lastInner(s) == '.'
	for k, t := range pt {
		if k > 20 {
			break
		}
		cue, next := "", k+1
		switch {
		case t.lower == "according" && k+1 < len(pt) && pt[k+1].lower == "to":
			cue, next = "according to", k+2
		case isCue(t):
			cue = t.s
		case k == 0 && len(pt) > 1 && strings.HasSuffix(t.lower, "ed") && !t.capitalised() && pt[1].capitalised() && !pt[1].sentStart:
			cue = t.s // "“This is fantastic!” beamed Donald Hartley"
		default:
			if k > 0 && (pt[k-1].endsSentence() || strings.ContainsAny(pt[k-1].trail, ";:")) {
				return mention{}
			}
			continue
		}
		if ended && k > 0 && pt[0].capitalised() && k > 3 {
			return mention{}
		}
		if k == 0 && cue != "according to" && strings.HasSuffix(t.lower, "ing") {
			return mention{} // "…,” adding that …": the speaker is the sentence's
		}
		var m mention
		if k == 0 || cue == "according to" {
			m = classify(subjectAfter(pt, next))
		} else {
			m = classify(firstChunk(pt[:k]))
			if m.kind == mentionNone && k <= 8 {
				m = classify(lastChunk(pt[:k]))
			}
		}
		if m.kind == mentionNone || (k > 8 && m.kind != mentionName) {
			// past eight words only "Name, a long appositive, said" counts
			return mention{}
		}
		m.cue, m.cueStart = cue, t.start
		return m
	}
	return mention{}
}

// attrBefore looks for "Hegseth said: “…”", "he said the war was “…”" or
// "Hegseth: “…”" in the sentence before the segment s.
func (d *doc) attrBefore(s segment) mention {
	hi := d.tokAt(s.open)
	lo := hi
	for lo > 0 {
		t := d.toks[lo-1]
		if t.end > s.open || d.para(t.start) != d.para(s.open) {
			break
		}
		if strings.ContainsAny(t.trail, "”\"’»") && lo < hi {
			break // another quote's end
		}
		lo--
		if t.sentStart {
			break
		}
	}
	if lo == hi && hi > 0 && strings.HasSuffix(d.toks[hi-1].trail, ":") && d.para(d.toks[hi-1].start)+1 == d.para(s.open) {
		// "Cruz continued:¶“…”": the cue closes the paragraph before
		lo = hi - 1
		for lo > 0 && !d.toks[lo].sentStart {
			lo--
		}
	}
	var pt []token
	for _, t := range d.toks[lo:hi] {
		if !t.paren {
			pt = append(pt, t)
		}
	}
	if len(pt) == 0 {
		return mention{}
	}
	if strings.HasSuffix(pt[len(pt)-1].trail, ":") && !isCue(pt[len(pt)-1]) && pt[len(pt)-1].capitalised() {
		m := classify(subjectBefore(pt, len(pt)))
		// "Hegseth: “…”" but not "a meeting related to Ukraine: “…”"
		if m.kind == mentionName && (m.toks[0].start == pt[0].start || len(pt) <= 3) {
			m.cue, m.cueStart = ":", pt[len(pt)-1].end
			return m
		}
	}
	for k := len(pt) - 1; k >= 0; k-- {
		t := pt[k]
		if t.lower == "according" && k+1 < len(pt) && pt[k+1].lower == "to" {
			m := classify(subjectAfter(pt, k+2))
			if m.kind != mentionNone {
				m.cue, m.cueStart = "according to", t.start
				return m
			}
			continue
		}
		if !isCue(t) {
			continue
		}
		if strings.HasSuffix(t.lower, "ing") && k > 0 {
			// "Clinton spoke out on Tuesday, arguing that …": the
			// speaker is the subject of the sentence
			if ref, ok := d.sentenceName(t.start); ok {
				return mention{kind: mentionName, toks: d.toks[d.tokAt(ref.start):d.tokAt(ref.end)], cue: t.s, cueStart: t.start, start: ref.start, end: ref.end}
			}
		}
		m := classify(subjectBefore(pt, k))
		if m.kind == mentionNone && k+1 < len(pt) && pt[k+1].capitalised() && !strings.HasSuffix(t.lower, "ing") {
			m = classify(subjectAfter(pt, k+1)) // "said Hegseth: “…”"
		}
		if m.kind == mentionNone {
			continue
		}
		m.cue, m.cueStart = t.s, t.start
		return m
	}
	return mention{}
}

// resolve turns a mention into the speaker it names: a name widened to its
// fullest earlier form, a pronoun or role description to the nearest
// fitting person before it.
func (d *doc) resolve(m mention) speakerRef {
	switch m.kind {
	case mentionName:
		toks := m.toks
		i, j := 0, len(toks)
		nr, ok := cleanRun(toks, i, j)
		if !ok {
			return speakerRef{text: m.text(d.r), start: m.start, end: m.end}
		}
		ref := speakerRef{text: nr.text, start: nr.start, end: nr.end}
		if nr.ntok == 1 {
			if full, ok := d.fuller(nr); ok {
				ref = full
			}
		}
		d.last = &ref
		return ref
	case mentionPronoun, mentionRole:
		if d.last != nil && d.last.end <= m.start {
			return *d.last
		}
		for k := len(d.names) - 1; k >= 0; k-- {
			n := d.names[k]
			if n.end <= m.start && n.person {
				return speakerRef{text: n.text, start: n.start, end: n.end}
			}
		}
	}
	return speakerRef{text: m.text(d.r), start: m.start, end: m.end}
}

// fuller finds the nearest earlier (else the first later) name run that
// ends with the same word as n and has more words.
func (d *doc) fuller(n nameRun) (speakerRef, bool) {
	best := -1
	for k, c := range d.names {
		if c.ntok <= n.ntok || !strings.EqualFold(c.last, n.last) {
			continue
		}
		if c.end <= n.start {
			best = k
		} else if best < 0 {
			best = k
			break
		}
	}
	if best < 0 {
		return speakerRef{}, false
	}
	c := d.names[best]
	return speakerRef{text: c.text, start: c.start, end: c.end}, true
}

// sentenceName returns the person a quote with no cue most likely belongs
// to: the first name in its sentence before it.
func (d *doc) sentenceName(off int) (speakerRef, bool) {
	hi := d.tokAt(off)
	lo := hi
	for lo > 0 && d.para(d.toks[lo-1].start) == d.para(off) {
		lo--
		if d.toks[lo].sentStart {
			break
		}
	}
	for _, n := range d.names {
		if n.start >= d.toks[min(lo, len(d.toks)-1)].start && n.end <= off && lo < hi {
			if n.ntok >= 2 {
				return speakerRef{text: n.text, start: n.start, end: n.end}, true
			}
			if full, ok := d.fuller(n); ok {
				return full, true
			}
		}
		if n.start >= off {
			break
		}
	}
	return speakerRef{}, false
}

// firstChunk returns the words up to the first comma: "Hegseth" of
// "Hegseth, the defence secretary,".
func firstChunk(toks []token) []token {
	for i := 0; i < len(toks)-1; i++ {
		if strings.Contains(toks[i].trail, ",") {
			return toks[:i+1]
		}
	}
	return toks
}

// lastChunk returns the words after the last comma: "Mr. Holtz-Eakin" of
// "of the Clinton proposals, Mr. Holtz-Eakin".
func lastChunk(toks []token) []token {
	for i := len(toks) - 2; i >= 0; i-- {
		if strings.Contains(toks[i].trail, ",") {
			return toks[i+1:]
		}
	}
	return nil
}

// smallWords stay lower case in a title.
var smallWords = map[string]bool{"a": true, "an": true, "the": true, "of": true, "in": true,
	"on": true, "to": true, "and": true, "or": true, "for": true, "at": true, "by": true,
	"with": true, "from": true, "as": true, "is": true, "but": true, "vs": true}

// titleCased reports whether every word of r[a:b] longer than a small
// word starts with a capital or a digit, and there is at least one.
func titleCased(r []rune, a, b int) bool {
	caps := 0
	for _, w := range strings.FieldsFunc(string(r[a:b]), func(c rune) bool { return !isWordRune(c) && c != '\'' && c != '’' }) {
		c := []rune(w)[0]
		switch {
		case unicode.IsUpper(c) || unicode.IsDigit(c):
			caps++
		case smallWords[strings.ToLower(w)]:
		default:
			return false
		}
	}
	return caps > 0
}

// titleLike reports a quoted title ("Fox News Sunday", "A Change Is Gonna
// Come") in running text: short, title-cased, in a sentence that is not
// itself title-cased like a headline.
func (d *doc) titleLike(q Quote, s segment) bool {
	if len(q.Parts) > 0 || len(strings.Fields(q.Text)) > 8 || !titleCased(d.r, q.Start, q.End) {
		return false
	}
	lo, hi := s.open, s.close
	for lo > 0 && d.r[lo-1] != '\n' {
		lo--
	}
	for hi < len(d.r) && d.r[hi] != '\n' {
		hi++
	}
	return !titleCased(d.r, lo, s.open) || !titleCased(d.r, min(s.close+1, hi), hi)
}

// junk reports quoted text that is markup, not speech: a bare number, a
// link, a handle.
func junk(s string) bool {
	if strings.ContainsAny(s, " \u00a0") {
		return false
	}
	if strings.Contains(s, "/") || strings.Contains(s, ".com") {
		return true
	}
	for _, c := range s {
		if unicode.IsLetter(c) {
			return false
		}
	}
	return true
}

// sameSentence reports whether offsets a < b lie in one sentence.
func (d *doc) sameSentence(a, b int) bool {
	if d.para(a) != d.para(b) {
		return false
	}
	for i := d.tokAt(a); i < len(d.toks) && d.toks[i].start < b; i++ {
		if d.toks[i].sentStart {
			return false
		}
	}
	return true
}

// titleLead are the words that introduce a title: on “Morning Joe”, in
// “American Sniper”, a book called “The Art of the Deal”.
var titleLead = map[string]bool{"on": true, "in": true, "of": true, "at": true, "from": true,
	"to": true, "for": true, "with": true, "by": true, "called": true, "titled": true,
	"entitled": true, "named": true, "dubbed": true, "headlined": true}

// afterPreposition reports whether the word before off introduces a title.
func (d *doc) afterPreposition(off int) bool {
	i := d.tokAt(off) - 1
	if i < 0 {
		return false
	}
	t := d.toks[i]
	return titleLead[t.lower] || (possessive(t.s) && t.capitalised())
}

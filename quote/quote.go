// Package quote finds direct quotations in an article's text and who said
// them.
//
// Extract scans quotation marks (straight, typographic, guillemets; single
// marks outside double ones), joins a quote that runs on over paragraphs
// and a quote split by its attribution ("…," he said, "…"), and attributes
// each quote from the cue around it: a verb of saying before or after the
// quote ("said", "told", "added", "according to"), or a colon after a name.
// Pronouns and role descriptions ("he", "the Pentagon chief") resolve to
// the nearest fitting named person before them, and a name given by surname
// only to the fuller form that appears earlier (titles such as "Mr." or
// "Sen." are dropped). A quote with no cue of its own takes the speaker of
// an earlier quote in its sentence, else of the quote in the same or the
// previous paragraph, else the first name in its sentence. Quoted titles
// and markup with no cue ("Morning Joe", a tweet id) are left out; other
// unattributed quotes are kept with an empty Speaker.
//
// It works on one text at a time with rules, not a trained model, and uses
// no list of people: names are capitalised word runs. It does not compare
// quotes across articles (package align does) nor extract indirect speech.
package quote

import "strings"

// Span is a piece of the input by Unicode code point offsets, with its text.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Quote is one direct quotation.
//
// Start and End are Unicode code point offsets into the input and Text is
// exactly string([]rune(input)[Start:End]): the quoted words without the
// outer marks. A quote split by its attribution or running over several
// paragraphs has several Parts; Text then covers them all, the attribution
// in between included, and Said gives the words alone.
type Quote struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Parts are the quoted pieces in order; one for a plain quote.
	Parts []Span `json:"parts,omitempty"`
	// Speaker is the speaker's name as it appears in the text (the fullest
	// form found), or the description when no name fits ("a source");
	// empty when nothing attributes the quote.
	Speaker string `json:"speaker"`
	// SpeakerStart and SpeakerEnd locate the mention Speaker was taken
	// from; both are -1 when Speaker is empty.
	SpeakerStart int `json:"speaker_start"`
	SpeakerEnd   int `json:"speaker_end"`
	// Cue is the verb or phrase attributing the quote ("said",
	// "according to", ":"); empty when the speaker was inherited.
	Cue string `json:"cue"`
	// Mention is the words that name the speaker at the cue ("he", "the
	// Pentagon chief", "Hegseth") before resolution.
	Mention string `json:"mention,omitempty"`
	// Partial marks a quote embedded in a sentence of reported speech
	// (he called it "a disgrace").
	Partial bool `json:"partial,omitempty"`
	// Inherited marks a speaker carried over from the previous quote.
	Inherited bool `json:"inherited,omitempty"`
}

// Said returns the quoted words: the parts joined by a space.
func (q Quote) Said() string {
	if len(q.Parts) <= 1 {
		return q.Text
	}
	s := make([]string, len(q.Parts))
	for i, p := range q.Parts {
		s[i] = p.Text
	}
	return strings.Join(s, " ")
}

// Extract returns the direct quotes of text in document order. Quotes do
// not overlap.
func Extract(text string) []Quote {
	r := []rune(text)
	segs := scan(r)
	if len(segs) == 0 {
		return nil
	}
	d := newDoc(r)
	cands := d.group(segs)
	out := make([]Quote, 0, len(cands))
	for _, c := range cands {
		if q, ok := d.quote(c); ok {
			out = append(out, q)
		}
	}
	return out
}

// trimSpan trims spaces off the inner range a..b of r.
func trimSpan(r []rune, a, b int) (int, int) {
	for a < b && isSpaceRune(r[a]) {
		a++
	}
	for b > a && isSpaceRune(r[b-1]) {
		b--
	}
	return a, b
}

func isSpaceRune(c rune) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u00a0' || c == '\u2009' || c == '\u200b'
}

package quote

import (
	"strings"
	"unicode"
)

// token is one whitespace-separated word: its core (letters, digits and
// inner punctuation) by rune offsets, and the punctuation around it.
type token struct {
	s          string
	lower      string
	start, end int
	lead       string
	trail      string
	// sentStart marks the first word of a sentence, stop the last.
	sentStart bool
	stop      bool
	// paren marks a word inside brackets: "(D-Md.)".
	paren bool
}

func (t token) capitalised() bool {
	for _, c := range t.s {
		return unicode.IsUpper(c)
	}
	return false
}

// endsSentence reports whether the token closes a sentence: a full stop,
// question or exclamation mark after it, not an initial or a short
// capitalised abbreviation (J., Sen., U.S.).
func (t token) endsSentence() bool { return t.stop }

// stopMark reports whether the punctuation after t can end a sentence.
func (t token) stopMark() bool {
	tr := strings.TrimLeft(t.trail, "\"”’'»)]")
	if tr == "" {
		tr = t.trail
	}
	if strings.ContainsAny(t.trail, "!?") {
		return true
	}
	if !strings.HasPrefix(tr, ".") && !strings.Contains(t.trail, ".") {
		return false
	}
	rs := []rune(t.s)
	if len(rs) == 1 && unicode.IsUpper(rs[0]) {
		return false // an initial
	}
	if strings.Contains(t.s, ".") {
		return false // U.S
	}
	if len(rs) <= 3 && unicode.IsUpper(rs[0]) && t.trail == "." && abbrevLike(t.s) {
		return false
	}
	return true
}

// abbrevLike reports whether a short capitalised word reads as an
// abbreviation (Sen, Gov, Dr, Mr, Rep): no vowel after the first letter,
// or a common three-letter title pattern ending in a consonant pair.
func abbrevLike(s string) bool {
	rs := []rune(strings.ToLower(s))
	vowels := 0
	for _, c := range rs[1:] {
		if strings.ContainsRune("aeiouy", c) {
			vowels++
		}
	}
	if vowels == 0 {
		return true
	}
	// Sen, Gov, Rep, Gen, Sgt: consonant-vowel-consonant titles.
	return len(rs) == 3 && !strings.ContainsRune("aeiouy", rs[0]) && !strings.ContainsRune("aeiouy", rs[2])
}

// tokenize splits r into tokens with rune offsets and sentence starts.
func tokenize(r []rune) []token {
	toks := make([]token, 0, len(r)/5+1) // about one word per five runes
	n := len(r)
	newSent, lineBreak, depth := true, true, 0
	for i := 0; i < n; {
		for i < n && unicode.IsSpace(r[i]) {
			if r[i] == '\n' {
				newSent, lineBreak, depth = true, true, 0
				if len(toks) > 0 {
					toks[len(toks)-1].stop = true
				}
			}
			i++
		}
		if i >= n {
			break
		}
		j := i
		for j < n && !unicode.IsSpace(r[j]) {
			j++
		}
		a, b := i, j
		for a < b && !isWordRune(r[a]) {
			a++
		}
		for b > a && !isWordRune(r[b-1]) {
			b--
		}
		t := token{start: a, end: b, lead: string(r[i:a]), trail: string(r[b:j])}
		if a == b {
			// punctuation only ("—", "…"): attach to the previous token
			if len(toks) > 0 {
				toks[len(toks)-1].trail += " " + t.lead
				if strings.ContainsAny(t.lead, ".!?") {
					toks[len(toks)-1].stop = toks[len(toks)-1].stopMark()
					newSent = toks[len(toks)-1].stop
				}
			}
			i = j
			continue
		}
		t.s = string(r[a:b])
		t.lower = strings.ToLower(t.s)
		if depth > 0 || strings.Contains(t.lead, "(") || strings.Contains(t.lead, "[") {
			t.paren = true
		}
		depth += strings.Count(t.lead, "(") + strings.Count(t.lead, "[") - strings.Count(t.trail, ")") - strings.Count(t.trail, "]")
		if strings.Contains(t.trail, ")") || strings.Contains(t.trail, "]") || depth < 0 {
			depth = 0
		}
		// a full stop ends a sentence only before a capital, a digit or a
		// mark: "R-Ky., said" goes on.
		if len(toks) > 0 && toks[len(toks)-1].stop && newSent && !lineBreak {
			if first := []rune(t.lead + t.s)[0]; unicode.IsLower(first) {
				toks[len(toks)-1].stop = false
				newSent = false
			}
		}
		t.sentStart = newSent
		t.stop = t.stopMark()
		toks = append(toks, t)
		newSent = t.stop
		lineBreak = false
		i = j
	}
	if len(toks) > 0 {
		toks[len(toks)-1].stop = true
	}
	return toks
}

// cueVerbs are the verbs of saying that attribute a quote.
var cueVerbs = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`say says said saying tell tells told add adds added
		ask asks asked state states stated declare declares declared explain explains explained
		note notes noted continue continues continued argue argues argued insist insists insisted
		claim claims claimed reply replies replied respond responds responded tweet tweets tweeted
		post posts posted write writes wrote warn warns warned announce announces announced
		recall recalls recalled acknowledge acknowledges acknowledged admit admits admitted
		concede concedes conceded suggest suggests suggested observe observes observed
		remark remarks remarked quip quips quipped joke jokes joked complain complains complained
		predict predicts predicted promise promises promised vow vows vowed pledge pledges pledged
		urge urges urged emphasize emphasizes emphasized emphasise emphasises emphasised
		stress stresses stressed boast boasts boasted lament laments lamented shout shouts shouted
		yell yells yelled cry cries cried muse muses mused counter counters countered
		retort retorts retorted conclude concludes concluded confirm confirms confirmed
		report reports reported call calls called describe describes described describing
		deny denies denied charge charges charged contend contends contended assert asserts asserted
		maintain maintains maintained question questions questioned demand demands demanded
		told telling adding noting calling writing explaining arguing insisting warning asking
		declaring stating claiming referring refer refers referred describing labeled labelled
		dubbed branded wondered thundered chanted`) {
		cueVerbs[w] = true
	}
}

// pronouns that refer back to a person.
var personPronouns = map[string]bool{"he": true, "she": true}

// roleNouns head a description of a person ("the Pentagon chief", "the
// official"); such a description resolves to the nearest named speaker.
var roleNouns = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`chief secretary minister president senator governor
		candidate nominee official spokesman spokeswoman spokesperson director chairman
		chairwoman leader mayor ambassador envoy general commander minister premier
		congressman congresswoman representative lawmaker businessman billionaire mogul
		aide adviser advisor strategist manager executive prosecutor attorney judge lawyer
		host anchor reporter founder head man woman chancellor diplomat politician democrat
		republican frontrunner front-runner veteran actor actress singer star officer`) {
		roleNouns[w] = true
	}
}

// notNameStart are capitalised function words that begin sentences but not
// names.
var notNameStart = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the a an but and or so yet in on at as after before
		when while if for with from by to of he she it they we i you this that these those
		his her its their our my your there here then now also still even however meanwhile
		instead although though because since until unless during over under about against
		former new according later earlier last next first speaking asked says said told`) {
		notNameStart[w] = true
	}
}

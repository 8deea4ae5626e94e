package align

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/neurosnap/sentences"
	segenglish "github.com/neurosnap/sentences/english"

	"github.com/chorusnews/chorus"
)

// token is one word of a sentence.
type token struct {
	text  string // as written
	lower string
	stem  string
	start int // byte offsets into the sentence text
	end   int
	cap   bool // starts with an upper-case letter
	upper bool // all letters upper case, at least two letters
	stop  bool // function word
	num   bool // all digits
	// hyphenBefore is true when the token is glued to the previous one by a
	// hyphen ("non-NATO", "three-year"), possibly with one space before the
	// hyphen as machine translation often writes ("non -European").
	hyphenBefore bool
}

// sent is one sentence of one article.
type sent struct {
	art   int
	idx   int
	text  string
	toks  []token
	nums  []number
	names []int              // entity key ids mentioned, by index into doc.keys
	vec   map[string]float64 // unit-length IDF-weighted stem vector
	claim int
}

type article struct {
	id      string
	removed int
	sents   []int // indices into doc.sents
	words   int
	text    string
}

// doc is the working state of one consolidation.
type doc struct {
	ctx    context.Context
	arts   []article
	copyOf map[string]string
	sents  []*sent
	df     map[string]int
	// entity state (entities.go)
	keys   []*nameKey
	keyIdx map[string]int
	parent []int
	fold   map[string]string // lower-case name token -> canonical lower form
	// claims (claims.go): sentence indices per claim
	groups [][]int
	// best is each sentence's highest similarity to another article's.
	best []float64
	// quoteUnits are the quote sentences grouped by groupQuotes.
	quoteUnits []*quoteUnit
	// groupSupport is the number of articles of each quote group.
	groupSupport []int
	// pre is each article's translation signal from names and artefacts
	// alone, known before quotes are grouped.
	pre []float64
	// arte counts each article's machine-translation artefacts; arteEx
	// holds examples.
	arte     []int
	arteEx   [][]string
	warnings []string
	// stems caches snowball stems by lower-case word.
	stems map[string]string
}

var (
	segOnce sync.Once
	seg     *sentences.DefaultSentenceTokenizer
	segErr  error
)

func segmenter() (*sentences.DefaultSentenceTokenizer, error) {
	segOnce.Do(func() {
		seg, segErr = segenglish.NewSentenceTokenizer(nil)
	})
	return seg, segErr
}

// Split returns the sentences of a text: paragraphs are split at newlines,
// then each paragraph by the Punkt segmenter. Empty sentences are dropped.
func Split(text string) ([]string, error) {
	tk, err := segmenter()
	if err != nil {
		return nil, fmt.Errorf("load sentence segmenter: %w", err)
	}
	var out []string
	for _, para := range strings.Split(text, "\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		for _, s := range tk.Tokenize(para) {
			t := strings.TrimSpace(s.Text)
			if t != "" {
				out = append(out, t)
			}
		}
	}
	return out, nil
}

func newDoc(ctx context.Context, story []chorus.Article, copyOf map[string]string) (*doc, error) {
	d := &doc{ctx: ctx, copyOf: copyOf, df: map[string]int{}, keyIdx: map[string]int{}, fold: map[string]string{}, stems: map[string]string{}}
	if d.copyOf == nil {
		d.copyOf = map[string]string{}
	}
	for ai, a := range story {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		text := a.CleanText
		if strings.TrimSpace(text) == "" {
			text = a.Text
		}
		text = strings.ToValidUTF8(text, "\uFFFD")
		ss, err := Split(text)
		if err != nil {
			return nil, err
		}
		art := article{id: a.ID, removed: len(a.Removed), text: text}
		for i, s := range ss {
			st := &sent{art: ai, idx: i, text: s, claim: -1}
			st.toks = tokenizeWith(s, d.stems)
			st.nums = findNumbers(st.toks, s)
			art.words += len(st.toks)
			art.sents = append(art.sents, len(d.sents))
			d.sents = append(d.sents, st)
		}
		d.arts = append(d.arts, art)
	}
	return d, nil
}

// tokenize splits a sentence into word tokens (letters and digits).
func tokenize(s string) []token { return tokenizeWith(s, nil) }

// tokenizeWith is tokenize with a stem cache (lower-case word -> stem),
// filled as it goes; nil means no cache.
func tokenizeWith(s string, cache map[string]string) []token {
	var toks []token
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += w
			continue
		}
		j := i
		for j < len(s) {
			r2, w2 := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) && r2 != '\u0301' {
				break
			}
			j += w2
		}
		word := s[i:j]
		t := token{text: word, lower: strings.ToLower(word), start: i, end: j}
		first, _ := utf8.DecodeRuneInString(word)
		t.cap = unicode.IsUpper(first)
		letters, uppers, digits := 0, 0, 0
		for _, c := range word {
			switch {
			case unicode.IsLetter(c):
				letters++
				if unicode.IsUpper(c) {
					uppers++
				}
			case unicode.IsDigit(c):
				digits++
			}
		}
		t.upper = letters >= 2 && uppers == letters
		t.num = digits > 0 && letters == 0
		t.hyphenBefore = hyphenBefore(s, i)
		t.stop = stopwords[t.lower] || (letters == 1 && digits == 0)
		if !t.stop && !t.num {
			st, ok := cache[t.lower]
			if !ok {
				st = english.Stem(normWord(t.lower), false)
				if cache != nil {
					cache[t.lower] = st
				}
			}
			t.stem = st
		}
		toks = append(toks, t)
		i = j
	}
	return toks
}

// hyphenBefore reports whether the word at byte i follows "X-" or "X -".
func hyphenBefore(s string, i int) bool {
	if i == 0 {
		return false
	}
	r, w := utf8.DecodeLastRuneInString(s[:i])
	if r != '-' && r != '‑' {
		return false
	}
	k := i - w
	if k == 0 {
		return false
	}
	p, pw := utf8.DecodeLastRuneInString(s[:k])
	if p == ' ' && k-pw > 0 {
		p, _ = utf8.DecodeLastRuneInString(s[:k-pw])
	}
	return unicode.IsLetter(p) || unicode.IsDigit(p)
}

// stopwords are English function words; they carry no claim content.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but nor so yet for of to in on at by with from into onto
	upon about above below over under between among through during before after since until while as
	than then that this these those there here which who whom whose what when where why how
	i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
	is are was were be been being am do does did doing done have has had having
	will would shall should can could may might must
	not no nor also just only very too more most much many some any all each every both either neither
	other such own same again further once s t d ll m re ve said says say told tell added add
	if else out up down off per via like unlike whether because although though however instead
	one's it's that's mr mrs ms`) {
		m[w] = true
	}
	return m
}()

// content reports whether a token carries content for similarity.
func (t *token) content() bool { return !t.stop && (t.stem != "" || t.num) }

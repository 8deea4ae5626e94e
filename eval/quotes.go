// quotes.go: direct-quote extraction scored on PolNeAR (networkdynamics/
// PolNeAR, brat standoff attributions over raw news text).
//
// Gold quotes come from the first annotation file of each article by name:
//   - every attribution whose content span is enclosed in quotation marks
//     (each of its fragments is one or more quoted segments with only
//     punctuation and spaces between), the fragments joined by a space;
//   - every quoted segment inside the content span of any other attribution
//     (a partial quote in reported speech).
//
// Quoted text no attribution covers (scare quotes, titles) is not a quote.
// Texts are compared as lower-cased word sequences, punctuation and
// quotation marks ignored; a prediction matches a gold quote when the
// sequences are equal, each gold quote matched at most once. Speaker
// accuracy is measured over the matched gold quotes whose source span holds
// a capitalised name: the prediction is right when the last word of its
// speaker occurs in the gold source span.
//
// The gold scanner here is deliberately separate from package quote's, so
// the score does not inherit the extractor's idea of what a quote is.

package eval

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/chorusnews/chorus/quote"
)

// QuotesFunc extracts the quotes of one article text.
type QuotesFunc func(text string) []quote.Quote

// QuotesScore is the PolNeAR score of one quote extractor.
type QuotesScore struct {
	Articles  int     `json:"articles"`
	Gold      int     `json:"gold"`
	Predicted int     `json:"predicted"`
	Matched   int     `json:"matched"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// SpeakerGold counts matched gold quotes whose source holds a
	// capitalised name; SpeakerCorrect those whose predicted speaker's last
	// name occurs in that source.
	SpeakerGold     int     `json:"speaker_gold"`
	SpeakerCorrect  int     `json:"speaker_correct"`
	SpeakerAccuracy float64 `json:"speaker_accuracy"`
	// Errors lists, per article, what was missed and what was spurious; it
	// is filled only when asked for.
	Errors []QuotesError `json:"errors,omitempty"`
}

// QuotesError is one disagreement with the gold standard.
type QuotesError struct {
	Article string `json:"article"`
	// Kind is "missed", "spurious" or "speaker".
	Kind    string `json:"kind"`
	Text    string `json:"text"`
	Speaker string `json:"speaker,omitempty"`
	Gold    string `json:"gold_source,omitempty"`
}

// QuotesGold is one gold quote of an article.
type QuotesGold struct {
	Text   string
	Source string
}

// RunQuotes scores fn on every article of a PolNeAR split directory (with
// text/ and attributions/ below it). With errs, the score lists each error.
func RunQuotes(ctx context.Context, dir string, fn QuotesFunc, errs bool) (QuotesScore, error) {
	var s QuotesScore
	texts, err := filepath.Glob(filepath.Join(dir, "text", "*.txt"))
	if err != nil {
		return s, fmt.Errorf("list polnear texts: %w", err)
	}
	if len(texts) == 0 {
		return s, fmt.Errorf("no polnear texts under %s: %w", filepath.Join(dir, "text"), os.ErrNotExist)
	}
	sort.Strings(texts)
	for _, tp := range texts {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		name := strings.TrimSuffix(filepath.Base(tp), ".txt")
		anns, err := filepath.Glob(filepath.Join(dir, "attributions", name+"_*.ann"))
		if err != nil || len(anns) == 0 {
			continue
		}
		sort.Strings(anns)
		text, err := os.ReadFile(tp)
		if err != nil {
			return s, fmt.Errorf("read polnear text %s: %w", name, err)
		}
		gold, err := LoadQuotesGold(string(text), anns[0])
		if err != nil {
			return s, err
		}
		s.Articles++
		quotesScoreArticle(&s, name, gold, fn(string(text)), errs)
	}
	s.Precision = quotesRatio(s.Matched, s.Predicted)
	s.Recall = quotesRatio(s.Matched, s.Gold)
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	s.SpeakerAccuracy = quotesRatio(s.SpeakerCorrect, s.SpeakerGold)
	return s, nil
}

func quotesRatio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// quotesScoreArticle adds one article's matches to s.
func quotesScoreArticle(s *QuotesScore, name string, gold []QuotesGold, pred []quote.Quote, errs bool) {
	s.Gold += len(gold)
	s.Predicted += len(pred)
	byKey := map[string][]int{}
	for i, g := range gold {
		k := QuotesWords(g.Text)
		byKey[k] = append(byKey[k], i)
	}
	used := make([]bool, len(gold))
	for _, q := range pred {
		k := QuotesWords(q.Said())
		idx := byKey[k]
		if len(idx) == 0 {
			if errs {
				s.Errors = append(s.Errors, QuotesError{Article: name, Kind: "spurious", Text: q.Said(), Speaker: q.Speaker})
			}
			continue
		}
		gi := idx[0]
		byKey[k] = idx[1:]
		used[gi] = true
		s.Matched++
		g := gold[gi]
		if !quotesHasName(g.Source) {
			continue
		}
		s.SpeakerGold++
		if quotesSpeakerRight(q.Speaker, g.Source) {
			s.SpeakerCorrect++
		} else if errs {
			s.Errors = append(s.Errors, QuotesError{Article: name, Kind: "speaker", Text: g.Text, Speaker: q.Speaker, Gold: g.Source})
		}
	}
	if errs {
		for i, g := range gold {
			if !used[i] {
				s.Errors = append(s.Errors, QuotesError{Article: name, Kind: "missed", Text: g.Text, Gold: g.Source})
			}
		}
	}
}

// QuotesWords is the comparison form of a text: lower-cased words (runs of
// letters and digits) joined by single spaces.
func QuotesWords(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return strings.Join(f, " ")
}

// quotesNotNames are capitalised function words that do not make a source
// span a name ("The source", "He").
var quotesNotNames = map[string]bool{
	"the": true, "a": true, "an": true, "he": true, "she": true, "they": true, "we": true,
	"i": true, "it": true, "you": true, "his": true, "her": true, "their": true, "our": true,
	"its": true, "my": true, "this": true, "that": true, "these": true, "those": true,
	"some": true, "many": true, "one": true, "both": true, "most": true, "several": true,
	"others": true, "other": true, "another": true, "who": true, "which": true, "all": true,
	"and": true, "but": true, "in": true, "of": true, "according": true, "two": true, "three": true,
}

// quotesHasName reports whether a source span holds a capitalised word
// that is not a function word.
func quotesHasName(src string) bool {
	for _, w := range strings.FieldsFunc(src, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' && r != '-' }) {
		r := []rune(w)
		if len(r) > 0 && unicode.IsUpper(r[0]) && !quotesNotNames[strings.ToLower(strings.Trim(w, ".-"))] {
			return true
		}
	}
	return false
}

// quotesSpeakerRight reports whether the last word of the predicted speaker
// occurs as a word of the gold source span.
func quotesSpeakerRight(pred, src string) bool {
	pw := strings.Fields(QuotesWords(pred))
	if len(pw) == 0 {
		return false
	}
	last := pw[len(pw)-1]
	for _, w := range strings.Fields(QuotesWords(src)) {
		if w == last {
			return true
		}
	}
	return false
}

// quotesSpan is one annotated text-bound span: fragments of rune offsets.
type quotesSpan struct {
	kind  string
	frags [][2]int
}

// LoadQuotesGold reads one brat annotation file over text and returns its
// gold quotes in order of position.
func LoadQuotesGold(text, annPath string) ([]QuotesGold, error) {
	f, err := os.Open(annPath)
	if err != nil {
		return nil, fmt.Errorf("open polnear annotation: %w", err)
	}
	defer f.Close()
	spans := map[string]quotesSpan{}
	type attr struct{ content, source string }
	var attrs []attr
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		cols := strings.Split(line, "\t")
		if len(cols) < 2 {
			continue
		}
		switch {
		case strings.HasPrefix(cols[0], "T"):
			sp, ok := quotesParseSpan(cols[1])
			if ok {
				spans[cols[0]] = sp
			}
		case strings.HasPrefix(cols[0], "E"):
			var a attr
			for _, role := range strings.Fields(cols[1]) {
				k, v, ok := strings.Cut(role, ":")
				if !ok {
					continue
				}
				switch k {
				case "Content":
					a.content = v
				case "Source":
					a.source = v
				}
			}
			attrs = append(attrs, a)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read polnear annotation %s: %w", annPath, err)
	}
	runes := []rune(text)
	slice := func(a, b int) string {
		a = max(0, min(a, len(runes)))
		b = max(a, min(b, len(runes)))
		return string(runes[a:b])
	}
	type posGold struct {
		pos int
		g   QuotesGold
	}
	var out []posGold
	for _, a := range attrs {
		c, ok := spans[a.content]
		if !ok || len(c.frags) == 0 {
			continue
		}
		var src string
		if s, ok := spans[a.source]; ok {
			var parts []string
			for _, fr := range s.frags {
				parts = append(parts, slice(fr[0], fr[1]))
			}
			src = strings.Join(parts, " ")
		}
		enclosed := true
		var whole []string
		var segs [][2]int
		for _, fr := range c.frags {
			lo, hi := max(0, min(fr[0], len(runes))), max(0, min(fr[1], len(runes)))
			ss, enc := quotesGoldSegments(runes[lo:hi])
			if !enc {
				enclosed = false
			}
			whole = append(whole, string(runes[lo:hi]))
			for _, s := range ss {
				segs = append(segs, [2]int{lo + s[0], lo + s[1]})
			}
		}
		if enclosed {
			out = append(out, posGold{c.frags[0][0], QuotesGold{Text: strings.Join(whole, " "), Source: src}})
			continue
		}
		for _, s := range segs {
			if QuotesWords(slice(s[0], s[1])) == "" {
				continue
			}
			out = append(out, posGold{s[0], QuotesGold{Text: slice(s[0], s[1]), Source: src}})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	gold := make([]QuotesGold, len(out))
	for i, o := range out {
		gold[i] = o.g
	}
	return gold, nil
}

// quotesParseSpan parses "Content 315 448;463 553".
func quotesParseSpan(s string) (quotesSpan, bool) {
	kind, rest, ok := strings.Cut(s, " ")
	if !ok {
		return quotesSpan{}, false
	}
	sp := quotesSpan{kind: kind}
	for _, fr := range strings.Split(rest, ";") {
		ab := strings.Fields(fr)
		if len(ab) != 2 {
			return quotesSpan{}, false
		}
		a, err1 := strconv.Atoi(ab[0])
		b, err2 := strconv.Atoi(ab[1])
		if err1 != nil || err2 != nil || b < a {
			return quotesSpan{}, false
		}
		sp.frags = append(sp.frags, [2]int{a, b})
	}
	// annotators list fragments in any order; a quote reads in text order
	sort.Slice(sp.frags, func(i, j int) bool { return sp.frags[i][0] < sp.frags[j][0] })
	return sp, true
}

// quotesGoldSegments finds the quoted segments of a content fragment (inner
// offsets, marks excluded) and whether the fragment is wholly enclosed:
// nothing but segments, spaces and punctuation. Double marks pair in order
// (a straight mark opens when nothing is open); a paragraph that opens with
// a mark while a quote is open continues it. Single marks quote only outside
// double ones: ‘ or ' at a word start opens, ’ or ' at a word end closes.
func quotesGoldSegments(r []rune) ([][2]int, bool) {
	var segs [][2]int
	open, single, width := -1, false, 1
	covered := make([]bool, len(r))
	for i := 0; i < len(r); i++ {
		c := r[i]
		w := 1
		if c == '\'' && i+1 < len(r) && r[i+1] == '\'' {
			c, w = '"', 2 // NYT style: two apostrophes as a double mark
		}
		prevLetter := i > 0 && (unicode.IsLetter(r[i-1]) || unicode.IsDigit(r[i-1]))
		nextLetter := i+1 < len(r) && (unicode.IsLetter(r[i+1]) || unicode.IsDigit(r[i+1]))
		switch {
		case c == '“' || c == '„' || c == '«' || (c == '"' && open < 0):
			if open >= 0 && !single {
				// a paragraph continuation or a stray opener: keep going
				continue
			}
			open, single, width = i, false, w
			i += w - 1
		case c == '”' || c == '»' || c == '"':
			if open >= 0 && !single {
				segs = append(segs, [2]int{open + width, i})
				for k := open; k < i+w; k++ {
					covered[k] = true
				}
				open = -1
			}
			i += w - 1
		case (c == '‘' || c == '\'') && open < 0 && !prevLetter && nextLetter:
			open, single, width = i, true, 1
		case (c == '’' || c == '\'') && open >= 0 && single && !nextLetter && i > open+1:
			segs = append(segs, [2]int{open + 1, i})
			for k := open; k <= i; k++ {
				covered[k] = true
			}
			open = -1
		}
	}
	if len(segs) == 0 {
		return nil, false
	}
	enclosed := true
	for i, c := range r {
		if !covered[i] && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			enclosed = false
			break
		}
	}
	return segs, enclosed
}

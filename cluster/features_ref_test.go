package cluster

// refExtractor is the reference for extractor: the feature extraction as
// it was before the ASCII fast paths and the word tables (one map caches
// every word), kept to check that the optimised one gives the same
// features, in the same order, to the bit.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type refExtractor struct {
	cache         map[string]int32
	slots         []string
	slotOf        map[string]int32
	cacheLang     string
	slotTid       []uint32
	outSlot       []int32
	stemCount     []float32
	used          []int32
	counts        map[string]int32
	order         []string
	vals          []float32
	key           []byte
	initial       map[string]float32
	phrase        []string
	phraseAtStart bool
}

func newRefExtractor() *refExtractor {
	return &refExtractor{cache: map[string]int32{}, slotOf: map[string]int32{}, counts: map[string]int32{}, initial: map[string]float32{}}
}

// hasUpperOrApostropheRef reports whether a word needs lower-casing or
// clitic trimming (anything but plain lower-case ASCII does).
func hasUpperOrApostropheRef(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' || c == '\'' {
			return true
		}
	}
	return false
}

func (x *refExtractor) features(title, body, lang string, titleWeight float32) []termCount {
	clear(x.counts)
	x.order, x.vals = x.order[:0], x.vals[:0]
	clear(x.initial)
	l := languageFor(lang)
	if l.name != x.cacheLang || len(x.cache) > 1<<17 {
		clear(x.cache)
		clear(x.slotOf)
		x.slots = x.slots[:0]
		x.slotTid = x.slotTid[:0]
		x.stemCount = x.stemCount[:0]
		x.cacheLang = l.name
	}
	if titleWeight > 0 {
		x.scanRef(title, l, titleWeight)
	}
	x.scanRef(body, l, 1)
	// "Jackson failed ..." is the Jackson of "Vincent Jackson"
	for w, c := range x.initial {
		x.key = append(append(x.key[:0], kindEntity), w...)
		if k, ok := x.counts[string(x.key)]; ok && x.vals[k] > 0 {
			x.vals[k] += c
		}
	}
	out := make([]termCount, 0, len(x.counts)+len(x.used))
	x.outSlot = x.outSlot[:0]
	for k, t := range x.order {
		out = append(out, termCount{term: t, count: x.vals[k], id: unknownTerm})
		x.outSlot = append(x.outSlot, -1)
	}
	for _, k := range x.used {
		out = append(out, termCount{term: x.slots[k], count: x.stemCount[k], id: x.slotTid[k]})
		x.outSlot = append(x.outSlot, k)
		x.stemCount[k] = 0
	}
	x.used = x.used[:0]
	return out
}

func (x *refExtractor) countRef(kind byte, weight float32, words ...string) {
	b := append(x.key[:0], kind)
	for i, w := range words {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, w...)
	}
	x.key = b
	if k, ok := x.counts[string(b)]; ok {
		x.vals[k] += weight
		return
	}
	key := string(b)
	x.counts[key] = int32(len(x.order))
	x.order = append(x.order, key)
	x.vals = append(x.vals, weight)
}

func (x *refExtractor) scanRef(text string, l language, weight float32) {
	sentenceStart := true
	x.phrase = x.phrase[:0]
	x.phraseAtStart = false
	flush := func() {
		n := len(x.phrase)
		switch {
		case n == 0:
		case n == 1 && x.phraseAtStart:
			// a lone capitalised first word is usually not a name, unless
			// the text names it elsewhere (see features)
			x.initial[x.phrase[0]] += weight
		case n == 1:
			x.countRef(kindEntity, weight, x.phrase[0])
		default:
			x.countRef(kindEntity, weight, x.phrase...)
			x.countRef(kindEntity, weight, x.phrase[n-1])
		}
		x.phrase = x.phrase[:0]
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if !isWordRune(r) {
			switch r {
			case '.', '!', '?', '\n', ':', ';', '"', '“', '”', '(', ')', '|', '•':
				sentenceStart = true
				flush()
			case ',':
				flush()
			}
			i += size
			continue
		}
		j := i + size
		for j < len(text) {
			if asciiWordByte[text[j]] {
				j++
				continue
			}
			r2, s2 := rune(text[j]), 1
			if r2 >= utf8.RuneSelf {
				r2, s2 = utf8.DecodeRuneInString(text[j:])
			}
			if isWordRune(r2) {
				j += s2
				continue
			}
			// keep 1,000 / 3.5 / U.S. / co-operate together
			if (r2 == ',' || r2 == '.' || r2 == '-' || r2 == '\'' || r2 == '’') && j+s2 < len(text) {
				r3, _ := utf8.DecodeRuneInString(text[j+s2:])
				if isWordRune(r3) && (r2 != ',' || unicode.IsDigit(r3)) {
					j += s2
					continue
				}
			}
			break
		}
		w := word{text: text[i:j], capital: unicode.IsUpper(r), sentenceAt: sentenceStart}
		for _, c := range w.text {
			if unicode.IsDigit(c) {
				w.number = true
				break
			}
		}
		x.addWordRef(w, l, weight, flush)
		sentenceStart = false
		i = j
	}
	flush()
}

func (x *refExtractor) addWordRef(w word, l language, weight float32, flush func()) {
	if w.number {
		flush()
		n := w.text
		if strings.ContainsAny(n, ",'’") { // Replace allocates even when it changes nothing
			n = numberCleaner.Replace(n)
		}
		n = strings.TrimSuffix(strings.ToLower(n), "s") // 1990s
		if len(n) >= 2 {
			x.countRef(kindNumber, weight, n)
		}
		return
	}
	lower := w.text
	if hasUpperOrApostropheRef(lower) {
		lower = strings.ToLower(lower)
		if i := indexApostrophe(lower); i > 0 { // possessive / clitic
			lower = lower[:i]
		}
	}
	// the cache knows, for each word seen, its stem's slot or that it is
	// skipped (a stop word, or a single letter)
	k, ok := x.cache[lower]
	if !ok {
		k = skipWord
		if utf8.RuneCountInString(lower) >= 2 && !l.stop(lower) {
			key := string(kindStem) + l.stem(lower, false)
			if k, ok = x.slotOf[key]; !ok {
				k = int32(len(x.slots))
				x.slots = append(x.slots, key)
				x.slotTid = append(x.slotTid, unknownTerm)
				x.slotOf[key] = k
				x.stemCount = append(x.stemCount, 0)
			}
		}
		x.cache[strings.Clone(lower)] = k
	}
	if k == skipWord {
		flush()
		return
	}
	if w.capital && !(w.sentenceAt && len(x.phrase) == 0 && isCommonAtStart(lower)) {
		if len(x.phrase) == 0 {
			x.phraseAtStart = w.sentenceAt
		}
		x.phrase = append(x.phrase, lower)
	} else {
		flush()
	}
	if x.stemCount[k] == 0 {
		x.used = append(x.used, k)
	}
	x.stemCount[k] += weight
}

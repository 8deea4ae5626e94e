package cluster

import (
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

// Feature kinds are marked by a one-byte prefix on the term.
const (
	kindStem   = 's' // stem of a content word
	kindEntity = 'e' // capitalised phrase, or its last word
	kindNumber = 'n' // number
)

// termCount is one feature of a text and how often it occurs (title
// occurrences count TitleWeight times).
type termCount struct {
	term  string
	count float32
	// id is the term's id in the index (see extractor.termIDs and
	// insertAll), unknownTerm when not known
	id uint32
}

// language picks a stemmer and stop-word list.
type language struct {
	name string
	stem func(string, bool) string
	stop func(string) bool
}

var languages = map[string]language{
	"en": {"en", english.Stem, english.IsStopWord},
	"fr": {"fr", french.Stem, french.IsStopWord},
	"es": {"es", spanish.Stem, spanish.IsStopWord},
	"ru": {"ru", russian.Stem, russian.IsStopWord},
	"sv": {"sv", swedish.Stem, swedish.IsStopWord},
	"no": {"no", norwegian.Stem, norwegian.IsStopWord},
	"nb": {"no", norwegian.Stem, norwegian.IsStopWord},
}

var languageNames = map[string]string{"english": "en", "french": "fr", "spanish": "es", "russian": "ru", "swedish": "sv", "norwegian": "no"}

// languageFor returns the stemmer for an article's language tag ("en",
// "en-GB", "English"); English when the tag is empty; no stemming and
// English stop words for languages the stemmer library lacks.
func languageFor(tag string) language {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if n, ok := languageNames[tag]; ok {
		tag = n
	}
	if i := strings.IndexAny(tag, "-_"); i > 0 {
		tag = tag[:i]
	}
	if tag == "" {
		tag = "en"
	}
	if l, ok := languages[tag]; ok {
		return l
	}
	return language{name: "", stem: func(w string, _ bool) string { return w }, stop: english.IsStopWord}
}

// extractor turns texts into feature counts. It caches stems and is not
// safe for concurrent use: give each goroutine its own.
type extractor struct {
	// cache maps a word to the slot of its stem feature, for cacheLang;
	// slots[k] is the feature key of slot k and slotOf its inverse.
	// Counting stems by slot costs one map lookup a word instead of two.
	// (words up to maxTableWord bytes are cached in short instead)
	cache     map[string]int32
	short     wordTable
	slots     []string
	slotOf    map[string]int32
	cacheLang string
	// slotTid[k] is the index term id of slot k's feature once termIDs
	// has found it (unknownTerm before): term ids never change, so a
	// stem is looked up in the vocabulary once, not once an article.
	// outSlot holds the slot of each feature the last features call
	// returned (-1: not a stem).
	slotTid []uint32
	outSlot []int32
	// stemCount counts stem features by slot for the current text; used
	// lists the slots counted.
	stemCount []float32
	used      []int32
	// order lists the other features (names, numbers) as first seen, so
	// that features come out in the same order for the same text (the
	// index numbers new terms in that order), vals their counts, and
	// counts finds the position of each. Keys are built in key and looked
	// up without making a string: only a key new to the text makes one.
	counts keyTable
	order  []string
	vals   []float32
	key    []byte
	// initial counts lone capitalised words that began a sentence: they
	// count as names only when the text also has them as names elsewhere.
	initial map[string]float32
	phrase  []string
	// phraseAtStart is true when the current phrase began a sentence.
	phraseAtStart bool
	// lower holds the lower-cased forms of the current text's ASCII
	// words (see lowerASCII); emptied by each features call
	lower []byte
}

// extractors keeps extractors, with their stem caches, from one batch
// to the next: a batch then stems only the words no earlier batch had.
// Their output does not depend on what they cached.
type extractors struct {
	mu   sync.Mutex
	free []*extractor
}

// get returns a free extractor, or a new one.
func (p *extractors) get() *extractor {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		x := p.free[n-1]
		p.free = p.free[:n-1]
		return x
	}
	return newExtractor()
}

// put gives an extractor back.
func (p *extractors) put(x *extractor) {
	p.mu.Lock()
	p.free = append(p.free, x)
	p.mu.Unlock()
}

func newExtractor() *extractor {
	return &extractor{cache: make(map[string]int32, 4096), slotOf: make(map[string]int32, 4096),
		initial: make(map[string]float32, 64)}
}

// word is a token with what the feature rules need to know about it.
type word struct {
	text       string // as written
	capital    bool   // starts with an upper-case letter
	number     bool   // has a digit
	sentenceAt bool   // first word of a sentence or line
	ascii      bool   // has ASCII bytes only
	cls        uint8  // classes of its ASCII bytes (see asciiClassOf)
}

// features returns the features of a title and body. Title features count
// titleWeight times.
func (x *extractor) features(title, body, lang string, titleWeight float32) []termCount {
	x.counts.reset()
	x.order, x.vals = x.order[:0], x.vals[:0]
	clear(x.initial)
	x.lower = x.lower[:0]
	l := languageFor(lang)
	if l.name != x.cacheLang || len(x.cache)+x.short.n > 1<<17 {
		clear(x.cache)
		x.short.reset()
		clear(x.slotOf)
		x.slots = x.slots[:0]
		x.slotTid = x.slotTid[:0]
		x.stemCount = x.stemCount[:0]
		x.cacheLang = l.name
	}
	if titleWeight > 0 {
		x.scan(title, l, titleWeight)
	}
	x.scan(body, l, 1)
	// "Jackson failed ..." is the Jackson of "Vincent Jackson"
	for w, c := range x.initial {
		x.key = append(append(x.key[:0], kindEntity), w...)
		if k, _, _ := x.counts.find(x.key, x.order); k >= 0 && x.vals[k] > 0 {
			x.vals[k] += c
		}
	}
	out := make([]termCount, 0, len(x.order)+len(x.used))
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

// termIDs sets the id of each feature of the last features call to its
// term's id in vocab, unknownTerm for a term vocab lacks, and remembers
// the ids of stems. vocab must only grow, keeping ids, between calls.
func (x *extractor) termIDs(feats []termCount, vocab map[string]uint32) {
	for f := range feats {
		if feats[f].id != unknownTerm {
			continue
		}
		if t, ok := vocab[feats[f].term]; ok {
			feats[f].id = t
			if k := x.outSlot[f]; k >= 0 {
				x.slotTid[k] = t
			}
		}
	}
}

// count adds weight to the name or number feature whose key is kind
// followed by the words, joined by spaces.
func (x *extractor) count(kind byte, weight float32, words ...string) {
	b := append(x.key[:0], kind)
	for i, w := range words {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, w...)
	}
	x.key = b
	k, slot, h := x.counts.find(b, x.order)
	if k >= 0 {
		x.vals[k] += weight
		return
	}
	x.counts.add(slot, h, int32(len(x.order)))
	x.order = append(x.order, string(b))
	x.vals = append(x.vals, weight)
}

// scan tokenises text and adds its features to the extractor's counts.
func (x *extractor) scan(text string, l language, weight float32) {
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
			x.count(kindEntity, weight, x.phrase[0])
		default:
			x.count(kindEntity, weight, x.phrase...)
			x.count(kindEntity, weight, x.phrase[n-1])
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
		// cls gathers the classes of the word's ASCII bytes (see
		// asciiClassOf); nonASCII tells whether it has other runes
		j := i + size
		cls := asciiClassOf[text[i]]
		nonASCII := size > 1
		for j < len(text) {
			if c := text[j]; asciiWordByte[c] {
				cls |= asciiClassOf[c]
				j++
				continue
			}
			r2, s2 := rune(text[j]), 1
			if r2 >= utf8.RuneSelf {
				r2, s2 = utf8.DecodeRuneInString(text[j:])
			}
			if isWordRune(r2) {
				nonASCII = true
				j += s2
				continue
			}
			// keep 1,000 / 3.5 / U.S. / co-operate together
			if (r2 == ',' || r2 == '.' || r2 == '-' || r2 == '\'' || r2 == '’') && j+s2 < len(text) {
				r3, _ := utf8.DecodeRuneInString(text[j+s2:])
				if isWordRune(r3) && (r2 != ',' || unicode.IsDigit(r3)) {
					cls |= asciiClassOf[text[j]]
					nonASCII = nonASCII || s2 > 1
					j += s2
					continue
				}
			}
			break
		}
		w := word{text: text[i:j], capital: unicode.IsUpper(r), sentenceAt: sentenceStart, ascii: !nonASCII, cls: cls}
		if nonASCII {
			for _, c := range w.text {
				if unicode.IsDigit(c) {
					w.number = true
					break
				}
			}
		} else {
			w.number = cls&classDigit != 0
		}
		x.addWord(w, l, weight, flush)
		sentenceStart = false
		i = j
	}
	flush()
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWordByte[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Classes of the ASCII bytes of a word, gathered by scan: for a word of
// ASCII bytes only they tell, without another pass over it, whether it
// has a digit (a number), and whether addWord must lower-case it (an
// upper-case letter) or trim a clitic (an apostrophe).
const (
	classDigit = 1 << iota
	classUpper
	classApostrophe
)

var asciiClassOf = func() (t [256]uint8) {
	for c := range utf8.RuneSelf {
		switch {
		case '0' <= c && c <= '9':
			t[c] = classDigit
		case 'A' <= c && c <= 'Z':
			t[c] = classUpper
		case c == '\'':
			t[c] = classApostrophe
		}
	}
	return t
}()

// asciiWordByte is isWordRune for the ASCII bytes (letters and digits);
// false for every byte from utf8.RuneSelf.
var asciiWordByte = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))
	}
	return t
}()

func (x *extractor) addWord(w word, l language, weight float32, flush func()) {
	if w.number {
		flush()
		n := w.text
		if strings.ContainsAny(n, ",'’") { // Replace allocates even when it changes nothing
			n = numberCleaner.Replace(n)
		}
		n = strings.TrimSuffix(strings.ToLower(n), "s") // 1990s
		if len(n) >= 2 {
			x.count(kindNumber, weight, n)
		}
		return
	}
	lower := w.text
	switch {
	case w.ascii && w.cls&(classUpper|classApostrophe) == 0:
		// plain lower-case ASCII: nothing to lower or trim
	case w.ascii:
		// strings.ToLower of ASCII maps A-Z only, into x.lower: no
		// string is allocated
		if w.cls&classUpper != 0 {
			lower = x.lowerASCII(lower)
		}
		if i := strings.IndexByte(lower, '\''); i > 0 { // possessive / clitic
			lower = lower[:i]
		}
	default:
		lower = strings.ToLower(lower)
		if i := indexApostrophe(lower); i > 0 { // possessive / clitic
			lower = lower[:i]
		}
	}
	// the cache knows, for each word seen, its stem's slot or that it is
	// skipped (a stop word, or a single letter)
	var k int32
	var ok bool
	var lo, hi uint64
	short := len(lower) <= maxTableWord && lower[0] != 0
	if short {
		lo, hi = packWord(lower)
		k, ok = x.short.get(lo, hi)
	} else {
		k, ok = x.cache[lower]
	}
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
		if short {
			x.short.put(lo, hi, k)
		} else {
			x.cache[strings.Clone(lower)] = k
		}
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

// lowerASCII returns the ASCII word w lower-cased, in x.lower: the
// string stays valid until the next features call, which reuses the
// buffer (no string from it is kept past a call: the cache, slots and
// keys keep copies).
func (x *extractor) lowerASCII(w string) string {
	if cap(x.lower)-len(x.lower) < len(w) {
		// earlier words keep the old buffer
		x.lower = make([]byte, 0, max(4096, 2*cap(x.lower), len(w)))
	}
	at := len(x.lower)
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		x.lower = append(x.lower, c)
	}
	return unsafe.String(&x.lower[at], len(w))
}

// skipWord is the cached slot of a word that is not a feature.
const skipWord = -1

// indexApostrophe is strings.IndexAny(s, "'’") without decoding runes.
func indexApostrophe(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			return i
		case 0xe2: // ’ is e2 80 99
			if strings.HasPrefix(s[i:], "’") {
				return i
			}
		}
	}
	return -1
}

var numberCleaner = strings.NewReplacer(",", "", "’", "", "'", "")

// isCommonAtStart reports whether a capitalised sentence-initial word is
// likely an ordinary word (short function-like words) rather than a name.
// Without a lexicon we keep every other sentence-initial capital: the
// weighting lets rare names count and common words fade.
func isCommonAtStart(lower string) bool {
	switch lower {
	case "but", "and", "or", "so", "yet", "after", "before", "when", "while", "as", "if", "then",
		"however", "meanwhile", "also", "still", "according", "last", "next", "earlier", "later",
		"many", "some", "most", "several", "one", "two", "three", "both", "all", "each", "no":
		return true
	}
	return false
}

// logTF is the sublinear term frequency.
func logTF(c float32) float32 { return 1 + float32(math.Log(float64(c))) }

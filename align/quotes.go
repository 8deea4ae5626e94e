package align

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chorusnews/chorus/quote"
)

// Quote is a direct quote found in one article's text, as a QuoteFunc
// returns it. Start and End are Unicode code point offsets into the text.
type Quote struct {
	Text    string
	Start   int
	End     int
	Speaker string
	Cue     string
}

// QuoteFunc extracts the direct quotes of a text.
type QuoteFunc func(text string) []Quote

// QuoteVariant is one article's wording of a grouped quote.
type QuoteVariant struct {
	Article string `json:"article"`
	Text    string `json:"text"`
	// Kind is "exact", "partial" (a contiguous part of the canonical wording
	// or containing it), "garbled" (same structure, words substituted, as
	// machine translation does) or "paraphrase" (reworded).
	Kind string `json:"kind"`
	// Diff is the word-level difference from the canonical wording.
	Diff    []DiffOp `json:"diff,omitempty"`
	Speaker string   `json:"speaker,omitempty"`
	// Start and End locate the quote in the article's text (code points).
	Start int `json:"start"`
	End   int `json:"end"`
}

// DiffOp is one step of a word-level diff: Op is "=", "-" (only in the
// canonical wording) or "+" (only in the variant).
type DiffOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// QuoteGroup is one quote as several articles carry it.
type QuoteGroup struct {
	// Text is the canonical wording: the one most articles carry verbatim.
	Text    string `json:"text"`
	Speaker string `json:"speaker"`
	// Support lists the articles carrying the quote in any wording.
	Support  []string       `json:"support"`
	Variants []QuoteVariant `json:"variants"`
}

// quoteUnit is one sentence of one quote of one article.
type quoteUnit struct {
	art     int
	text    string
	words   []string // normalised lower-case words
	stems   []string // content stems, names folded
	speaker string
	start   int
	end     int
	group   int
	kind    string
}

// ExtractQuotes is the default QuoteFunc: package quote's extractor, one
// Quote per quoted part (a quote split by its attribution gives two).
func ExtractQuotes(text string) []Quote {
	qs := quote.Extract(text)
	out := make([]Quote, 0, len(qs))
	for _, q := range qs {
		if len(q.Parts) == 0 {
			out = append(out, Quote{Text: q.Text, Start: q.Start, End: q.End, Speaker: q.Speaker, Cue: q.Cue})
		}
		for _, p := range q.Parts {
			out = append(out, Quote{Text: p.Text, Start: p.Start, End: p.End, Speaker: q.Speaker, Cue: q.Cue})
		}
	}
	return out
}

// PlainQuotes is a QuoteFunc without speakers: text between typographic
// or straight double quotation marks, a quote left open at the end of a
// paragraph ending there.
func PlainQuotes(text string) []Quote {
	r := []rune(text)
	var out []Quote
	open := -1
	for i, c := range r {
		switch {
		case c == '“' || c == '„' || c == '«':
			if open < 0 {
				open = i + 1
			}
		case c == '”' || c == '»':
			if open >= 0 {
				out = append(out, Quote{Text: string(r[open:i]), Start: open, End: i})
				open = -1
			}
		case c == '"':
			if open < 0 && (i == 0 || !unicode.IsLetter(r[i-1]) && !unicode.IsDigit(r[i-1]) && !unicode.IsPunct(r[i-1])) {
				open = i + 1
			} else if open >= 0 {
				out = append(out, Quote{Text: string(r[open:i]), Start: open, End: i})
				open = -1
			}
		case c == '\n':
			if open >= 0 {
				out = append(out, Quote{Text: string(r[open:i]), Start: open, End: i})
				open = -1
			}
		}
	}
	if open >= 0 {
		out = append(out, Quote{Text: string(r[open:]), Start: open, End: len(r)})
	}
	return out
}

// normWord lower-cases a word and folds British -ise/-our spellings to the
// American ones so that spelling conventions do not count as deviations.
func normWord(w string) string {
	w = strings.ToLower(w)
	for _, p := range [][2]string{{"defence", "defense"}, {"offence", "offense"}, {"licence", "license"}, {"isation", "ization"}, {"ising", "izing"}, {"ised", "ized"}, {"ise", "ize"}, {"ises", "izes"}, {"our", "or"}, {"ours", "ors"}} {
		if strings.HasSuffix(w, p[0]) && len(w) > len(p[0])+3 {
			return w[:len(w)-len(p[0])] + p[1]
		}
	}
	return w
}

// groupQuotes extracts quotes from every article, splits them into
// sentences and groups the same sentence across articles.
//
// names maps a lower-case name variant to its entity's canonical name, so
// that speakers spelt "Hegset" and "Hegseth" count as one.
func (d *doc) groupQuotes(extract QuoteFunc, names map[string]string) []QuoteGroup {
	d.pre = d.formSignals()
	var units []*quoteUnit
	for ai := range d.arts {
		for _, q := range d.safeExtract(extract, ai) {
			if d.ctx.Err() != nil {
				return nil
			}
			ss, err := Split(q.Text)
			if err != nil {
				continue
			}
			off := 0
			for _, s := range ss {
				u := &quoteUnit{art: ai, text: s, speaker: canonicalSpeaker(q.Speaker, names), group: -1}
				toks := tokenizeWith(s, d.stems)
				for _, t := range toks {
					u.words = append(u.words, normWord(t.text))
					if t.stem != "" || t.num {
						st := t.stem
						if c, ok := d.fold[t.lower]; ok {
							st = "@" + c
						} else if t.num {
							st = t.text
						}
						u.stems = append(u.stems, st)
					}
				}
				if len(u.words) == 0 {
					continue
				}
				k := strings.Index(q.Text[off:], s)
				if k >= 0 {
					u.start = q.Start + utf8.RuneCountInString(q.Text[:off+k])
					u.end = u.start + utf8.RuneCountInString(s)
					off += k + len(s)
				} else {
					u.start, u.end = q.Start, q.End
				}
				units = append(units, u)
			}
		}
	}
	// link units of different articles, best first, one unit per article
	type link struct {
		a, b int
		sim  float64
	}
	var links []link
	for i, a := range units {
		for j := i + 1; j < len(units); j++ {
			b := units[j]
			if a.art == b.art {
				continue
			}
			if sim := quoteSim(a, b); sim > 0 {
				links = append(links, link{i, j, sim})
			}
		}
	}
	sort.SliceStable(links, func(x, y int) bool { return links[x].sim > links[y].sim })
	parent := make([]int, len(units))
	arts := make([]map[int]bool, len(units))
	for i, u := range units {
		parent[i] = i
		arts[i] = map[int]bool{u.art: true}
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, l := range links {
		ra, rb := find(l.a), find(l.b)
		if ra == rb {
			continue
		}
		clash := false
		for a := range arts[rb] {
			if arts[ra][a] {
				clash = true
			}
		}
		if clash {
			continue
		}
		parent[rb] = ra
		for a := range arts[rb] {
			arts[ra][a] = true
		}
	}
	// continuity: a unit left alone whose predecessor is grouped joins the
	// group of the units that follow its predecessor's partners
	for i := 1; i < len(units); i++ {
		u, prev := units[i], units[i-1]
		if prev.art != u.art || len(arts[find(i)]) > 1 {
			continue
		}
		rp := find(i - 1)
		for j := 1; j < len(units); j++ {
			if units[j].art == u.art || units[j-1].art != units[j].art || find(j-1) != rp {
				continue
			}
			rj := find(j)
			if arts[rj][u.art] || !looseQuoteSim(u, units[j]) {
				continue
			}
			parent[find(i)] = rj
			arts[rj][u.art] = true
			break
		}
	}
	members := map[int][]int{}
	for i := range units {
		r := find(i)
		members[r] = append(members[r], i)
	}
	var groups []QuoteGroup
	for _, r := range sortedIntKeys(members) {
		ms := members[r]
		g := d.buildGroup(units, ms)
		for _, m := range ms {
			units[m].group = len(groups)
		}
		groups = append(groups, g)
	}
	d.quoteUnits = units
	d.groupSupport = make([]int, len(groups))
	for i, g := range groups {
		d.groupSupport[i] = len(g.Support)
	}
	sort.SliceStable(groups, func(i, j int) bool { return len(groups[i].Support) > len(groups[j].Support) })
	return groups
}

// safeExtract runs the quote extractor on one article; if it panics, the
// article's quotes come from PlainQuotes and a warning is recorded.
func (d *doc) safeExtract(extract QuoteFunc, ai int) (qs []Quote) {
	defer func() {
		if r := recover(); r != nil {
			d.warnings = append(d.warnings, fmt.Sprintf("quote extractor failed on article %s (%v); used plain quotation marks", d.arts[ai].id, r))
			qs = PlainQuotes(d.arts[ai].text)
		}
	}()
	return extract(d.arts[ai].text)
}

// canonicalSpeaker replaces a speaker whose last word is a known entity
// variant by the entity's name.
func canonicalSpeaker(sp string, names map[string]string) string {
	f := strings.Fields(sp)
	if len(f) == 0 {
		return sp
	}
	last := strings.ToLower(strings.TrimFunc(f[len(f)-1], func(r rune) bool { return !unicode.IsLetter(r) }))
	if n, ok := names[last]; ok {
		return n
	}
	return sp
}

// quoteSim scores how likely two quote sentences are the same quote; 0 when
// they are not. Stems match exactly, by a shared prefix of five letters or
// by small edit distance, so "illusional" meets "illusionary".
func quoteSim(a, b *quoteUnit) float64 {
	if len(a.stems) == 0 || len(b.stems) == 0 {
		return 0
	}
	exact := 0
	for _, x := range a.stems {
		for _, y := range b.stems {
			if x == y {
				exact++
				break
			}
		}
	}
	if 2*float64(exact)/float64(len(a.stems)+len(b.stems)) < 0.25 {
		return 0
	}
	used := make([]bool, len(b.stems))
	shared := 0
	for _, x := range a.stems {
		for j, y := range b.stems {
			if !used[j] && stemsMatch(x, y) {
				used[j] = true
				shared++
				break
			}
		}
	}
	dice := 2 * float64(shared) / float64(len(a.stems)+len(b.stems))
	short, long := a, b
	if len(short.words) > len(long.words) {
		short, long = long, short
	}
	if len(short.stems) >= 2 && containsSeq(long.words, short.words) {
		return 0.5 + dice/2
	}
	if dice >= 0.5 && shared >= 3 {
		return dice
	}
	return 0
}

// looseQuoteSim is the weaker test used for a quote sentence that follows,
// in both articles, quote sentences already grouped together: shared
// stems or a long common word sequence.
func looseQuoteSim(a, b *quoteUnit) bool {
	if len(a.stems) == 0 || len(b.stems) == 0 {
		return false
	}
	shared := 0
	used := make([]bool, len(b.stems))
	for _, x := range a.stems {
		for j, y := range b.stems {
			if !used[j] && stemsMatch(x, y) {
				used[j] = true
				shared++
				break
			}
		}
	}
	dice := 2 * float64(shared) / float64(len(a.stems)+len(b.stems))
	l := float64(lcs(a.words, b.words)) / float64(max(len(a.words), len(b.words)))
	return shared >= 2 && (dice >= 0.3 || l >= 0.4)
}

func stemsMatch(x, y string) bool {
	if x == y {
		return true
	}
	rx, ry := []rune(x), []rune(y)
	n := 0
	for n < len(rx) && n < len(ry) && rx[n] == ry[n] {
		n++
	}
	if n >= 5 {
		return true
	}
	if len(rx) >= 5 && len(ry) >= 5 {
		return editDistance(x, y) <= max(len(rx), len(ry))/4
	}
	return false
}

// containsSeq reports whether needle occurs contiguously in hay.
func containsSeq(hay, needle []string) bool {
	if len(needle) == 0 || len(needle) > len(hay) {
		return false
	}
outer:
	for i := 0; i+len(needle) <= len(hay); i++ {
		for j := range needle {
			if hay[i+j] != needle[j] {
				continue outer
			}
		}
		return true
	}
	return false
}

func equalSeq(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// buildGroup picks the canonical wording of a group and labels variants.
func (d *doc) buildGroup(units []*quoteUnit, ms []int) QuoteGroup {
	best, bestScore := ms[0], -1.0
	for _, m := range ms {
		exact, contained := 0, 0
		for _, o := range ms {
			if equalSeq(units[m].words, units[o].words) {
				exact++
			} else if containsSeq(units[o].words, units[m].words) {
				contained++
			}
		}
		// ties go to the article whose text shows fewer signs of machine
		// translation, then to the longer wording
		sc := float64(exact)*100 + float64(contained)*10 - d.pre[units[m].art] + float64(len(units[m].words))/1000
		if sc > bestScore {
			best, bestScore = m, sc
		}
	}
	canon := units[best]
	g := QuoteGroup{Text: canon.text}
	speakers := map[string]int{}
	seen := map[string]bool{}
	for _, m := range ms {
		u := units[m]
		id := d.arts[u.art].id
		if !seen[id] {
			seen[id] = true
			g.Support = append(g.Support, id)
		}
		if u.speaker != "" {
			speakers[u.speaker]++
		}
		u.kind = labelVariant(canon.words, u.words)
		v := QuoteVariant{Article: id, Text: u.text, Kind: u.kind, Speaker: u.speaker, Start: u.start, End: u.end}
		if u.kind != "exact" {
			v.Diff = wordDiff(canon.words, u.words)
		}
		g.Variants = append(g.Variants, v)
	}
	bestN := 0
	for _, s := range sortedKeys(speakers) {
		if speakers[s] > bestN {
			g.Speaker, bestN = s, speakers[s]
		}
	}
	return g
}

// labelVariant compares a wording with the canonical one.
func labelVariant(canon, w []string) string {
	switch {
	case equalSeq(canon, w):
		return "exact"
	case containsSeq(canon, w) || containsSeq(w, canon):
		return "partial"
	}
	l := lcs(canon, w)
	if float64(l)/float64(max(len(canon), len(w))) >= 0.5 {
		return "garbled"
	}
	return "paraphrase"
}

func lcsTable(a, b []string) [][]int {
	t := make([][]int, len(a)+1)
	for i := range t {
		t[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	return t
}

func lcs(a, b []string) int { return lcsTable(a, b)[0][0] }

// wordDiff is the LCS word diff from a to b, runs of one op joined.
func wordDiff(a, b []string) []DiffOp {
	t := lcsTable(a, b)
	var ops []DiffOp
	add := func(op, w string) {
		if n := len(ops); n > 0 && ops[n-1].Op == op {
			ops[n-1].Text += " " + w
			return
		}
		ops = append(ops, DiffOp{Op: op, Text: w})
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			add("=", a[i])
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			add("-", a[i])
			i++
		default:
			add("+", b[j])
			j++
		}
	}
	for ; i < len(a); i++ {
		add("-", a[i])
	}
	for ; j < len(b); j++ {
		add("+", b[j])
	}
	return ops
}

package align

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// nameKey is one lower-cased head word of capitalised phrases ("hegseth"),
// with the evidence gathered about it.
type nameKey struct {
	lower    string
	surfaces map[string]map[string]bool // head as written -> article ids
	phrases  map[string]int             // full phrase (role words stripped) -> count
	sents    map[int]bool
	ctx      map[string]float64 // stems near mentions
	count    int
	person   float64
	org      float64
	place    float64
}

// roleWords are titles and roles that mark a person when they stand next to
// a name; they are stripped from the front of names.
var roleWords = wordSet(`president secretary minister chancellor senator governor mayor prime deputy
	chief director spokesman spokeswoman spokesperson envoy ambassador general gen admiral colonel captain
	sergeant sgt officer commander king queen prince princess pope mr mrs ms dr sir lord lady judge justice
	rep representative sen gov chairman chairwoman chair ceo founder leader head official actor actress
	singer star coach player defense defence foreign interior finance economy state special
	vice former acting`)

// orgWords end organisation names.
var orgWords = wordSet(`group ministry department administration council committee union party agency
	organization organisation company corp corporation inc ltd bank association university college court
	commission alliance office institute force forces army navy police house center centre parliament
	congress senate cabinet government board club team network times post news service services fund
	federation league foundation`)

// placeWords are prepositions that introduce places.
var placeWords = wordSet(`in from to at across near into toward towards throughout inside outside`)

var speechWords = wordSet(`said says told added stated announced posted warned wrote claimed insisted explained noted asked replied according`)

var calendarWords = wordSet(`monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
	january february march april may june july august september october november december`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// findEntities collects capitalised phrases of every sentence.
func (d *doc) findEntities() {
	midCap := map[string]bool{}
	for _, s := range d.sents {
		for i := 1; i < len(s.toks); i++ {
			if s.toks[i].cap && !s.toks[i].stop {
				midCap[s.toks[i].lower] = true
			}
		}
	}
	for si, s := range d.sents {
		allCaps := true
		for _, t := range s.toks {
			if !t.upper && !t.num && !t.stop {
				allCaps = false
				break
			}
		}
		if allCaps {
			continue // headlines and captions in capitals carry no case evidence
		}
		i := 0
		for i < len(s.toks) {
			if !isNameTok(s.toks, i, midCap) {
				i++
				continue
			}
			j := i
			for j < len(s.toks) && isNameTok(s.toks, j, midCap) && (j == i || !s.toks[j].hyphenBefore) &&
				(j == i || onlySpace(s.text[s.toks[j-1].end:s.toks[j].start])) {
				j++
			}
			d.addMention(si, s, i, j)
			i = j
		}
	}
	d.parent = make([]int, len(d.keys))
	for i := range d.parent {
		d.parent[i] = i
	}
	d.mergeKeys(nil)
}

func onlySpace(s string) bool { return strings.TrimSpace(s) == "" }

func isNameTok(toks []token, i int, midCap map[string]bool) bool {
	t := &toks[i]
	if !t.cap || t.stop || t.num || calendarWords[t.lower] || utf8.RuneCountInString(t.text) < 2 {
		return false
	}
	if i == 0 && !midCap[t.lower] {
		return false // a capital that only starts sentences is no evidence
	}
	return true
}

func (d *doc) addMention(si int, s *sent, i, j int) {
	head := s.toks[j-1]
	if roleWords[head.lower] {
		return // a title alone ("the Secretary") names no one by itself
	}
	ki, ok := d.keyIdx[head.lower]
	if !ok {
		ki = len(d.keys)
		d.keyIdx[head.lower] = ki
		d.keys = append(d.keys, &nameKey{lower: head.lower, surfaces: map[string]map[string]bool{},
			phrases: map[string]int{}, sents: map[int]bool{}, ctx: map[string]float64{}})
	}
	k := d.keys[ki]
	k.count++
	art := d.arts[s.art].id
	if k.surfaces[head.text] == nil {
		k.surfaces[head.text] = map[string]bool{}
	}
	k.surfaces[head.text][art] = true
	k.sents[si] = true
	s.names = append(s.names, ki)
	// the name proper: what follows the last title ("Ukrainian President
	// Volodymyr Zelensky"), then without leading acronyms ("US")
	b := i
	for x := i; x < j-1; x++ {
		if roleWords[s.toks[x].lower] {
			k.person++
			if !orgWords[head.lower] {
				b = x + 1
			}
		}
	}
	for b < j-1 && s.toks[b].upper {
		b++
	}
	k.phrases[s.text[s.toks[b].start:head.end]]++
	if j-1 > b && !s.toks[j-2].upper {
		k.person += 0.25 // a first name, or the first word of a longer name
	}
	if i > 0 && s.toks[i-1].lower == "the" {
		// "the United States", "the Kremlin": people take no article
		k.person--
		k.org += 0.5
	}
	if orgWords[head.lower] {
		k.org += 2
	}
	if head.upper && utf8.RuneCountInString(head.text) <= 6 && j-i == 1 {
		k.org += 0.5
	}
	if i > 0 && roleWords[s.toks[i-1].lower] {
		k.person++
	}
	if j < len(s.toks) && speechWords[s.toks[j].lower] || i > 0 && speechWords[s.toks[i-1].lower] {
		k.person++
	}
	if j < len(s.toks) && s.toks[j].lower == "who" {
		k.person++
	}
	if i > 0 && placeWords[s.toks[i-1].lower] {
		k.place++
	}
	for x := max(0, i-4); x < min(len(s.toks), j+4); x++ {
		if x >= i && x < j || s.toks[x].stem == "" {
			continue
		}
		k.ctx[s.toks[x].stem]++
	}
}

func (d *doc) find(i int) int {
	for d.parent[i] != i {
		d.parent[i] = d.parent[d.parent[i]]
		i = d.parent[i]
	}
	return i
}

// mergeKeys merges name keys that are spellings of one name. aligned, when
// not nil, tells whether two keys occur in sentences of one claim.
func (d *doc) mergeKeys(aligned func(a, b int) bool) {
	type pair struct {
		a, b int
		sim  float64
	}
	var pairs []pair
	for a := range d.keys {
		for b := a + 1; b < len(d.keys); b++ {
			ka, kb := d.keys[a], d.keys[b]
			la, lb := utf8.RuneCountInString(ka.lower), utf8.RuneCountInString(kb.lower)
			if la < 4 || lb < 4 || absInt(la-lb) > 2 {
				continue
			}
			ra, _ := utf8.DecodeRuneInString(ka.lower)
			rb, _ := utf8.DecodeRuneInString(kb.lower)
			if ra != rb || derived(ka.lower, kb.lower) {
				continue
			}
			sim := 1 - float64(editDistance(ka.lower, kb.lower))/float64(max(la, lb))
			if sim < 0.5 {
				continue
			}
			pairs = append(pairs, pair{a, b, sim})
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].sim > pairs[j].sim })
	for _, p := range pairs {
		ra, rb := d.find(p.a), d.find(p.b)
		if ra == rb || d.cooccur(ra, rb) {
			continue
		}
		ka, kb := d.keys[p.a], d.keys[p.b]
		if ka.acronym() || kb.acronym() {
			continue // "IRNA" and "ISNA" are two agencies
		}
		if differentFirstNames(ka, kb) {
			continue // "South Africa" is not "Latin America", "Paul X" not "Frank Y"
		}
		// a writer who uses both spellings means two names; a translation
		// may garble one mention and keep another, so one article is allowed
		// when other evidence is strong
		both := sharedArticles(ka, kb)
		if both >= 2 {
			continue
		}
		ev := cosine(d.groupCtx(ra), d.groupCtx(rb))
		alignedEv := aligned != nil && aligned(p.a, p.b)
		if alignedEv {
			ev += 0.5
		}
		// tiers: near-identical spellings (one edit in five letters or
		// more); looser ones only with positive
		// evidence: the same first name or sentences aligned into one claim
		strong := p.sim >= 0.85 || p.sim >= 0.8 && min(len(ka.lower), len(kb.lower)) >= 5 && ev >= 0.15
		middle := p.sim >= 0.7 && ev >= 0.15 && (sameFirstName(ka, kb) || alignedEv)
		weak := p.sim >= 0.5 && alignedEv && ev >= 0.5 && lastRune(ka.lower) == lastRune(kb.lower) && letterOverlap(ka.lower, kb.lower) >= 0.75
		if strong || middle || weak {
			d.parent[rb] = ra
		}
	}
}

// firstNames are the words written just before a key inside its names
// ("pete" in "Pete Hegseth").
func firstNames(k *nameKey) map[string]bool {
	m := map[string]bool{}
	for p := range k.phrases {
		f := strings.Fields(p)
		if len(f) >= 2 {
			m[strings.ToLower(f[len(f)-2])] = true
		}
	}
	return m
}

// sameFirstName reports whether both keys are preceded by one same word.
func sameFirstName(a, b *nameKey) bool {
	fb := firstNames(b)
	for w := range firstNames(a) {
		if fb[w] {
			return true
		}
	}
	return false
}

// acronym reports whether a key is only ever written in capitals and is
// short: edit distance says nothing about acronyms.
func (k *nameKey) acronym() bool {
	if utf8.RuneCountInString(k.lower) > 5 {
		return false
	}
	for sf := range k.surfaces {
		if strings.ToUpper(sf) != sf {
			return false
		}
	}
	return true
}

// differentFirstNames reports whether both keys come with words before them
// and never the same one.
func differentFirstNames(a, b *nameKey) bool {
	fa, fb := firstNames(a), firstNames(b)
	if len(fa) == 0 || len(fb) == 0 {
		return false
	}
	for w := range fa {
		if fb[w] {
			return false
		}
	}
	return true
}

// sharedArticles counts the articles using both keys.
func sharedArticles(a, b *nameKey) int {
	arts := map[string]bool{}
	for _, as := range a.surfaces {
		for x := range as {
			arts[x] = true
		}
	}
	n := 0
	seen := map[string]bool{}
	for _, as := range b.surfaces {
		for x := range as {
			if arts[x] && !seen[x] {
				seen[x] = true
				n++
			}
		}
	}
	return n
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// letterOverlap is the share of letters (as a multiset) two words share.
func letterOverlap(a, b string) float64 {
	ca := map[rune]int{}
	for _, r := range a {
		ca[r]++
	}
	shared := 0
	for _, r := range b {
		if ca[r] > 0 {
			ca[r]--
			shared++
		}
	}
	return float64(shared) / float64(max(utf8.RuneCountInString(a), utf8.RuneCountInString(b)))
}

// derived reports whether two words are one stem with different
// derivational or inflectional endings ("Russia"/"Russian",
// "Ukraine"/"Ukrainian", "Islamic"/"Islamist", "Democrat"/"Democratic").
func derived(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	// let a final vowel of the stem drop ("Ukrain-e" / "Ukrain-ian")
	ends := func(n int) bool { return suffixes[string(ra[n:])] && suffixes[string(rb[n:])] }
	if n < 4 {
		return false
	}
	return ends(n) || ends(n-1) && strings.ContainsRune("aeiouy", ra[n-1])
}

// suffixes are English derivational and inflectional endings.
var suffixes = wordSet(`n an ian ean ese ish i s es ns ans ians ic ics ist ists ism er ers ed ee ees d ing al e a`)

func init() { suffixes[""] = true }

// cooccur reports whether two key groups are named in one sentence: then
// they are different names.
func (d *doc) cooccur(ra, rb int) bool {
	a, b := d.groupSents(ra), d.groupSents(rb)
	for s := range a {
		if b[s] {
			return true
		}
	}
	return false
}

func (d *doc) groupSents(r int) map[int]bool {
	m := map[int]bool{}
	for i, k := range d.keys {
		if d.find(i) == r {
			for s := range k.sents {
				m[s] = true
			}
		}
	}
	return m
}

func (d *doc) groupCtx(r int) map[string]float64 {
	m := map[string]float64{}
	for i, k := range d.keys {
		if d.find(i) == r {
			for w, c := range k.ctx {
				m[w] += c
			}
		}
	}
	return m
}

// foldNameTokens maps every merged spelling to the group's canonical lower
// form so that similarity treats "Hugset" as "Hegseth".
func (d *doc) foldNameTokens() {
	canon := d.canonicalLower()
	for i, k := range d.keys {
		d.fold[k.lower] = canon[d.find(i)]
	}
	for _, s := range d.sents {
		for i := range s.toks {
			if c, ok := d.fold[s.toks[i].lower]; ok {
				s.toks[i].stem = "@" + c
			}
		}
	}
}

// canonicalLower picks, per group, the spelling used by most articles.
func (d *doc) canonicalLower() map[int]string {
	best := map[int]string{}
	score := map[int]float64{}
	for i, k := range d.keys {
		r := d.find(i)
		arts := map[string]bool{}
		for _, as := range k.surfaces {
			for a := range as {
				arts[a] = true
			}
		}
		sc := float64(len(arts))*1000 + float64(k.count)
		if sc > score[r] || sc == score[r] && k.lower < best[r] {
			best[r], score[r] = k.lower, sc
		}
	}
	return best
}

// mergeEntitiesByClaims merges weaker spelling matches whose names occur in
// sentences aligned into one claim.
func (d *doc) mergeEntitiesByClaims() {
	claimsOf := make([]map[int]bool, len(d.keys))
	for i, k := range d.keys {
		claimsOf[i] = map[int]bool{}
		for s := range k.sents {
			if c := d.sents[s].claim; c >= 0 {
				claimsOf[i][c] = true
			}
		}
	}
	d.mergeKeys(func(a, b int) bool {
		for c := range claimsOf[a] {
			if claimsOf[b][c] {
				return true
			}
		}
		return false
	})
}

// entities builds the output entities, most widely reported first.
func (d *doc) entities() []Entity {
	canon := d.canonicalLower()
	groups := map[int][]int{}
	for i := range d.keys {
		r := d.find(i)
		groups[r] = append(groups[r], i)
	}
	var out []Entity
	nart := map[int]int{}
	for r, members := range groups {
		var e Entity
		variants := map[string]map[string]bool{}
		phrases := map[string]int{}
		sents := map[int]bool{}
		var person, org, place float64
		for _, m := range members {
			k := d.keys[m]
			for sf, as := range k.surfaces {
				if variants[sf] == nil {
					variants[sf] = map[string]bool{}
				}
				for a := range as {
					variants[sf][a] = true
				}
			}
			// phrases of every spelling count, written with the canonical one
			head := titleOf(d.keys[d.keyIdx[canon[r]]])
			for p, c := range k.phrases {
				if i := strings.LastIndex(p, " "); i >= 0 {
					p = p[:i+1] + head
				} else {
					p = head
				}
				phrases[p] += c
			}
			for s := range k.sents {
				sents[s] = true
			}
			person, org, place = person+k.person, org+k.org, place+k.place
		}
		e.Name = pickName(phrases)
		switch {
		case person > org && person > place && person >= 1:
			e.Kind = "person"
		case org >= place && org >= 1:
			e.Kind = "org"
		case place >= 1:
			e.Kind = "place"
		default:
			e.Kind = "other"
		}
		arts := map[string]bool{}
		for _, sf := range sortedKeys(variants) {
			e.Variants = append(e.Variants, EntityVariant{Text: sf, Articles: sortedKeys(variants[sf])})
			for a := range variants[sf] {
				arts[a] = true
			}
		}
		for _, si := range sortedInts(sents) {
			e.Mentions = append(e.Mentions, d.ref(si))
		}
		nart[len(out)] = len(arts)
		out = append(out, e)
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ia, ib := idx[a], idx[b]
		if nart[ia] != nart[ib] {
			return nart[ia] > nart[ib]
		}
		if len(out[ia].Mentions) != len(out[ib].Mentions) {
			return len(out[ia].Mentions) > len(out[ib].Mentions)
		}
		return out[ia].Name < out[ib].Name
	})
	sorted := make([]Entity, len(out))
	for i, j := range idx {
		sorted[i] = out[j]
	}
	return sorted
}

// pickName prefers the longest phrase used at least twice, else the most
// used one; title case wins over capitals.
func pickName(phrases map[string]int) string {
	best, bestScore := "", math.Inf(-1)
	for _, p := range sortedKeys(phrases) {
		c := phrases[p]
		sc := float64(c)
		if c >= 2 {
			sc += 100 * float64(len(strings.Fields(p)))
		}
		if strings.ToUpper(p) == p && strings.ToLower(p) != p {
			sc -= 0.5
		}
		if sc > bestScore {
			best, bestScore = p, sc
		}
	}
	return best
}

func (d *doc) ref(si int) SentenceRef {
	s := d.sents[si]
	return SentenceRef{Article: d.arts[s.art].id, Index: s.idx, Text: s.text}
}

func sortedInts(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the optimal-string-alignment distance over runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// cosine is the cosine similarity of two sparse vectors.
func cosine(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var dot, na, nb float64
	for k, v := range a {
		dot += v * b[k]
		na += v * v
	}
	for _, v := range b {
		nb += v * v
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

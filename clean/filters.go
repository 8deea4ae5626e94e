package clean

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// filter is one named step of the chain. Every filter decides from a
// line's own text, or from lines an earlier filter kept, so that cleaning
// is idempotent: a line kept once is kept again.
type filter struct {
	name string
	run  func(*state)
}

// chain is the order filters run in. Earlier filters win: a line dropped
// by one is not looked at by the next, and its reason is the first one.
var chain = []filter{
	{"timestamp", filterTimestamp},
	{"byline", filterByline},
	{"credit", filterCredit},
	{"caption", filterCaption},
	{"promo", filterPromo},
	{"title", filterTitle},
	{"link-list", filterLinkList},
	{"outlet-boilerplate", filterOutlet},
	{"teaser-tail", filterTeaserTail},
	{"wire-dateline", filterWireDateline},
	{"heading", filterHeading},
}

// filterTitle drops lines that repeat the headline. (The same for the
// page's description was measured: the description is as often the
// article's own first paragraph as a standfirst, so it stays.)
func filterTitle(s *state) {
	if strings.TrimSpace(s.article.Title) == "" {
		return
	}
	title := LineHash(s.article.Title)
	for i := range s.lines {
		if LineHash(s.lines[i].text) == title {
			s.drop(i, "title", "repeats the headline")
		}
	}
}

// filterTimestamp drops lines made only of a date or time ("5:29 am
// today", "Updated: Feb. 12, 2025 10:02 GMT") and takes the first one that
// names a full date as the publication time.
func filterTimestamp(s *state) {
	for i := range s.lines {
		l := &s.lines[i]
		if !l.kept() || !isTimestamp(l.text) {
			continue
		}
		s.drop(i, "timestamp", "date or time line")
		if s.published.IsZero() {
			if t, ok := parseTimestamp(l.text); ok {
				s.published = t
			}
		}
	}
}

// filterByline drops "By A and B, Reuters" lines, keeping the names as
// authors and any wire service as a wire.
func filterByline(s *state) {
	for i := range s.lines {
		l := &s.lines[i]
		if !l.kept() {
			continue
		}
		authors, wires, ok := parseByline(l.text)
		if !ok {
			continue
		}
		s.drop(i, "byline", "byline: "+strings.Join(append(authors, wires...), ", "))
		for _, a := range authors {
			s.addAuthor(a)
		}
		for _, w := range wires {
			s.addWire(w)
		}
	}
}

// filterCredit drops credit lines ("-Reuters", "Additional reporting by
// ...", "The Associated Press contributed to this report.") and keeps the
// wire services they name.
func filterCredit(s *state) {
	for i := range s.lines {
		l := &s.lines[i]
		if !l.kept() {
			continue
		}
		if w := wireOnly(l.text); w != "" {
			s.drop(i, "credit", "wire credit: "+w)
			s.addWire(w)
			continue
		}
		if wordsUpTo(l.text, 30) <= 30 && isCredit(l.text) {
			s.drop(i, "credit", "reporting or editing credit")
			for _, w := range wiresIn(l.text) {
				s.addWire(w)
			}
		}
	}
}

// isCredit: a line that starts as a credit ("Source: X", "Additional
// reporting by") or says who contributed to the report. The anchored
// patterns are one regexp under a single "^", which the matcher tries at
// the start only, and only on a line starting as one of them can; the
// unanchored one runs only on lines that hold "contributed", which it
// needs.
func isCredit(t string) bool {
	return startsLike(t, creditStarts) && creditStartRe.MatchString(t) ||
		hasFold(t, "contributed") && contributedRe.MatchString(t)
}

var (
	creditStartRe = regexp.MustCompile(`(?i)^(?:(sources?|credits?)\s*:\s*\S+(\s+\S+){0,3}$|` +
		`[(\[]?\s*(additional|further|extra)?\s*(reporting|writing|editing|research|contributions?|compiled|edited|written|produced|translated)\s+(by|from)\s)`)
	// creditStarts are the first bytes of creditStartRe's matches.
	creditStarts  = []string{"so", "cr", "(", "[", " ", "\t", "\n", "\f", "\r", "ad", "fu", "ex", "re", "wr", "ed", "co", "pr", "tr"}
	contributedRe = regexp.MustCompile(`(?i)\b(contributed (reporting )?to this (report|story|article)|contributed reporting)\b`)
)

// filterCaption sets aside photo captions and credits: lines that end in
// a photo credit ("(Photo by X / AFP)", "Photo: AFP / X", "X/Getty Images")
// or start with a caption label ("Image caption", "Photo:").
func filterCaption(s *state) {
	for i := range s.lines {
		l := &s.lines[i]
		if l.kept() && isCaption(l.text) {
			l.kind = Caption
			s.drop(i, "caption", "photo caption or credit (kept as caption)")
		}
	}
}

var (
	captionEndRe = regexp.MustCompile(`(?i)(\(\s*(photos?|images?|pictures?|fotos?|video|credit|illustration)\s*(by|:|credit)[^()]*\)` +
		`|\b(photos?|images?|pictures?|credit|fotos?|illustration)\s*(by|:|credit:|source:)\s*[^.!?:]{2,90}` +
		`|[\w.'-]+(\s[\w.'-]+){0,3}\s?/\s?(getty images|afp|reuters|ap|epa|epa-efe|shutterstock|bloomberg|anadolu|xinhua|pool|alamy|dpa|sipa|zuma)\b[^.!?]{0,80})\s*$` +
		`|(?-i:\((AP|AFP|Reuters|Getty Images|EPA)( [Pp]hoto)?(/[^()]*)?\))\s*$`)
	// captionStartRe has its alternatives under one "^", so that the
	// matcher tries the start of the line only.
	captionStartRe = regexp.MustCompile(`(?i)^(?:(image|photo|picture|video)\s+(copyright|caption|source|credit)\b|(photo|image|picture|pictured|above|top|file photo|credit)\s*:\s)`)
	// captionStarts are the first bytes of captionStartRe's matches.
	captionStarts = []string{"im", "ph", "pi", "vi", "ab", "to", "fi", "cr"}
)

func isCaption(t string) bool {
	// A credit sits at the end: match the tail only, and only when it
	// holds a word or sign every credit pattern needs.
	tail := t
	if len(tail) > 300 {
		tail = tail[len(tail)-300:]
	}
	end, start := mayEndCaption(tail), startsLike(t, captionStarts)
	if !end && !start || wordsUpTo(t, 80) > 80 {
		return false
	}
	if end && hasCaptionSign(tail) && captionEndRe.MatchString(tail) {
		return true
	}
	return start && captionStartRe.MatchString(t)
}

// hasCaptionSign: s holds a slash, a bracket or a caption word.
func hasCaptionSign(s string) bool {
	low := strings.ToLower(s)
	return strings.ContainsAny(low, "/(") || containsAny(low, "photo", "image", "picture", "foto", "credit", "illustration", "video")
}

// mayEndCaption is a cheap test that captionEndRe can match s. Its
// bracketed credits end in ")" (before trailing spaces); its other
// patterns hold no ".", "!" or "?" from their "/" (agency credit) or their
// ":" or "by" (photo credit) on, so one of these follows the last such
// sign of s. "b" and "y" have no non-ASCII case folds.
func mayEndCaption(s string) bool {
	if strings.HasSuffix(strings.TrimRight(s, " \t\n\f\r"), ")") {
		return true
	}
	rest := s[strings.LastIndexAny(s, ".!?")+1:]
	return strings.ContainsAny(rest, "/:") || hasFold(rest, "by")
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// filterPromo drops calls to action, section labels and links to other
// stories, and a short unpunctuated line right after one (the promo's
// tagline: "Get the app" / "for ad-free news").
func filterPromo(s *state) {
	for i := range s.lines {
		l := &s.lines[i]
		if !l.kept() {
			continue
		}
		if reason := promoReason(l.text); reason != "" {
			s.drop(i, "promo", reason)
			if (reason == reasonCTA || reason == reasonNewsletter) && i+1 < len(s.lines) && s.lines[i+1].kept() && isTagline(s.lines[i+1].text) && promoReason(s.lines[i+1].text) == "" {
				s.drop(i+1, "promo", "continues the promo above")
			}
		}
	}
}

var (
	ctaVerbs = map[string]bool{"unlock": true, "subscribe": true, "sign": true, "get": true, "download": true,
		"follow": true, "join": true, "read": true, "click": true, "tap": true, "share": true, "listen": true,
		"watch": true, "register": true, "log": true, "post": true, "try": true, "become": true, "support": true,
		"donate": true, "view": true, "leave": true, "add": true, "continue": true, "see": true, "discover": true,
		"explore": true, "enjoy": true, "receive": true, "like": true, "comment": true, "email": true, "send": true}
	ctaObjects   = regexp.MustCompile(`(?i)\b(newsletters?|newspapers?|free|app|apps|subscri\w*|comments?|full (report|story|article|coverage)|more|here|podcasts?|account|trial|premium|ad-free|access|updates|alerts|inbox|emails?|e-mail|(sign|log)\s?(in|out|up)|up|us|twitter|facebook|instagram|linkedin|whatsapp|telegram|youtube|tiktok|newsroom|journalism|membership|gallery|photos|\w+\.(com|org|net|co\.\w+|nz|uk|au))\b`)
	labelRe      = regexp.MustCompile(`(?i)^\W*(related( stor(y|ies)| articles?| coverage| content| links?| reading| topics)?|read (more|also|next)|also read|see also|more( on this| from| stories)?|most (read|popular|viewed)|trending( now)?|recommended( for you| stories)?|top stories|latest( news| stories)?|you (may|might) (also )?like|continue reading( below)?|advertisement|advertising|sponsored( content)?|promoted|ad|skip (advertisement|ad)|story continues below( advertisement)?|loading|share( this)?( article| story)?|comments?|leave a comment|editor'?s picks?|don'?t miss|watch|listen|what to read next|must read)\W*$`)
	relatedRe    = regexp.MustCompile(`(?i)^\W*(related( stor(y|ies)| articles?| coverage| content| links?)?|read (more|also|next)|also read|see also|more|watch|listen|recommended|latest|must read|don'?t miss)\s*[|:»›>–—-]\s*\S`)
	newsletterRe = regexp.MustCompile(`(?i)\b(newsletters?|subscriptions?|unsubscribe|your inbox|signing up|signed up|sign up|sign-up)\b`)
	markupRe     = regexp.MustCompile(`^\s*\[[a-z_]+[^\]]*\].*\[/[a-z_]+\]\s*$|^\s*https?://\S+\s*$|^\s*www\.\S+\s*$`)
	bracketTagRe = regexp.MustCompile(`\[[A-Z]{3,}\]`)
	socialRe     = regexp.MustCompile(`(?i)\bfollow (us|him|her|them|me|@\w+) on (twitter|facebook|instagram|x|linkedin|tiktok|youtube|threads|bluesky)\b`)
	clickRe      = regexp.MustCompile(`(?i)\b(click here|subscri\w*|sign up|use the code|free trial|per month|a month|for as little as)\b`)
	copyright    = regexp.MustCompile(`(?i)((^|[^ÃÂ\p{Mn}])©|\(c\)\s*\d{4}|\bcopyright\b.*\d{4}|\ball rights reserved\b)`)
)

// labelStarts and relatedStarts are how the words of labelRe and
// relatedRe start.
var (
	labelStarts = []string{"re", "al", "se", "mo", "tr", "to", "la", "yo", "co", "ad", "sp", "pr", "sk", "st", "lo", "sh", "le",
		"ed", "do", "wa", "li", "wh", "mu"}
	relatedStarts = []string{"re", "al", "se", "mo", "wa", "li", "la", "mu", "do"}
)

const (
	reasonCTA        = "call to action"
	reasonNewsletter = "newsletter promo"
)

// PromoReason says why a line on its own reads as a promo or page furniture
// (call to action, newsletter, section label, link to another story,
// copyright), or "" when it does not. Ingest can use it to avoid taking
// such a line as a headline.
func PromoReason(line string) string { return promoReason(strings.TrimSpace(line)) }

// promoReason says why a line is a promo, or "" when it is not. The
// tests before the regexps are cheap necessary conditions of them; the
// case-insensitive ones search words without "k" or "s", the only ASCII
// letters with non-ASCII case folds.
func promoReason(t string) string {
	n := wordsUpTo(t, 60)
	if n > 60 {
		// Every promo pattern but glued story links is short.
		if strings.Contains(t, "[") && len(bracketTagRe.FindAllString(t, 3)) >= 2 {
			return "links to other stories"
		}
		return ""
	}
	switch {
	case n <= 8 && startsLikeWord(t, labelStarts) && labelRe.MatchString(t):
		return "section label"
	case n <= 30 && startsLikeWord(t, relatedStarts) && relatedRe.MatchString(t):
		return "link to another story"
	case n <= 25 && mayCopyright(t) && containsAny(strings.ToLower(t), "©", "(c)", "copyright", "rights reserved") && copyright.MatchString(t):
		return "copyright notice"
	case n <= 20 && containsAny(t, "http", "www.", "[") && markupRe.MatchString(t):
		// markupRe is case-sensitive: it needs one of these as written.
		return "bare link or markup"
	case strings.Contains(t, "[") && len(bracketTagRe.FindAllString(t, 3)) >= 2:
		return "links to other stories"
	case n <= 15 && mayNewsletter(t) && containsAny(strings.ToLower(t), "newsletter", "subscri", "inbox", "sign") && newsletterRe.MatchString(t) && !hasQuote(t):
		return reasonNewsletter
	case hasFold(t, "follow") && socialRe.MatchString(t):
		return "social media promo"
	}
	if startsWithCTAVerb(t) {
		if n <= 12 && ctaObjects.MatchString(t) && !hasQuote(t) {
			return reasonCTA
		}
		if len(ctaObjects.FindAllString(t, 3)) >= 2 && clickRe.MatchString(t) {
			return reasonCTA
		}
	}
	return ""
}

// mayCopyright: s holds what copyright needs: a sign, "(c)", "copyright"
// or "all rights".
func mayCopyright(s string) bool {
	return strings.Contains(s, "©") || hasFold(s, "(c)") || hasFold(s, "copyright") || hasFold(s, "all right")
}

// mayNewsletter: s holds what newsletterRe needs: "letter" (newsletter),
// "cri" (subscription, unsubscribe), "inbox" or "ign" (sign up).
func mayNewsletter(s string) bool {
	return hasFold(s, "letter") || hasFold(s, "cri") || hasFold(s, "inbox") || hasFold(s, "ign")
}

// startsWithCTAVerb: the first word of t, without its non-letters and
// lower-cased, is a call-to-action verb.
func startsWithCTAVerb(t string) bool {
	w := strings.TrimFunc(firstWord(t), func(r rune) bool { return !unicode.IsLetter(r) })
	var buf [16]byte
	if len(w) > len(buf) {
		return ctaVerbs[strings.ToLower(w)]
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return ctaVerbs[strings.ToLower(w)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return ctaVerbs[string(buf[:len(w)])]
}

// isTagline: a short line without closing punctuation, or one starting in
// lower case (the second half of a wrapped promo).
func isTagline(t string) bool {
	if wordsUpTo(t, 20) > 20 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLower(first) || !endsSentence(t)
}

// filterLinkList drops lists of links to other stories: two or more
// consecutive headline-like lines built as "Section | Headline". (Dropping
// any run of three headline-like lines at the top was measured too: +0.0005
// F1 on the extraction benchmark, but on news text it takes the article's
// own headline and deck, so it is not done; at the end it takes the
// article's own lists.)
func filterLinkList(s *state) {
	var kept []int
	for i := range s.lines {
		if s.lines[i].kept() {
			kept = append(kept, i)
		}
	}
	for k := 0; k < len(kept); {
		e := k
		for e < len(kept) && isPipedHeadline(s.lines[kept[e]].text) {
			e++
		}
		if e-k >= 2 {
			for _, i := range kept[k:e] {
				s.drop(i, "link-list", "list of piped headlines of other stories")
			}
		}
		k = max(e, k+1)
	}
}

// isPipedHeadline: a headline-like line holding a " | " separator.
func isPipedHeadline(t string) bool {
	return strings.Contains(t, " | ") && isHeadlineLike(t)
}

// isHeadlineLike: three to twenty words, starting with a capital or a
// digit, without closing punctuation.
func isHeadlineLike(t string) bool {
	n := wordsUpTo(t, 20)
	if n < 3 || n > 20 || endsSentence(t) || strings.HasSuffix(t, ",") {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(first) || unicode.IsDigit(first)
}

// filterOutlet drops lines the outlet repeats across many articles. A line
// counts as the outlet's boilerplate when Memory has seen it in at least
// outletMinRepeats articles of the outlet and in at least a quarter of
// them; long paragraphs are spared, since wire stories legitimately repeat
// background paragraphs.
func filterOutlet(s *state) {
	for i := range s.lines {
		l := &s.lines[i]
		if !l.kept() || l.seen < outletMinRepeats || l.seen*4 < s.outletArticles || !remembered(l.text) {
			continue
		}
		s.drop(i, "outlet-boilerplate", fmt.Sprintf("line recurs in %d of %d articles from this outlet", l.seen, s.outletArticles))
	}
}

// outletMaxWords is the longest line, in words, that can be an outlet's
// boilerplate.
const outletMaxWords = 40

// outletMinRepeats is the fewest articles of one outlet a line must recur
// in to be taken as the outlet's boilerplate.
const outletMinRepeats = 3

// filterTeaserTail drops the tail of an article from the first line that
// is a teaser of other stories: headline fragments glued to their summary
// ("editor in BerlinReutersFrontrunner"), or a glued word in a line cut off
// mid-sentence. Such a tail is what page scrapers paste after an article's
// end; everything after the first teaser line goes with it. Camel-case
// names (brands like "PlayStation") are told apart from glue because they
// recur in the text while a glued pair occurs once. The cut needs at least
// teaserMinBody kept lines before it and may take at most a third of the
// kept words: a tail is a tail.
func filterTeaserTail(s *state) {
	text := keptText{s: s}
	body, first := 0, -1
	for i := range s.lines {
		if !s.lines[i].kept() {
			continue
		}
		if body >= teaserMinBody && isTeaser(s.lines[i].text, &text) {
			first = i
			break
		}
		body++
	}
	if first < 0 {
		return
	}
	head, tail := 0, 0
	for j := range s.lines {
		if !s.lines[j].kept() {
			continue
		}
		if j < first {
			head += words(s.lines[j].text)
		} else {
			tail += words(s.lines[j].text)
		}
	}
	if tail*3 > head+tail {
		return
	}
	s.drop(first, "teaser-tail", "teasers of other stories: glued headline fragments")
	for j := first + 1; j < len(s.lines); j++ {
		s.drop(j, "teaser-tail", "follows teasers of other stories at the end of the article")
	}
}

const teaserMinBody = 3

// keptText is the kept lines of an article, each followed by "\n", built
// the first time it is asked for.
type keptText struct {
	s    *state
	text string
	done bool
}

func (k *keptText) String() string {
	if !k.done {
		var b strings.Builder
		for i := range k.s.lines {
			if k.s.lines[i].kept() {
				b.WriteString(k.s.lines[i].text)
				b.WriteByte('\n')
			}
		}
		k.text, k.done = b.String(), true
	}
	return k.text
}

// glued reports whether w holds a run of two lower-case letters directly
// followed by an upper-case letter that starts a word ("KirbyEurope",
// "saysUS"). An upper-case letter followed by a symbol is mojibake
// ("FranÃ§ois"), not glue.
func glued(w string) bool {
	lower := 0
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		switch {
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r) && lower >= 2 && i < len(w):
			if next, _ := utf8.DecodeRuneInString(w[i:]); unicode.IsLetter(next) {
				return true
			}
			lower = 0
		default:
			lower = 0
		}
	}
	return false
}

// hasLowerUpper: t holds a lower-case letter directly followed by an
// upper-case one, as a glued word does.
func hasLowerUpper(t string) bool {
	prevLower := false
	for i := 0; i < len(t); {
		var lower, upper bool
		if c := t[i]; c < utf8.RuneSelf {
			lower, upper = 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(t[i:])
			lower, upper = unicode.IsLower(r), unicode.IsUpper(r)
			i += size
		}
		if upper && prevLower {
			return true
		}
		prevLower = lower
	}
	return false
}

// isTeaser: two or more glued words, or one glued word in a long line cut
// off without closing punctuation. A glued word must occur once in text
// (the kept lines).
func isTeaser(t string, text *keptText) bool {
	if !hasLowerUpper(t) {
		return false
	}
	n := 0
	for w := range strings.FieldsSeq(t) {
		if !glued(w) || strings.ContainsAny(w, "@/.:#[]()") {
			continue
		}
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if strings.Count(text.String(), w) == 1 {
			n++
		}
	}
	return n >= 2 || (n == 1 && wordsUpTo(t, 12) >= 12 && !endsSentence(t))
}

// filterWireDateline notes wires credited in a dateline at the start of
// a body line ("BRUSSELS (Reuters) -", "WASHINGTON (AP) —"). It keeps the
// line.
func filterWireDateline(s *state) {
	seen := 0
	for i := range s.lines {
		l := &s.lines[i]
		if !l.kept() {
			continue
		}
		if mayBeDateline(l.text) {
			if m := datelineRe.FindStringSubmatch(l.text); m != nil {
				if w := wireName(m[1]); w != "" {
					s.addWire(w)
				}
			}
		}
		if seen++; seen >= 3 {
			return
		}
	}
}

var datelineRe = regexp.MustCompile(`^[\p{Lu}][\p{Lu}\p{Ll} .,'-]{1,60}\(([^()]{2,40})\)\s*[-–—:]`)

// mayBeDateline: the first "(" of t comes where datelineRe needs it, after
// two to 61 runes of at most 4 bytes.
func mayBeDateline(t string) bool {
	i := strings.IndexByte(t, '(')
	return i >= 2 && i <= 61*utf8.UTFMax
}

// filterHeading marks short lines that introduce a longer body paragraph
// as headings ("No US troops in Ukraine").
func filterHeading(s *state) {
	var kept []int
	for i := range s.lines {
		if s.lines[i].kept() {
			kept = append(kept, i)
		}
	}
	for k, i := range kept {
		if k+1 >= len(kept) {
			break
		}
		t, next := s.lines[i].text, s.lines[kept[k+1]].text
		n := wordsUpTo(t, 14)
		if n == 0 || n > 14 || utf8.RuneCountInString(t) > 120 || endsSentence(t) || strings.HasSuffix(t, ",") {
			continue
		}
		first, _ := utf8.DecodeRuneInString(t)
		if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
			continue
		}
		if need := max(2*n, 8); wordsUpTo(next, need) >= need {
			s.lines[i].kind = Heading
		}
	}
}

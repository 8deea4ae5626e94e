package clean

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"

	"github.com/chorusnews/chorus"
)

// FuzzClean checks the cleaner's properties on arbitrary text: it never
// panics, never touches Text, keeps only input lines and in their order,
// and cleaning its own output changes nothing.
func FuzzClean(f *testing.F) {
	// Small seeds: the fuzzer minimises every new input, and whole
	// articles make that slow. TestSeeds covers the full examples.
	f.Add("Unlock the newsletter FREE\nYour guide to the week\nThe minister said on Tuesday that talks would resume.\nPost Comment", "")
	f.Add("A photo caption. (Photo by Jane Roe / AFP)\n\nNo troops\n\nHe said troops would not be sent to the region.\n\n-Reuters", "")
	f.Add("One.\nTwo.\nThree.\nFour.\nPaul KirbyEurope editor in BerlinReutersFrontrunner\nTail.", "")
	f.Add("5:29 am today\n\nHeadline here\n\nBy A B and C D, Reuters\n\nBody text.", "Headline here")
	f.Add("a\n\nb KirbyEurope xBerlinY\n\nc", "")
	f.Fuzz(func(t *testing.T, text, title string) {
		ctx := context.Background()
		a := chorus.Article{ID: "f", Title: title, Text: text}
		if err := New(nil).Clean(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if a.Text != text {
			t.Fatal("Text modified")
		}
		// Output lines are input lines, in order.
		in := strings.Split(text, "\n")
		j := 0
		for _, out := range strings.Split(a.CleanText, "\n\n") {
			if out == "" {
				continue
			}
			for j < len(in) && strings.TrimSpace(in[j]) != out {
				j++
			}
			if j == len(in) {
				t.Fatalf("output line %q is not an input line in order", out)
			}
			j++
		}
		// Idempotent.
		b := chorus.Article{ID: "f", Title: title, Text: a.CleanText}
		if err := New(nil).Clean(ctx, &b); err != nil {
			t.Fatal(err)
		}
		if b.CleanText != a.CleanText {
			t.Fatalf("not idempotent:\n%q\n->\n%q", a.CleanText, b.CleanText)
		}
	})
}

// The reference implementations below are the filter helpers as they were
// before their prefilters (cheap necessary conditions run before a regexp)
// and allocation-free rewrites. FuzzPrefilters checks that each rewrite
// decides exactly as its reference, and that each prefilter is true
// whenever the regexp it guards matches, on any input: non-ASCII case
// folds ("K" for k, "ſ" for s, "İ" lower-cased to i), invalid UTF-8 and
// untrimmed lines included.

var (
	refCreditRe = regexp.MustCompile(`(?i)^(sources?|credits?)\s*:\s*\S+(\s+\S+){0,3}$|(?i)^[(\[]?\s*(additional|further|extra)?\s*(reporting|writing|editing|research|contributions?|compiled|edited|written|produced|translated)\s+(by|from)\s|` +
		`(?i)\b(contributed (reporting )?to this (report|story|article)|contributed reporting)\b`)
	refCaptionStartRe = regexp.MustCompile(`(?i)^(image|photo|picture|video)\s+(copyright|caption|source|credit)\b|^(photo|image|picture|pictured|above|top|file photo|credit)\s*:\s`)
)

func refWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

func refFirstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

func refIsCaption(t string) bool {
	if refWords(t) > 80 {
		return false
	}
	tail := t
	if len(tail) > 300 {
		tail = tail[len(tail)-300:]
	}
	low := strings.ToLower(tail)
	if !strings.ContainsAny(low, "/(") && !containsAny(low, "photo", "image", "picture", "foto", "credit", "illustration", "video") {
		return refCaptionStartRe.MatchString(t)
	}
	return captionEndRe.MatchString(tail) || refCaptionStartRe.MatchString(t)
}

func refPromoReason(t string) string {
	n := refWords(t)
	if n > 60 {
		if strings.Contains(t, "[") && len(bracketTagRe.FindAllString(t, 3)) >= 2 {
			return "links to other stories"
		}
		return ""
	}
	low := strings.ToLower(t)
	switch {
	case n <= 8 && labelRe.MatchString(t):
		return "section label"
	case n <= 30 && relatedRe.MatchString(t):
		return "link to another story"
	case n <= 25 && containsAny(low, "©", "(c)", "copyright", "rights reserved") && copyright.MatchString(t):
		return "copyright notice"
	case n <= 20 && containsAny(low, "http", "www.", "[") && markupRe.MatchString(t):
		return "bare link or markup"
	case strings.Contains(t, "[") && len(bracketTagRe.FindAllString(t, 3)) >= 2:
		return "links to other stories"
	case n <= 15 && containsAny(low, "newsletter", "subscri", "inbox", "sign") && newsletterRe.MatchString(t) && !hasQuote(t):
		return reasonNewsletter
	case strings.Contains(low, "follow") && socialRe.MatchString(t):
		return "social media promo"
	}
	first := strings.ToLower(strings.TrimFunc(refFirstWord(t), func(r rune) bool { return !unicode.IsLetter(r) }))
	if n <= 12 && ctaVerbs[first] && ctaObjects.MatchString(t) && !hasQuote(t) {
		return reasonCTA
	}
	if ctaVerbs[first] && len(ctaObjects.FindAllString(t, 3)) >= 2 && clickRe.MatchString(t) {
		return reasonCTA
	}
	return ""
}

func refEndsSentence(t string) bool {
	if loc := trailingTagRe.FindStringIndex(t); loc != nil && loc[0] > 0 {
		t = t[:loc[0]]
	}
	t = strings.TrimRightFunc(t, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'”’»)]*`, r)
	})
	last, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".!?…:;。！？", last)
}

func refIsTimestamp(t string) bool {
	if refWords(t) <= 10 && clockRe.MatchString(t) && yearRe.MatchString(t) && !refEndsSentence(t) {
		return true
	}
	f := strings.Fields(strings.ToLower(t))
	if len(f) == 0 || len(f) > 12 {
		return false
	}
	anchor := false
	for _, w := range f {
		w = strings.Trim(w, ",.:;()[]")
		switch {
		case w == "":
		case w == "today" || w == "yesterday":
			anchor = true
		case strings.IndexFunc(w, unicode.IsDigit) >= 0:
			if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) && !strings.ContainsRune("apmthsrdn", r) }) >= 0 {
				return false
			}
			anchor = true
		case timestampWords[w]:
		case isMonthOrDay(w):
		default:
			return false
		}
	}
	return anchor && strongTimeRe.MatchString(strings.ToLower(t))
}

func refGlued(w string) bool {
	rs := []rune(w)
	lower := 0
	for i, r := range rs {
		switch {
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r) && lower >= 2 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]):
			return true
		default:
			lower = 0
		}
	}
	return false
}

func refLineHash(s string) uint64 {
	var b strings.Builder
	space := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return xxhash.Sum64String(strings.TrimSpace(b.String()))
}

// asciiLower lower-cases the ASCII letters of s only.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerASCII(c)
	}
	return string(b)
}

// FuzzPrefilters checks every prefilter and rewrite of the filter helpers
// against its reference, on each line of the input and on the input as a
// whole (untrimmed).
func FuzzPrefilters(f *testing.F) {
	for _, s := range []string{
		"Protesters gather outside parliament. (Photo by Jane Roe/Getty Images)",
		"Firefighters work at the scene. Photo: Reuters / John Doe",
		"İMAGE CAPTION: the minister\nPHOTO: AFP\nillu\u017ftration by Jane Roe",
		"Jane Doe/AFP\nThe plan (AP)\nHe said. \"Fine\" (AP Photo/Jo Roe)  \t",
		"Source: Reuters\n(Additional reporting by Tom Smith)\nThe AP contributed to this report.",
		"Follow us on Twitter\nFOLLOW HER ON X\n\u212aelvin sign\nStra\u00dfe ſign up",
		"(C) 2024 Example\nAll right\u017f reserved\nCopyright 2025 Example Media",
		"Sign up for our new\u017fletter\nYour inbox, weekly\nhttps://example.com/a\n[b]x[/b]",
		"Yesterday at 5:30 pm\n3 hours ago\n12:30 GMT, 3 March 2024\nJust now\n\u0663 days ago",
		"Get the app\nUnlock the newsletter FREE\n\u201cRead more here\u201d\nSUBSCRIBE now, click here for a free trial",
		"Paul KirbyEurope editor in BerlinReutersFrontrunner\nFran\u00c3\u00a7ois",
		"\xff\xfe photo by\xc3\nline\u00a0\u0085\vend [WashPost]\n by ",
		"BRUSSELS (Reuters) - The vote\nS\u00c3O PAULO, Brazil (AP) \u2014 x\n\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400\U0001d400 (AFP): x",
		"\u017fee also: the vote\n\u201cRelated: the vote\n  By Jane Doe\n\tReporting by Jo Roe\n[Additional reporting by Jo Roe]\n\u017fource: Reuters",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, l := range append(strings.Split(text, "\n"), text) {
			checkPrefilters(t, l)
		}
	})
}

func checkPrefilters(t *testing.T, l string) {
	t.Helper()
	low := strings.ToLower(l)
	n := refWords(l)
	if got := words(l); got != n {
		t.Fatalf("words(%q) = %d, want %d", l, got, n)
	}
	for _, k := range []int{0, 1, 6, 12, 60} {
		if got := wordsUpTo(l, k); got != min(n, k+1) {
			t.Fatalf("wordsUpTo(%q, %d) = %d, want %d", l, k, got, min(n, k+1))
		}
	}
	if got, want := firstWord(l), refFirstWord(l); got != want {
		t.Fatalf("firstWord(%q) = %q, want %q", l, got, want)
	}
	for _, sub := range []string{"by", "(c)", "follow", "contributed", "today", "all right", "ign"} {
		if got, want := hasFold(l, sub), strings.Contains(asciiLower(l), sub); got != want {
			t.Fatalf("hasFold(%q, %q) = %v, want %v", l, sub, got, want)
		}
	}
	if got, want := LineHash(l), refLineHash(l); got != want {
		t.Fatalf("LineHash(%q) = %x, want %x", l, got, want)
	}
	for w := range strings.FieldsSeq(l) {
		if got, want := glued(w), refGlued(w); got != want {
			t.Fatalf("glued(%q) = %v, want %v", w, got, want)
		}
		if want := refGlued(w); want && !hasLowerUpper(l) {
			t.Fatalf("hasLowerUpper(%q) false but %q is glued", l, w)
		}
	}

	// Captions.
	tail := l
	if len(tail) > 300 {
		tail = tail[len(tail)-300:]
	}
	for _, s := range []string{l, tail} {
		if !mayEndCaption(s) && captionEndRe.MatchString(s) {
			t.Fatalf("mayEndCaption(%q) false but captionEndRe matches", s)
		}
	}
	if !startsLike(l, captionStarts) && refCaptionStartRe.MatchString(l) {
		t.Fatalf("startsLike(%q, captionStarts) false but captionStartRe matches", l)
	}
	if !mayStartByline(l) && bylineRe.MatchString(strings.TrimSpace(l)) {
		t.Fatalf("mayStartByline(%q) false but bylineRe matches", l)
	}
	if got, want := captionStartRe.MatchString(l), refCaptionStartRe.MatchString(l); got != want {
		t.Fatalf("captionStartRe(%q) = %v, want %v", l, got, want)
	}
	if got, want := isCaption(l), refIsCaption(l); got != want {
		t.Fatalf("isCaption(%q) = %v, want %v", l, got, want)
	}

	// Credits.
	if !hasFold(l, "contributed") && contributedRe.MatchString(l) {
		t.Fatalf("hasFold(%q, contributed) false but contributedRe matches", l)
	}
	if !startsLike(l, creditStarts) && creditStartRe.MatchString(l) {
		t.Fatalf("startsLike(%q, creditStarts) false but creditStartRe matches", l)
	}
	if got, want := isCredit(l), refCreditRe.MatchString(l); got != want {
		t.Fatalf("isCredit(%q) = %v, want %v", l, got, want)
	}

	// Promos.
	for _, p := range []struct {
		name   string
		pre    bool
		re     *regexp.Regexp
		casing bool // the regexp runs on the lower-cased line
	}{
		{"relatedStarts", startsLikeWord(l, relatedStarts), relatedRe, false},
		{"labelStarts", startsLikeWord(l, labelStarts), labelRe, false},
		{"mayCopyright", mayCopyright(l), copyright, false},
		{"mayNewsletter", mayNewsletter(l), newsletterRe, false},
		{"follow", hasFold(l, "follow"), socialRe, false},
		{"markup", containsAny(l, "http", "www.", "["), markupRe, false},
		{"mayBeTimestamp", mayBeTimestamp(l), clockRe, false},
		{"mayBeTimestamp", mayBeTimestamp(l), strongTimeRe, true},
		{"mayEndTag", mayEndTag(l), trailingTagRe, false},
		{"mayBeDateline", mayBeDateline(l), datelineRe, false},
	} {
		s := l
		if p.casing {
			s = low
		}
		if !p.pre && p.re.MatchString(s) {
			t.Fatalf("%s(%q) false but %s matches", p.name, l, p.re)
		}
	}
	first := strings.ToLower(strings.TrimFunc(refFirstWord(l), func(r rune) bool { return !unicode.IsLetter(r) }))
	if got, want := startsWithCTAVerb(l), ctaVerbs[first]; got != want {
		t.Fatalf("startsWithCTAVerb(%q) = %v, want %v", l, got, want)
	}
	if got, want := promoReason(l), refPromoReason(l); got != want {
		t.Fatalf("promoReason(%q) = %q, want %q", l, got, want)
	}

	// Timestamps and sentence ends.
	if got, want := endsSentence(l), refEndsSentence(l); got != want {
		t.Fatalf("endsSentence(%q) = %v, want %v", l, got, want)
	}
	if got, want := isTimestamp(l), refIsTimestamp(l); got != want {
		t.Fatalf("isTimestamp(%q) = %v, want %v", l, got, want)
	}
}

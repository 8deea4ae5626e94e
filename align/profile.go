package align

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// formSignals scores each article on garbled names and artefacts, the
// translation signals that do not need grouped quotes.
func (d *doc) formSignals() []float64 {
	garbled := d.garbledNames()
	out := make([]float64, len(d.arts))
	d.arte = make([]int, len(d.arts))
	d.arteEx = make([][]string, len(d.arts))
	for ai, a := range d.arts {
		s1 := 1 - math.Exp(-0.5*float64(len(garbled[ai])))
		arte, ex := d.artefacts(ai)
		d.arte[ai], d.arteEx[ai] = arte, ex
		s3 := 1 - math.Exp(-0.5*float64(arte)/math.Max(1, float64(len(a.sents)))*10)
		out[ai] = 1 - (1-0.7*s1)*(1-0.4*s3)
	}
	return out
}

// profiles scores each article. Quotes must be grouped first.
func (d *doc) profiles(groups []QuoteGroup) []Profile {
	garbled := d.garbledNames()
	out := make([]Profile, len(d.arts))
	for ai, a := range d.arts {
		p := Profile{Article: a.id, CopyOf: d.copyOf[a.id], Removed: a.removed, Sentences: len(a.sents)}
		// 1. garbled names
		names := garbled[ai]
		s1 := 1 - math.Exp(-0.5*float64(len(names)))
		if len(names) > 0 {
			p.TranslationReasons = append(p.TranslationReasons, fmt.Sprintf(
				"spells %d name(s) unlike the other sources: %s", len(names), strings.Join(names, "; ")))
		}
		// 2. quotes deviating from the canonical wording
		shared, faithful, deviating := 0, 0, 0
		var devEx []string
		for _, u := range d.quoteUnits {
			if u.art != ai || u.group < 0 || len(groups) == 0 {
				continue
			}
			if d.unitSupport(u.group) < 2 {
				continue
			}
			shared++
			switch u.kind {
			case "exact", "partial":
				faithful++
			default:
				deviating++
				if len(devEx) < 3 {
					devEx = append(devEx, fmt.Sprintf("%q (%s)", clip(u.text, 60), u.kind))
				}
			}
		}
		s2 := 0.0
		if shared > 0 {
			s2 = float64(deviating) / float64(shared) * math.Min(1, float64(deviating)/2)
			p.QuoteFidelity = float64(faithful) / float64(shared)
			p.QuoteFidelityReason = fmt.Sprintf("%d of %d quotes other sources also carry are worded exactly or as an exact part", faithful, shared)
		} else {
			p.QuoteFidelity = -1
			p.QuoteFidelityReason = "no quote that another source also carries"
		}
		if deviating > 0 {
			p.TranslationReasons = append(p.TranslationReasons, fmt.Sprintf(
				"%d of %d shared quotes deviate from the wording most sources carry: %s", deviating, shared, strings.Join(devEx, ", ")))
		}
		// 3. artefacts
		arte, ex := d.arte[ai], d.arteEx[ai]
		per := float64(arte) / math.Max(1, float64(len(a.sents))) * 10
		s3 := 1 - math.Exp(-0.5*per)
		if arte > 0 {
			p.TranslationReasons = append(p.TranslationReasons, fmt.Sprintf(
				"%d machine-translation artefact(s) in %d sentences: %s", arte, len(a.sents), strings.Join(ex, ", ")))
		}
		score := 1 - (1-0.7*s1)*(1-0.7*s2)*(1-0.4*s3)
		p.TranslationScore = math.Round(score*1000) / 1000
		if len(p.TranslationReasons) == 0 {
			p.TranslationReasons = []string{"names spelt as other sources do, shared quotes worded as most sources, no artefacts"}
		}
		out[ai] = p
	}
	return out
}

func (d *doc) unitSupport(group int) int {
	if group < 0 || group >= len(d.groupSupport) {
		return 0
	}
	return d.groupSupport[group]
}

// garbledNames lists, per article, the spellings of merged names that
// differ from a spelling at least two other articles use.
func (d *doc) garbledNames() map[int][]string {
	canon := d.canonicalLower()
	artIdx := map[string]int{}
	for i, a := range d.arts {
		artIdx[a.id] = i
	}
	out := map[int][]string{}
	for i, k := range d.keys {
		r := d.find(i)
		c := canon[r]
		if k.lower == c {
			continue
		}
		ck := d.keys[d.keyIdx[c]]
		canonArts := map[string]bool{}
		for _, as := range ck.surfaces {
			for a := range as {
				canonArts[a] = true
			}
		}
		for _, sf := range sortedKeys(k.surfaces) {
			for _, a := range sortedKeys(k.surfaces[sf]) {
				others := len(canonArts)
				if canonArts[a] {
					others--
				}
				if others >= 2 {
					ai := artIdx[a]
					out[ai] = append(out[ai], fmt.Sprintf("%s for %s", sf, titleOf(ck)))
				}
			}
		}
	}
	return out
}

// titleOf returns the most used written form of a key.
func titleOf(k *nameKey) string {
	best, n := k.lower, -1
	for _, sf := range sortedKeys(k.surfaces) {
		c := len(k.surfaces[sf])
		if strings.ToUpper(sf) == sf {
			c-- // prefer title case
		}
		if c > n {
			best, n = sf, c
		}
	}
	return best
}

// artefacts counts machine-translation artefacts in an article: spaced
// hyphens and punctuation (below) and a word written twice in a row
// ("Guarantee guarantee").
func (d *doc) artefacts(ai int) (int, []string) {
	text := d.arts[ai].text
	var ex []string
	n := 0
	// a hyphen detached from the word before it ("pro -Russian") and a
	// space before a full stop or comma ("Alliance ."), between letters
	for i := 1; i+1 < len(text); i++ {
		if text[i] != ' ' {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(text[:i])
		if !unicode.IsLetter(prev) {
			continue
		}
		c := text[i+1]
		after, _ := utf8.DecodeRuneInString(text[i+2:])
		hy := c == '-' && unicode.IsLetter(after)
		punct := strings.IndexByte(".,;:", c) >= 0 && (i+2 == len(text) || unicode.IsSpace(after))
		if hy || punct {
			n++
			if len(ex) < 4 {
				ex = append(ex, fmt.Sprintf("%q", widen(text, i, i+2)))
			}
		}
	}
	for _, si := range d.arts[ai].sents {
		s := d.sents[si]
		toks := s.toks
		for i := 1; i < len(toks); i++ {
			if toks[i].lower == toks[i-1].lower && !toks[i].num && len(toks[i].lower) > 2 &&
				onlySpace(s.text[toks[i-1].end:toks[i].start]) {
				n++
				if len(ex) < 4 {
					ex = append(ex, fmt.Sprintf("%q", s.text[toks[i-1].start:toks[i].end]))
				}
			}
		}
	}
	return n, ex
}

// widen widens a match to the surrounding words.
func widen(text string, a, b int) string {
	for a > 0 && text[a-1] != ' ' && text[a-1] != '\n' {
		a--
	}
	for b < len(text) && text[b] != ' ' && text[b] != '\n' {
		b++
	}
	return text[a:b]
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

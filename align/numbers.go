package align

import (
	"math"
	"strconv"
	"strings"
)

// number is one quantity mentioned in a sentence, normalised.
type number struct {
	Value float64
	// Kind is "count", "fraction" (percents and fractions, as 0..1),
	// "year", "duration" ("three-year") or "age" ("26-year-old").
	Kind string
	// Mod is "", "more", "less" or "about".
	Mod string
	// Unit is the stem of the counted noun ("countri", "year"), if found.
	Unit string
	// Text is the mention as written, modifier and unit included.
	Text       string
	first, end int // token range, end exclusive
}

var numberWords = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"dozen": 12,
}

var pronounOne = map[string]bool{"no": true, "any": true, "every": true, "each": true, "some": true, "the": true, "this": true, "that": true}

var scaleWords = map[string]float64{"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

// fractionWords are ordinals that denote a share when used as one ("a
// fifth of", "the fifth part of").
var fractionWords = map[string]float64{
	"half": 0.5, "third": 1.0 / 3, "quarter": 0.25, "fourth": 0.25, "fifth": 0.2, "sixth": 1.0 / 6,
	"seventh": 1.0 / 7, "eighth": 0.125, "ninth": 1.0 / 9, "tenth": 0.1,
}

var monthWords = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

var durationUnits = map[string]bool{"year": true, "month": true, "week": true, "day": true, "hour": true, "minut": true, "decad": true}

// findNumbers extracts the quantities of a tokenised sentence.
func findNumbers(toks []token, s string) []number {
	var out []number
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		var n number
		j := i + 1
		switch {
		case t.num:
			if strings.HasSuffix(strings.TrimRight(s[:t.start], " "), ":") && i > 0 && toks[i-1].num ||
				strings.HasPrefix(strings.TrimLeft(s[t.end:], " "), ":") {
				continue // times ("5:29", "1: 35 pm")
			}
			isYear := len(t.text) == 4 && t.text >= "1800" && t.text <= "2100"
			if i > 0 && toks[i-1].cap && !toks[i-1].stop && !isYear {
				continue // labels and dates ("Article 5", "February 12")
			}
			v, _ := strconv.ParseFloat(t.text, 64)
			// thousands separators and decimals: "1,000", "2.5"
			for j < len(toks) && toks[j].num {
				sep := s[toks[j-1].end:toks[j].start]
				if sep == "," && len(toks[j].text) == 3 {
					v = v*1000 + mustFloat(toks[j].text)
				} else if sep == "." && toks[j].start > 0 {
					v += mustFloat(toks[j].text) / math.Pow(10, float64(len(toks[j].text)))
				} else {
					break
				}
				j++
			}
			n = number{Value: v, Kind: "count"}
			if len(t.text) == 4 && v >= 1800 && v <= 2100 && !(j < len(toks) && (toks[j].lower == "percent" || toks[j].lower == "people")) {
				n.Kind = "year"
			}
		case t.lower == "one" && i > 0 && pronounOne[toks[i-1].lower]:
			continue // "no one", "every one"
		case numberWords[t.lower] > 0 || t.lower == "zero":
			n = number{Value: numberWords[t.lower], Kind: "count"}
			// "twenty-five", "three hundred"
			for j < len(toks) && toks[j].hyphenBefore && numberWords[toks[j].lower] > 0 && numberWords[toks[j].lower] < 10 {
				n.Value += numberWords[toks[j].lower]
				j++
			}
		case fractionWords[t.lower] > 0:
			prevArt := i > 0 && (toks[i-1].lower == "a" || toks[i-1].lower == "one" || toks[i-1].lower == "the")
			nextOf := j < len(toks) && (toks[j].lower == "of" || toks[j].lower == "part" || toks[j].lower == "share")
			if !prevArt || !nextOf {
				continue
			}
			n = number{Value: fractionWords[t.lower], Kind: "fraction", Unit: "share"}
			if j < len(toks) && toks[j].lower == "part" {
				j++
			}
		default:
			continue
		}
		if n.Kind == "count" {
			for j < len(toks) && scaleWords[toks[j].lower] > 0 {
				n.Value *= scaleWords[toks[j].lower]
				j++
			}
			if j < len(toks) && (toks[j].lower == "percent" || toks[j].lower == "pct") {
				n.Value /= 100
				n.Kind, n.Unit = "fraction", "share"
				j++
			} else if j+1 < len(toks) && toks[j].lower == "per" && toks[j+1].lower == "cent" {
				n.Value /= 100
				n.Kind, n.Unit = "fraction", "share"
				j += 2
			} else if strings.HasPrefix(s[t.end:], "%") || strings.HasPrefix(s[t.end:], " %") {
				n.Value /= 100
				n.Kind, n.Unit = "fraction", "share"
			}
		}
		first := i
		n.Mod, first = modifier(toks, i)
		if n.Unit == "" && n.Kind != "year" {
			for k := j; k < len(toks) && k < j+3; k++ {
				if toks[k].cap || toks[k].stop || toks[k].num {
					if toks[k].stop && toks[k].lower != "and" {
						break
					}
					continue
				}
				n.Unit = toks[k].stem
				j = k + 1
				break
			}
			if durationUnits[n.Unit] && j < len(toks) && toks[j].lower == "old" && hyphenGap(s, toks[j-1], toks[j]) {
				n.Kind = "age" // "26-year-old", "26 - year - old"
				j++
			} else if durationUnits[n.Unit] && j-1 < len(toks) && toks[j-1].hyphenBefore {
				n.Kind = "duration"
			}
		}
		if n.Unit == "pm" || n.Unit == "am" || t.lower == "one" && n.Unit == "" {
			continue // times; "one" as a pronoun
		}
		n.first, n.end = first, j
		n.Text = strings.TrimSpace(s[toks[first].start:toks[j-1].end])
		out = append(out, n)
		i = j - 1
	}
	return out
}

func mustFloat(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

func isModWord(w string) bool {
	switch w {
	case "more", "over", "about", "around", "nearly", "almost", "some", "roughly", "approximately", "at", "less", "fewer", "under", "up":
		return true
	}
	return false
}

// modifier reads the approximation words before token i and returns the
// modifier and the index of its first token.
func modifier(toks []token, i int) (string, int) {
	w := func(k int) string {
		if k < 0 || k >= len(toks) {
			return ""
		}
		return toks[k].lower
	}
	switch {
	case (w(i-2) == "more" || w(i-2) == "greater") && w(i-1) == "than", w(i-2) == "at" && w(i-1) == "least":
		return "more", i - 2
	case (w(i-2) == "less" || w(i-2) == "fewer") && w(i-1) == "than", w(i-2) == "up" && w(i-1) == "to", w(i-2) == "at" && w(i-1) == "most":
		return "less", i - 2
	case w(i-1) == "over":
		return "more", i - 1
	case w(i-1) == "under":
		return "less", i - 1
	case w(i-1) == "about" || w(i-1) == "around" || w(i-1) == "nearly" || w(i-1) == "almost" || w(i-1) == "roughly" || w(i-1) == "approximately" || w(i-1) == "some":
		return "about", i - 1
	}
	return "", i
}

// interval is the range of values a mention allows. "More than N" is read
// as reporters use it, a round lower bound: (N, 1.2N]; "about N" is ±15 %.
func (n number) interval() (lo, hi float64) {
	v := n.Value
	switch n.Mod {
	case "more":
		return v, v * 1.2
	case "less":
		return v * 0.8, v
	case "about":
		return v * 0.85, v * 1.15
	}
	if n.Kind == "fraction" {
		return v - 0.005, v + 0.005
	}
	return v, v
}

// compatible reports whether two mentions can describe the same quantity.
func compatible(a, b number) bool {
	if a.Kind != b.Kind {
		return true // different kinds are not compared
	}
	alo, ahi := a.interval()
	blo, bhi := b.interval()
	eps := 1e-9 * math.Max(1, math.Max(math.Abs(a.Value), math.Abs(b.Value)))
	if a.Mod == "more" && b.Mod == "more" || a.Mod == "less" && b.Mod == "less" {
		// both bounds of the same direction: they agree only on the bound
		return math.Abs(a.Value-b.Value) <= eps
	}
	return alo <= bhi+eps && blo <= ahi+eps
}

// hyphenGap reports whether only a hyphen, spaced or not, separates a and b.
func hyphenGap(s string, a, b token) bool {
	return strings.TrimSpace(s[a.end:b.start]) == "-"
}

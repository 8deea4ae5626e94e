package report

import (
	"strings"
	"unicode"
)

// The selection for the short synthesis that opens every rendering of a
// story, shared by the renderers here and by the web app.

// TopClaims are the corroborated claims for a synthesis: at least two
// independent sources, best supported first. Claims that only repeat a
// shared quote are left to the quotes (they would say the same twice),
// unless no other claim is corroborated.
func (s *Story) TopClaims(n int) []Claim {
	var quotes [][]string
	for _, q := range s.Quotes {
		if len(q.Support) >= 2 {
			quotes = append(quotes, words(q.Text))
		}
	}
	var out, quoted []Claim
	for _, c := range s.Claims {
		if c.IndependentSources < 2 {
			continue
		}
		if repeatsQuote(words(c.Text), quotes) {
			quoted = append(quoted, c)
		} else if len(out) < n {
			out = append(out, c)
		}
	}
	if len(out) == 0 && len(quoted) > 0 {
		out = quoted[:min(n, len(quoted))]
	}
	return out
}

// repeatsQuote reports whether most words of one of the quotes occur in
// the claim.
func repeatsQuote(claim []string, quotes [][]string) bool {
	set := make(map[string]bool, len(claim))
	for _, w := range claim {
		set[w] = true
	}
	for _, q := range quotes {
		if len(q) < 4 {
			continue
		}
		hit := 0
		for _, w := range q {
			if set[w] {
				hit++
			}
		}
		if float64(hit) >= 0.6*float64(len(q)) {
			return true
		}
	}
	return false
}

// words splits text into lower-case runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// KeyQuotes are the quotes for a synthesis: carried by at least two
// sources, best supported first, whole statements (six words or more)
// before fragments; if no quote is shared, the first ones.
func (s *Story) KeyQuotes(n int) []Quote {
	var full, frag []Quote
	for _, q := range s.Quotes {
		if len(q.Support) < 2 {
			continue
		}
		if len(strings.Fields(q.Text)) >= 6 {
			full = append(full, q)
		} else {
			frag = append(frag, q)
		}
	}
	out := append(full, frag...)
	if len(out) == 0 {
		out = s.Quotes
	}
	return out[:min(n, len(out))]
}

// KeyConflicts are the first n conflicts, for a synthesis.
func (s *Story) KeyConflicts(n int) []Conflict {
	return s.Conflicts[:min(n, len(s.Conflicts))]
}

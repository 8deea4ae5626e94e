package align

import "testing"

func TestPolarity(t *testing.T) {
	tests := []struct {
		in   string
		term string
		neg  bool
	}{
		{"they must be deployed within the NATO mission", "@nato", false},
		{"they should be deployed as part of a non-NATO mission", "nato", true},
		{"backed by capable European and non -European troops", "european", false},
		{"troops should not be part of any NATO mission", "part", true},
		{"the rep would not say what Reid is treated for", "reid", false},
		{"the rep declined to reveal the reason", "reveal", true},
		{"the rep did reveal the reason", "reveal", false},
	}
	for _, tc := range tests {
		s := &sent{text: tc.in, toks: tokenize(tc.in)}
		p := polarity(s)
		term := tc.term
		if term[0] == '@' {
			term = term[1:]
		}
		v, ok := p[stemOf(term)]
		if !ok {
			t.Errorf("%q: no term %q in %v", tc.in, term, p)
			continue
		}
		if (v[0] == 1) != tc.neg {
			t.Errorf("%q: %s negated = %v, want %v", tc.in, term, v[0] == 1, tc.neg)
		}
	}
}

func stemOf(w string) string { return tokenize(w)[0].stem }

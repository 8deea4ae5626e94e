package align

import (
	"math"
	"testing"
)

func TestFindNumbers(t *testing.T) {
	type want struct {
		value float64
		kind  string
		mod   string
		unit  string
	}
	tests := []struct {
		in   string
		want []want
	}{
		{"Moscow controls the fifth part of Ukraine.", []want{{0.2, "fraction", "", "share"}}},
		{"Moscow controls about 20 percent of Ukraine's territory.", []want{{0.2, "fraction", "about", "share"}}},
		{"A third of voters stayed home.", []want{{1.0 / 3, "fraction", "", "share"}}},
		{"a meeting of more than 40 countries", []want{{40, "count", "more", "countri"}}},
		{"more than 50 Western allies", []want{{50, "count", "more", "alli"}}},
		{"the almost three-year war", []want{{3, "duration", "about", "year"}}},
		{"the 26-year-old actress", []want{{26, "age", "", "year"}}},
		{"since 2014, when", []want{{2014, "year", "", ""}}},
		{"1,000 troops and 2.5 million people", []want{{1000, "count", "", "troop"}, {2.5e6, "count", "", "peopl"}}},
		{"at 5:29 am today", nil},
		{"under Article 5 of the treaty", nil},
		{"No one wants peace", nil},
		{"the first overseas meeting", nil},
		{"twenty-five people", []want{{25, "count", "", "peopl"}}},
		{"up to 12% of the budget", []want{{0.12, "fraction", "less", "share"}}},
	}
	for _, tc := range tests {
		got := findNumbers(tokenize(tc.in), tc.in)
		if len(got) != len(tc.want) {
			t.Errorf("%q: got %+v, want %d numbers", tc.in, got, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			g := got[i]
			if math.Abs(g.Value-w.value) > 1e-9 || g.Kind != w.kind || g.Mod != w.mod || g.Unit != w.unit {
				t.Errorf("%q: got %+v, want %+v", tc.in, g, w)
			}
		}
	}
}

func TestCompatible(t *testing.T) {
	n := func(in string) number {
		ns := findNumbers(tokenize(in), in)
		if len(ns) != 1 {
			t.Fatalf("%q: %d numbers", in, len(ns))
		}
		return ns[0]
	}
	tests := []struct {
		a, b string
		want bool
	}{
		{"the fifth part of it", "about 20 percent of it", true},
		{"the fifth part of it", "a third of it", false},
		{"more than 40 countries", "more than 50 allies", false},
		{"more than 40 countries", "more than 40 allies", true},
		{"more than 40 countries", "45 countries", true},
		{"nearly three-year war", "three-year war", true},
		{"12 people", "15 people", false},
		{"about 100 people", "110 people", true},
	}
	for _, tc := range tests {
		if got := compatible(n(tc.a), n(tc.b)); got != tc.want {
			t.Errorf("compatible(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

package eval

import (
	"math"
	"strings"
	"testing"
)

func TestScoreClusters(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred map[string]string
		bp, br     float64
		pp, pr     float64
	}{
		{"perfect", map[string]string{"a": "x", "b": "x", "c": "y"}, map[string]string{"a": "1", "b": "1", "c": "2"}, 1, 1, 1, 1},
		{"all merged", map[string]string{"a": "x", "b": "x", "c": "y"}, map[string]string{"a": "1", "b": "1", "c": "1"},
			(2.0/3*2 + 1.0/3) / 3, 1, 1.0 / 3, 1},
		{"all split", map[string]string{"a": "x", "b": "x", "c": "y"}, map[string]string{"a": "1", "b": "2", "c": "3"},
			1, (0.5*2 + 1) / 3, 1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := ScoreClusters(tc.gold, tc.pred)
			for _, c := range []struct {
				what      string
				got, want float64
			}{{"BCubed P", s.BCubedP, tc.bp}, {"BCubed R", s.BCubedR, tc.br}, {"pair P", s.PairP, tc.pp}, {"pair R", s.PairR, tc.pr}} {
				if math.Abs(c.got-c.want) > 1e-9 {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
		})
	}
}

func TestPearson(t *testing.T) {
	tests := []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1, 2, 3}, []float64{2, 4, 6}, 1},
		{[]float64{1, 2, 3}, []float64{3, 2, 1}, -1},
		{[]float64{1, 1, 1}, []float64{3, 2, 1}, 0},
	}
	for _, tc := range tests {
		if got := Pearson(tc.x, tc.y); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("Pearson(%v, %v) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
}

func TestLoadSemEvalPairs(t *testing.T) {
	csv := `Unnamed: 0,pair_id,lang1,lang2,text1,text2,Geography,Entities,Time,Narrative,Overall,Style,Tone
1,111_222,en,en,"a, b","c",1,1,1,1,1.5,1,1
2,111_222ab,en,en,"a","c",1,1,1,1,2,1,1
3,333_444,de,en,"a","c",1,1,1,1,4,1,1
4,555_666,en,en,"x
y","z",1,1,1,1,4,1,1
`
	pairs, err := LoadSemEvalPairs(strings.NewReader(csv), "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 2 || pairs[0].ID != "111_222" || pairs[0].Overall != 1.5 || pairs[0].Text1 != "a, b" || pairs[1].Text1 != "x\ny" {
		t.Fatalf("got %+v", pairs)
	}
}

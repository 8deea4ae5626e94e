package eval

// cluster.go: story clustering. BCubed and pairwise precision, recall and
// F1 of a predicted clustering against a label (ECB+ subtopic or topic),
// and the SemEval-2022 Task 8 pair loader with Pearson correlation.

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// ClusterScores compares a predicted clustering with gold labels.
type ClusterScores struct {
	Items                   int
	GoldClusters, Predicted int
	// BCubed precision, recall and F1 (Bagga & Baldwin 1998): per item,
	// the share of its predicted cluster that shares its gold label, and
	// the share of its gold cluster that shares its predicted cluster,
	// averaged over items.
	BCubedP, BCubedR, BCubedF1 float64
	// Pairwise precision, recall and F1 over all pairs of items put
	// together.
	PairP, PairR, PairF1 float64
}

func (s ClusterScores) String() string {
	return fmt.Sprintf("items %d, gold clusters %d, predicted %d\nBCubed   P %.4f  R %.4f  F1 %.4f\npairwise P %.4f  R %.4f  F1 %.4f",
		s.Items, s.GoldClusters, s.Predicted, s.BCubedP, s.BCubedR, s.BCubedF1, s.PairP, s.PairR, s.PairF1)
}

// ScoreClusters scores predicted cluster labels against gold labels; both
// map item ids to labels and only items present in both are scored.
func ScoreClusters(gold, pred map[string]string) ClusterScores {
	type pair struct{ g, p string }
	joint := map[pair]int{}
	goldSize := map[string]int{}
	predSize := map[string]int{}
	n := 0
	for id, g := range gold {
		p, ok := pred[id]
		if !ok {
			continue
		}
		n++
		joint[pair{g, p}]++
		goldSize[g]++
		predSize[p]++
	}
	s := ClusterScores{Items: n, GoldClusters: len(goldSize), Predicted: len(predSize)}
	if n == 0 {
		return s
	}
	var bp, br float64
	var tp, predPairs, goldPairs float64
	for k, c := range joint {
		cf := float64(c)
		// each of the c items contributes c/|pred| to precision, c/|gold| to recall
		bp += cf * cf / float64(predSize[k.p])
		br += cf * cf / float64(goldSize[k.g])
		tp += cf * (cf - 1) / 2
	}
	for _, c := range predSize {
		predPairs += float64(c) * float64(c-1) / 2
	}
	for _, c := range goldSize {
		goldPairs += float64(c) * float64(c-1) / 2
	}
	s.BCubedP, s.BCubedR = bp/float64(n), br/float64(n)
	s.BCubedF1 = clusterF1(s.BCubedP, s.BCubedR)
	s.PairP, s.PairR = clusterRatio(tp, predPairs), clusterRatio(tp, goldPairs)
	s.PairF1 = clusterF1(s.PairP, s.PairR)
	return s
}

func clusterRatio(a, b float64) float64 {
	if b == 0 {
		return 1
	}
	return a / b
}

func clusterF1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// SemEvalPair is one pair of SemEval-2022 Task 8 (multilingual news
// article similarity).
type SemEvalPair struct {
	ID           string
	Lang1, Lang2 string
	Text1, Text2 string
	// Overall is the gold rating: 1 = same story ... 4 = unrelated.
	Overall float64
}

// clusterBasePair matches pair ids of original pairs; augmented
// (machine-translated) rows carry trailing letters.
var clusterBasePair = regexp.MustCompile(`^[0-9]+_[0-9]+$`)

// LoadSemEvalPairs reads the task's CSV (columns pair_id, lang1, lang2,
// text1, text2, Overall, ...) and keeps the base pairs (no augmented
// rows) whose two languages equal lang; lang "" keeps every language.
func LoadSemEvalPairs(r io.Reader, lang string) ([]SemEvalPair, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read semeval header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(h)] = i
	}
	for _, need := range []string{"pair_id", "lang1", "lang2", "text1", "text2", "Overall"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("semeval csv: no %s column", need)
		}
	}
	var out []SemEvalPair
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("semeval csv line %d: %w", line, err)
		}
		get := func(k string) string {
			if i := col[k]; i < len(rec) {
				return rec[i]
			}
			return ""
		}
		p := SemEvalPair{ID: get("pair_id"), Lang1: get("lang1"), Lang2: get("lang2"), Text1: get("text1"), Text2: get("text2")}
		if !clusterBasePair.MatchString(p.ID) || (lang != "" && (p.Lang1 != lang || p.Lang2 != lang)) {
			continue
		}
		if p.Overall, err = strconv.ParseFloat(strings.TrimSpace(get("Overall")), 64); err != nil {
			return nil, fmt.Errorf("semeval csv line %d: overall: %w", line, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// Pearson returns the Pearson correlation of two equally long series (0
// when either is constant).
func Pearson(x, y []float64) float64 {
	n := float64(len(x))
	if len(x) != len(y) || len(x) < 2 {
		return 0
	}
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

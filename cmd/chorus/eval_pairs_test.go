package main

import (
	"encoding/json"
	"testing"

	"github.com/chorusnews/chorus/internal/evaldata"
)

// TestEvalPairs runs `chorus eval pairs` on the SemEval-2022 en-en pairs,
// with the texts cleaned as ingest cleans them and raw.
func TestEvalPairs(t *testing.T) {
	data := evaldata.Require(t, "semeval2022-task8", "train.csv")
	var pearson [2]float64
	for k, flag := range []string{"--clean=true", "--clean=false"} {
		code, out, errs := runCLI(t, "", "eval", "pairs", "--data", data, "--json", flag)
		if code != 0 {
			t.Fatalf("eval pairs %s: exit %d: %s", flag, code, errs)
		}
		var res struct {
			Pairs   int     `json:"pairs"`
			Pearson float64 `json:"pearson"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("eval pairs %s: %v: %s", flag, err, out)
		}
		t.Logf("eval pairs %s: %d pairs, Pearson %.4f (target 0.80, not reached)", flag, res.Pairs, res.Pearson)
		if res.Pairs < 150 {
			t.Errorf("eval pairs %s: %d en-en base pairs, want about 161", flag, res.Pairs)
		}
		pearson[k] = res.Pearson
	}
	// regression floors at the measured levels (0.787 cleaned, 0.783 raw)
	if pearson[0] < 0.78 || pearson[1] < 0.77 {
		t.Errorf("Pearson fell: cleaned %.4f, raw %.4f", pearson[0], pearson[1])
	}
}

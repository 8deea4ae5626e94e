package align

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// TestGoldenExample pins the whole consolidation of the bundled example, with
// the plain quotation-mark scanner so that changes in package quote do not
// move it. Review diffs, then run go test ./align -run Golden -update.
func TestGoldenExample(t *testing.T) {
	c, err := ConsolidateWith(context.Background(), loadExample(t), nil, Options{Quotes: PlainQuotes})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "example.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("consolidation of the example differs from %s; review with -update and git diff", path)
	}
}

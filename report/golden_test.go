package report

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rivo/uniseg"

	"github.com/chorusnews/chorus"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// snapshot is the consolidated bundled example the renderer goldens are
// rendered from. -update rewrites it from a live consolidation (ingest,
// clean, align) before the goldens, so renderer changes and consolidation
// changes show up as separate diffs.
const snapshot = "testdata/brussels.json"

func loadSnapshot(t testing.TB) Report {
	t.Helper()
	b, err := os.ReadFile(snapshot)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%s: %v", snapshot, err)
	}
	return r
}

// TestGolden renders the consolidated bundled example in every format and
// compares with testdata/brussels.*. When the output changes on purpose,
// rerun with -update and review the diff.
func TestGolden(t *testing.T) {
	if *update {
		var buf bytes.Buffer
		if err := JSON(&buf, exampleReport(t)); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(snapshot, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep := loadSnapshot(t)
	for _, tc := range []struct {
		format, file string
		opts         Options
	}{
		{"json", "brussels.json", Options{}}, // the snapshot must round-trip unchanged
		{"text", "brussels.txt", Options{Width: 80}},
		{"text", "brussels.color.txt", Options{Width: 100, Color: true}},
		{"md", "brussels.md", Options{}},
		{"html", "brussels.html", Options{}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, rep, tc.format, tc.opts); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.file)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from %s (run go test -update and review the diff):\n%s", tc.format, path, firstDiff(buf.String(), string(want)))
			}
		})
	}
}

// firstDiff shows the first differing line.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestTextLayout checks properties of the text layout that goldens would
// not explain: width, colour only when asked, the synthesis first.
func TestTextLayout(t *testing.T) {
	rep := exampleReport(t)
	for _, tc := range []struct {
		name  string
		opts  Options
		color bool
	}{
		{"plain 60", Options{Width: 60}, false},
		{"plain 100", Options{Width: 100}, false},
		{"colour 80", Options{Width: 80, Color: true}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Text(&buf, rep, tc.opts); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if got := strings.Contains(out, "\x1b["); got != tc.color {
				t.Errorf("ANSI escapes present = %v, want %v", got, tc.color)
			}
			if !tc.color {
				for i, line := range strings.Split(out, "\n") {
					// a single word longer than the width may overflow
					if w := uniseg.StringWidth(line); w > tc.opts.Width && strings.Count(strings.TrimSpace(line), " ") > 0 {
						t.Errorf("line %d is %d wide (> %d): %q", i+1, w, tc.opts.Width, line)
					}
				}
			}
			short := strings.Index(out, "IN SHORT")
			claims := strings.Index(out, "CORROBORATED CLAIMS")
			if short < 0 || claims < 0 || short > claims {
				t.Errorf("synthesis must open the report (IN SHORT at %d, claims at %d)", short, claims)
			}
			if !strings.Contains(ansi.ReplaceAllString(out, ""), "independent sources") {
				t.Error("synthesis lacks the independent source count")
			}
		})
	}
}

// TestSnapshotCurrent checks that the snapshot the goldens are rendered
// from is what consolidating the bundled example gives today, and that
// consolidation is deterministic. A change in ingest, clean or align shows
// here first: rerun with -update and review the diff of testdata/.
func TestSnapshotCurrent(t *testing.T) {
	if *update {
		t.Skip("snapshot being rewritten")
	}
	var live, again bytes.Buffer
	if err := JSON(&live, exampleReport(t)); err != nil {
		t.Fatal(err)
	}
	arts, err := loadExampleArticles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s, err := Consolidate(context.Background(), chorus.Story{ID: "brussels-2025"}, arts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := JSON(&again, Report{Stories: []Story{s}}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(live.Bytes(), again.Bytes()) {
		t.Errorf("consolidating the same articles twice gives different reports:\n%s", firstDiff(again.String(), live.String()))
	}
	want, err := os.ReadFile(snapshot)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(live.Bytes(), want) {
		t.Errorf("%s is stale (run go test -update and review the diff):\n%s", snapshot, firstDiff(live.String(), string(want)))
	}
}

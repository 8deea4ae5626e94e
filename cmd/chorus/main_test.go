package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// runCLI runs the CLI in-process and returns its exit code and output.
func runCLI(t testing.TB, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func seedsDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "examples", "brussels-2025"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestIngestTwiceAndList(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	code, out, stderr := runCLI(t, "", "ingest", seedsDir(t), "--db", db)
	if code != 0 || !strings.Contains(out, "5 new, 0 updated, 0 unchanged") {
		t.Fatalf("first ingest: code %d\n%s%s", code, out, stderr)
	}
	code, out, _ = runCLI(t, "", "ingest", seedsDir(t), "--db", db)
	if code != 0 || !strings.Contains(out, "0 new, 0 updated, 5 unchanged") {
		t.Fatalf("second ingest: code %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "articles", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("articles: code %d", code)
	}
	var list struct {
		Articles []articleSummary `json:"articles"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("articles --json: %v\n%s", err, out)
	}
	var got []string
	for _, a := range list.Articles {
		got = append(got, a.ID)
	}
	files, _ := filepath.Glob(filepath.Join(seedsDir(t), "*.txt"))
	var want []string
	for _, f := range files {
		want = append(want, strings.TrimSuffix(filepath.Base(f), ".txt"))
	}
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ids = %v, want %v", got, want)
	}
}

func TestIngestUpdate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"id":"x","text":"first version"}`+"\n"+`{"id":"y","text":"stays"}`), 0o644)
	runCLI(t, "", "ingest", in, "--db", db)
	os.WriteFile(in, []byte(`{"id":"x","text":"second version"}`+"\n"+`{"id":"y","text":"stays"}`), 0o644)
	code, out, _ := runCLI(t, "", "ingest", in, "--db", db)
	if code != 0 || !strings.Contains(out, "0 new, 1 updated, 1 unchanged") {
		t.Fatalf("update: code %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "show", "x", "--db", db, "--json")
	if code != 0 || !strings.Contains(out, "second version") {
		t.Errorf("show x: code %d\n%s", code, out)
	}
}

func TestIngestReportsBadInput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(t.TempDir(), "a.db")
	os.WriteFile(filepath.Join(dir, "good.txt"), []byte("Some article text."), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.jsonl"), []byte("{\"id\":\"ok\",\"text\":\"fine\"}\n{broken\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "blob.txt"), []byte{0, 1, 2, 3}, 0o644)
	code, out, stderr := runCLI(t, "", "ingest", dir, "--db", db)
	if code != 0 {
		t.Fatalf("code %d\n%s%s", code, out, stderr)
	}
	for _, want := range []string{"2 new", "skipped 2", "bad.jsonl:2", "binary content"} {
		if !strings.Contains(out+stderr, want) {
			t.Errorf("output lacks %q:\n%s%s", want, out, stderr)
		}
	}
}

func TestExitCodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"--help"}, 0},
		{[]string{"ingest", "--help"}, 0},
		{[]string{"articles", "--db", db}, 0},
		{[]string{"nosuchcommand"}, 2},
		{[]string{"ingest"}, 2},
		{[]string{"articles", "--bogus"}, 2},
		{[]string{"show", "missing", "--db", db}, 1},
		{[]string{"ingest", "/does/not/exist", "--db", db}, 1},
	}
	for _, tt := range tests {
		code, out, stderr := runCLI(t, "", tt.args...)
		if code != tt.code {
			t.Errorf("chorus %v: exit %d, want %d\n%s%s", tt.args, code, tt.code, out, stderr)
		}
	}
}

func TestStdinIngest(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	code, out, _ := runCLI(t, `{"id":"s1","text":"from stdin"}`, "ingest", "-", "--db", db)
	if code != 0 || !strings.Contains(out, "1 new") {
		t.Fatalf("code %d\n%s", code, out)
	}
}

func TestDemo(t *testing.T) {
	t.Chdir(t.TempDir()) // the demo must not depend on the working directory
	code, out, stderr := runCLI(t, "", "demo")
	if code != 0 {
		t.Fatalf("demo: code %d\n%s%s", code, out, stderr)
	}
	for _, want := range []string{"5 new", "The Hill", "RNZ", "US says Ukraine cannot expect return to old borders"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
}

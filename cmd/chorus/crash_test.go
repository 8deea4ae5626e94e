package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/sqlite"
)

// TestKillDuringIngest starts a real chorus process on a large input,
// kills it with SIGKILL mid-way and checks the database: it opens, passes
// SQLite's and FTS5's integrity checks, holds only whole batches of whole
// articles, and a second ingest completes the job.
func TestKillDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests 30,000 articles")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "chorus")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// Realistic bodies: the bundled reports, varied per article.
	files, _ := filepath.Glob(filepath.Join(seedsDir(t), "*.txt"))
	var bodies []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, string(b))
	}
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	want := map[string]string{}
	const perFile, nFiles = 1000, 30
	for f := 0; f < nFiles; f++ {
		var sb strings.Builder
		for i := 0; i < perFile; i++ {
			id := fmt.Sprintf("a%02d-%04d", f, i)
			text := fmt.Sprintf("Dispatch %s.\n\n%s", id, bodies[(f+i)%len(bodies)])
			want[id] = text
			line, _ := json.Marshal(map[string]string{"id": id, "outlet": fmt.Sprintf("outlet%d", i%7), "text": text})
			sb.Write(line)
			sb.WriteByte('\n')
		}
		os.WriteFile(filepath.Join(in, fmt.Sprintf("part%02d.jsonl", f)), []byte(sb.String()), 0o644)
	}
	db := filepath.Join(dir, "crash.db")
	cmd := exec.Command(bin, "ingest", in, "--db", db, "--no-cluster", "-q")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	// Kill as soon as some batches are committed.
	ro, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(2000)")
	if err != nil {
		t.Fatal(err)
	}
	killed := false
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		if err := ro.QueryRow(`SELECT count(*) FROM articles`).Scan(&n); err == nil && n >= 2*batchSize {
			if err := cmd.Process.Kill(); err != nil {
				t.Fatalf("kill: %v", err)
			}
			killed = true
			break
		}
		select {
		case err := <-done:
			t.Fatalf("ingest finished (%v) before it could be killed; make the input larger", err)
		case <-time.After(5 * time.Millisecond):
		}
	}
	ro.Close()
	if !killed {
		t.Fatal("no batch committed within 60s")
	}
	<-done

	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatalf("after kill: %v", err)
	}
	arts, err := st.Articles(ctx, chorus.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) == 0 || len(arts) >= len(want) {
		t.Fatalf("after kill: %d articles stored, want some but not all %d", len(arts), len(want))
	}
	if len(arts)%batchSize != 0 {
		t.Errorf("after kill: %d articles, not a whole number of %d-article batches", len(arts), batchSize)
	}
	for _, a := range arts {
		if want[a.ID] != a.Text {
			t.Fatalf("article %s is not whole: %d of %d bytes", a.ID, len(a.Text), len(want[a.ID]))
		}
	}
	t.Logf("killed after %d of %d articles; database intact", len(arts), len(want))
	st.Close()

	// A second run finishes the job and leaves the first part untouched.
	out, err := exec.Command(bin, "ingest", in, "--db", db, "--no-cluster", "-q").CombinedOutput()
	if err != nil {
		t.Fatalf("second ingest: %v\n%s", err, out)
	}
	wantLine := fmt.Sprintf("%d new, 0 updated, %d unchanged", len(want)-len(arts), len(arts))
	if !strings.Contains(string(out), wantLine) {
		t.Errorf("second ingest said %q, want %q", out, wantLine)
	}
}

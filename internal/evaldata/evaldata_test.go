package evaldata

import (
	"fmt"
	"path/filepath"
	"testing"
)

type recorder struct{ skipped string }

func (r *recorder) Helper()                          {}
func (r *recorder) Skipf(format string, args ...any) { r.skipped = fmt.Sprintf(format, args...) }

func TestDirAndRequire(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CHORUS_DATA", dir)
	if Dir() != dir {
		t.Errorf("Dir() = %q, want $CHORUS_DATA %q", Dir(), dir)
	}
	if got, want := Path("ecbplus", "dev.jsonl"), filepath.Join(dir, "ecbplus", "dev.jsonl"); got != want {
		t.Errorf("Path = %q, want %q", got, want)
	}
	var r recorder
	if got := Require(&r); got != dir || r.skipped != "" {
		t.Errorf("Require of an existing dir: %q, skipped %q", got, r.skipped)
	}
	Require(&r, "missing")
	if r.skipped == "" {
		t.Error("Require of a missing path did not skip")
	}
	t.Setenv("CHORUS_DATA", "")
	if got := Dir(); filepath.Base(got) != "data" || filepath.Base(filepath.Dir(got)) != "shared" {
		t.Errorf("default Dir() = %q, want …/shared/data", got)
	}
}

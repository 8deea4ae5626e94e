// Package evaldata locates the public labelled data sets Chorus is
// measured against: $CHORUS_DATA, else shared/data beside the module root
// (the project's ../shared/data). Tests, benchmarks and `chorus eval`
// commands resolve their default paths here.
//
// It reads no data itself and ships none: the data sets are not part of
// the repository.
package evaldata

import (
	"os"
	"path/filepath"
)

// Dir is the data directory: $CHORUS_DATA when set, else ../shared/data
// beside the enclosing Go module's root, else ../shared/data from the
// working directory.
func Dir() string {
	if d := os.Getenv("CHORUS_DATA"); d != "" {
		return d
	}
	if root, ok := moduleRoot(); ok {
		return filepath.Join(root, "..", "shared", "data")
	}
	return filepath.Join("..", "shared", "data")
}

// Path joins parts under Dir.
func Path(parts ...string) string {
	return filepath.Join(append([]string{Dir()}, parts...)...)
}

// Skipper is the part of testing.TB that Require uses.
type Skipper interface {
	Helper()
	Skipf(format string, args ...any)
}

// Require returns Path(parts...), or skips the test or benchmark with a
// message naming the missing path when it does not exist, so that the
// tests pass on a clone without the data.
func Require(t Skipper, parts ...string) string {
	t.Helper()
	p := Path(parts...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("evaluation data not found at %s (set CHORUS_DATA to the shared data folder): %v", p, err)
	}
	return p
}

// moduleRoot walks up from the working directory to the directory holding
// go.mod.
func moduleRoot() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

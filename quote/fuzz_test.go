package quote

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzExtract checks that Extract never panics, that its offsets always
// slice the input to the reported text, that start < end and that quotes
// come in order without overlapping.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		`"We will win," said Maria Lopez.`,
		"“A,” he said, “b.”",
		"Tom said: “one.\n\n“two.”",
		"''x,'' Mr. Y said.",
		"‘single’ and don't '90s",
		"”swapped“ marks “ spaced ”",
		"“unclosed\nnext",
		"“\u00a0”—―'",
	} {
		f.Add(s)
	}
	if data, err := os.ReadFile(filepath.Join("..", "examples", "brussels-2025", "003_3a96547fe0ca7f3b.txt")); err == nil {
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkInvariants(t, s, Extract(s))
	})
}

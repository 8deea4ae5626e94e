package server

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzJSONToLines checks the JSON body reader: it never panics; a syntax
// error names a line within the body; accepted bodies become one valid,
// single-line JSON value a line.
func FuzzJSONToLines(f *testing.F) {
	for _, s := range []string{`{"id":"a","text":"b"}`, "[{\"id\":1},\n{\"id\":2}]", "{\n\"id\": oops\n}", "[]", `"str"`, "[1,", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		lines, array, perr, err := jsonToLines(strings.NewReader(in))
		if err != nil {
			t.Fatalf("read error from a string reader: %v", err)
		}
		if perr != nil {
			if perr.Line > 0 && perr.Line > strings.Count(in, "\n")+1 {
				t.Fatalf("problem line %d beyond the body's %d lines", perr.Line, strings.Count(in, "\n")+1)
			}
			return
		}
		if !json.Valid([]byte(in)) {
			t.Fatalf("accepted invalid JSON %q", in)
		}
		parts := bytes.Split(bytes.TrimSuffix(lines, []byte("\n")), []byte("\n"))
		if len(lines) == 0 {
			parts = nil
		}
		for _, p := range parts {
			if !json.Valid(p) {
				t.Fatalf("line %q is not valid JSON", p)
			}
		}
		if !array && len(parts) != 1 {
			t.Fatalf("one value gave %d lines", len(parts))
		}
	})
}

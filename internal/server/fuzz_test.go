package server

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/align"
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

// FuzzBlocks checks the article page's sentence split against package
// align's: the same sentences in the same order, indexed 0..n-1, every
// quote anchor inside the text, and a compare layout of the article with
// itself under arbitrary pairs showing every sentence exactly once.
func FuzzBlocks(f *testing.F) {
	f.Add("Title line\nFirst sentence. Second one here.\n\n“Quoted,” he said. Done", 3, 7)
	f.Add("Dr. Smith went to Washington. He said \"no.\"\nLast", 0, 40)
	f.Add("\n\n  \n", 0, 0)
	f.Add("é\u2028x. y.\r\nz", 1, 2)
	f.Fuzz(func(t *testing.T, text string, qstart, shift int) {
		a := chorus.Article{ID: "a", Text: text}
		want, err := align.Split(bodyText(a))
		if err != nil {
			t.Skip()
		}
		m := &sentenceMarks{mark: map[int]string{}, ref: map[int]string{}, quote: []quoteAt{{id: "q1", start: qstart}}}
		bs := blocks(a, m)
		var got []string
		anchors := 0
		for _, b := range bs {
			for _, sv := range b.Sentences {
				if sv.Index != len(got) {
					t.Fatalf("sentence %q has index %d, want %d", sv.Text, sv.Index, len(got))
				}
				got = append(got, sv.Text)
				anchors += len(sv.Quotes)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("sentences %q, align splits %q", got, want)
		}
		if n := utf8.RuneCountInString(bodyText(a)); anchors > 1 || (anchors == 1 && (qstart < 0 || qstart >= n)) {
			t.Fatalf("%d anchors for a quote at %d of %d code points", anchors, qstart, n)
		}
		pairs := map[int]pair{}
		for i := range len(got) {
			if shift != 0 {
				pairs[i] = pair{b: (i + shift) % max(len(got), 1), claim: "c"}
			}
		}
		right := blocks(a, nil)
		seenL, seenR := map[int]int{}, map[int]int{}
		for _, row := range compareRows(bs, right, pairs) {
			if row.Left != nil {
				seenL[row.Left.Index]++
			}
			if row.Right != nil {
				seenR[row.Right.Index]++
			}
		}
		for i := range len(got) {
			if seenL[i] != 1 || seenR[i] != 1 {
				t.Fatalf("sentence %d shown %d times left, %d right", i, seenL[i], seenR[i])
			}
		}
	})
}

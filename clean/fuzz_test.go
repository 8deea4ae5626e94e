package clean

import (
	"context"
	"strings"
	"testing"

	"github.com/chorusnews/chorus"
)

// FuzzClean checks the cleaner's properties on arbitrary text: it never
// panics, never touches Text, keeps only input lines and in their order,
// and cleaning its own output changes nothing.
func FuzzClean(f *testing.F) {
	// Small seeds: the fuzzer minimises every new input, and whole
	// articles make that slow. TestSeeds covers the full examples.
	f.Add("Unlock the newsletter FREE\nYour guide to the week\nThe minister said on Tuesday that talks would resume.\nPost Comment", "")
	f.Add("A photo caption. (Photo by Jane Roe / AFP)\n\nNo troops\n\nHe said troops would not be sent to the region.\n\n-Reuters", "")
	f.Add("One.\nTwo.\nThree.\nFour.\nPaul KirbyEurope editor in BerlinReutersFrontrunner\nTail.", "")
	f.Add("5:29 am today\n\nHeadline here\n\nBy A B and C D, Reuters\n\nBody text.", "Headline here")
	f.Add("a\n\nb KirbyEurope xBerlinY\n\nc", "")
	f.Fuzz(func(t *testing.T, text, title string) {
		ctx := context.Background()
		a := chorus.Article{ID: "f", Title: title, Text: text}
		if err := New(nil).Clean(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if a.Text != text {
			t.Fatal("Text modified")
		}
		// Output lines are input lines, in order.
		in := strings.Split(text, "\n")
		j := 0
		for _, out := range strings.Split(a.CleanText, "\n\n") {
			if out == "" {
				continue
			}
			for j < len(in) && strings.TrimSpace(in[j]) != out {
				j++
			}
			if j == len(in) {
				t.Fatalf("output line %q is not an input line in order", out)
			}
			j++
		}
		// Idempotent.
		b := chorus.Article{ID: "f", Title: title, Text: a.CleanText}
		if err := New(nil).Clean(ctx, &b); err != nil {
			t.Fatal(err)
		}
		if b.CleanText != a.CleanText {
			t.Fatalf("not idempotent:\n%q\n->\n%q", a.CleanText, b.CleanText)
		}
	})
}

package eval

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chorusnews/chorus/internal/evaldata"
	"github.com/chorusnews/chorus/quote"
)

// quotesDataDir resolves the shared data directory: the -data flag when a
// test file of this package defines it, $CHORUS_DATA, then ../shared/data
// relative to the module root.
func quotesDataDir(t testing.TB) string {
	if f := flag.Lookup("data"); f != nil && f.Value.String() != "" {
		return f.Value.String()
	}
	return evaldata.Dir()
}

func quotesPolnearDir(t testing.TB, split string) string {
	dir := filepath.Join(quotesDataDir(t), "polnear", split)
	if _, err := os.Stat(filepath.Join(dir, "attributions")); err != nil {
		t.Skipf("PolNeAR %s split absent at %s (set -data or CHORUS_DATA): %v", split, dir, err)
	}
	return dir
}

func TestQuotesWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"“We want, like you, a sovereign Ukraine.”", "we want like you a sovereign ukraine"},
		{"''It's nonsense,''", "it s nonsense"},
		{"  ", ""},
	}
	for _, tt := range tests {
		if got := QuotesWords(tt.in); got != tt.want {
			t.Errorf("QuotesWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQuotesSpeakerRight(t *testing.T) {
	tests := []struct {
		pred, src string
		want      bool
	}{
		{"Pete Hegseth", "Defense Secretary Pete Hegseth", true},
		{"Hegseth", "Mr. Hegseth,", true},
		{"John Healey", "Hegseth", false},
		{"", "Hegseth", false},
	}
	for _, tt := range tests {
		if got := quotesSpeakerRight(tt.pred, tt.src); got != tt.want {
			t.Errorf("quotesSpeakerRight(%q, %q) = %v, want %v", tt.pred, tt.src, got, tt.want)
		}
	}
	for src, want := range map[string]bool{"The New York Post": true, "he": false, "a source": false, "The source": false, "Trump's": true} {
		if got := quotesHasName(src); got != want {
			t.Errorf("quotesHasName(%q) = %v, want %v", src, got, want)
		}
	}
}

func TestLoadQuotesGold(t *testing.T) {
	text := "“We want peace,” Tom Reed said, “and we want it now.”\n\n" + // split direct quote
		"Ann Lee said the plan was “a disaster” and “a waste.”\n\n" + // partial quotes
		"''It is over,'' Mr. Cole said.\n\n" + // two apostrophes
		"Fans loved “Morning Joe.”\n" // no attribution: not a quote
	span := func(s string) string {
		i := strings.Index(text, s)
		a := len([]rune(text[:i]))
		return strconv.Itoa(a) + " " + strconv.Itoa(a+len([]rune(s)))
	}
	ann := strings.Join([]string{
		"T1\tContent " + span("“We want peace,”") + ";" + span("“and we want it now.”") + "\tx",
		"T2\tSource " + span("Tom Reed") + "\tTom Reed",
		"T3\tCue " + span("said,") + "\tsaid",
		"E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2",
		"T4\tSource " + span("Ann Lee") + "\tAnn Lee",
		"T5\tContent " + span("the plan was “a disaster” and “a waste.”") + "\tx",
		"E2\tAttribution:T4 Content:T5 Source:T4",
		"T6\tContent " + span("''It is over,''") + "\tx",
		"T7\tSource " + span("Mr. Cole") + "\tMr. Cole",
		"E3\tAttribution:T7 Content:T6 Source:T7",
	}, "\n")
	path := filepath.Join(t.TempDir(), "a_x.ann")
	if err := os.WriteFile(path, []byte(ann), 0o644); err != nil {
		t.Fatal(err)
	}
	gold, err := LoadQuotesGold(text, path)
	if err != nil {
		t.Fatal(err)
	}
	want := []QuotesGold{
		{"we want peace and we want it now", "Tom Reed"},
		{"a disaster", "Ann Lee"},
		{"a waste", "Ann Lee"},
		{"it is over", "Mr. Cole"},
	}
	if len(gold) != len(want) {
		t.Fatalf("got %d gold quotes, want %d: %+v", len(gold), len(want), gold)
	}
	for i, w := range want {
		if QuotesWords(gold[i].Text) != w.Text || gold[i].Source != w.Source {
			t.Errorf("gold %d = %q by %q, want %q by %q", i, QuotesWords(gold[i].Text), gold[i].Source, w.Text, w.Source)
		}
	}
}

// quotesEveryQuoted is the baseline: every span between double quotation
// marks, no speaker.
func quotesEveryQuoted(text string) []quote.Quote {
	r := []rune(text)
	var out []quote.Quote
	open := -1
	for i, c := range r {
		switch {
		case c == '“' || (c == '"' && open < 0):
			open = i + 1
		case (c == '”' || c == '"') && open >= 0:
			if open < i {
				out = append(out, quote.Quote{Text: string(r[open:i]), Start: open, End: i})
			}
			open = -1
		}
	}
	return out
}

// TestQuotesPolNeAR scores Extract on the PolNeAR dev split and guards the
// measured figures (see docs/benchmarks.md) against regressions.
func TestQuotesPolNeAR(t *testing.T) {
	if testing.Short() {
		t.Skip("PolNeAR eval is slow; skipped with -short")
	}
	dir := quotesPolnearDir(t, "dev")
	ctx := context.Background()
	base, err := RunQuotes(ctx, dir, quotesEveryQuoted, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("baseline (every quoted span, no speaker): P %.3f R %.3f F1 %.3f", base.Precision, base.Recall, base.F1)
	s, err := RunQuotes(ctx, dir, quote.Extract, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("quote.Extract: %d articles, %d gold, %d predicted, %d matched: P %.3f R %.3f F1 %.3f; speaker %.3f (%d/%d)",
		s.Articles, s.Gold, s.Predicted, s.Matched, s.Precision, s.Recall, s.F1, s.SpeakerAccuracy, s.SpeakerCorrect, s.SpeakerGold)
	if s.Articles != 84 {
		t.Errorf("scored %d articles, want 84", s.Articles)
	}
	// floors slightly under the figures measured on dev
	if s.F1 < 0.89 {
		t.Errorf("exact F1 %.3f fell below 0.89", s.F1)
	}
	if s.SpeakerAccuracy < 0.85 {
		t.Errorf("speaker accuracy %.3f fell below 0.85", s.SpeakerAccuracy)
	}
	if s.F1 <= base.F1 {
		t.Errorf("exact F1 %.3f does not beat the baseline %.3f", s.F1, base.F1)
	}
}

// FuzzQuotesGold checks the brat span parser and the gold quote scanner:
// no panics, fragments ordered, segments inside the text and in order.
func FuzzQuotesGold(f *testing.F) {
	for _, s := range []string{"Content 315 448;463 553", "“A,” “B.”", "''x,'' y", "‘a’ b", "Source 1 0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if sp, ok := quotesParseSpan(s); ok {
			for _, fr := range sp.frags {
				if fr[0] > fr[1] {
					t.Fatalf("fragment %v reversed", fr)
				}
			}
		}
		r := []rune(s)
		segs, _ := quotesGoldSegments(r)
		prev := 0
		for _, sg := range segs {
			if sg[0] < prev || sg[0] > sg[1] || sg[1] > len(r) {
				t.Fatalf("segment %v out of order or bounds (len %d, prev %d)", sg, len(r), prev)
			}
			prev = sg[1]
		}
	})
}

package clean

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chorusnews/chorus"
)

// body is enough reporting for the position-dependent filters to act.
var body = []string{
	"The city council voted on Tuesday to approve a new budget for the coming year after months of debate.",
	"The plan raises spending on schools and roads while cutting the administrative budget by four percent.",
	"Opponents said the cuts would slow services, but the mayor called the budget a responsible compromise.",
	"A final vote on the related tax measure is expected next month, officials said in a statement.",
}

func cleanLines(t *testing.T, title string, lines ...string) (chorus.Article, Doc) {
	t.Helper()
	a := chorus.Article{ID: "t", Title: title, Text: strings.Join(lines, "\n\n")}
	d, err := New(nil).Doc(context.Background(), &a)
	if err != nil {
		t.Fatal(err)
	}
	return a, d
}

func removedBy(d Doc, text string) string {
	for _, r := range d.Removed {
		if r.Text == text {
			return r.Filter
		}
	}
	return ""
}

func TestFilters(t *testing.T) {
	tests := []struct {
		name   string
		line   string
		filter string // "" = kept
	}{
		{"clock timestamp", "Updated 10:02 GMT, 3 March 2024", "timestamp"},
		{"relative timestamp", "3 hours ago", "timestamp"},
		{"numbers are not timestamps", "The first 100 days", ""},
		{"byline", "By Maria Silva and John O'Neill, AP", "byline"},
		{"byline with role", "By Jane Doe, Europe correspondent", "byline"},
		{"sentence starting with By", "By Friday, the talks had collapsed and both sides went home.", ""},
		{"wire credit", "(AFP)", "credit"},
		{"contributed credit", "The Associated Press contributed to this report.", "credit"},
		{"reporting credit names the authors", "Reporting by Tom Smith; Editing by Ann Lee", "byline"},
		{"additional reporting credit", "Additional reporting by Tom Smith in Paris", "credit"},
		{"caption credit", "Firefighters work at the scene on Monday. Photo: Reuters / John Doe", "caption"},
		{"caption getty", "Protesters gather outside parliament. (Photo by Jane Roe/Getty Images)", "caption"},
		{"abbreviation in parens is not a credit", "The plan relies on the electronic patient record (ePA)", ""},
		{"newsletter", "Sign up for our morning briefing newsletter", "promo"},
		{"app promo", "Download the app for breaking news alerts", "promo"},
		{"label", "Advertisement", "promo"},
		{"read more link", "Read more: Council approves budget after long debate", "promo"},
		{"copyright", "© 2025 Example Media. All rights reserved.", "promo"},
		{"bare url", "https://example.com/news/2025/03/story.html", "promo"},
		{"quoted imperative is reporting", "\"Get out of here,\" the mayor told the protesters at the meeting.", ""},
		{"mojibake is not a copyright sign", "It's a gun advocate clicha\u0303\u00a9 that an armed society is a polite society.", ""},
		{"reporting mentioning an app", "The company said its new app had been downloaded a million times since launch.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := append([]string{body[0], tt.line}, body[1:]...)
			_, d := cleanLines(t, "", lines...)
			if got := removedBy(d, tt.line); got != tt.filter {
				t.Errorf("%q removed by %q, want %q (removed: %v)", tt.line, got, tt.filter, d.Removed)
			}
			for _, b := range body {
				if removedBy(d, b) != "" {
					t.Errorf("body line removed: %q", b)
				}
			}
		})
	}
}

func TestTeaserTail(t *testing.T) {
	t.Run("glued teasers are cut", func(t *testing.T) {
		long := append(slices.Clone(body), body[0]+" More.", body[1]+" More.", body[2]+" More.")
		lines := append(slices.Clone(long),
			"Jane RoeSports editorCity wins the derby in a late thrillerFans celebrated into the night as",
			"Storm warning issued for the coast as winds are expected to reach",
			"A complete sentence after the teasers is still part of the tail.")
		_, d := cleanLines(t, "", lines...)
		if got := d.Text(); got != strings.Join(long, "\n\n") {
			t.Errorf("clean text:\n%s", got)
		}
	})
	t.Run("camel-case brands are not glue", func(t *testing.T) {
		lines := append(slices.Clone(body),
			"The PlayStation and the MacBook were both discounted by the retailer during the PlayStation sale and MacBook week",
			"Buyers queued at the doors early.")
		_, d := cleanLines(t, "", lines...)
		if len(d.Removed) != 0 {
			t.Errorf("removed %v", d.Removed)
		}
	})
	t.Run("mojibake and source tags are not glue", func(t *testing.T) {
		lines := append(slices.Clone(body),
			"At that moment, the French ambassador FranÃ§ois Delattre whispered within the earshot of several reporters who",
			"-An analyst compares prediction markets with the FiveThirtyEight forecasts of the week. [PredictWise]",
			"Buyers queued at the doors early.")
		_, d := cleanLines(t, "", lines...)
		if len(d.Removed) != 0 {
			t.Errorf("removed %v", d.Removed)
		}
	})
	t.Run("a tail larger than a third is not a tail", func(t *testing.T) {
		lines := []string{body[0], body[1], body[2],
			"Jane RoeSports editorCity wins the derby in a late thrillerFans celebrated", body[3], body[0] + " Again.", body[1] + " Again."}
		_, d := cleanLines(t, "", lines...)
		if len(d.Removed) != 0 {
			t.Errorf("removed %v", d.Removed)
		}
	})
}

func TestHeadingsAndTitle(t *testing.T) {
	lines := []string{"Council approves budget", body[0], "What happens next", body[1], body[2]}
	_, d := cleanLines(t, "Council approves budget", lines...)
	if removedBy(d, "Council approves budget") != "title" {
		t.Errorf("headline repeated in the body not removed: %v", d.Removed)
	}
	if i := slices.IndexFunc(d.Blocks, func(b Block) bool { return b.Text == "What happens next" }); i < 0 || d.Blocks[i].Kind != Heading {
		t.Errorf("subheading not a heading: %+v", d.Blocks)
	}
	if !strings.Contains(d.Text(), "\n\nWhat happens next\n\n") {
		t.Errorf("heading not on its own paragraph in the clean text:\n%s", d.Text())
	}
}

func TestPublishedFromTimestamp(t *testing.T) {
	a := chorus.Article{ID: "t", Text: "Published: March 3, 2024 10:02\n\n" + strings.Join(body, "\n\n")}
	if err := New(nil).Clean(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 3, 3, 10, 2, 0, 0, time.UTC); !a.Published.Equal(want) {
		t.Errorf("published %v, want %v", a.Published, want)
	}
	// A known time is kept.
	known := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	a.Published = known
	if err := New(nil).Clean(context.Background(), &a); err != nil {
		t.Fatal(err)
	}
	if !a.Published.Equal(known) {
		t.Errorf("published overwritten: %v", a.Published)
	}
}

func TestWireDateline(t *testing.T) {
	_, d := cleanLines(t, "", "BRUSSELS (Reuters) - "+body[0], body[1], body[2])
	if !slices.Equal(d.Wires, []string{"Reuters"}) || len(d.Removed) != 0 {
		t.Errorf("wires %v removed %v", d.Wires, d.Removed)
	}
}

func TestOutletMemory(t *testing.T) {
	ctx := context.Background()
	mem := NewMemory()
	c := New(mem)
	footer := "Our journalism depends on readers like you"
	for i := range 5 {
		a := chorus.Article{ID: string(rune('a' + i)), Outlet: "example.com",
			Text: body[i%len(body)] + "\n\n" + footer}
		if err := c.Clean(ctx, &a); err != nil {
			t.Fatal(err)
		}
		dropped := strings.Contains(a.CleanText, footer) == false
		if want := i+1 >= outletMinRepeats; dropped != want {
			t.Errorf("article %d: footer dropped=%v, want %v (%v)", i, dropped, want, a.Removed)
		}
	}
	// Another outlet has not learnt it.
	a := chorus.Article{ID: "z", Outlet: "other.org", Text: body[0] + "\n\n" + footer}
	if err := c.Clean(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.CleanText, footer) {
		t.Error("footer dropped for an outlet that never repeated it")
	}
}

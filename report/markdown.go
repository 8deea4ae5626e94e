package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// mdEscaper backslash-escapes the characters that would make article text
// into Markdown or HTML markup (CommonMark allows a backslash before any
// ASCII punctuation).
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `#`, `\#`, `|`, `\|`, `~`, `\~`, `&`, `\&`, `!`, `\!`,
)

// md makes hostile text safe, one-line Markdown.
func md(s string) string { return mdEscaper.Replace(sanitize(s)) }

// Markdown writes the report as Markdown: per story a short synthesis,
// then claims, quotes, conflicts, exclusive details, entities and sources.
// All article text is escaped.
func Markdown(w io.Writer, r Report, opts Options) error {
	opts = opts.withDefaults()
	b := bufio.NewWriter(w)
	if len(r.Stories) == 0 {
		b.WriteString("No story to report.\n")
	}
	for i := range r.Stories {
		if i > 0 {
			b.WriteString("\n---\n\n")
		}
		mdStory(b, &r.Stories[i], opts)
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write markdown report: %w", err)
	}
	return nil
}

func mdStory(b *bufio.Writer, s *Story, opts Options) {
	v := newView(s)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	names := func(ids []string) string { return md(v.list(ids)) }
	title := md(s.Title)
	if title == "" {
		title = "Untitled story"
	}
	p("# %s\n\n", title)
	p("Story %s · %s · %s\n", md(s.ID), plural(len(s.Articles), "article"), plural(s.IndependentSources, "independent source"))

	p("\n## In short\n\n")
	claims, quotes, conflicts := v.s.TopClaims(opts.TopClaims), v.s.KeyQuotes(opts.TopQuotes), v.s.KeyConflicts(opts.TopConflicts)
	if len(claims)+len(quotes)+len(conflicts) == 0 {
		p("The sources share no statement, quote or disagreement.\n")
	}
	for _, c := range claims {
		p("- %s *(%s)*\n", md(c.Text), plural(c.IndependentSources, "independent source"))
	}
	for _, q := range quotes {
		p("- **%s:** “%s” *(%s)*\n", md(speaker(q)), md(quoted(q.Text)), plural(len(q.Support), "source"))
	}
	for _, c := range conflicts {
		p("- **Sources differ on %s:** %s\n", md(c.About), mdSides(v, c))
	}

	p("\n*Chorus shows what the sources say and where they differ; it does not judge which source is right.*\n")
	p("\n## Corroborated claims\n\n")
	if len(s.Claims) == 0 {
		p("No statement is made by more than one source.\n")
	}
	for i, c := range s.Claims {
		p("%d. %s  \n   *%s: %s*\n", i+1, md(c.Text), plural(c.IndependentSources, "independent source"), names(c.Support))
	}

	p("\n## Quotes\n")
	if len(s.Quotes) == 0 {
		p("\nNo direct quote found.\n")
	}
	for _, q := range s.Quotes {
		p("\n**%s:** “%s”  \n*%s, %d independent: %s*\n\n", md(speaker(q)), md(quoted(q.Text)), plural(len(q.Support), "source"),
			q.IndependentSources, names(q.Support))
		p("| Source | Kind | Wording | Changes from the canonical wording |\n|---|---|---|---|\n")
		exact, others := v.exactNames(q)
		if exact != "" {
			p("| %s | exact | as above | |\n", md(exact))
		}
		for _, va := range others {
			var cs []string
			for _, c := range changes(va.Diff) {
				cs = append(cs, md(c.String()))
			}
			p("| %s | %s | “%s” | %s |\n", md(v.name(va.Article)), md(va.Kind), md(quoted(va.Text)), strings.Join(cs, "; "))
		}
	}

	p("\n## Conflicts\n\n")
	if len(s.Conflicts) == 0 {
		p("No number or polarity conflict found.\n")
	}
	for _, c := range s.Conflicts {
		p("- **%s** (%s)\n", md(c.About), md(c.Kind))
		for _, sd := range c.Sides {
			p("  - “%s” — %s\n", md(sd.Text), names(sd.Articles))
			for _, ref := range sd.Sentences {
				p("    - *%s:* %s\n", md(v.name(ref.Article)), md(ref.Text))
			}
		}
	}

	p("\n## Only one source reports\n")
	if len(s.Exclusive) == 0 {
		p("\nNothing: every statement has another source.\n")
	}
	for _, x := range s.Exclusive {
		p("\n### %s\n\n", md(v.name(x.Article)))
		for _, ref := range x.Sentences {
			p("- %s\n", md(ref.Text))
		}
	}

	p("\n## Entities\n\n")
	if len(s.Entities) == 0 {
		p("No named entity found.\n")
	}
	for _, e := range s.Entities {
		p("- **%s** (%s, %s)", md(e.Name), md(e.Kind), plural(len(e.Articles), "source"))
		if len(e.Variants) > 1 || (len(e.Variants) == 1 && e.Variants[0].Text != e.Name) {
			var parts []string
			for _, ev := range e.Variants {
				parts = append(parts, fmt.Sprintf("%s *(%s)*", md(ev.Text), names(ev.Articles)))
			}
			p(": spelt %s", strings.Join(parts, "; "))
		}
		p("\n")
	}

	p("\n## Sources\n")
	for _, a := range s.Articles {
		p("\n### %s\n\n", md(v.name(a.ID)))
		p("- Article: %s", md(a.ID))
		if a.Title != "" {
			p(", *%s*", md(a.Title))
		}
		if a.URL != "" {
			p(", %s", md(a.URL))
		}
		p("\n")
		if !a.Independent {
			p("- Copy of %s\n", md(v.name(a.CopyOf)))
		}
		p("- Machine translation: **%s** (%.2f)\n", translationLabel(a.TranslationScore), a.TranslationScore)
		for _, r := range a.TranslationReasons {
			p("  - %s\n", md(r))
		}
		fid := "n/a"
		if a.QuoteFidelity != nil {
			fid = percent(*a.QuoteFidelity)
		}
		p("- Quote fidelity: **%s** — %s\n", fid, md(a.QuoteFidelityReason))
		p("- Boilerplate removed: %s\n", plural(len(a.Removed), "piece"))
		for _, r := range a.Removed {
			p("  - “%s” — %s\n", md(clip(sanitize(r.Text), 90)), md(r.Reason))
		}
	}
	if len(s.Warnings) > 0 {
		p("\n## Warnings\n\n")
		for _, w := range s.Warnings {
			p("- %s\n", md(w))
		}
	}
}

// mdSides writes a conflict's sides with the outlets carrying each.
func mdSides(v *view, c Conflict) string {
	parts := make([]string, len(c.Sides))
	for i, sd := range c.Sides {
		parts[i] = fmt.Sprintf("“%s” (%s)", md(sd.Text), md(v.list(sd.Articles)))
	}
	return strings.Join(parts, " vs ")
}

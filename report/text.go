package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// ANSI styles used when Options.Color is set.
const (
	styleNone   = ""
	styleBold   = "\x1b[1m"
	styleDim    = "\x1b[2m"
	styleHead   = "\x1b[1;36m"
	styleGood   = "\x1b[32m"
	styleWarn   = "\x1b[33m"
	styleBad    = "\x1b[31m"
	styleDel    = "\x1b[31m"
	styleIns    = "\x1b[32;4m"
	styleQuote  = "\x1b[3m"
	styleReset  = "\x1b[0m"
	bulletPoint = "•"
)

// seg is a run of text with one style.
type seg struct {
	text  string
	style string
}

// textWriter lays out paragraphs of styled segments, wrapped to a width.
type textWriter struct {
	w      *bufio.Writer
	width  int
	color  bool
	pieces []piece // reused by para
	units  []unit
}

// para writes segments as one wrapped paragraph: the first line starts
// with first, the others with rest (both plain). Words are broken only at
// spaces; a segment not starting with a space is glued to the word before
// it ("“" + "We", "word" + ",") and wraps with it.
func (t *textWriter) para(first, rest string, segs ...seg) {
	pieces, units := t.pieces[:0], t.units[:0]
	pending := true // a break is allowed before the next word
	for _, s := range segs {
		words := strings.Fields(sanitize(s.text))
		for i, w := range words {
			pieces = append(pieces, piece{w, s.style})
			if len(units) > 0 && i == 0 && !pending && !startsWithSpace(s.text) {
				u := &units[len(units)-1]
				u.to++
				u.width += width(w)
			} else {
				units = append(units, unit{from: len(pieces) - 1, to: len(pieces), width: width(w)})
			}
			pending = false
		}
		if len(words) > 0 || strings.TrimSpace(s.text) == "" {
			pending = pending || endsWithSpace(s.text)
		}
	}
	t.pieces, t.units = pieces, units
	w := t.w
	w.WriteString(first)
	col := width(first)
	start := col
	cur := styleNone // style in effect (colour only)
	setStyle := func(st string) {
		if !t.color || st == cur {
			return
		}
		if cur != styleNone {
			w.WriteString(styleReset)
		}
		w.WriteString(st)
		cur = st
	}
	for _, u := range units {
		if col > start {
			if col+1+u.width > t.width {
				setStyle(styleNone)
				w.WriteByte('\n')
				w.WriteString(rest)
				col = width(rest)
				start = col
			} else {
				if st := pieces[u.from].style; st != cur {
					setStyle(styleNone) // the space takes no style
				}
				w.WriteByte(' ')
				col++
			}
		}
		for _, p := range pieces[u.from:u.to] {
			setStyle(p.style)
			w.WriteString(p.text)
		}
		col += u.width
	}
	setStyle(styleNone)
	w.WriteByte('\n')
}

// piece is one word with its style; unit is a run of pieces glued
// together, which wraps as one.
type (
	piece struct{ text, style string }
	unit  struct{ from, to, width int }
)

// paint writes s in the style (plain without colour).
func (t *textWriter) paint(s, style string) {
	if !t.color || style == styleNone {
		t.w.WriteString(s)
		return
	}
	t.w.WriteString(style)
	t.w.WriteString(s)
	t.w.WriteString(styleReset)
}

func (t *textWriter) heading(s string) {
	t.w.WriteString("\n")
	t.paint(strings.ToUpper(s), styleHead)
	t.w.WriteString("\n")
}

func (t *textWriter) blank() { t.w.WriteString("\n") }

func startsWithSpace(s string) bool { return s != "" && (s[0] == ' ' || s[0] == '\n') }
func endsWithSpace(s string) bool   { return s != "" && (s[len(s)-1] == ' ' || s[len(s)-1] == '\n') }

// Text writes the report as a terminal layout: for each story a short
// synthesis, then claims, quotes, conflicts, exclusive details, entities
// and sources.
func Text(w io.Writer, r Report, opts Options) error {
	opts = opts.withDefaults()
	t := &textWriter{w: bufio.NewWriter(w), width: opts.Width, color: opts.Color}
	if len(r.Stories) == 0 {
		t.para("", "", seg{"No story to report.", styleNone})
	}
	for i := range r.Stories {
		if i > 0 {
			t.w.WriteString("\n" + strings.Repeat("═", min(opts.Width, 80)) + "\n")
		}
		textStory(t, &r.Stories[i], opts)
	}
	if err := t.w.Flush(); err != nil {
		return fmt.Errorf("write text report: %w", err)
	}
	return nil
}

func kindStyle(kind string) string {
	switch kind {
	case "exact":
		return styleGood
	case "partial":
		return styleWarn
	}
	return styleBad
}

func textStory(t *textWriter, s *Story, opts Options) {
	v := newView(s)
	title := sanitize(s.Title)
	if title == "" {
		title = "(untitled story)"
	}
	t.para("", "", seg{title, styleBold})
	t.para("", "", seg{fmt.Sprintf("story %s · %s · %s", sanitize(s.ID), plural(len(s.Articles), "article"),
		plural(s.IndependentSources, "independent source")), styleDim})

	// Synthesis.
	t.heading("In short")
	claims, quotes, conflicts := v.s.TopClaims(opts.TopClaims), v.s.KeyQuotes(opts.TopQuotes), v.s.KeyConflicts(opts.TopConflicts)
	if len(claims)+len(quotes)+len(conflicts) == 0 {
		t.para("  ", "  ", seg{"The sources share no statement, quote or disagreement.", styleNone})
	}
	for _, c := range claims {
		t.para("  "+bulletPoint+" ", "    ", seg{c.Text, styleNone},
			seg{" — " + plural(c.IndependentSources, "independent source"), styleDim})
	}
	for _, q := range quotes {
		t.para("  "+bulletPoint+" ", "    ", seg{speaker(q) + ": ", styleBold}, seg{"“" + quoted(q.Text) + "”", styleQuote},
			seg{" — " + plural(len(q.Support), "source"), styleDim})
	}
	for _, c := range conflicts {
		segs := []seg{{"Sources differ on " + sanitize(c.About) + ": ", styleWarn}}
		for i, sd := range c.Sides {
			if i > 0 {
				segs = append(segs, seg{" vs ", styleWarn})
			}
			segs = append(segs, seg{"“" + sanitize(sd.Text) + "”", styleBold}, seg{" (" + v.list(sd.Articles) + ")", styleNone})
		}
		t.para("  "+bulletPoint+" ", "    ", segs...)
	}

	t.para("  ", "  ", seg{"Chorus shows what the sources say and where they differ; it does not judge which source is right.", styleDim})

	// Claims.
	t.heading(fmt.Sprintf("Corroborated claims (%d)", len(s.Claims)))
	if len(s.Claims) == 0 {
		t.para("  ", "  ", seg{"No statement is made by more than one source.", styleNone})
	}
	for i, c := range s.Claims {
		num := fmt.Sprintf("%3d. ", i+1)
		t.para(num, "     ", seg{c.Text, styleNone})
		t.para("     ", "     ", seg{plural(c.IndependentSources, "independent source") + ": " + v.list(c.Support), styleDim})
	}

	// Quotes.
	t.heading(fmt.Sprintf("Quotes (%d)", len(s.Quotes)))
	for _, q := range s.Quotes {
		t.para("  ", "    ", seg{speaker(q) + ": ", styleBold}, seg{"“" + quoted(q.Text) + "”", styleQuote})
		t.para("    ", "    ", seg{fmt.Sprintf("%s, %d independent: %s", plural(len(q.Support), "source"), q.IndependentSources, v.list(q.Support)), styleDim})
		exact, others := v.exactNames(q)
		if exact != "" {
			t.para(fmt.Sprintf("    %-10s ", "exact"), "               ", seg{exact, styleGood})
		}
		for _, va := range others {
			t.para(fmt.Sprintf("    %-10s ", va.Kind), "               ", seg{v.name(va.Article) + ": ", kindStyle(va.Kind)},
				seg{"“" + quoted(va.Text) + "”", styleQuote})
			if cs := changes(va.Diff); len(cs) > 0 {
				t.para("               ", "                 ", changeSegs(cs)...)
			}
		}
	}

	// Conflicts.
	t.heading(fmt.Sprintf("Conflicts (%d)", len(s.Conflicts)))
	if len(s.Conflicts) == 0 {
		t.para("  ", "  ", seg{"No number or polarity conflict found.", styleNone})
	}
	for _, c := range s.Conflicts {
		t.para("  ", "    ", seg{sanitize(c.Kind) + " · " + sanitize(c.About), styleWarn})
		for _, sd := range c.Sides {
			t.para("    "+bulletPoint+" ", "      ", seg{"“" + sanitize(sd.Text) + "”", styleBold}, seg{" — " + v.list(sd.Articles), styleNone})
			for _, ref := range sd.Sentences {
				t.para("      ↳ ", "        ", seg{v.name(ref.Article) + ": ", styleDim}, seg{ref.Text, styleDim})
			}
		}
	}

	// Exclusive.
	t.heading("Only one source reports")
	if len(s.Exclusive) == 0 {
		t.para("  ", "  ", seg{"Nothing: every statement has another source.", styleNone})
	}
	for _, x := range s.Exclusive {
		t.para("  ", "  ", seg{v.name(x.Article), styleBold})
		for _, ref := range x.Sentences {
			t.para("    "+bulletPoint+" ", "      ", seg{ref.Text, styleNone})
		}
	}

	// Entities.
	t.heading(fmt.Sprintf("Entities (%d)", len(s.Entities)))
	for _, e := range s.Entities {
		segs := []seg{{sanitize(e.Name), styleBold}, {" (" + sanitize(e.Kind) + ", " + plural(len(e.Articles), "source") + ")", styleDim}}
		if len(e.Variants) > 1 || (len(e.Variants) == 1 && e.Variants[0].Text != e.Name) {
			segs = append(segs, seg{" — spelt ", styleNone})
			for i, ev := range e.Variants {
				sep := ""
				if i < len(e.Variants)-1 {
					sep = ";"
				}
				segs = append(segs, seg{" " + sanitize(ev.Text), styleNone}, seg{" (" + v.list(ev.Articles) + ")" + sep, styleDim})
			}
		}
		t.para("  ", "      ", segs...)
	}

	// Sources.
	t.heading("Sources")
	for _, a := range s.Articles {
		head := []seg{{v.name(a.ID), styleBold}, {" [" + sanitize(a.ID) + "]", styleDim}}
		if !a.Independent {
			head = append(head, seg{" copy of " + v.name(a.CopyOf), styleWarn})
		}
		t.para("  ", "    ", head...)
		if a.Title != "" {
			t.para("    ", "    ", seg{sanitize(a.Title), styleQuote})
		}
		st := styleGood
		if a.TranslationScore >= 0.3 {
			st = styleBad
		}
		t.para("    machine translation: ", "      ", seg{fmt.Sprintf("%s (%.2f)", translationLabel(a.TranslationScore), a.TranslationScore), st})
		for _, r := range a.TranslationReasons {
			t.para("      - ", "        ", seg{r, styleNone})
		}
		fid := "n/a"
		if a.QuoteFidelity != nil {
			fid = percent(*a.QuoteFidelity)
		}
		t.para("    quote fidelity: ", "      ", seg{fid, styleBold}, seg{" — " + a.QuoteFidelityReason, styleNone})
		t.para("    boilerplate removed: ", "      ", seg{plural(len(a.Removed), "piece"), styleNone})
		for _, r := range a.Removed {
			t.para("      - ", "        ", seg{"“" + clip(sanitize(r.Text), 70) + "”", styleDim}, seg{" (" + sanitize(r.Reason) + ")", styleNone})
		}
	}
	if len(s.Warnings) > 0 {
		t.heading("Warnings")
		for _, w := range s.Warnings {
			t.para("  ! ", "    ", seg{w, styleWarn})
		}
	}
}

// changeSegs words a variant's changes: "old" → "new"; omits "x"; adds "y",
// the old words in red and the new in green when colour is on.
func changeSegs(cs []change) []seg {
	segs := []seg{{"changes: ", styleDim}}
	for i, c := range cs {
		if i > 0 {
			segs = append(segs, seg{"; ", styleNone})
		}
		switch {
		case c.Old == "":
			segs = append(segs, seg{" adds ", styleNone}, seg{"“" + clip(c.New, 60) + "”", styleIns})
		case c.New == "":
			segs = append(segs, seg{" omits ", styleNone}, seg{"“" + clip(c.Old, 60) + "”", styleDel})
		default:
			segs = append(segs, seg{" “" + clip(c.Old, 60) + "”", styleDel}, seg{" → ", styleNone}, seg{"“" + clip(c.New, 60) + "”", styleIns})
		}
	}
	return segs
}

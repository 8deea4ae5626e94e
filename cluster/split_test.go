package cluster

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/chorusnews/chorus"
)

// twoEvents builds a group of articles about two events of one kind:
// every article draws from the shared vocabulary of the kind and the
// names both events share; the articles of each event also draw from
// their own names and words. year, when set, is each event's year,
// mentioned by the first yearMentions articles of each event. mix is the
// chance that an event-specific word or name comes from the other event.
func twoEvents(seed uint64, na, nb int, year [2]string, yearMentions int, mix float64) []chorus.Article {
	rng := rand.New(rand.NewPCG(seed, seed))
	shared := strings.Fields("club coach season team players contract games league fans record owner general manager announced statement decision weeks deal")
	names := []string{"Harlow Pemberton", "Westfield Rovers", "Danvers"}
	own := [2][]string{
		strings.Fields("dismissed losing streak interim replacement struggles defeat slump"),
		strings.Fields("hired introduced welcome return rebuilding optimism signing"),
	}
	ownNames := [2][]string{{"Corbin Ashby", "Lyle Fenwick"}, {"Marta Quill", "Oren Tolliver"}}
	var arts []chorus.Article
	for e, n := range []int{na, nb} {
		for k := range n {
			var b strings.Builder
			for s := range 6 {
				b.WriteString(names[rng.IntN(len(names))])
				for range 6 {
					b.WriteString(" " + shared[rng.IntN(len(shared))])
				}
				pick := func() int {
					if rng.Float64() < mix {
						return 1 - e
					}
					return e
				}
				word := func() string {
					w := own[pick()]
					return w[rng.IntN(len(w))]
				}
				b.WriteString(" " + word())
				if s%2 == 0 {
					b.WriteString(" " + word())
				}
				if s < 2 {
					b.WriteString(", " + ownNames[pick()][rng.IntN(2)] + " said")
				}
				if s == 0 && year[e] != "" && k < yearMentions {
					b.WriteString(" in " + year[e])
				}
				b.WriteString(".\n")
			}
			arts = append(arts, chorus.Article{ID: fmt.Sprintf("e%d-%02d", e, k), Text: b.String()})
		}
	}
	return arts
}

// groupOf indexes articles and returns them as one group, in id order,
// with each member's event (the letter after "e" in its id).
func groupOf(t *testing.T, arts []chorus.Article) (*Clusterer, []int32, []byte) {
	t.Helper()
	c := clusterAll(t, DefaultOptions(), arts)
	c.x.refreshNorms()
	var g []int32
	for _, a := range arts {
		i, _ := c.x.lookup(a.ID)
		g = append(g, i)
	}
	slices.Sort(g)
	ev := make([]byte, len(g))
	for k, i := range g {
		ev[k] = c.x.idOf(c.x.docs[i])[1]
	}
	return c, g, ev
}

// byEvent returns the positions of the first event's members and of the
// second's: the true cut.
func byEvent(ev []byte) (a, b []int) {
	for k, e := range ev {
		if e == '0' {
			a = append(a, k)
		} else {
			b = append(b, k)
		}
	}
	return a, b
}

// pure reports whether halves a and b each hold the articles of one
// event only, and of different events.
func pure(ev []byte, a, b []int) bool {
	side := func(ix []int) byte {
		for _, i := range ix[1:] {
			if ev[i] != ev[ix[0]] {
				return 0
			}
		}
		return ev[ix[0]]
	}
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	sa, sb := side(a), side(b)
	return sa != 0 && sb != 0 && sa != sb
}

func TestPrincipalCut(t *testing.T) {
	for _, tc := range []struct {
		name   string
		na, nb int
		// exact: each side holds one event; otherwise (the sign of the
		// component splits at the centroid, which lies nearer the large
		// event) only the small event must stay whole, as most of its side
		exact bool
	}{
		{"balanced", 8, 8, true},
		{"small", 3, 3, true},
		{"unbalanced", 4, 12, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, g, ev := groupOf(t, twoEvents(1, tc.na, tc.nb, [2]string{}, 0, 0.1))
			a, b := c.principalCut(g)
			if tc.exact {
				if !pure(ev, a, b) {
					t.Errorf("principal cut mixes the events: %v / %v of %s", a, b, ev)
				}
				return
			}
			for _, side := range [][]int{a, b} {
				small := 0
				for _, i := range side {
					if ev[i] == '0' {
						small++
					}
				}
				if small > 0 && (small != tc.na || 2*small <= len(side)) {
					t.Errorf("principal cut divides the small event or buries it: %v / %v of %s", a, b, ev)
				}
			}
		})
	}
}

// TestPrincipalCutOneEvent: the cut of one event's articles is arbitrary,
// but it must be a cut (two non-empty sides) and the same on every run.
func TestPrincipalCutOneEvent(t *testing.T) {
	arts := twoEvents(2, 10, 0, [2]string{}, 0, 0)
	c, g, _ := groupOf(t, arts)
	a, b := c.principalCut(g)
	if len(a)+len(b) != len(g) {
		t.Fatalf("cut loses members: %d + %d of %d", len(a), len(b), len(g))
	}
	c2, g2, _ := groupOf(t, arts)
	a2, b2 := c2.principalCut(g2)
	if !slices.Equal(a, a2) || !slices.Equal(b, b2) {
		t.Errorf("cut differs between runs: %v/%v, then %v/%v", a, b, a2, b2)
	}
}

func TestYearChance(t *testing.T) {
	for _, tc := range []struct {
		name     string
		na, nb   int
		year     [2]string
		mentions int
		want     float64
	}{
		// 5 of 5 mention 2013, none of the other 11: C(5,5)/C(16,5)
		{"exclusive", 5, 11, [2]string{"2013", ""}, 5, 1.0 / 4368},
		// 3 of 6 mention it (half of the half): C(6,3)/C(16,3)
		{"half", 6, 10, [2]string{"2013", ""}, 3, 20.0 / 560},
		// fewer than half of the half: no evidence
		{"few", 6, 10, [2]string{"2013", ""}, 2, 1},
		// both halves mention the same year: no evidence
		{"shared", 6, 10, [2]string{"2013", "2013"}, 6, 1},
		// no year at all
		{"none", 6, 10, [2]string{}, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, g, ev := groupOf(t, twoEvents(3, tc.na, tc.nb, tc.year, tc.mentions, 0))
			a, b := byEvent(ev)
			got := c.yearChance(c.termsOfGroup(g), a, b)
			if d := got - tc.want; d > 1e-12 || d < -1e-12 {
				t.Errorf("yearChance = %g, want %g", got, tc.want)
			}
		})
	}
}

// TestStrongYearSplits: two events told with the same names and words,
// apart only in their own words and in the year most articles of one of
// them give, are cut apart; without the year they stay one story under
// the text-only ratio.

func TestStrongYearSplits(t *testing.T) {
	for _, tc := range []struct {
		name      string
		year      [2]string
		mentions  int
		wantApart bool
	}{
		{"year", [2]string{"2013", ""}, 8, true},
		{"no year", [2]string{}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, g, ev := groupOf(t, twoEvents(4, 9, 9, tc.year, tc.mentions, 0.1))
			sim := c.localSimilarities(g)
			a, b := byEvent(ev)
			wa, wb, between := meanSim(sim, a, a), meanSim(sim, b, b), meanSim(sim, a, b)
			ratio := between / ((wa + wb) / 2)
			o := c.opts
			if ratio < o.SplitRatio || ratio >= o.StrongYearRatio {
				t.Skipf("generated halves have ratio %.3f, outside [%.2f, %.2f): the case does not test the strong-year rule", ratio, o.SplitRatio, o.StrongYearRatio)
			}
			if got := c.apart(c.termsOfGroup(g), sim, a, b, false); got != tc.wantApart {
				t.Errorf("apart = %v, want %v (ratio %.3f, year chance %.2g, core overlap %.2f)", got, tc.wantApart, ratio, c.yearChance(c.termsOfGroup(g), a, b), c.coreOverlap(c.termsOfGroup(g), a, b))
			}
		})
	}
}

// BenchmarkRefine measures refine on the ECB+ dev stories as average
// linkage leaves them (before refinement), with and without the second,
// principal, cut that StrongYearRatio enables.
func BenchmarkRefine(b *testing.B) {
	arts := loadECB(b)
	o := DefaultOptions()
	o.SplitRatio = 0
	c := clusterAll(b, o, arts)
	c.x.refreshNorms()
	var groups [][]int32
	for _, st := range c.stories {
		if len(st.members) >= 4 {
			groups = append(groups, slices.Clone(st.members))
		}
	}
	for _, syr := range []float64{0, DefaultOptions().StrongYearRatio} {
		b.Run(fmt.Sprintf("StrongYearRatio=%g", syr), func(b *testing.B) {
			c.opts = DefaultOptions()
			c.opts.StrongYearRatio = syr
			for b.Loop() {
				for _, g := range groups {
					_ = c.refine(g)
				}
			}
		})
	}
}

// TestEntityChance: two events told in the same words, each with its own
// people, give each half names the other never mentions, too many for
// chance; when the people are mixed between the events there is no
// such evidence.
func TestEntityChance(t *testing.T) {
	for _, tc := range []struct {
		name     string
		mix      float64
		evidence bool
	}{
		{"own people", 0, true},
		{"people mixed", 0.5, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, g, ev := groupOf(t, twoEvents(5, 10, 10, [2]string{}, 0, tc.mix))
			a, b := byEvent(ev)
			got := c.entityChance(c.termsOfGroup(g), a, b)
			t.Logf("entityChance %g", got)
			if (got < entityAlpha) != tc.evidence {
				t.Errorf("entityChance = %g, want evidence %v (alpha %g)", got, tc.evidence, entityAlpha)
			}
			if sym := c.entityChance(c.termsOfGroup(g), b, a); sym != got {
				t.Errorf("entityChance not symmetric: %g and %g", got, sym)
			}
		})
	}
}

// twoArrests builds two events of one kind whose reports all name both
// players: each report is about its own player, named again and again,
// and recalls the other player's arrest once.
func twoArrests(seed uint64, n int) []chorus.Article {
	rng := rand.New(rand.NewPCG(seed, seed))
	players := [2][2]string{{"Vance Holloway", "Holloway"}, {"Tobin Marsh", "Marsh"}}
	shared := strings.Fields("arrested suspicion driving influence highway patrol team lineman receiver release statement charges freeway")
	var arts []chorus.Article
	for e := range 2 {
		for k := range n {
			var b strings.Builder
			b.WriteString(players[e][0] + " was arrested early on suspicion of drunk driving.\n")
			for range 4 + rng.IntN(3) {
				b.WriteString("Police said " + players[e][1])
				for range 6 {
					b.WriteString(" " + shared[rng.IntN(len(shared))])
				}
				b.WriteString(".\n")
			}
			b.WriteString("Last month his teammate " + players[1-e][0] + " was arrested on the same charge.\n")
			arts = append(arts, chorus.Article{ID: fmt.Sprintf("e%d-%02d", e, k), Text: b.String()})
		}
	}
	return arts
}

func TestSalientNames(t *testing.T) {
	c, g, ev := groupOf(t, twoArrests(3, 8))
	a, b := byEvent(ev)
	gt := c.termsOfGroup(g)
	entity := func(x uint32) bool { return c.x.kinds[x] == kindEntity }
	mention := c.nameChance(gt.count(a, entity), gt.count(b, entity), len(a), len(b))
	c.markSalient(g, &gt)
	about := c.entityChance(gt, a, b)
	t.Logf("chance of the names mentioned %g, of the names the reports are about %g", mention, about)
	if mention < entityAlpha {
		t.Errorf("every report names both players, yet mentions alone give evidence (%g)", mention)
	}
	if about >= entityAlpha {
		t.Errorf("each report is about its own player, yet no evidence (%g, alpha %g)", about, entityAlpha)
	}
}

func TestLatestYear(t *testing.T) {
	// one event; half its reports recall the building's history
	rng := rand.New(rand.NewPCG(9, 9))
	words := strings.Fields("fire destroyed historic dairy building warehouse firefighters blaze overnight arson investigators town")
	var arts []chorus.Article
	for k := range 12 {
		var b strings.Builder
		b.WriteString("A fire destroyed the old Meadowbrook dairy building in 2012.\n")
		for range 5 {
			for range 8 {
				b.WriteString(words[rng.IntN(len(words))] + " ")
			}
			b.WriteString(".\n")
		}
		if k%2 == 0 {
			b.WriteString("The dairy was built in 1935 and closed in 1983.\n")
		}
		arts = append(arts, chorus.Article{ID: fmt.Sprintf("d%02d", k), Text: b.String()})
	}
	c, g, _ := groupOf(t, arts)
	var a, b []int
	for k := range g {
		if k%2 == 0 {
			a = append(a, k)
		} else {
			b = append(b, k)
		}
	}
	gt := c.termsOfGroup(g)
	mention := c.yearChance(gt, a, b)
	c.markLatest(&gt)
	latest := c.yearChance(gt, a, b)
	t.Logf("year chance by mentions %g, by latest year %g", mention, latest)
	if mention >= yearAlpha {
		t.Fatalf("test group too weak: background years give no evidence by mention (%g)", mention)
	}
	if latest < 1 {
		t.Errorf("every report is dated 2012, yet the latest years give evidence (%g)", latest)
	}
}

func TestSentenceInitialNames(t *testing.T) {
	f := newExtractor().features("", "Vincent Jackson was arrested. Jackson failed tests. Police said so.", "en", 1)
	got := map[string]float32{}
	for _, tc := range f {
		got[tc.term] = tc.count
	}
	if got["ejackson"] != 2 {
		t.Errorf("name ejackson counted %v times, want 2 (once after its first name, once opening a sentence)", got["ejackson"])
	}
	if _, ok := got["epolice"]; ok {
		t.Errorf("a capitalised word opening a sentence and named nowhere else counted as a name")
	}
}

// TestBetterCut: of two cuts of one group, the true one and one that
// moves a single article to the wrong side, the true one is better
// supported when a year or names tell the events apart; evidence chance
// can explain (a year in half of one event's reports) does not count.
func TestBetterCut(t *testing.T) {
	for _, tc := range []struct {
		name     string
		year     [2]string
		mentions int
		mix      float64
		evidence bool // cutEvidence of the true cut under 1
	}{
		{"year", [2]string{"", "2013"}, 9, 0.5, true},
		{"names", [2]string{}, 0, 0, true},
		{"weak year", [2]string{"", "2013"}, 3, 0.5, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, g, ev := groupOf(t, twoEvents(6, 9, 9, tc.year, tc.mentions, tc.mix))
			gt := c.termsOfGroup(g)
			c.markSalient(g, &gt)
			c.markLatest(&gt)
			sim := c.localSimilaritiesOf(g, gt)
			a, b := byEvent(ev)
			e := c.cutEvidence(gt, a, b)
			if (e < 1) != tc.evidence {
				t.Fatalf("cutEvidence of the true cut = %g, want evidence %v", e, tc.evidence)
			}
			if sym := c.cutEvidence(gt, b, a); sym != e {
				t.Errorf("cutEvidence not symmetric: %g and %g", e, sym)
			}
			// move the first article of the first event to the other side
			a2, b2 := a[1:], append([]int{a[0]}, b...)
			better, worse := c.betterCut(gt, sim, a, b, a2, b2), c.betterCut(gt, sim, a2, b2, a, b)
			if better && worse {
				t.Fatalf("each cut better than the other")
			}
			if tc.evidence && !better {
				t.Errorf("true cut (evidence %g) not better than a cut with a member moved (evidence %g)", e, c.cutEvidence(gt, a2, b2))
			}
		})
	}
}

package cluster

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chorusnews/chorus"
)

// FuzzJaccard checks that estimates stay in [0, 1], are symmetric, and
// that a text is a full copy of itself.
func FuzzJaccard(f *testing.F) {
	f.Add("The quick brown fox jumps over the lazy dog.", "The quick brown fox jumped over a lazy dog!")
	f.Add("", "word")
	f.Add("Ünïcode wörds ÀND CASE", "ünïcode WÖRDS and case")
	f.Add("one two", "one two three four five six")
	f.Fuzz(func(t *testing.T, a, b string) {
		sa, sb := Fingerprint(a), Fingerprint(b)
		j1, j2 := Jaccard(&sa, &sb), Jaccard(&sb, &sa)
		if j1 < 0 || j1 > 1 {
			t.Fatalf("Jaccard %v out of [0,1]", j1)
		}
		if j1 != j2 {
			t.Fatalf("Jaccard not symmetric: %v vs %v", j1, j2)
		}
		if !sa.Empty && Jaccard(&sa, &sa) != 1 {
			t.Fatalf("self-similarity %v", Jaccard(&sa, &sa))
		}
		if strings.ToUpper(a) == a && utf8.ValidString(a) {
			// case does not matter
			sl := Fingerprint(strings.ToLower(a))
			if strings.ToLower(strings.ToUpper(a)) == strings.ToLower(a) && !sa.Empty && Jaccard(&sa, &sl) != 1 {
				t.Fatalf("case changed the signature of %q", a)
			}
		}
	})
}

// FuzzFeatures checks that any text gives well-formed features, the
// same as the reference extractor's (see refExtractor).
func FuzzFeatures(f *testing.F) {
	f.Add("Tara Reid checked into Promises on Tuesday, her rep said. She is 33.", "en")
	f.Add("Le président Macron a annoncé 3 000 emplois.", "fr")
	f.Add("", "")
	f.Add("U.S. 1,000 co-operate O'Neil’s", "xx")
	f.Fuzz(func(t *testing.T, text, lang string) {
		x := newExtractor()
		first := x.features(text, text, lang, 2)
		for _, tc := range first {
			if len(tc.term) < 2 || !strings.ContainsRune("sen", rune(tc.term[0])) {
				t.Fatalf("bad term %q", tc.term)
			}
			if tc.count <= 0 {
				t.Fatalf("term %q has count %v", tc.term, tc.count)
			}
		}
		// the optimised extractor gives what the plain one does
		if want := newRefExtractor().features(text, text, lang, 2); !slices.Equal(first, want) {
			t.Fatalf("features %v, reference extractor %v", first, want)
		}
		// the words cached by the first call change nothing
		if again := x.features(text, text, lang, 2); !slices.Equal(again, first) {
			t.Fatalf("features changed with a warm cache: %v, then %v", first, again)
		}
		if got, want := indexApostrophe(text), strings.IndexAny(text, "'’"); got != want {
			t.Fatalf("indexApostrophe = %d, strings.IndexAny = %d", got, want)
		}
	})
}

// partition maps each article to the set of articles in its story, as a
// canonical string.
func partition(c *Clusterer, ids []string) map[string]string {
	byStory := map[string][]string{}
	for _, id := range ids {
		s := c.StoryOf(id)
		byStory[s] = append(byStory[s], id)
	}
	out := map[string]string{}
	for _, members := range byStory {
		key := strings.Join(sorted(members), ",")
		for _, id := range members {
			out[id] = key
		}
	}
	return out
}

func sorted(s []string) []string {
	s = append([]string(nil), s...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

func ids(arts []chorus.Article) []string {
	out := make([]string, len(arts))
	for i, a := range arts {
		out[i] = a.ID
	}
	return out
}

// TestOrderIndependence: one batch in two different orders gives the same
// stories; adding the articles in chunks in two different orders gives
// stories that agree almost everywhere (weights drift as the collection
// grows, so chunked results may differ slightly).
func TestOrderIndependence(t *testing.T) {
	for _, tc := range []struct {
		name string
		arts func(testing.TB) []chorus.Article
	}{{"seeds", loadSeeds}, {"ecb+ dev", loadECB}} {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && tc.name != "seeds" {
				t.Skip("slow: clusters ECB+ dev three times")
			}
			arts := tc.arts(t)
			rng := rand.New(rand.NewPCG(1, 2))
			shuffled := append([]chorus.Article(nil), arts...)
			rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			a, b := New(DefaultOptions()), New(DefaultOptions())
			if _, err := a.Add(context.Background(), arts); err != nil {
				t.Fatal(err)
			}
			if _, err := b.Add(context.Background(), shuffled); err != nil {
				t.Fatal(err)
			}
			pa, pb := partition(a, ids(arts)), partition(b, ids(arts))
			for id := range pa {
				if pa[id] != pb[id] {
					t.Fatalf("article %s: story %s in one order, %s in the other", id, pa[id], pb[id])
				}
			}
			// incremental: chunks in shuffled order vs the batch
			inc := New(DefaultOptions())
			for lo := 0; lo < len(shuffled); lo += max(1, len(shuffled)/10) {
				if _, err := inc.Add(context.Background(), shuffled[lo:min(len(shuffled), lo+max(1, len(shuffled)/10))]); err != nil {
					t.Fatal(err)
				}
			}
			pi := partition(inc, ids(arts))
			p, r, f := bcubed(pa, pi)
			t.Logf("incremental (10 chunks, shuffled) vs batch: BCubed P %.4f R %.4f F1 %.4f", p, r, f)
			if f < 0.9 {
				t.Errorf("incremental clustering disagrees with batch: F1 %.4f", f)
			}
		})
	}
}

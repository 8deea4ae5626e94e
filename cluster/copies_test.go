package cluster

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"github.com/chorusnews/chorus"
)

// exactJaccard computes the true Jaccard similarity of the word-shingle
// sets of two texts, independently of the MinHash code.
func exactJaccard(a, b string) float64 {
	sa, sb := shingleSet(a), shingleSet(b)
	if len(sa) == 0 || len(sb) == 0 {
		return 0
	}
	inter := 0
	for s := range sa {
		if sb[s] {
			inter++
		}
	}
	return float64(inter) / float64(len(sa)+len(sb)-inter)
}

func shingleSet(text string) map[string]bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) })
	out := map[string]bool{}
	if len(words) > 0 && len(words) < ShingleWords {
		out[strings.Join(words, " ")] = true
	}
	for i := 0; i+ShingleWords <= len(words); i++ {
		out[strings.Join(words[i:i+ShingleWords], " ")] = true
	}
	return out
}

var boilerplates = [][]string{
	{"Subscribe to our newsletter for the latest updates.", "Share this article on social media", "Advertisement"},
	{"Sign up for breaking news alerts", "Read more: related coverage", "© 2025 All rights reserved. Terms of use | Privacy policy"},
	{"Follow us on Twitter and Facebook", "Comments are closed.", "Cookie settings"},
}

// makeCopy turns a real article into a near-copy: other boilerplate,
// paragraphs re-ordered, a few words edited and the end cut off.
func makeCopy(rng *rand.Rand, text string) string {
	paras := strings.Split(text, "\n")
	if rng.IntN(2) == 0 && len(paras) > 2 {
		i, j := rng.IntN(len(paras)), rng.IntN(len(paras))
		paras[i], paras[j] = paras[j], paras[i]
	}
	body := strings.Join(paras, "\n")
	words := strings.Fields(body)
	for range rng.IntN(4) {
		words[rng.IntN(len(words))] = []string{"however", "reportedly", "officials", "said"}[rng.IntN(4)]
	}
	if rng.IntN(2) == 0 {
		words = words[:len(words)-len(words)*rng.IntN(12)/100]
	}
	bp := boilerplates[rng.IntN(len(boilerplates))]
	return bp[0] + "\n" + strings.Join(words, " ") + "\n" + strings.Join(bp[1:], "\n")
}

// TestNearCopies: copies of real ECB+ articles with Jaccard >= 0.8 are
// found (>= 99%) and no two distinct ECB+ articles are marked as copies.
func TestNearCopies(t *testing.T) {
	arts := loadECB(t)
	rng := rand.New(rand.NewPCG(4, 2))
	var all []chorus.Article
	type pair struct{ orig, cp string }
	var pairs []pair
	for _, a := range arts {
		all = append(all, a)
		if len(strings.Fields(a.Text)) < 60 {
			continue
		}
		for k := range 2 {
			cp := chorus.Article{ID: fmt.Sprintf("%s~copy%d", a.ID, k), Text: makeCopy(rng, a.Text)}
			if exactJaccard(a.Text, cp.Text) >= 0.8 {
				pairs = append(pairs, pair{a.ID, cp.ID})
			}
			all = append(all, cp)
		}
	}
	c := New(DefaultOptions())
	res, err := c.Add(context.Background(), all)
	if err != nil {
		t.Fatal(err)
	}
	group := map[string]string{}
	for _, s := range res.Stories {
		for _, m := range s.Members {
			group[m.ArticleID] = m.CopyGroup
		}
	}
	found := 0
	for _, p := range pairs {
		if group[p.orig] == group[p.cp] {
			found++
		} else {
			t.Logf("missed copy %s (estimated J %.3f, exact %.3f)", p.cp, c.jaccardOf(p.orig, p.cp), exactJaccard(c.textOf(arts, p.orig), c.textOf(all, p.cp)))
		}
	}
	rate := float64(found) / float64(len(pairs))
	t.Logf("near-copies at Jaccard >= 0.8 found: %d of %d (%.2f%%)", found, len(pairs), 100*rate)
	if len(pairs) < 200 || rate < 0.99 {
		t.Errorf("found %d of %d copies (%.2f%%), want >= 99%%", found, len(pairs), 100*rate)
	}
	// distinct ECB+ articles: a copy link between two of them must be a
	// real reprint. ECB+ does hold a few (the same wire text on two sites,
	// exact Jaccard 0.9 and more); any link below 0.6 is a false copy.
	text := map[string]string{}
	for _, a := range arts {
		text[a.ID] = a.Text
	}
	reprints := 0
	for _, a := range arts {
		i, _ := c.x.lookup(a.ID)
		for _, j := range c.x.copiesOf(i) {
			b := c.x.idOf(c.x.docs[j])
			if _, ok := text[b]; !ok || b < a.ID {
				continue
			}
			j := exactJaccard(a.Text, text[b])
			if j < 0.6 {
				t.Errorf("distinct ECB+ articles %s and %s marked as copies at exact Jaccard %.3f", a.ID, b, j)
			} else {
				reprints++
				t.Logf("ECB+ reprint: %s and %s, exact Jaccard %.3f", a.ID, b, j)
			}
		}
	}
	t.Logf("ECB+ pairs linked as copies: %d, all real reprints", reprints)
}

func (c *Clusterer) jaccardOf(a, b string) float64 {
	i, _ := c.x.lookup(a)
	j, _ := c.x.lookup(b)
	return compactJaccard(c.x.sigOf(i), c.x.sigOf(j))
}

func (c *Clusterer) textOf(arts []chorus.Article, id string) string {
	for _, a := range arts {
		if a.ID == id {
			return a.Text
		}
	}
	return ""
}

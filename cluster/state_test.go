package cluster

import (
	"bytes"
	"context"
	"encoding/binary"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/chorusnews/chorus"
)

// storiesOf maps each article id to its story id.
func storiesOf(c *Clusterer, arts []chorus.Article) map[string]string {
	out := map[string]string{}
	for _, a := range arts {
		out[a.ID] = c.StoryOf(a.ID)
	}
	return out
}

// TestStatesRestoreLikeTexts clusters the first part of a corpus, rebuilds
// one Clusterer from the States and one from the texts, adds the rest to
// both and requires the same stories, titles and sources.
func TestStatesRestoreLikeTexts(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		arts []chorus.Article
	}{
		{"seeds", loadSeeds(t)},
		{"ecb+ dev", loadECB(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arts := slices.Clone(tc.arts)
			rand.New(rand.NewPCG(7, 7)).Shuffle(len(arts), func(i, j int) { arts[i], arts[j] = arts[j], arts[i] })
			if len(arts) > 0 {
				arts[0].Published = time.Date(2025, 2, 12, 10, 0, 0, 0, time.UTC)
				arts[0].Wires = []string{"Reuters"}
			}
			cut := len(arts) * 3 / 5
			first, rest := arts[:cut], arts[cut:]
			opts := DefaultOptions()
			opts.States = true
			c := New(opts)
			res, err := c.Add(ctx, first)
			if err != nil {
				t.Fatal(err)
			}
			storyOf := storiesOf(c, first)
			var states [][]byte
			for _, a := range first {
				s, ok := res.States[a.ID]
				if !ok {
					t.Fatalf("no state for %s", a.ID)
				}
				if !bytes.Equal(s, EncodeState(opts, a)) {
					t.Fatalf("state of %s from Add differs from EncodeState", a.ID)
				}
				states = append(states, s)
			}
			if len(res.States) != len(first) {
				t.Fatalf("%d states for %d articles", len(res.States), len(first))
			}
			fromStates := New(DefaultOptions())
			stale, err := fromStates.RestoreStates(ctx, states, storyOf)
			if err != nil || len(stale) > 0 {
				t.Fatalf("restore states: %v, stale %v", err, stale)
			}
			fromTexts := New(DefaultOptions())
			if err := fromTexts.Restore(ctx, first, storyOf); err != nil {
				t.Fatal(err)
			}
			r1, err := fromStates.Add(ctx, rest)
			if err != nil {
				t.Fatal(err)
			}
			r2, err := fromTexts.Add(ctx, rest)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := storiesOf(fromStates, arts), storiesOf(fromTexts, arts); !mapsEqual(a, b) {
				t.Errorf("stories differ between a restore from states and from texts")
			}
			j1, _ := jsonMarshal(r1)
			j2, _ := jsonMarshal(r2)
			if !bytes.Equal(j1, j2) {
				t.Errorf("changed stories differ:\n%s\n%s", j1, j2)
			}
			t.Logf("%d articles restored from states, %d added: %d stories changed", len(first), len(rest), len(r1.Stories))
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestStaleStates: a state written under other weights is reported, not
// used.
func TestStaleStates(t *testing.T) {
	ctx := context.Background()
	arts := loadSeeds(t)
	s := EncodeState(DefaultOptions(), arts[0])
	opts := DefaultOptions()
	opts.EntityWeight = 3
	other := New(opts)
	stale, err := other.RestoreStates(ctx, [][]byte{s, []byte("junk")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stale, []string{arts[0].ID, ""}) || other.Len() != 0 {
		t.Errorf("stale %q, %d restored; want the id and \"\", none restored", stale, other.Len())
	}
}

// FuzzState checks that any bytes either fail to decode or decode to a
// state that encodes and decodes back to itself and restores.
func FuzzState(f *testing.F) {
	opts := DefaultOptions()
	arts := []chorus.Article{
		{ID: "a", Title: "Quake hits Chile", Text: "A 6.1 earthquake hit Chile on Monday, officials said.", Wires: []string{"AP"}, Published: time.Date(2013, 5, 3, 0, 0, 0, 0, time.UTC)},
		{ID: "b", Text: ""},
	}
	for _, a := range arts {
		f.Add(EncodeState(opts, a))
	}
	f.Add([]byte{stateVersion})
	key := opts.stateKey()
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) >= 9 && b[0] == stateVersion {
			// let the fuzzer reach past the options check
			b = slices.Clone(b)
			binary.LittleEndian.PutUint64(b[1:9], key)
		}
		p, err := decodeState(b, key)
		if err != nil {
			return
		}
		p2, err := decodeState(encodeState(&p, key), key)
		if err != nil || !reflect.DeepEqual(p, p2) {
			t.Fatalf("state changed through an encoding: %v\n%+v\n%+v", err, p, p2)
		}
		r := New(opts)
		stale, err := r.RestoreStates(context.Background(), [][]byte{b}, nil)
		if err != nil || len(stale) > 0 || r.Len() != 1 {
			t.Fatalf("decoded state not restored: %v %v", err, stale)
		}
		ref := New(opts)
		if _, err := ref.restoreStatesSlow(context.Background(), [][]byte{b}, nil); err != nil || indexDigest(ref) != indexDigest(r) {
			t.Fatalf("state restored unlike its decoded article: %v", err)
		}
	})
}

package cluster

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/chorusnews/chorus"
)

// Restore loads articles that were clustered before, with the story id
// each belonged to (missing ids: the article is clustered by the next
// Add), without re-clustering them. It rebuilds the signatures and the
// index, so a Clusterer can be rebuilt from a store.
func (c *Clusterer) Restore(ctx context.Context, arts []chorus.Article, storyOf map[string]string) error {
	arts = normalise(arts)
	prep, err := prepare(ctx, c.opts, arts, &c.xs, c.x.vocab)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	c.restorePrepared(prep, storyOf)
	return nil
}

// restorePrepared indexes prepared articles (sorted by id) into the
// stories they belonged to.
func (c *Clusterer) restorePrepared(prep []prepared, storyOf map[string]string) {
	ids := make([]string, len(prep))
	for k := range prep {
		ids[k] = prep[k].art.ID
	}
	idx := c.insertAll(prep)
	c.placeRestored(ids, idx, storyOf)
	c.linkCopies(idx)
}

// placeRestored puts restored documents (ids[k] at index idx[k]) into
// the stories they belonged to, or among the pending ones.
func (c *Clusterer) placeRestored(ids []string, idx []int32, storyOf map[string]string) {
	for k, i := range idx {
		sid, ok := storyOf[ids[k]]
		if !ok || sid == "" {
			c.pending = append(c.pending, i)
			continue
		}
		key, ok := c.ids[sid]
		if !ok {
			key = c.nextKey
			c.nextKey++
			c.ids[sid] = key
			c.stories[key] = &storyState{id: sid}
		}
		c.x.docs[i].story = key
		c.stories[key].members = append(c.stories[key].members, i)
	}
}

// stateVersion is the first byte of an encoded article state; a state of
// another version is stale.
const stateVersion = 2

// errStale marks a state that cannot be used with these options.
var errStale = errors.New("stale cluster state")

// stateKey fingerprints the options an encoded state depends on (the
// title weight in the counts, the signature layout; the others are
// applied when the state is restored, and kept in the key so that a
// change of weights rebuilds states from the texts): a state written
// under other values is stale.
func (o Options) stateKey() uint64 {
	var b []byte
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(o.TitleWeight))
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(o.EntityWeight))
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(o.NumberWeight))
	b = binary.LittleEndian.AppendUint64(b, uint64(o.MaxTerms))
	b = binary.LittleEndian.AppendUint64(b, uint64(SigSize)<<32|uint64(ShingleWords))
	return xxhash.Sum64(b)
}

// EncodeState returns the compact stored form of an article for the
// given options: its features (before the MaxTerms cap), its MinHash
// signature and the few fields stories need (id, title, date, wires,
// length). RestoreStates rebuilds the article from it exactly as Restore
// does from the text, without re-reading or re-featurising it. Add
// returns the states of the articles it indexed when Options.States is
// set, so callers need this only for articles restored from their text.
func EncodeState(opts Options, art chorus.Article) []byte {
	body := bodyOf(&art)
	p := prepared{art: art, feats: newExtractor().features(art.Title, body, art.Language, opts.TitleWeight), sig: Fingerprint(body)}
	return encodeState(&p, opts.stateKey())
}

// encodeState encodes a prepared article whose features are not capped
// yet. Features are written in term order so that equal articles give
// equal states.
func encodeState(p *prepared, key uint64) []byte {
	feats := slices.Clone(p.feats)
	slices.SortFunc(feats, func(a, b termCount) int { return strings.Compare(a.term, b.term) })
	length := len(bodyOf(&p.art))
	if p.restored {
		length = p.length
	}
	n := 64 + len(p.art.ID) + len(p.art.Title) + 4*SigSize + 12*len(feats)
	b := make([]byte, 0, n)
	b = append(b, stateVersion)
	b = binary.LittleEndian.AppendUint64(b, key)
	b = appendString(b, p.art.ID)
	b = appendString(b, p.art.Title)
	var unix int64
	if !p.art.Published.IsZero() {
		unix = p.art.Published.UnixNano()
	}
	b = binary.AppendVarint(b, unix)
	b = binary.AppendUvarint(b, uint64(len(p.art.Wires)))
	for _, w := range p.art.Wires {
		b = appendString(b, w)
	}
	b = binary.AppendUvarint(b, uint64(length))
	if p.sig.Empty {
		b = append(b, 1)
	} else {
		b = append(b, 0)
		for _, v := range p.sig.Bins {
			b = binary.LittleEndian.AppendUint32(b, v)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(feats)))
	for _, f := range feats {
		b = appendString(b, f.term)
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(f.count))
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// stateReader decodes a state; the first error sticks.
type stateReader struct {
	b   []byte
	err error
}

func (r *stateReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *stateReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errors.New("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *stateReader) bytes(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.err = errors.New("truncated")
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *stateReader) string() string { return string(r.bytes(r.uvarint())) }

func (r *stateReader) uint32() uint32 {
	p := r.bytes(4)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(p)
}

// decodeState turns a state back into a prepared article.
func decodeState(b []byte, key uint64) (prepared, error) {
	if len(b) < 9 || b[0] != stateVersion || binary.LittleEndian.Uint64(b[1:9]) != key {
		return prepared{}, errStale
	}
	r := &stateReader{b: b[9:]}
	var p prepared
	p.restored = true
	p.art.ID = r.string()
	p.art.Title = r.string()
	if unix := r.varint(); unix != 0 {
		p.art.Published = time.Unix(0, unix).UTC()
	}
	nw := r.uvarint()
	if nw > uint64(len(r.b)) {
		return prepared{}, errors.New("decode state: bad wire count")
	}
	for range nw {
		p.art.Wires = append(p.art.Wires, r.string())
	}
	if n := r.uvarint(); n <= math.MaxInt32 {
		p.length = int(n)
	} else if r.err == nil {
		r.err = errors.New("bad length")
	}
	if e := r.bytes(1); len(e) == 1 && e[0] == 1 {
		p.sig.Empty = true
	} else {
		for k := range p.sig.Bins {
			p.sig.Bins[k] = r.uint32()
		}
	}
	nt := r.uvarint()
	if nt > uint64(len(r.b)) {
		return prepared{}, errors.New("decode state: bad term count")
	}
	p.feats = make([]termCount, 0, nt)
	for range nt {
		term := r.string()
		w := math.Float32frombits(r.uint32())
		if r.err == nil && (len(term) < 2 || !(w > 0) || math.IsInf(float64(w), 0) ||
			len(p.feats) > 0 && p.feats[len(p.feats)-1].term >= term) {
			r.err = errors.New("bad term")
		}
		p.feats = append(p.feats, termCount{term: term, count: w})
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = errors.New("trailing bytes")
	}
	if r.err != nil {
		return prepared{}, fmt.Errorf("decode state: %w", r.err)
	}
	if p.art.ID == "" {
		return prepared{}, errors.New("decode state: no article id")
	}
	return p, nil
}

// RestoreStates loads articles clustered before from their States, with
// the story id each belonged to (as Restore does, without their texts).
// It returns the ids of the states it could not use (written under other
// options or damaged; ids of damaged states are "" when unreadable): the
// caller restores those articles from their text with Restore.
func (c *Clusterer) RestoreStates(ctx context.Context, states [][]byte, storyOf map[string]string) (stale []string, err error) {
	return c.restoreStates(ctx, states, storyOf)
}

// restoreStatesSlow is RestoreStates through decodeState and
// restorePrepared, as Restore restores texts: the reference the faster
// restoreStates is tested against.
func (c *Clusterer) restoreStatesSlow(ctx context.Context, states [][]byte, storyOf map[string]string) (stale []string, err error) {
	key := c.opts.stateKey()
	decoded := make([]prepared, len(states))
	bad := make([]bool, len(states))
	parallel(c.opts.Workers, len(states), func(lo, hi int) {
		for k := lo; k < hi && ctx.Err() == nil; k++ {
			var err error
			if decoded[k], err = decodeState(states[k], key); err != nil {
				bad[k] = true
			}
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("restore states: %w", err)
	}
	prep := make([]prepared, 0, len(states))
	seen := make(map[string]int, len(states))
	for k, b := range states {
		if bad[k] {
			stale = append(stale, stateID(b))
			continue
		}
		p := decoded[k]
		if k, ok := seen[p.art.ID]; ok {
			prep[k] = p
			continue
		}
		seen[p.art.ID] = len(prep)
		prep = append(prep, p)
	}
	slices.SortFunc(prep, func(a, b prepared) int { return strings.Compare(a.art.ID, b.art.ID) })
	c.restorePrepared(prep, storyOf)
	return stale, nil
}

// StateID reads the article id an encoded state holds, whatever the
// options it was written under, or "" when it cannot be read: a store can
// check that a state belongs to its row before restoring it.
func StateID(b []byte) string { return stateID(b) }

// stateID reads the article id of a state whatever its options, or "".
func stateID(b []byte) string {
	if len(b) < 9 || b[0] != stateVersion {
		return ""
	}
	r := &stateReader{b: b[9:]}
	id := r.string()
	if r.err != nil {
		return ""
	}
	return id
}

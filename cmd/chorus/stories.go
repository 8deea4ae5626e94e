package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/cluster"
	"github.com/chorusnews/chorus/sqlite"
)

func init() {
	commands = append(commands, newStoriesCmd, newReclusterCmd)
	// ingest clusters what it stored unless --no-cluster is given
	afterIngestHook = func(a *app, ctx context.Context, st *sqlite.Store, ids []string) error {
		return a.clusterNew(ctx, st, ids)
	}
}

func newStoriesCmd(a *app) *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "stories",
		Short: "List stories: groups of articles reporting the same event",
		Long: `List the stored stories, largest first, with their articles and the
number of independent sources (near-copies, and articles crediting the
same wire agency, count once).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			stories, err := st.Stories(cmd.Context())
			if err != nil {
				return err
			}
			if jsonOut {
				if stories == nil {
					stories = []chorus.Story{}
				}
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"stories": stories})
			}
			for _, s := range stories {
				title := s.Title
				if title == "" {
					title = "(untitled)"
				}
				fmt.Fprintf(a.stdout, "%s  %3d articles  %3d sources  %s\n", s.ID, len(s.ArticleIDs), s.IndependentSources, title)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

func newReclusterCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "recluster",
		Short: "Rebuild every copy group and story from scratch",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			arts, err := st.Articles(ctx, chorus.ListOptions{})
			if err != nil {
				return err
			}
			opts := cluster.DefaultOptions()
			opts.States = true
			c := cluster.New(opts)
			res, err := c.Add(ctx, arts)
			if err != nil {
				return fmt.Errorf("recluster: %w", err)
			}
			u := storyUpdate(res, true)
			if err := st.SaveStories(ctx, u); err != nil {
				return fmt.Errorf("recluster: %w", err)
			}
			fmt.Fprintf(a.stdout, "%d articles in %d stories\n", len(arts), len(res.Stories))
			return nil
		},
	}
}

// clusterChunk is how many articles clusterNew restores or clusters at a
// time: memory stays bounded by the clustering index plus one chunk,
// whatever the size of the store or of the ingest. (A variable so that
// tests can restore small stores in several chunks.)
var clusterChunk = 10000

// clusterNew assigns newly ingested or updated articles to copy groups and
// stories. The clustering state is rebuilt from the store: articles
// clustered before come back from their stored clustering states (terms
// and signatures, no text), streamed chunk by chunk, and only articles
// without a usable state are read and featurised again. The new articles
// are then clustered a chunk at a time (in id order), re-clustering only
// the neighbourhood each chunk touches, and each chunk's stories and
// states are saved before the next is read, so an interrupted ingest
// leaves consistent stories and the next ingest clusters the rest.
func (a *app) clusterNew(ctx context.Context, st *sqlite.Store, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	c, err := openClusterer(ctx, st, ids)
	if err != nil {
		return fmt.Errorf("cluster new articles: %w", err)
	}
	if err := addChunks(ctx, st, c, ids); err != nil {
		return fmt.Errorf("cluster new articles: %w", err)
	}
	return nil
}

// openClusterer rebuilds the clustering state of every stored article but
// the fresh ones, which are about to be added: articles clustered before
// come back from their stored states, chunk by chunk, and articles
// without a usable state are read back, featurised and their states
// saved. Nothing else may store articles while it runs.
func openClusterer(ctx context.Context, st *sqlite.Store, freshIDs []string) (*cluster.Clusterer, error) {
	fresh := make(map[string]bool, len(freshIDs))
	for _, id := range freshIDs {
		fresh[id] = true
	}
	storyOf, err := st.StoryOfArticles(ctx)
	if err != nil {
		return nil, err
	}
	opts := cluster.DefaultOptions()
	opts.States = true
	c := cluster.New(opts)
	restored, stale, err := restoreStates(ctx, st, c, fresh, storyOf)
	if err != nil {
		return nil, err
	}
	total, err := st.CountArticles(ctx)
	if err != nil {
		return nil, err
	}
	// articles stored before without a usable state (ingested with
	// --no-cluster, written by an older version, or damaged) are read
	// back and featurised again, a chunk at a time, and their states saved
	if len(stale) == 0 && total-restored-len(fresh) <= 0 {
		return c, nil
	}
	all, err := st.ArticleIDs(ctx)
	if err != nil {
		return nil, err
	}
	withState, err := st.ClusterStateIDs(ctx)
	if err != nil {
		return nil, err
	}
	have := make(map[string]bool, len(withState))
	for _, id := range withState {
		have[id] = true
	}
	for _, id := range stale {
		delete(have, id)
	}
	var missing []string
	for _, id := range all {
		if !fresh[id] && !have[id] {
			missing = append(missing, id)
		}
	}
	for lo := 0; lo < len(missing); lo += clusterChunk {
		arts, err := st.ArticlesByID(ctx, missing[lo:min(lo+clusterChunk, len(missing))])
		if err != nil {
			return nil, err
		}
		if err := c.Restore(ctx, arts, storyOf); err != nil {
			return nil, err
		}
		var u sqlite.StoryUpdate
		for _, art := range arts {
			u.States = append(u.States, sqlite.ClusterState{ArticleID: art.ID, Data: cluster.EncodeState(opts, art)})
		}
		if err := st.SaveStories(ctx, u); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// addChunks adds the articles ids to c, clusterChunk at a time in order,
// and saves each chunk's stories. (Reading the next chunk and saving the
// last one on goroutines that overlap the clustering was tried: the
// clustering already keeps both cores busy, and 100,000 articles took as
// long, 40-43 s against 41-46 s, with more memory.)
func addChunks(ctx context.Context, st *sqlite.Store, c *cluster.Clusterer, ids []string) error {
	for lo := 0; lo < len(ids); lo += clusterChunk {
		added, err := st.ArticlesByID(ctx, ids[lo:min(lo+clusterChunk, len(ids))])
		if err != nil {
			return err
		}
		res, err := c.Add(ctx, added)
		if err != nil {
			return err
		}
		if err := st.SaveStories(ctx, storyUpdate(res, false)); err != nil {
			return err
		}
	}
	return nil
}

// restoreStates restores into c the stored clustering states of every
// article but the fresh ones, clusterChunk states at a time in id order,
// and returns how many states it read and the ids of those it could not
// use (see cluster.Clusterer.RestoreStates). The store is read on its own
// goroutine, in batches of readBatch states copied into a few large
// blocks, and reads at most one batch ahead of the chunk being restored,
// so that memory holds one chunk and one batch.
func restoreStates(ctx context.Context, st *sqlite.Store, c *cluster.Clusterer, fresh map[string]bool, storyOf map[string]string) (n int, stale []string, err error) {
	const readBatch = 1000
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan [][]byte)
	read := make(chan error, 1)
	var unusable []string // the reader's; read after it stops
	go func() {
		defer close(batches)
		var batch [][]byte
		var block []byte
		send := func() bool {
			select {
			case batches <- batch:
				batch = nil
				return true
			case <-ctx.Done():
				return false
			}
		}
		err := st.ScanClusterStates(ctx, func(id, data []byte) error {
			if fresh[string(id)] {
				return nil
			}
			if cluster.StateID(data) != string(id) {
				// damaged, or not this row's: rebuilt from the text
				unusable = append(unusable, string(id))
				return nil
			}
			if cap(block)-len(block) < len(data) {
				block = make([]byte, 0, max(len(data), 1<<20))
			}
			at := len(block)
			block = append(block, data...)
			batch = append(batch, block[at:len(block):len(block)])
			n++
			if len(batch) == readBatch && !send() {
				return ctx.Err()
			}
			return nil
		})
		if err == nil && len(batch) > 0 && !send() {
			err = ctx.Err()
		}
		read <- err
	}()
	var chunk [][]byte
	restore := func() {
		var s []string
		s, err = c.RestoreStates(ctx, chunk, storyOf)
		stale = append(stale, s...)
		clear(chunk) // let the restored states go
		chunk = chunk[:0]
		if err != nil {
			cancel()
		}
	}
	for batch := range batches {
		if err != nil {
			continue // drain until the reader stops
		}
		for len(batch) > 0 && err == nil {
			k := min(len(batch), clusterChunk-len(chunk))
			chunk = append(chunk, batch[:k]...)
			batch = batch[k:]
			if len(chunk) == clusterChunk {
				restore()
			}
		}
	}
	if err == nil && len(chunk) > 0 {
		restore()
	}
	if rerr := <-read; err == nil {
		err = rerr
	}
	return n, append(stale, unusable...), err
}

// storyUpdate turns a clustering result into a store update.
func storyUpdate(res cluster.Result, replaceAll bool) sqlite.StoryUpdate {
	u := sqlite.StoryUpdate{Removed: res.Removed, ReplaceAll: replaceAll}
	for id, data := range res.States {
		u.States = append(u.States, sqlite.ClusterState{ArticleID: id, Data: data})
	}
	slices.SortFunc(u.States, func(a, b sqlite.ClusterState) int { return strings.Compare(a.ArticleID, b.ArticleID) })
	for _, s := range res.Stories {
		u.Stories = append(u.Stories, s.Story)
		for _, m := range s.Members {
			u.Members = append(u.Members, sqlite.StoryMember{ArticleID: m.ArticleID, StoryID: s.ID, CopyGroup: m.CopyGroup, Original: m.Original})
		}
	}
	return u
}

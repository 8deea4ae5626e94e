package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/cluster"
	"github.com/chorusnews/chorus/sqlite"
)

func init() {
	newStorySink = func(st *sqlite.Store) storySink { return &clusterSink{st: st} }
}

// clusterSink assigns the articles an ingest stores to stories while the
// ingest goes on, so that clustering uses the core the single SQLite
// writer leaves idle and the articles are clustered from memory instead
// of being read back. It clusters clusterChunk articles at a time, in the
// order they were stored, and saves each chunk's stories and states
// before it takes the next, as clusterNew does; an interrupted ingest
// leaves consistent stories, and the articles stored but not yet
// clustered have no state, so the next ingest clusters them.
type clusterSink struct {
	st   *sqlite.Store
	c    *cluster.Clusterer
	held []chorus.Article
	busy time.Duration // spent clustering and saving
}

// open rebuilds the clustering state of what was stored before the ingest
// (see openClusterer); fresh are the first stored batch's new and changed
// articles, which add receives next.
func (s *clusterSink) open(ctx context.Context, fresh []string) error {
	start := time.Now()
	defer func() { s.busy += time.Since(start) }()
	c, err := openClusterer(ctx, s.st, fresh)
	if err != nil {
		return fmt.Errorf("cluster new articles: %w", err)
	}
	// while the ingest stores, the writer keeps a core busy: clustering
	// on all cores would only slow it down
	c.SetWorkers(runtime.GOMAXPROCS(0) - 1)
	s.c = c
	return nil
}

// add holds a stored batch's new and changed articles, and clusters and
// saves them once it holds a chunk.
func (s *clusterSink) add(ctx context.Context, arts []chorus.Article) error {
	for i := range arts {
		s.held = append(s.held, forClustering(&arts[i]))
		if len(s.held) == clusterChunk {
			if err := s.flush(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// finish clusters and saves what add still holds.
func (s *clusterSink) finish(ctx context.Context) error {
	if len(s.held) == 0 {
		return nil
	}
	s.c.SetWorkers(0) // nothing else runs now
	return s.flush(ctx)
}

func (s *clusterSink) flush(ctx context.Context) error {
	start := time.Now()
	defer func() { s.busy += time.Since(start) }()
	res, err := s.c.Add(ctx, s.held)
	clear(s.held) // let the texts go
	s.held = s.held[:0]
	if err != nil {
		return fmt.Errorf("cluster new articles: %w", err)
	}
	if err := s.st.SaveStories(ctx, storyUpdate(res, false)); err != nil {
		return fmt.Errorf("cluster new articles: %w", err)
	}
	return nil
}

func (s *clusterSink) clustering() time.Duration { return s.busy }

// forClustering is the part of a stored article that clustering reads, as
// the store gives it back (the clean text defaults to the text, times are
// in UTC); the raw text, removals and metadata are left behind so that a
// chunk held in memory costs half as much.
func forClustering(a *chorus.Article) chorus.Article {
	body := a.CleanText
	if body == "" {
		body = a.Text
	}
	out := chorus.Article{ID: a.ID, Outlet: a.Outlet, URL: a.URL, Title: a.Title, Authors: a.Authors,
		Language: a.Language, CleanText: body, Wires: a.Wires, Origin: a.Origin}
	if !a.Published.IsZero() {
		out.Published = a.Published.UTC()
	}
	return out
}

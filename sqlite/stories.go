package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chorusnews/chorus"
)

// migrationStories holds the stories of the cluster stage: one row per
// story, and per article its story, its near-copy group (named by the
// group's original) and whether it is that original.
const migrationStories = `
CREATE TABLE stories (
	id                  TEXT PRIMARY KEY,
	title               TEXT NOT NULL DEFAULT '',
	first_published     TEXT NOT NULL DEFAULT '',
	last_published      TEXT NOT NULL DEFAULT '',
	independent_sources INTEGER NOT NULL DEFAULT 0,
	size                INTEGER NOT NULL DEFAULT 0,
	updated_at          TEXT NOT NULL
);
CREATE INDEX stories_size ON stories(size);
CREATE TABLE story_articles (
	article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	copy_group TEXT NOT NULL,
	original   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX story_articles_story ON story_articles(story_id);
CREATE INDEX story_articles_copy ON story_articles(copy_group);
`

// StoryMember is one article's place in a story.
type StoryMember struct {
	ArticleID string
	StoryID   string
	// CopyGroup is the id of the original of the article's near-copy group.
	CopyGroup string
	Original  bool
}

// StoryUpdate is a change to the stored stories: stories to write in full
// (with their members) and stories to delete.
type StoryUpdate struct {
	Stories []chorus.Story
	Members []StoryMember
	Removed []string
	// States are clustering states of articles (cluster.Clusterer.State)
	// to store, replacing older ones.
	States []ClusterState
	// ReplaceAll deletes every stored story (and clustering state) first
	// (recluster).
	ReplaceAll bool
}

// ClusterState is the stored clustering form of one article: its weighted
// terms and signature, so that a new process can rebuild the clustering
// without re-reading and re-featurising every article's text.
type ClusterState struct {
	ArticleID string
	Data      []byte
}

// migrationClusterState holds each article's clustering state: a cache
// the cluster stage can always rebuild from the articles' text, kept so
// that an ingest does not re-read and re-featurise the whole corpus.
const migrationClusterState = `
CREATE TABLE cluster_state (
	article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	data       BLOB NOT NULL
);`

// SaveStories applies a story update in one transaction. A written story
// replaces the stored one with the same id, members included.
func (s *Store) SaveStories(ctx context.Context, u StoryUpdate) error {
	now := time.Now().UTC().Format(time.RFC3339Nano)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if u.ReplaceAll {
			if _, err := tx.ExecContext(ctx, `DELETE FROM story_articles; DELETE FROM stories; DELETE FROM cluster_state;`); err != nil {
				return fmt.Errorf("clear stories: %w", err)
			}
		}
		if len(u.States) > 0 {
			put, err := tx.PrepareContext(ctx, `INSERT INTO cluster_state (article_id, data) VALUES (?,?)
				ON CONFLICT(article_id) DO UPDATE SET data=excluded.data`)
			if err != nil {
				return err
			}
			defer put.Close()
			for _, cs := range u.States {
				if _, err := put.ExecContext(ctx, cs.ArticleID, cs.Data); err != nil {
					return fmt.Errorf("store cluster state of %s: %w", cs.ArticleID, err)
				}
			}
		}
		// Stories are upserted and members rewritten only where they
		// changed: a story that gains one article costs one row, not a
		// row per member (a delete cascading to its members and their
		// re-insertion did).
		ins, err := tx.PrepareContext(ctx, `INSERT INTO stories (id, title, first_published, last_published, independent_sources, size, updated_at)
			VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET title=excluded.title, first_published=excluded.first_published,
			last_published=excluded.last_published, independent_sources=excluded.independent_sources, size=excluded.size, updated_at=excluded.updated_at`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, st := range u.Stories {
			if _, err := ins.ExecContext(ctx, st.ID, st.Title, formatTime(st.First), formatTime(st.Last), st.IndependentSources, len(st.ArticleIDs), now); err != nil {
				return fmt.Errorf("write story %s: %w", st.ID, err)
			}
		}
		mem, err := tx.PrepareContext(ctx, `INSERT INTO story_articles (article_id, story_id, copy_group, original) VALUES (?,?,?,?)
			ON CONFLICT(article_id) DO UPDATE SET story_id=excluded.story_id, copy_group=excluded.copy_group, original=excluded.original
			WHERE story_id <> excluded.story_id OR copy_group <> excluded.copy_group OR original <> excluded.original`)
		if err != nil {
			return err
		}
		defer mem.Close()
		listed := make([]string, 0, len(u.Members))
		for _, m := range u.Members {
			orig := 0
			if m.Original {
				orig = 1
			}
			if _, err := mem.ExecContext(ctx, m.ArticleID, m.StoryID, m.CopyGroup, orig); err != nil {
				return fmt.Errorf("assign article %s to story %s: %w", m.ArticleID, m.StoryID, err)
			}
			listed = append(listed, m.ArticleID)
		}
		// a written story's stored members that the update lists nowhere
		// leave it (the update gives a written story's members in full)
		if len(u.Stories) > 0 {
			ids := make([]string, len(u.Stories))
			for k, st := range u.Stories {
				ids[k] = st.ID
			}
			written, _ := json.Marshal(ids)
			members, _ := json.Marshal(listed)
			if _, err := tx.ExecContext(ctx, `DELETE FROM story_articles WHERE story_id IN (SELECT value FROM json_each(?1))
				AND article_id NOT IN (SELECT value FROM json_each(?2))`, string(written), string(members)); err != nil {
				return fmt.Errorf("drop old members: %w", err)
			}
		}
		del, err := tx.PrepareContext(ctx, `DELETE FROM stories WHERE id = ?`)
		if err != nil {
			return err
		}
		defer del.Close()
		for _, id := range u.Removed {
			if _, err := del.ExecContext(ctx, id); err != nil {
				return fmt.Errorf("delete story %s: %w", id, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save stories: %w", err)
	}
	return nil
}

// Stories lists stored stories, largest first (then by id), with their
// article ids in id order.
func (s *Store) Stories(ctx context.Context) ([]chorus.Story, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, first_published, last_published, independent_sources FROM stories ORDER BY size DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	var out []chorus.Story
	index := map[string]int{}
	for rows.Next() {
		var st chorus.Story
		var first, last string
		if err := rows.Scan(&st.ID, &st.Title, &first, &last, &st.IndependentSources); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list stories: %w", err)
		}
		st.First, _ = time.Parse(time.RFC3339Nano, first)
		st.Last, _ = time.Parse(time.RFC3339Nano, last)
		st.ArticleIDs = []string{}
		index[st.ID] = len(out)
		out = append(out, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	members, err := s.StoryMembers(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		if k, ok := index[m.StoryID]; ok {
			out[k].ArticleIDs = append(out[k].ArticleIDs, m.ArticleID)
		}
	}
	return out, nil
}

// StoryMembers lists every article's story and copy group, by article id.
func (s *Store) StoryMembers(ctx context.Context) ([]StoryMember, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT article_id, story_id, copy_group, original FROM story_articles ORDER BY article_id`)
	if err != nil {
		return nil, fmt.Errorf("list story members: %w", err)
	}
	defer rows.Close()
	var out []StoryMember
	for rows.Next() {
		var m StoryMember
		if err := rows.Scan(&m.ArticleID, &m.StoryID, &m.CopyGroup, &m.Original); err != nil {
			return nil, fmt.Errorf("list story members: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list story members: %w", err)
	}
	return out, nil
}

// ClusterStates returns every stored clustering state (none if no state
// was ever stored).
func (s *Store) ClusterStates(ctx context.Context) ([]ClusterState, error) {
	var out []ClusterState
	err := s.EachClusterState(ctx, func(cs ClusterState) error {
		out = append(out, cs)
		return nil
	})
	return out, err
}

// EachClusterState calls fn with every stored clustering state, ordered
// by article id, without holding them all in memory; an error from fn
// stops the scan and is returned.
func (s *Store) EachClusterState(ctx context.Context, fn func(ClusterState) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT article_id, data FROM cluster_state ORDER BY article_id`)
	if err != nil {
		return fmt.Errorf("list cluster states: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var cs ClusterState
		if err := rows.Scan(&cs.ArticleID, &cs.Data); err != nil {
			return fmt.Errorf("list cluster states: %w", err)
		}
		if err := fn(cs); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list cluster states: %w", err)
	}
	return nil
}

// ScanClusterStates calls fn with the article id and data of every stored
// clustering state, ordered by article id, as EachClusterState does but
// without copying them: both slices are valid only until fn returns (a
// caller keeping them copies them, say into one block per batch). An
// error from fn stops the scan and is returned.
func (s *Store) ScanClusterStates(ctx context.Context, fn func(articleID, data []byte) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT article_id, data FROM cluster_state ORDER BY article_id`)
	if err != nil {
		return fmt.Errorf("scan cluster states: %w", err)
	}
	defer rows.Close()
	var id, data sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&id, &data); err != nil {
			return fmt.Errorf("scan cluster states: %w", err)
		}
		if err := fn(id, data); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scan cluster states: %w", err)
	}
	return nil
}

// ClusterStateIDs lists the ids of the articles with a stored clustering
// state, in id order.
func (s *Store) ClusterStateIDs(ctx context.Context) ([]string, error) {
	return s.queryStrings(ctx, "list cluster state ids", `SELECT article_id FROM cluster_state ORDER BY article_id`)
}

// StoryOfArticles maps the id of every article in a story to the story's
// id (StoryMembers without the copy groups, in one map).
func (s *Store) StoryOfArticles(ctx context.Context) (map[string]string, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM story_articles`).Scan(&n); err != nil {
		return nil, fmt.Errorf("list stories of articles: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT article_id, story_id FROM story_articles`)
	if err != nil {
		return nil, fmt.Errorf("list stories of articles: %w", err)
	}
	defer rows.Close()
	out := make(map[string]string, n)
	for rows.Next() {
		var aid, sid string
		if err := rows.Scan(&aid, &sid); err != nil {
			return nil, fmt.Errorf("list stories of articles: %w", err)
		}
		out[aid] = sid
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list stories of articles: %w", err)
	}
	return out, nil
}

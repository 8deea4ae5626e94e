package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chorusnews/chorus"
)

// Story reads for the web app: one story by id, a page of stories newest
// first, the story of an article, a story's articles and copy groups in one
// query each, and a version that changes whenever the story's membership or
// any member article changes (for caching its report).

// Story returns one story with its article ids in id order, or an error
// wrapping chorus.ErrNotFound.
func (s *Store) Story(ctx context.Context, id string) (chorus.Story, error) {
	row := s.db.QueryRowContext(ctx, `SELECT id, title, first_published, last_published, independent_sources FROM stories WHERE id = ?`, id)
	st, err := scanStory(row)
	if err != nil {
		return chorus.Story{}, notFound(err, "story "+id)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id`, id)
	if err != nil {
		return chorus.Story{}, fmt.Errorf("story %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var aid string
		if err := rows.Scan(&aid); err != nil {
			return chorus.Story{}, fmt.Errorf("story %s: %w", id, err)
		}
		st.ArticleIDs = append(st.ArticleIDs, aid)
	}
	if err := rows.Err(); err != nil {
		return chorus.Story{}, fmt.Errorf("story %s: %w", id, err)
	}
	return st, nil
}

// StoriesNewest lists stories newest first (by last publication; stories
// without dates last, then by id), with their article ids in id order.
// limit <= 0 means all.
func (s *Store) StoriesNewest(ctx context.Context, limit, offset int) ([]chorus.Story, error) {
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, first_published, last_published, independent_sources FROM stories
		ORDER BY last_published = '', last_published DESC, id LIMIT ? OFFSET ?`, limit, max(offset, 0))
	if err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	return s.withMembers(ctx, rows)
}

// StoriesWith lists the stories holding any of the articles, newest first
// as StoriesNewest orders them, with their article ids in id order.
func (s *Store) StoriesWith(ctx context.Context, articleIDs []string) ([]chorus.Story, error) {
	if len(articleIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(articleIDs))
	for i, id := range articleIDs {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, first_published, last_published, independent_sources FROM stories
		WHERE id IN (SELECT story_id FROM story_articles WHERE article_id IN (`+placeholders(len(args))+`))
		ORDER BY last_published = '', last_published DESC, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list stories with articles: %w", err)
	}
	return s.withMembers(ctx, rows)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// withMembers scans story rows (closing them) and adds their members.
func (s *Store) withMembers(ctx context.Context, rows *sql.Rows) ([]chorus.Story, error) {
	var out []chorus.Story
	index := map[string]int{}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("list stories: %w", err)
		}
		index[st.ID] = len(out)
		out = append(out, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(out))
	for _, st := range out {
		args = append(args, st.ID)
	}
	mrows, err := s.db.QueryContext(ctx, `SELECT article_id, story_id FROM story_articles WHERE story_id IN (`+placeholders(len(args))+`) ORDER BY article_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	defer mrows.Close()
	for mrows.Next() {
		var aid, sid string
		if err := mrows.Scan(&aid, &sid); err != nil {
			return nil, fmt.Errorf("list stories: %w", err)
		}
		if k, ok := index[sid]; ok {
			out[k].ArticleIDs = append(out[k].ArticleIDs, aid)
		}
	}
	if err := mrows.Err(); err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	return out, nil
}

// CountStories returns how many stories are stored.
func (s *Store) CountStories(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count stories: %w", err)
	}
	return n, nil
}

// StoryOf returns the id of the story holding an article, or an error
// wrapping chorus.ErrNotFound when it is in none.
func (s *Store) StoryOf(ctx context.Context, articleID string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT story_id FROM story_articles WHERE article_id = ?`, articleID).Scan(&id)
	if err != nil {
		return "", notFound(err, "story of article "+articleID)
	}
	return id, nil
}

// StoryArticles returns the stored articles of a story in id order, in one
// query. Members whose article is missing are left out.
func (s *Store) StoryArticles(ctx context.Context, storyID string) ([]chorus.Article, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+prefixed("a.", articleColumns)+` FROM story_articles m
		JOIN articles a ON a.id = m.article_id WHERE m.story_id = ? ORDER BY a.id`, storyID)
	if err != nil {
		return nil, fmt.Errorf("articles of story %s: %w", storyID, err)
	}
	defer rows.Close()
	var out []chorus.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("articles of story %s: %w", storyID, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("articles of story %s: %w", storyID, err)
	}
	return out, nil
}

// StoryCopies maps each article of a story that copies another to the id
// of its copy group's original.
func (s *Store) StoryCopies(ctx context.Context, storyID string) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT article_id, copy_group FROM story_articles
		WHERE story_id = ? AND original = 0 AND copy_group <> '' AND copy_group <> article_id`, storyID)
	if err != nil {
		return nil, fmt.Errorf("copies in story %s: %w", storyID, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var aid, group string
		if err := rows.Scan(&aid, &group); err != nil {
			return nil, fmt.Errorf("copies in story %s: %w", storyID, err)
		}
		out[aid] = group
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("copies in story %s: %w", storyID, err)
	}
	return out, nil
}

// StoryVersions returns StoryVersion of several stories in one query,
// by story id; unknown stories are absent.
func (s *Store) StoryVersions(ctx context.Context, storyIDs []string) (map[string]string, error) {
	out := make(map[string]string, len(storyIDs))
	if len(storyIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(storyIDs))
	for i, id := range storyIDs {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.updated_at, COUNT(a.id), MAX(a.updated_at) FROM stories s
		LEFT JOIN story_articles m ON m.story_id = s.id LEFT JOIN articles a ON a.id = m.article_id
		WHERE s.id IN (`+placeholders(len(args))+`) GROUP BY s.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("story versions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var updated, newest sql.NullString
		var n int
		if err := rows.Scan(&id, &updated, &n, &newest); err != nil {
			return nil, fmt.Errorf("story versions: %w", err)
		}
		out[id] = updated.String + "|" + strconv.Itoa(n) + "|" + newest.String
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("story versions: %w", err)
	}
	return out, nil
}

// StoryVersion returns a token that changes whenever the story is rewritten
// (its membership or copy groups change), an article joins or leaves it,
// or a member article is updated. It returns an error wrapping
// chorus.ErrNotFound for an unknown story.
func (s *Store) StoryVersion(ctx context.Context, storyID string) (string, error) {
	var updated, newest sql.NullString
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT s.updated_at, COUNT(a.id), MAX(a.updated_at) FROM stories s
		LEFT JOIN story_articles m ON m.story_id = s.id LEFT JOIN articles a ON a.id = m.article_id
		WHERE s.id = ? GROUP BY s.id`, storyID).Scan(&updated, &n, &newest)
	if err != nil {
		return "", notFound(err, "story "+storyID)
	}
	return updated.String + "|" + strconv.Itoa(n) + "|" + newest.String, nil
}

func scanStory(r scanner) (chorus.Story, error) {
	var st chorus.Story
	var first, last string
	if err := r.Scan(&st.ID, &st.Title, &first, &last, &st.IndependentSources); err != nil {
		return st, err
	}
	st.First, _ = time.Parse(time.RFC3339Nano, first)
	st.Last, _ = time.Parse(time.RFC3339Nano, last)
	st.ArticleIDs = []string{}
	return st, nil
}

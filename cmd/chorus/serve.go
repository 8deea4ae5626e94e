package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/internal/server"
	"github.com/chorusnews/chorus/sqlite"
)

func init() { commands = append(commands, newServeCmd) }

func newServeCmd(a *app) *cobra.Command {
	var (
		addr    string
		token   string
		maxBody int64
		logJSON bool
		readers int
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web app and the JSON API",
		Long: `Serve the Chorus web app (stories, story and article pages) and the JSON
API under /api/, with /healthz and Prometheus /metrics.

Writes (POST /api/articles) need a bearer token, from --token or the
CHORUS_TOKEN environment variable; without one the server is read-only.
The server stops gracefully on SIGINT or SIGTERM.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if token == "" {
				token = os.Getenv("CHORUS_TOKEN")
			}
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			var h slog.Handler = slog.NewTextHandler(a.stderr, nil)
			if logJSON {
				h = slog.NewJSONHandler(a.stderr, nil)
			}
			logger := slog.New(h)
			srv, closeReaders, err := a.newServer(ctx, st, readers, token, maxBody, logger)
			defer closeReaders()
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", addr, err)
			}
			mode := "writes need the bearer token"
			if token == "" {
				mode = "read-only: no --token or CHORUS_TOKEN"
			}
			fmt.Fprintf(a.stdout, "serving http://%s (%s); Ctrl-C stops\n", ln.Addr(), mode)
			logger.Info("serving", "addr", ln.Addr().String(), "db", st.Path(), "read_only", token == "")
			return srv.Serve(ctx, ln)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&token, "token", "", "bearer token for writes (default $CHORUS_TOKEN; none: read-only)")
	cmd.Flags().Int64Var(&maxBody, "max-body", server.DefaultMaxBody, "largest request body in bytes")
	cmd.Flags().BoolVar(&logJSON, "log-json", false, "write logs as JSON lines")
	cmd.Flags().IntVar(&readers, "readers", 4, "database handles for reads (0: share the write handle)")
	return cmd
}

// newServer wires the store into the server's interfaces.
// Reads go through readers extra handles on the same file (WAL lets them
// run beside the writer); the returned func closes them.
func (a *app) newServer(ctx context.Context, st *sqlite.Store, readers int, token string, maxBody int64, logger *slog.Logger) (*server.Server, func(), error) {
	var opened []*sqlite.Store
	closeAll := func() {
		for _, r := range opened {
			r.Close()
		}
	}
	prep, err := a.preparer(ctx, st)
	if err != nil {
		return nil, closeAll, err
	}
	var articles chorus.ArticleStore = st
	var search server.Searcher = searchAdapter{st}
	stories := &storyReaders{handles: []*sqlite.Store{st}}
	if readers > 0 {
		stories.handles = nil
		pool := &server.ReadPool{Writer: st}
		for range readers {
			r, err := sqlite.Open(ctx, st.Path())
			if err != nil {
				return nil, closeAll, err
			}
			opened = append(opened, r)
			stories.handles = append(stories.handles, r)
			pool.Readers = append(pool.Readers, r)
			pool.Searches = append(pool.Searches, searchAdapter{r})
		}
		articles, search = pool, pool
	}
	ing := &serialIngester{in: &server.JSONLIngester{
		Store:   st,
		Prepare: prep,
		After:   func(ctx context.Context, ids []string) error { return a.afterIngest(ctx, st, ids) },
	}}
	srv, err := server.New(server.Options{
		Articles:   articles,
		Search:     search,
		Stories:    stories,
		Reporter:   server.StoreReporter{Stories: stories, Articles: stories},
		Versions:   stories,
		Membership: stories,
		Ingester:   ing,
		Token:      token,
		MaxBody:    maxBody,
		Logger:     logger,
	})
	return srv, closeAll, err
}

// serialIngester runs one ingest at a time: the cleaning and clustering
// steps are not written for concurrent batches.
type serialIngester struct {
	mu sync.Mutex
	in server.Ingester
}

func (s *serialIngester) Ingest(ctx context.Context, name string, body io.Reader) (server.IngestResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.in.Ingest(ctx, name, body)
}

type searchAdapter struct{ st *sqlite.Store }

func (s searchAdapter) Search(ctx context.Context, q string, limit, offset int) ([]server.SearchHit, error) {
	hits, err := s.st.Search(ctx, q, limit, offset)
	if err != nil {
		return nil, err
	}
	out := make([]server.SearchHit, len(hits))
	for i, h := range hits {
		out[i] = server.SearchHit{ArticleID: h.ArticleID, Outlet: h.Outlet, Published: h.Published, Title: h.Title, Snippet: h.Snippet}
	}
	return out, nil
}

// storyReaders serves the cluster stage's stories, round-robin over
// read handles on the database (or the one store handle).
type storyReaders struct {
	handles []*sqlite.Store
	next    atomic.Uint64
}

func (s *storyReaders) pick() *sqlite.Store {
	return s.handles[int(s.next.Add(1)%uint64(len(s.handles)))]
}

// Stories lists stories newest first.
func (s *storyReaders) Stories(ctx context.Context, opts server.StoryListOptions) ([]chorus.Story, error) {
	return s.pick().StoriesNewest(ctx, opts.Limit, opts.Offset)
}

func (s *storyReaders) Story(ctx context.Context, id string) (chorus.Story, error) {
	return s.pick().Story(ctx, id)
}

func (s *storyReaders) StoryVersions(ctx context.Context, ids []string) (map[string]string, error) {
	return s.pick().StoryVersions(ctx, ids)
}

func (s *storyReaders) StoryVersion(ctx context.Context, id string) (string, error) {
	return s.pick().StoryVersion(ctx, id)
}

func (s *storyReaders) StoryOf(ctx context.Context, articleID string) (string, error) {
	return s.pick().StoryOf(ctx, articleID)
}

func (s *storyReaders) StoriesWith(ctx context.Context, ids []string) ([]chorus.Story, error) {
	return s.pick().StoriesWith(ctx, ids)
}

func (s *storyReaders) StoryArticles(ctx context.Context, id string) ([]chorus.Article, error) {
	return s.pick().StoryArticles(ctx, id)
}

func (s *storyReaders) StoryCopies(ctx context.Context, id string) (map[string]string, error) {
	return s.pick().StoryCopies(ctx, id)
}

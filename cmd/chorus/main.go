// Command chorus groups news articles into stories and shows, for each story,
// what the sources corroborate, who said what, where they conflict and what
// only one source reports.
//
// This package only parses flags, resolves configuration and wires the
// pipeline packages together; the work happens in ingest, clean, cluster,
// align, report and sqlite.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/sqlite"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// app carries what every command needs: resolved flags and the streams.
type app struct {
	dbPath  string
	jsonOut bool
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
}

// commands and evalCommands let each command live in its own file: a file
// registers its constructor from init.
var (
	commands     []func(*app) *cobra.Command
	evalCommands []func(*app) *cobra.Command
)

// usageError marks errors caused by how the command was called (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the CLI and maps errors to exit codes, once, here.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	if path := os.Getenv("CHORUS_CPUPROFILE"); path != "" {
		stopProfile, err := startCPUProfile(path)
		if err != nil {
			fmt.Fprintf(stderr, "chorus: %v\n", err)
			return exitError
		}
		defer stopProfile()
	}
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "chorus: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) || isCobraUsageError(err) {
		return exitUsage
	}
	return exitError
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "chorus",
		Short: "Consolidate many reports of one news story into what sources corroborate, dispute and say",
		Long: `Chorus ingests articles from many outlets, removes boilerplate, groups the
articles into stories and, for each story, reports what the sources
corroborate, who said what, where they conflict and what only one source
reports. It works offline with an embedded SQLite database.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "database file (default: $XDG_DATA_HOME/chorus/chorus.db)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	for _, c := range commands {
		root.AddCommand(c(a))
	}
	eval := &cobra.Command{
		Use:   "eval",
		Short: "Score Chorus against public labelled data sets",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	for _, c := range evalCommands {
		eval.AddCommand(c(a))
	}
	root.AddCommand(eval)
	return root
}

// startCPUProfile writes a CPU profile of the whole command to path; the
// CHORUS_CPUPROFILE environment variable turns it on for any command.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile %s: %w", path, err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// isCobraUsageError recognises cobra's own argument errors, which it does
// not type.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "requires at most", "invalid argument", "flag needs an argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// defaultDBPath is the per-user database location.
func defaultDBPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find home directory for the default database (use --db): %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "chorus", "chorus.db"), nil
}

// openStore opens (creating if needed) the database named by --db.
func (a *app) openStore(ctx context.Context) (*sqlite.Store, error) {
	path := a.dbPath
	if path == "" {
		p, err := defaultDBPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create database directory: %w", err)
	}
	return sqlite.Open(ctx, path)
}

var _ chorus.Store = (*sqlite.Store)(nil)

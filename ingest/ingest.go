// Package ingest reads articles from the places news comes from: plain text
// and Markdown files, JSON Lines, HTML pages, RSS/Atom/JSON feeds and WARC
// web archives, from files, directories (recursively) or standard input.
//
// It turns bytes into chorus.Article values and reports every problem with
// the file, line or record it came from. It repairs invalid UTF-8 (and
// counts the repairs), refuses binary and oversized files by name and skips
// empty ones. It does not clean, cluster or store: the caller decides what
// to do with each article, batch by batch.
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/chorusnews/chorus"
)

// DefaultMaxSize is the largest input file read unless Options says otherwise.
const DefaultMaxSize = 20 << 20

// Problem is something in the input that was not ingested as it stood: a
// skipped file, a rejected line, a repaired encoding, an unparsable field.
type Problem struct {
	// Where names the file, "file:line" or "file#record".
	Where string
	// Reason says what was wrong, in lower case.
	Reason string
	// Skipped is true when the file, line or record was not ingested at all;
	// false when the article was kept with a repair or a dropped field.
	Skipped bool
}

func (p Problem) String() string { return p.Where + ": " + p.Reason }

// Options configures Walk.
type Options struct {
	// MaxSize refuses files larger than this many bytes (after
	// decompression). A plain JSON Lines file is streamed, so the limit
	// applies to each of its lines instead. Zero means DefaultMaxSize.
	MaxSize int64
	// Stdin is read for the path "-".
	Stdin io.Reader
	// Progress, when set, is called as input is consumed with the bytes
	// read so far and the total bytes to read (files only; 0 when unknown).
	Progress func(done, total int64)
}

// Emit receives each article read. Returning an error stops the walk.
type Emit func(chorus.Article) error

// Warn receives each problem found. The walk goes on.
type Warn func(Problem)

// input is one file to read.
type input struct {
	path string
	size int64
	meta *sidecar // per-directory metadata, if any
}

// Walk reads every path (files, directories recursively, "-" for standard
// input) and calls emit for each article in a deterministic order. Problems
// with single inputs go to warn and do not stop the walk; an error from
// emit, a cancelled context or an unreadable path given by name does.
func Walk(ctx context.Context, paths []string, opts Options, emit Emit, warn Warn) error {
	if opts.MaxSize <= 0 {
		opts.MaxSize = DefaultMaxSize
	}
	var inputs []input
	for _, p := range paths {
		if p == "-" {
			inputs = append(inputs, input{path: "-"})
			continue
		}
		found, err := collect(p, warn)
		if err != nil {
			return err
		}
		inputs = append(inputs, found...)
	}
	var total, done int64
	for _, in := range inputs {
		total += in.size
	}
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		base := done
		progress := func(n int64) {
			if opts.Progress != nil {
				opts.Progress(base+n, total)
			}
		}
		if err := readInput(ctx, in, opts, progress, emit, warn); err != nil {
			return err
		}
		done += in.size
		if opts.Progress != nil {
			opts.Progress(done, total)
		}
	}
	return nil
}

// collect lists the files under path in lexical order, skipping hidden
// files and directories and the per-directory metadata file.
func collect(path string, warn Warn) ([]input, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if !info.IsDir() {
		meta, err := loadSidecar(filepath.Dir(path))
		if err != nil {
			warn(Problem{Where: filepath.Join(filepath.Dir(path), sidecarName), Reason: err.Error()})
		}
		return []input{{path: path, size: info.Size(), meta: meta}}, nil
	}
	var out []input
	metas := map[string]*sidecar{}
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			warn(Problem{Where: p, Reason: err.Error(), Skipped: true})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if p != path && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			meta, err := loadSidecar(p)
			if err != nil {
				warn(Problem{Where: filepath.Join(p, sidecarName), Reason: err.Error()})
			}
			metas[p] = meta
			return nil
		}
		if name == sidecarName || !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			warn(Problem{Where: p, Reason: err.Error(), Skipped: true})
			return nil
		}
		out = append(out, input{path: p, size: info.Size(), meta: metas[filepath.Dir(p)]})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walk %s: %w", path, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

// format is how an input is parsed.
type format int

const (
	formatUnknown format = iota
	formatText
	formatJSONL
	formatHTML
	formatFeed
	formatWARC
)

// formatByName picks the reader from the file name, looking through a
// trailing ".gz". ok is false for extensions Chorus does not read.
func formatByName(name string) (f format, gz bool) {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".gz") {
		gz = true
		lower = strings.TrimSuffix(lower, ".gz")
	}
	switch filepath.Ext(lower) {
	case ".txt", ".md", ".text", ".markdown":
		return formatText, gz
	case ".jsonl", ".ndjson":
		return formatJSONL, gz
	case ".html", ".htm", ".xhtml":
		return formatHTML, gz
	case ".rss", ".atom", ".xml", ".json", ".feed":
		return formatFeed, gz
	case ".warc":
		return formatWARC, gz
	}
	return formatUnknown, gz
}

// sniff guesses the format of unnamed content (standard input).
func sniff(data []byte) format {
	head := bytes.TrimLeft(data[:min(len(data), 4096)], " \t\r\n\ufeff")
	lower := bytes.ToLower(head)
	switch {
	case bytes.HasPrefix(head, []byte("WARC/")):
		return formatWARC
	case bytes.HasPrefix(head, []byte("{")):
		if bytes.Contains(lower, []byte("jsonfeed.org")) {
			return formatFeed
		}
		return formatJSONL
	case bytes.HasPrefix(lower, []byte("<?xml")), bytes.HasPrefix(lower, []byte("<rss")), bytes.HasPrefix(lower, []byte("<feed")), bytes.HasPrefix(lower, []byte("<rdf")):
		if bytes.Contains(lower, []byte("<rss")) || bytes.Contains(lower, []byte("<feed")) || bytes.Contains(lower, []byte("<rdf")) {
			return formatFeed
		}
		return formatHTML
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")), bytes.HasPrefix(lower, []byte("<head")), bytes.HasPrefix(lower, []byte("<body")):
		return formatHTML
	}
	return formatText
}

func readInput(ctx context.Context, in input, opts Options, progress func(int64), emit Emit, warn Warn) error {
	name := in.path
	var data []byte
	var err error
	if name == "-" {
		name = "stdin"
		if opts.Stdin == nil {
			return fmt.Errorf("read stdin: no standard input")
		}
		data, err = readLimited(opts.Stdin, opts.MaxSize)
	} else {
		if f, gz := formatByName(name); f == formatJSONL {
			return streamJSONL(ctx, in, gz, opts.MaxSize, progress, emit, warn)
		}
		if in.size > opts.MaxSize {
			warn(Problem{Where: name, Reason: fmt.Sprintf("file is %s, over the %s limit (raise --max-size)", humanSize(in.size), humanSize(opts.MaxSize)), Skipped: true})
			return nil
		}
		data, err = readFile(name, opts.MaxSize)
	}
	if errors.Is(err, errTooLarge) {
		warn(Problem{Where: name, Reason: fmt.Sprintf("content is over the %s limit (raise --max-size)", humanSize(opts.MaxSize)), Skipped: true})
		return nil
	}
	if err != nil {
		warn(Problem{Where: name, Reason: err.Error(), Skipped: true})
		return nil
	}

	f, gz := formatByName(name)
	if name == "stdin" {
		gz = isGzip(data)
	}
	if gz && f != formatWARC { // gowarc reads per-record gzip itself
		if data, err = gunzip(data, opts.MaxSize); err != nil {
			if errors.Is(err, errTooLarge) {
				warn(Problem{Where: name, Reason: fmt.Sprintf("decompressed content is over the %s limit (raise --max-size)", humanSize(opts.MaxSize)), Skipped: true})
			} else {
				warn(Problem{Where: name, Reason: "corrupt gzip: " + err.Error(), Skipped: true})
			}
			return nil
		}
	}
	if name == "stdin" {
		f = sniff(data)
	}
	if f == formatUnknown {
		warn(Problem{Where: name, Reason: fmt.Sprintf("unsupported file type %q (see chorus ingest --help)", filepath.Ext(name)), Skipped: true})
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		warn(Problem{Where: name, Reason: "empty file", Skipped: true})
		return nil
	}
	if f != formatWARC && looksBinary(data) {
		warn(Problem{Where: name, Reason: "binary content, not text", Skipped: true})
		return nil
	}
	src := source{name: name, dir: dirOutlet(in.path), meta: in.meta}
	switch f {
	case formatText:
		a, err := Text(src.id(), data)
		if err != nil {
			warn(Problem{Where: name, Reason: err.Error(), Skipped: true})
			return nil
		}
		return emit(src.finish(a, warn))
	case formatHTML:
		data, repairedCharset := toUTF8(data)
		a, err := HTML(name, data, "")
		if err != nil {
			warn(Problem{Where: name, Reason: err.Error(), Skipped: true})
			return nil
		}
		a.ID = src.id()
		if repairedCharset != "" {
			warn(Problem{Where: name, Reason: "decoded from " + repairedCharset})
		}
		return emit(src.finish(a, warn))
	case formatJSONL:
		cr := &countingReader{r: bytes.NewReader(data), report: progress, scale: float64(in.size) / float64(len(data))}
		return JSONL(ctx, name, cr, func(a chorus.Article) error {
			if a.Outlet == "" {
				a.Outlet = src.dir
			}
			return emit(a)
		}, warn)
	case formatFeed:
		return Feed(ctx, name, data, emit, warn)
	case formatWARC:
		return WARC(ctx, name, bytes.NewReader(data), emit, warn)
	}
	return nil
}

// source carries what a single-article file knows about itself.
type source struct {
	name string // path as given, or "stdin"
	dir  string // outlet from the directory name
	meta *sidecar
}

// id is the file name without its extensions, or a content-free name for
// standard input (replaced by a hash in finish).
func (s source) id() string {
	if s.name == "stdin" {
		return ""
	}
	base := filepath.Base(s.name)
	base = strings.TrimSuffix(base, filepath.Ext(base)) // .gz or the only extension
	if ext := filepath.Ext(base); ext != "" {
		if f, _ := formatByName(base); f != formatUnknown {
			base = strings.TrimSuffix(base, ext)
		}
	}
	return base
}

// finish applies sidecar metadata, fills the outlet and id, and repairs
// UTF-8.
func (s source) finish(a chorus.Article, warn Warn) chorus.Article {
	a.Origin = s.name
	if s.meta != nil {
		s.meta.apply(&a)
	}
	if a.Outlet == "" && a.URL != "" {
		a.Outlet = hostOutlet(a.URL)
	}
	if a.Outlet == "" {
		a.Outlet = s.dir
	}
	if a.ID == "" {
		a.ID = "sha256-" + shortHash(a.Text)
	}
	if n := repair(&a); n > 0 {
		warn(Problem{Where: s.name, Reason: fmt.Sprintf("repaired %d invalid UTF-8 sequences", n)})
	}
	return a
}

// dirOutlet is the outlet implied by a file's directory: its base name.
func dirOutlet(path string) string {
	if path == "-" || path == "" {
		return ""
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	d := filepath.Base(filepath.Dir(abs))
	if d == "/" || d == "." {
		return ""
	}
	return d
}

// hostOutlet is the outlet implied by a URL: its host without "www.".
func hostOutlet(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// repair replaces invalid UTF-8 in every text field with U+FFFD and
// returns (and records on the article) how many fields were repaired.
func repair(a *chorus.Article) int {
	n := 0
	fix := func(s *string) {
		if !utf8.ValidString(*s) {
			n += countInvalid(*s)
			*s = strings.ToValidUTF8(*s, "\uFFFD")
		}
	}
	for _, s := range []*string{&a.ID, &a.Outlet, &a.URL, &a.Title, &a.Language, &a.Text} {
		fix(s)
	}
	for i := range a.Authors {
		fix(&a.Authors[i])
	}
	a.Repaired += n
	return n
}

func countInvalid(s string) int {
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && size <= 1 {
			n++
		}
		s = s[max(size, 1):]
	}
	return n
}

// looksBinary reports content with NUL bytes or mostly control characters
// in its first 8 KiB.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, b := range head {
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			ctrl++
		}
	}
	return ctrl*10 > len(head)
}

var errTooLarge = errors.New("too large")

func readFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f, limit)
}

func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errTooLarge
	}
	return data, nil
}

func isGzip(data []byte) bool { return len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b }

func gunzip(data []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return readLimited(zr, limit)
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// streamJSONL reads a JSON Lines file (gzipped when gz) record by record,
// without holding the file in memory, so that a file of a million
// articles costs no more memory than one batch of them. The size limit
// applies to each line, not to the file. A gzip stream that breaks off
// keeps the records before the break.
func streamJSONL(ctx context.Context, in input, gz bool, limit int64, progress func(int64), emit Emit, warn Warn) error {
	name := in.path
	file, err := os.Open(name)
	if err != nil {
		warn(Problem{Where: name, Reason: err.Error(), Skipped: true})
		return nil
	}
	defer file.Close()
	var r io.Reader = &countingReader{r: file, report: progress, scale: 1}
	if gz {
		zr, err := gzip.NewReader(r)
		if err != nil {
			warn(Problem{Where: name, Reason: "corrupt gzip: " + err.Error(), Skipped: true})
			return nil
		}
		defer zr.Close()
		r = gzipStream{zr}
	}
	br := bufio.NewReaderSize(r, 1<<16)
	head, err := br.Peek(8192)
	if err != nil && !errors.Is(err, io.EOF) {
		warn(Problem{Where: name, Reason: readProblem(err), Skipped: true})
		return nil
	}
	if len(bytes.TrimSpace(head)) == 0 && len(head) < 8192 {
		warn(Problem{Where: name, Reason: "empty file", Skipped: true})
		return nil
	}
	if looksBinary(head) {
		warn(Problem{Where: name, Reason: "binary content, not text", Skipped: true})
		return nil
	}
	src := source{name: name, dir: dirOutlet(in.path), meta: in.meta}
	err = jsonlLines(ctx, name, br, int(min(limit, maxLine)), func(a chorus.Article) error {
		if a.Outlet == "" {
			a.Outlet = src.dir
		}
		return emit(a)
	}, warn)
	var ce corruptGzip
	if errors.As(err, &ce) {
		warn(Problem{Where: name, Reason: readProblem(ce) + "; the records before it were read", Skipped: true})
		return nil
	}
	return err
}

// gzipStream marks the errors of a gzip stream, other than its end, as
// corruption of the input rather than a failure of the ingest.
type gzipStream struct{ zr *gzip.Reader }

func (g gzipStream) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && err != io.EOF {
		err = corruptGzip{err}
	}
	return n, err
}

type corruptGzip struct{ err error }

func (c corruptGzip) Error() string { return "corrupt gzip: " + c.err.Error() }
func (c corruptGzip) Unwrap() error { return c.err }

// readProblem words a read error as a problem's reason.
func readProblem(err error) string {
	var ce corruptGzip
	if errors.As(err, &ce) {
		return ce.Error()
	}
	return err.Error()
}

// countingReader reports bytes read, scaled to the on-disk size when the
// content was decompressed.
type countingReader struct {
	r      io.Reader
	n      int64
	scale  float64
	report func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.report(int64(float64(c.n) * c.scale))
	return n, err
}

package ingest

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httputil"
	"strings"

	"github.com/nlnwa/gowarc"
	"golang.org/x/net/html/charset"

	"github.com/chorusnews/chorus"
)

// WARC reads a web archive (plain or record-gzipped) with nlnwa/gowarc;
// each HTML response record becomes an article whose id and URL are the
// record's target URI. Other records (requests, metadata, images) are
// passed over; a broken record is reported and the rest still read.
func WARC(ctx context.Context, name string, r io.Reader, emit Emit, warn Warn) error {
	wr, err := gowarc.NewWarcFileReaderFromStream(r, 0, gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn), gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore))
	if err != nil {
		warn(Problem{Where: name, Reason: "open warc: " + err.Error(), Skipped: true})
		return nil
	}
	defer wr.Close()
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, off, _, err := wr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		where := fmt.Sprintf("%s#%d", name, off)
		if err != nil {
			warn(Problem{Where: where, Reason: "read warc record: " + err.Error() + "; rest of file skipped", Skipped: true})
			return nil
		}
		if rec.Type() != gowarc.Response {
			continue
		}
		a, ok, err := warcArticle(name, rec)
		if err != nil {
			warn(Problem{Where: where, Reason: err.Error(), Skipped: true})
			continue
		}
		if !ok {
			continue
		}
		a.Origin = where
		if n := repair(&a); n > 0 {
			warn(Problem{Where: where, Reason: fmt.Sprintf("repaired %d invalid UTF-8 sequences", n)})
		}
		if err := emit(a); err != nil {
			return err
		}
	}
}

// warcArticle extracts an article from an HTML response record; ok is false
// for responses that are not HTML pages.
func warcArticle(name string, rec gowarc.WarcRecord) (chorus.Article, bool, error) {
	uri := strings.Trim(rec.WarcHeader().Get(gowarc.WarcTargetURI), "<>")
	block, ok := rec.Block().(gowarc.HttpResponseBlock)
	if !ok {
		return chorus.Article{}, false, nil
	}
	if code := block.HttpStatusCode(); code < 200 || code >= 300 {
		return chorus.Article{}, false, nil
	}
	h := block.HttpHeader()
	ctype := ""
	if h != nil {
		ctype = h.Get("Content-Type")
	}
	if ctype != "" && !strings.Contains(strings.ToLower(ctype), "html") {
		return chorus.Article{}, false, nil
	}
	payload, err := block.PayloadBytes()
	if err != nil {
		return chorus.Article{}, false, fmt.Errorf("read payload of %s: %w", uri, err)
	}
	body := io.Reader(bufio.NewReader(payload))
	if h != nil {
		if strings.EqualFold(h.Get("Transfer-Encoding"), "chunked") {
			body = httputil.NewChunkedReader(body)
		}
		switch strings.ToLower(h.Get("Content-Encoding")) {
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(body)
			if err != nil {
				return chorus.Article{}, false, fmt.Errorf("decompress %s: %w", uri, err)
			}
			body = zr
		case "deflate":
			body = flate.NewReader(body)
		}
	}
	if ctype != "" {
		if cr, err := charset.NewReader(body, ctype); err == nil {
			body = cr
		}
	}
	data, err := readLimited(body, DefaultMaxSize)
	if err != nil {
		return chorus.Article{}, false, fmt.Errorf("read body of %s: %w", uri, err)
	}
	a, err := HTML(name+" "+uri, data, uri)
	if err != nil {
		return chorus.Article{}, false, err
	}
	a.ID = uri
	a.URL = uri
	if a.Outlet == "" {
		a.Outlet = hostOutlet(uri)
	}
	if d, err := rec.Date(); err == nil && a.Published.IsZero() {
		a.Meta = map[string]any{"crawled": d.UTC().Format("2006-01-02T15:04:05Z")}
	}
	return a, true, nil
}

// toUTF8 decodes HTML in a legacy charset (declared in a meta tag, or
// guessed) to UTF-8; valid UTF-8 comes back untouched with an empty name.
func toUTF8(data []byte) ([]byte, string) {
	if isUTF8(data) {
		return data, ""
	}
	enc, name, _ := charset.DetermineEncoding(data, "text/html")
	if name == "utf-8" {
		return data, ""
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return data, ""
	}
	return out, name
}

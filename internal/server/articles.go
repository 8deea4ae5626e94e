package server

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chorusnews/chorus"
)

// webURL returns raw if it is an absolute http(s) URL, else "".
func webURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, err := s.opt.Articles.Article(r.Context(), id)
	if errors.Is(err, chorus.ErrNotFound) {
		problem(w, r, http.StatusNotFound, "Article not found", "No article has id "+strconv.Quote(id)+".")
		return
	}
	if err != nil {
		s.internal(w, r, "load the article", err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// authorize checks the bearer token of a write and answers when it fails.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	if s.opt.Token == "" {
		problem(w, r, http.StatusForbidden, "Read-only server",
			"This server was started without a write token (--token or CHORUS_TOKEN), so it accepts no writes.")
		return false
	}
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(s.opt.Token)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="chorus"`)
		detail := "Writes need the header \"Authorization: Bearer <token>\"."
		if r.Header.Get("Authorization") != "" {
			detail = "The bearer token is wrong."
		}
		problem(w, r, http.StatusUnauthorized, "Unauthorized", detail)
		return false
	}
	return true
}

// requestName prefixes places in ingest problems.
const requestName = "request"

// apiPostArticles ingests a JSON object, a JSON array of objects or JSONL
// (one object a line), all or nothing.
func (s *Server) apiPostArticles(w http.ResponseWriter, r *http.Request) {
	if !s.authorize(w, r) {
		return
	}
	if s.opt.Ingester == nil {
		problem(w, r, http.StatusNotImplemented, "Ingest unavailable", "This server has no ingest pipeline.")
		return
	}
	if r.ContentLength > s.opt.MaxBody {
		s.tooLarge(w, r)
		return
	}
	body := http.MaxBytesReader(w, r.Body, s.opt.MaxBody)
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var in io.Reader = body
	array := false
	switch ct {
	case "application/json":
		lines, isArray, perr, err := jsonToLines(body)
		if err != nil {
			if isTooLarge(err) {
				s.tooLarge(w, r)
				return
			}
			problem(w, r, http.StatusBadRequest, "Bad request body", "read body: "+err.Error())
			return
		}
		if perr != nil {
			problem(w, r, http.StatusBadRequest, "Invalid JSON", perr.Where+": "+perr.Reason, *perr)
			return
		}
		in, array = bytes.NewReader(lines), isArray
	case "", "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines", "text/plain":
	default:
		problem(w, r, http.StatusUnsupportedMediaType, "Unsupported media type",
			"Send application/json (an article object or a list of them) or application/x-ndjson (one article a line).")
		return
	}
	res, err := s.opt.Ingester.Ingest(r.Context(), requestName, in)
	var ie *InputError
	if !errors.As(err, &ie) && !isTooLarge(err) {
		// Articles (and through clustering, stories) may have changed.
		s.reports.invalidate()
	}
	switch {
	case isTooLarge(err):
		s.tooLarge(w, r)
		return
	case errors.As(err, &ie):
		ps := ie.Problems
		if array {
			ps = itemPlaces(ps)
		}
		detail := (&InputError{Problems: ps}).Error()
		problem(w, r, http.StatusBadRequest, "Invalid articles", detail, ps...)
		return
	case err != nil:
		s.internal(w, r, "ingest the articles", err)
		return
	}
	if array {
		res.Warnings = itemPlaces(res.Warnings)
	}
	res.New, res.Updated, res.Unchanged = nonNil(res.New), nonNil(res.Updated), nonNil(res.Unchanged)
	s.log.Info("ingested", "read", res.Read, "new", len(res.New), "updated", len(res.Updated), "unchanged", len(res.Unchanged))
	writeJSON(w, http.StatusOK, res)
}

// itemPlaces renames "request:N" to "request[N-1]" for array bodies, where
// line N is item N-1.
func itemPlaces(ps []Problem) []Problem {
	out := make([]Problem, len(ps))
	for i, p := range ps {
		if p.Line > 0 {
			p.Where = fmt.Sprintf("%s[%d]", requestName, p.Line-1)
		}
		out[i] = p
	}
	return out
}

func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

func (s *Server) tooLarge(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Connection", "close")
	problem(w, r, http.StatusRequestEntityTooLarge, "Request body too large",
		fmt.Sprintf("The body is larger than %d bytes; send fewer articles per request.", s.opt.MaxBody))
}

// jsonToLines turns a JSON body (an object, or an array of objects) into
// JSONL, one compact object a line. A syntax error comes back as a problem
// naming the line and column of the body.
func jsonToLines(body io.Reader) (lines []byte, array bool, perr *Problem, err error) {
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, false, nil, err
	}
	var v json.RawMessage
	if err := json.Unmarshal(data, &v); err != nil {
		line, col := 1, 1
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col = position(data, se.Offset)
		} else {
			line, col = position(data, int64(len(data)))
		}
		return nil, false, &Problem{Where: fmt.Sprintf("%s:%d", requestName, line), Line: line,
			Reason: fmt.Sprintf("invalid JSON: line %d column %d: %v", line, col, err)}, nil
	}
	t := bytes.TrimSpace(v)
	var items []json.RawMessage
	if len(t) > 0 && t[0] == '[' {
		array = true
		if err := json.Unmarshal(t, &items); err != nil {
			return nil, true, &Problem{Where: requestName, Reason: "invalid JSON: " + err.Error()}, nil
		}
	} else {
		items = []json.RawMessage{t}
	}
	var buf bytes.Buffer
	for _, it := range items {
		if err := json.Compact(&buf, it); err != nil {
			return nil, array, &Problem{Where: requestName, Reason: "invalid JSON: " + err.Error()}, nil
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes(), array, nil, nil
}

// position converts a byte offset into a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	line, col = 1, 1
	for _, b := range data[:min(int(off), len(data))] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

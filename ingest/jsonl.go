package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/chorusnews/chorus"
)

// maxLine is the longest JSON line accepted.
const maxLine = 64 << 20

// known JSONL fields; everything else is kept in Article.Meta.
var jsonlFields = map[string]bool{"id": true, "url": true, "outlet": true, "title": true, "authors": true,
	"published": true, "language": true, "text": true, "html": true}

// JSONL reads one article per line. Fields: id, url, outlet, title,
// authors (string or list), published, language, and text or html; other
// fields are kept as metadata. Ids are kept exactly as written (a numeric
// id keeps its digits). A malformed line is reported as "name:line: reason"
// and skipped; the rest of the input is still read.
func JSONL(ctx context.Context, name string, r io.Reader, emit Emit, warn Warn) error {
	return jsonlLines(ctx, name, r, maxLine, emit, warn)
}

// jsonlLines is JSONL with lines longer than limit bytes refused.
func jsonlLines(ctx context.Context, name string, r io.Reader, limit int, emit Emit, warn Warn) error {
	if limit <= 0 || limit > maxLine {
		limit = maxLine
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, min(64<<10, limit)), limit)
	line := 0
	for sc.Scan() {
		line++
		if line%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		where := fmt.Sprintf("%s:%d", name, line)
		// encoding/json would replace invalid UTF-8 silently: count first.
		repaired := 0
		if !utf8.Valid(raw) {
			repaired = countInvalid(string(raw))
			raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
		}
		a, problems, err := jsonlArticle(where, raw)
		for _, p := range problems {
			warn(Problem{Where: where, Reason: p})
		}
		if err != nil {
			warn(Problem{Where: where, Reason: err.Error(), Skipped: true})
			continue
		}
		a.Repaired += repaired
		a.Origin = where
		if n := repair(&a) + repaired; n > 0 {
			warn(Problem{Where: where, Reason: fmt.Sprintf("repaired %d invalid UTF-8 sequences", n)})
		}
		if err := emit(a); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			warn(Problem{Where: fmt.Sprintf("%s:%d", name, line+1), Reason: fmt.Sprintf("line longer than %s (raise --max-size); rest of file skipped", humanSize(int64(limit))), Skipped: true})
			return nil
		}
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

// jsonlArticle decodes one line. Non-fatal problems (an unparsable date)
// are returned alongside the article.
func jsonlArticle(where string, raw []byte) (chorus.Article, []string, error) {
	var a chorus.Article
	var fields map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&fields); err != nil {
		return a, nil, fmt.Errorf("invalid JSON: %w", jsonError(raw, err))
	}
	if dec.More() {
		return a, nil, fmt.Errorf("invalid JSON: more than one value on the line")
	}
	var problems []string
	str := func(key string) (string, error) {
		v, ok := fields[key]
		if !ok || string(v) == "null" {
			return "", nil
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", fmt.Errorf("field %q: want a string, got %s", key, jsonKind(v))
		}
		return s, nil
	}
	var err error
	if v, ok := fields["id"]; ok && string(v) != "null" {
		var n json.Number
		if err := json.Unmarshal(v, &a.ID); err != nil {
			if json.Unmarshal(v, &n) != nil {
				return a, nil, fmt.Errorf("field \"id\": want a string or number, got %s", jsonKind(v))
			}
			a.ID = n.String()
		}
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{"url", &a.URL}, {"outlet", &a.Outlet}, {"title", &a.Title}, {"language", &a.Language}, {"text", &a.Text}} {
		if *f.dst, err = str(f.key); err != nil {
			return a, nil, err
		}
	}
	if v, ok := fields["authors"]; ok && string(v) != "null" {
		var one string
		if json.Unmarshal(v, &one) == nil {
			if one = strings.TrimSpace(one); one != "" {
				a.Authors = []string{one}
			}
		} else if err := json.Unmarshal(v, &a.Authors); err != nil {
			return a, nil, fmt.Errorf("field \"authors\": want a string or a list of strings, got %s", jsonKind(v))
		}
	}
	a.Meta = map[string]any{}
	if v, ok := fields["published"]; ok && string(v) != "null" {
		var s string
		var n json.Number
		switch {
		case json.Unmarshal(v, &s) == nil && strings.TrimSpace(s) != "":
			if t, err := parseTime(strings.TrimSpace(s)); err == nil {
				a.Published = t
			} else {
				problems = append(problems, fmt.Sprintf("field \"published\": %v; kept as meta.published_raw", err))
				a.Meta["published_raw"] = s
			}
		case json.Unmarshal(v, &n) == nil:
			if t, err := parseTime(n.String()); err == nil {
				a.Published = t
			} else {
				problems = append(problems, fmt.Sprintf("field \"published\": %v; kept as meta.published_raw", err))
				a.Meta["published_raw"] = n.String()
			}
		}
	}
	html, err := str("html")
	if err != nil {
		return a, nil, err
	}
	if strings.TrimSpace(a.Text) == "" && strings.TrimSpace(html) == "" {
		return a, nil, fmt.Errorf("missing field \"text\" or \"html\"")
	}
	if strings.TrimSpace(a.Text) == "" {
		page, err := HTML(where, []byte(html), a.URL)
		if err != nil {
			return a, nil, fmt.Errorf("field \"html\": %w", err)
		}
		mergeFrom(&a, page)
	}
	for k, v := range fields {
		if jsonlFields[k] {
			continue
		}
		var val any
		d := json.NewDecoder(bytes.NewReader(v))
		d.UseNumber()
		if err := d.Decode(&val); err == nil {
			a.Meta[k] = val
		}
	}
	if len(a.Meta) == 0 {
		a.Meta = nil
	}
	if a.Outlet == "" && a.URL != "" {
		a.Outlet = hostOutlet(a.URL)
	}
	if a.ID == "" {
		if a.URL != "" {
			a.ID = "url-" + shortHash(a.URL)
		} else {
			a.ID = "sha256-" + shortHash(a.Text)
		}
	}
	return a, problems, nil
}

// mergeFrom fills empty fields of a from an extracted page.
func mergeFrom(a *chorus.Article, page chorus.Article) {
	a.Text = page.Text
	if a.Title == "" {
		a.Title = page.Title
	}
	if a.Outlet == "" {
		a.Outlet = page.Outlet
	}
	if a.Language == "" {
		a.Language = page.Language
	}
	if len(a.Authors) == 0 {
		a.Authors = page.Authors
	}
	if a.Published.IsZero() {
		a.Published = page.Published
	}
	if a.URL == "" {
		a.URL = page.URL
	}
}

func jsonKind(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "a list"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// jsonError adds the column of a JSON syntax error.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := 1, 1
		for _, b := range data[:min(int(se.Offset), len(data))] {
			if b == '\n' {
				line++
				col = 1
			} else {
				col++
			}
		}
		if bytes.IndexByte(data, '\n') < 0 {
			return fmt.Errorf("column %d: %w", col, err)
		}
		return fmt.Errorf("line %d column %d: %w", line, col, err)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("unexpected end of input")
	}
	return err
}

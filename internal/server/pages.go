package server

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
)

// Page is what the layout needs on every page.
type Page struct {
	Title    string
	Query    string
	ReadOnly bool
}

func (s *Server) page(title string, r *http.Request) Page {
	return Page{Title: title, Query: r.URL.Query().Get("q"), ReadOnly: s.opt.Token == ""}
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes a page into a buffer first, so a template error becomes
// a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	s.renderKeep(w, r, status, name, data, nil)
}

// renderKeep is render that also hands a copy of the page to keep, when
// keep is not nil and rendering succeeded.
func (s *Server) renderKeep(w http.ResponseWriter, r *http.Request, status int, name string, data any, keep func([]byte)) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	t := s.pages[name]
	if err := t.ExecuteTemplate(buf, "base", data); err != nil {
		s.log.Error("render page", "page", name, "path", r.URL.Path, "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("Internal error: the page could not be rendered.\n"))
		return
	}
	if keep != nil {
		keep(bytes.Clone(buf.Bytes()))
	}
	writeHTML(w, status, buf.Bytes())
}

func writeHTML(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

package server

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// problemDetails is an RFC 9457 problem, with Chorus's extension members.
type problemDetails struct {
	Type     string    `json:"type"`
	Title    string    `json:"title"`
	Status   int       `json:"status"`
	Detail   string    `json:"detail,omitempty"`
	Instance string    `json:"instance,omitempty"`
	Errors   []Problem `json:"errors,omitempty"`
}

// problem writes an RFC 9457 problem+json response.
func problem(w http.ResponseWriter, r *http.Request, status int, title, detail string, errs ...Problem) {
	p := problemDetails{Type: "about:blank", Title: title, Status: status, Detail: detail, Instance: r.URL.Path, Errors: errs}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(p)
}

// fail reports an error the way the request expects: problem+json for the
// API, a plain page for the web.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, title, detail string) {
	if isAPI(r) {
		problem(w, r, status, title, detail)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "error", errorPage{Page: s.page(title, r), Status: status, Detail: detail})
}

type errorPage struct {
	Page
	Status int
	Detail string
}

func (s *Server) webNotFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, http.StatusNotFound, "Page not found", "There is no page at this address.")
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	problem(w, r, http.StatusNotFound, "Not found", "No API endpoint "+strconv.Quote(r.Method+" "+r.URL.Path)+".")
}

// writeJSON writes v as JSON. encoding/json escapes <, > and & as \u003c,
// \u003e and \u0026, so no markup survives even if the content type were
// ignored.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

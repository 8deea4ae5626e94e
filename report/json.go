package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// JSON writes the report in the documented schema (docs/report-schema.md),
// indented. Nil story lists are written as [] and the schema version is
// filled in.
func JSON(w io.Writer, r Report) error {
	r.SchemaVersion = SchemaVersion
	if r.Stories == nil {
		r.Stories = []Story{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// Formats are the names Render accepts.
var Formats = []string{"text", "md", "json", "html"}

// Render writes the report in the named format: "text", "md", "json" or
// "html".
func Render(w io.Writer, r Report, format string, opts Options) error {
	switch format {
	case "text":
		return Text(w, r, opts)
	case "md", "markdown":
		return Markdown(w, r, opts)
	case "json":
		return JSON(w, r)
	case "html":
		return HTML(w, r, opts)
	}
	return fmt.Errorf("unknown report format %q (want text, md, json or html)", format)
}

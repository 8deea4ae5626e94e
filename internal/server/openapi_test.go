package server

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestOpenAPIMatchesMux checks docs/openapi.yaml against the real mux:
// every documented operation is served by the pattern it names, and every
// documented route of the server is in the file.
func TestOpenAPIMatchesMux(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(moduleRoot(t), "docs", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                               `yaml:"openapi"`
		Paths   map[string]map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("parse openapi.yaml: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q, want 3.x", doc.OpenAPI)
	}
	f := newFixture(t, fixtureOpts{noSeeds: true})
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			switch method {
			case "get", "post", "put", "patch", "delete", "head", "options":
			default:
				continue
			}
			pattern := strings.ToUpper(method) + " " + path
			documented = append(documented, pattern)
			// The mux must route a concrete request to exactly this pattern.
			concrete := strings.NewReplacer("{id}", "some-id").Replace(path)
			req := httptest.NewRequest(strings.ToUpper(method), concrete, nil)
			if got := f.srv.Pattern(req); got != pattern {
				t.Errorf("openapi %s: the mux routes %s %s to %q", pattern, req.Method, concrete, got)
			}
		}
	}
	served := f.srv.DocumentedRoutes()
	for _, r := range served {
		if !slices.Contains(documented, r) {
			t.Errorf("route %q is served but not in docs/openapi.yaml", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(served, d) {
			t.Errorf("openapi operation %q is not a route of the server", d)
		}
	}
	if len(documented) == 0 {
		t.Fatal("no operations in docs/openapi.yaml")
	}
}

// TestOpenAPIReportSchema checks the real story report against the Report
// schema of docs/openapi.yaml: every required field is present, at the
// top level and in the first item of each list.
func TestOpenAPIReportSchema(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(moduleRoot(t), "docs", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	type schema struct {
		Required   []string           `yaml:"required"`
		Properties map[string]*schema `yaml:"properties"`
		Items      *schema            `yaml:"items"`
	}
	var doc struct {
		Components struct {
			Schemas map[string]*schema `yaml:"schemas"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	rs := doc.Components.Schemas["Report"]
	if rs == nil {
		t.Fatal("no Report schema")
	}
	f, sid := newClusteredFixture(t, "")
	_, body := f.do(t, "GET", "/api/stories/"+sid, "", "", "")
	var got map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	var check func(where string, s *schema, v any)
	check = func(where string, s *schema, v any) {
		if s == nil {
			return
		}
		switch v := v.(type) {
		case map[string]any:
			for _, k := range s.Required {
				if _, ok := v[k]; !ok {
					t.Errorf("%s: required field %q missing", where, k)
				}
			}
			for k, ps := range s.Properties {
				if pv, ok := v[k]; ok {
					check(where+"."+k, ps, pv)
				}
			}
		case []any:
			if len(v) > 0 {
				check(where+"[0]", s.Items, v[0])
			}
		}
	}
	check("report", rs, got)
	for k := range got {
		if _, ok := rs.Properties[k]; !ok {
			t.Errorf("report field %q is not in the Report schema", k)
		}
	}
}

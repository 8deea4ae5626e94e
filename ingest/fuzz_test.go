package ingest

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chorusnews/chorus"
)

// checkArticle is the property every reader guarantees for what it emits.
func checkArticle(t *testing.T, a chorus.Article) {
	t.Helper()
	if a.ID == "" {
		t.Fatalf("accepted an article with an empty id: %+v", a)
	}
	for name, s := range map[string]string{"id": a.ID, "title": a.Title, "text": a.Text, "outlet": a.Outlet, "url": a.URL} {
		if !utf8.ValidString(s) {
			t.Fatalf("field %s is not valid UTF-8: %q", name, s)
		}
	}
	if strings.TrimSpace(a.Text) == "" {
		t.Fatalf("accepted an article with no text: %+v", a)
	}
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"hello"}`))
	f.Add([]byte(`{"id":1,"title":"t","text":"x","authors":["a"],"published":"2025-02-12"}` + "\n" + `{"id":"b","html":"<p>hi</p>"}`))
	f.Add([]byte(`{"text":"no id"}`))
	f.Add([]byte("{\"id\":\"\xff\",\"text\":\"\xfe\"}"))
	f.Add([]byte(`{"id":"c","text":"x"} trailing`))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := JSONL(context.Background(), "fuzz.jsonl", strings.NewReader(string(data)), func(a chorus.Article) error {
			checkArticle(t, a)
			return nil
		}, func(p Problem) {
			if !strings.HasPrefix(p.Where, "fuzz.jsonl:") {
				t.Fatalf("problem does not name file and line: %v", p)
			}
		})
		if err != nil {
			t.Fatalf("JSONL returned %v; problems must be warnings", err)
		}
	})
}

func FuzzText(f *testing.F) {
	f.Add([]byte("Headline here\n\nBody text."))
	f.Add([]byte("5:29 am today\n\nUS says Ukraine cannot expect\n"))
	f.Add([]byte("\ufeff# Title\r\nbody\r"))
	f.Add([]byte("bad \xff bytes"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Text("id", data)
		if err != nil {
			return
		}
		src := source{name: "fuzz.txt"}
		a = src.finish(a, func(Problem) {})
		checkArticle(t, a)
		if strings.Contains(a.Title, "\n") {
			t.Fatalf("title spans lines: %q", a.Title)
		}
	})
}

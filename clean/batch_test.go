package clean

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"testing"

	"github.com/chorusnews/chorus"
	"github.com/chorusnews/chorus/internal/evaldata"
)

// batchArticles reads ECB+ dev articles and spreads them over five
// outlets, each of which appends its own footer to most of its articles
// and a shared promo to some, so that the outlet memory has work to do.
func batchArticles(t *testing.T) []chorus.Article {
	path := evaldata.Require(t, "ecbplus", "dev.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []chorus.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		n := len(arts)
		outlet := fmt.Sprintf("outlet%d.example", n%5)
		text := r.Text
		if n%4 != 0 {
			text += fmt.Sprintf("\nThis report is part of the %s world desk series.", outlet)
		}
		if n%3 == 0 {
			text += "\nSign up for our free daily newsletter."
			text += "\nThe regional editions carry further coverage each weekday."
		}
		a := chorus.Article{ID: r.ID, Outlet: outlet, Text: text}
		if n%50 == 0 {
			a.ID = "" // keyed by its text's hash
		}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return arts
}

// CleanBatch gives every article what Clean gives it when articles are
// cleaned one by one in the same order, batch boundaries included.
func TestCleanBatchEqualsOneByOne(t *testing.T) {
	ctx := context.Background()
	arts := batchArticles(t)
	want := make([]chorus.Article, len(arts))
	copy(want, arts)
	one := New(NewMemory())
	for i := range want {
		if err := one.Clean(ctx, &want[i]); err != nil {
			t.Fatal(err)
		}
	}
	memoryDrops := 0
	for _, a := range want {
		for _, r := range a.Removed {
			if r.Filter == "outlet-boilerplate" {
				memoryDrops++
			}
		}
	}
	if memoryDrops == 0 {
		t.Fatal("the outlet memory removed nothing: the test exercises too little")
	}
	for _, size := range []int{1, 37, 500, len(arts)} {
		got := make([]chorus.Article, len(arts))
		copy(got, arts)
		c := New(NewMemory())
		for lo := 0; lo < len(got); lo += size {
			if err := c.CleanBatch(ctx, got[lo:min(lo+size, len(got))]); err != nil {
				t.Fatal(err)
			}
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("batch size %d, article %d (%s): batch and one-by-one cleaning differ:\n%+v\n%+v", size, i, got[i].ID, got[i].Removed, want[i].Removed)
			}
		}
	}
	t.Logf("%d articles, %d lines removed by the outlet memory", len(arts), memoryDrops)
}

package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/chorusnews/chorus/report"
)

// TestServeShutsDownGracefully cancels the serving context while a slow
// request is in flight: the request still completes, Serve returns nil and
// the port stops accepting.
func TestServeShutsDownGracefully(t *testing.T) {
	started := make(chan struct{})
	rep := reporterFunc(func(ctx context.Context, id string) (report.Story, error) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		return report.Story{ID: id}, nil
	})
	f := newFixture(t, fixtureOpts{stories: true, reporter: rep})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ctx, ln) }()

	type result struct {
		status int
		body   string
		err    error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/api/stories/brussels")
		if err != nil {
			res <- result{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		res <- result{status: resp.StatusCode, body: string(b), err: err}
	}()
	<-started
	cancel()
	r := <-res
	if r.err != nil || r.status != 200 {
		t.Fatalf("in-flight request: status %d, err %v, body %s", r.status, r.err, r.body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(ShutdownTimeout + time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		c.Close()
		t.Error("still accepting connections after shutdown")
	}
}

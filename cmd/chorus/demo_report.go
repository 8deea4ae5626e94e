package main

import (
	"context"
	"fmt"

	"github.com/chorusnews/chorus/sqlite"
)

// demoReport prints what the later stages make of the example. Until the
// consolidation stage lands, it says so.
func (a *app) demoReport(_ context.Context, _ *sqlite.Store) error {
	fmt.Fprintln(a.stdout, "\nStory consolidation (corroborated claims, quotes, conflicts) is not built yet;")
	fmt.Fprintln(a.stdout, "this demo shows the articles as ingested.")
	return nil
}

package main

import (
	"context"

	"github.com/chorusnews/chorus/sqlite"
)

// demoReport prints the consolidated report of the example's stories.
func (a *app) demoReport(ctx context.Context, st *sqlite.Store) error {
	return a.writeReport(ctx, st, "all", "text", a.stdout)
}

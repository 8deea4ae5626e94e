// Package examples embeds the bundled example corpus so that `chorus demo`
// works from any directory. It holds data only.
package examples

import "embed"

// Brussels2025 holds five reports of US Defense Secretary Pete Hegseth's
// remarks in Brussels on 12 February 2025, from five outlets, two of them
// machine-translated, all with their web boilerplate, under the directory
// "brussels-2025". sources.json names each file's outlet, identified by
// hand from the page's own boilerplate (one remains unidentified).
//
//go:embed brussels-2025
var Brussels2025 embed.FS

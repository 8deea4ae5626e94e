//go:build !unix

package clean

import "time"

// cpuTime is not measured on this platform.
func cpuTime() time.Duration { return 0 }

//go:build unix

package clean

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) this process has used, so that
// benchmarks can report a figure that a loaded machine does not inflate.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

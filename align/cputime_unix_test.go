//go:build unix

package align

import (
	"syscall"
	"time"
)

// cpuTime returns the process's user plus system CPU time; benchmarks report
// it per op because the shared 2-core machine makes wall time noisy.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

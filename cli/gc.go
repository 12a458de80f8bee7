package cli

import (
	"os"
	"runtime/debug"
)

// Most switchrole runs last milliseconds: collecting garbage then costs more
// than it frees (a 100,000-target `list --filter` spends ~25% of its time in
// the collector). Unless the user tuned the GC, one-shot commands run with it
// off below a 1 GiB soft limit, and the long-running picker turns it back on.

const shortRunMemoryLimit = 1 << 30

// gcTuned reports whether the user set GOGC or GOMEMLIMIT themselves.
func gcTuned() bool { return os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" }

// gcForShortRun switches the collector off for a one-shot command.
func gcForShortRun() {
	if gcTuned() {
		return
	}
	debug.SetMemoryLimit(shortRunMemoryLimit)
	debug.SetGCPercent(-1)
}

// gcForLongRun restores the default collector (the picker may run for hours).
func gcForLongRun() {
	if gcTuned() {
		return
	}
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(-1 >> 1)
}

// Package gctune switches Go's garbage collector off for one-shot commands
// and back on for long-running ones, unless the user tuned it.
package gctune

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

// ForShortRun switches the collector off for a one-shot command.
func ForShortRun() {
	if gcTuned() {
		return
	}
	debug.SetMemoryLimit(shortRunMemoryLimit)
	debug.SetGCPercent(-1)
}

// ForLongRun restores the default collector (the picker may run for hours).
func ForLongRun() {
	if gcTuned() {
		return
	}
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(-1 >> 1)
}

package fanout

import (
	"fmt"
	"io"
	"sync"
)

// Streams a child's line came from.
const (
	stdout = iota
	stderr
)

// screen owns the two outputs while a run lasts: every write goes through
// it under one lock, so lines from different targets never mix, and the
// progress line (on stderr, on a terminal) stays below the output: it is
// cleared before each line and drawn again after.
type screen struct {
	mu     sync.Mutex
	out    [2]io.Writer
	status string // the progress line shown now, "" when none
	// progress says whether to draw the progress line at all.
	progress bool
}

// clearLine moves to the start of the line and erases it.
const clearLine = "\r\x1b[K"

// write writes b whole to the given stream.
func (s *screen) write(stream int, b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.status != "" {
		io.WriteString(s.out[stderr], clearLine)
	}
	s.out[stream].Write(b)
	if s.status != "" {
		io.WriteString(s.out[stderr], s.status)
	}
}

// setProgress replaces the progress line (when progress is drawn).
func (s *screen) setProgress(done, failed, running, total int) {
	if !s.progress {
		return
	}
	status := fmt.Sprintf("%d of %d done", done, total)
	if failed > 0 {
		status += fmt.Sprintf(", %d failed", failed)
	}
	status += fmt.Sprintf(", %d running", running)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status = status
	io.WriteString(s.out[stderr], clearLine+status)
}

// endProgress erases the progress line for good.
func (s *screen) endProgress() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.status != "" {
		io.WriteString(s.out[stderr], clearLine)
		s.status = ""
	}
	s.progress = false
}

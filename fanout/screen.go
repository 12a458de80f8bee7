package fanout

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Streams a child's line came from.
const (
	stdout = iota
	stderr
)

// redrawEvery is how soon the progress line comes back after output
// cleared it: drawing it again after every line would double the writes
// of a chatty command.
const redrawEvery = 100 * time.Millisecond

// screen owns the two outputs while a run lasts: every write goes through
// it under one lock, so lines from different targets never mix, and the
// progress line (on stderr, on a terminal) stays below the output: a line
// of output clears it, and it is drawn again when the run's state changes
// or redrawEvery later.
type screen struct {
	mu     sync.Mutex
	out    [2]io.Writer
	status string // the progress line's text, "" before the first
	shown  bool   // the progress line is on screen now
	// progress says whether to draw the progress line at all.
	progress bool
}

// clearLine moves to the start of the line and erases it.
const clearLine = "\r\x1b[K"

// write writes b whole to the given stream.
func (s *screen) write(stream int, b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shown {
		io.WriteString(s.out[stderr], clearLine)
		s.shown = false
	}
	s.out[stream].Write(b)
}

// setProgress replaces the progress line and draws it (when progress is
// drawn).
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
	s.draw()
}

// draw shows the progress line; s.mu is held.
func (s *screen) draw() {
	if !s.progress || s.status == "" {
		return
	}
	io.WriteString(s.out[stderr], clearLine+s.status)
	s.shown = true
}

// redraw brings the progress line back after output cleared it, every
// redrawEvery until stop is closed.
func (s *screen) redraw(stop <-chan struct{}) {
	if !s.progress {
		return
	}
	tick := time.NewTicker(redrawEvery)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			s.mu.Lock()
			if !s.shown {
				s.draw()
			}
			s.mu.Unlock()
		case <-stop:
			return
		}
	}
}

// endProgress erases the progress line for good.
func (s *screen) endProgress() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shown {
		io.WriteString(s.out[stderr], clearLine)
		s.shown = false
	}
	s.progress = false
}

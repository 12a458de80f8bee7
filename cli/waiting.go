package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/switchrole/switchrole/aws"
)

// waitNoticeDelay is how long an AWS call may take before the terminal says
// what switchrole waits for: long enough that a normal call shows nothing,
// short enough that a silent network is never silence.
const waitNoticeDelay = 500 * time.Millisecond

// engineHooks connects the engine's notices to the terminal: the "waiting
// for …" line (only when stderr is a terminal, see waitNotice) and warnings
// (always, one line on stderr).
func engineHooks(e *aws.Engine, streams *IOStreams) {
	e.OnWait = waitNotice(streams, waitNoticeDelay)
	e.Warn = func(msg string) { fmt.Fprintln(streams.ErrOut, "switchrole: warning: "+msg) }
}

// waitNotice returns the engine's OnWait for streams. On a terminal stderr,
// a line "switchrole: waiting for STS (GetSessionToken for jump)... ctrl-c
// cancels" appears once a call has taken delay, and is erased when the call
// answers. Elsewhere (a pipe, a file, credential_process under another
// program) it returns nil: nothing is written.
func waitNotice(streams *IOStreams, delay time.Duration) func(aws.Wait) func() {
	if !streams.ErrIsTerminal {
		return nil
	}
	n := &notice{out: streams.ErrOut, delay: delay}
	return n.start
}

// notice draws one waiting line at a time on a terminal: a wait that
// starts while another is on (nested) draws nothing of its own.
type notice struct {
	out   io.Writer
	delay time.Duration
	mu    sync.Mutex
	busy  bool
}

func (n *notice) start(w aws.Wait) (answered func()) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.busy {
		return func() {}
	}
	n.busy = true
	var (
		done, shown bool
	)
	timer := time.AfterFunc(n.delay, func() {
		n.mu.Lock()
		defer n.mu.Unlock()
		if !done {
			shown = true
			fmt.Fprintf(n.out, "\rswitchrole: waiting for %s... ctrl-c cancels", w)
		}
	})
	return func() {
		timer.Stop()
		n.mu.Lock()
		defer n.mu.Unlock()
		done, n.busy = true, false
		if shown {
			fmt.Fprint(n.out, "\r\x1b[K") // back to the line's start, erase it
		}
	}
}

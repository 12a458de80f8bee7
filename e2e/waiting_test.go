package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/switchrole/switchrole/internal/fakeaws"
)

// TestWaitingForSTSIsShownOnATerminal: on a real terminal (tmux), a call
// STS is slow to answer shows what switchrole waits for, and the line is
// gone once STS answers; stdout (here a file, as under eval) gets only the
// exports.
func TestWaitingForSTSIsShownOnATerminal(t *testing.T) {
	w := newWorld(t)
	w.env.Server.SetFault(fakeaws.Fault{Latency: 3 * time.Second, Count: 1, Actions: []string{"GetSessionToken"}})
	out := t.TempDir() + "/exports"
	s := startTmux(t, w.vars, binary+" env prod-core/Admin --mfa-code "+w.code()+" > "+out+"; echo DONE=$?; sleep 60")
	s.waitFor(`switchrole: waiting for STS \(GetSessionToken for \S+\)\.\.\. ctrl-c cancels`)
	s.waitFor(`DONE=0`)
	if screen := s.screen(); strings.Contains(screen, "waiting for") {
		t.Errorf("the waiting line stayed after STS answered:\n%s", screen)
	}
}

// TestAFakeThatNeverAnswersEndsWithTheTimeout: off a terminal nothing but
// the final sentence is written, and it says which time-out ran out and
// after how long.
func TestAFakeThatNeverAnswersEndsWithTheTimeout(t *testing.T) {
	w := newWorld(t)
	w.env.Server.SetFault(fakeaws.Fault{Latency: time.Hour})
	r := w.run("", "env", "prod-core/Admin", "--mfa-code", w.code())
	assertFailedCleanly(t, w, r, "did not answer GetSessionToken", "within 20s", "whole call", w.env.Server.URL())
	if strings.Contains(r.stderr, "waiting") {
		t.Errorf("a waiting line off a terminal: %q", r.stderr)
	}
}

package cli

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchrole/switchrole/aws"
)

// lockedBuffer is a bytes.Buffer the notice's timer may write to while the
// test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

func TestWaitNoticeOnATerminal(t *testing.T) {
	streams, _, _ := TestStreams()
	out := &lockedBuffer{}
	streams.ErrOut, streams.ErrIsTerminal = out, true
	onWait := waitNotice(streams, 0)
	if onWait == nil {
		t.Fatal("no notice on a terminal")
	}
	answered := onWait(aws.Wait{Service: "STS", Op: "GetSessionToken", Target: "jump"})
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "ctrl-c") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if want := "\rswitchrole: waiting for STS (GetSessionToken for jump)... ctrl-c cancels"; out.String() != want {
		t.Fatalf("stderr = %q, want %q", out.String(), want)
	}
	answered()
	if !strings.HasSuffix(out.String(), "\r\x1b[K") {
		t.Errorf("the line is not erased when the call answers: %q", out.String())
	}
}

func TestWaitNoticeQuietWhenAnsweredInTime(t *testing.T) {
	streams, _, errOut := TestStreams()
	streams.ErrIsTerminal = true
	answered := waitNotice(streams, time.Hour)(aws.Wait{Service: "STS", Op: "AssumeRole", Target: "prod"})
	answered()
	if errOut.Len() != 0 {
		t.Errorf("a call that answered at once wrote %q", errOut.String())
	}
}

func TestWaitNoticeNothingOffATerminal(t *testing.T) {
	streams, _, _ := TestStreams()
	if waitNotice(streams, 0) != nil {
		t.Error("a notice for a stderr that is not a terminal (credential_process, a pipe)")
	}
	e := &aws.Engine{}
	engineHooks(e, streams)
	if e.OnWait != nil {
		t.Error("engineHooks set OnWait off a terminal")
	}
}

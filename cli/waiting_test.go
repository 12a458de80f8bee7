package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/switchrole/switchrole/aws"
)

func TestWaitNoticeOnATerminal(t *testing.T) {
	streams, _, _ := TestStreams()
	// A file, unlike a bytes.Buffer, may be written by the notice's timer
	// while the test reads it.
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := func() string { b, _ := os.ReadFile(f.Name()); return string(b) }
	streams.ErrOut, streams.ErrIsTerminal = f, true
	onWait := waitNotice(streams, 0)
	if onWait == nil {
		t.Fatal("no notice on a terminal")
	}
	answered := onWait(aws.Wait{Service: "STS", Op: "GetSessionToken", Target: "jump"})
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out(), "ctrl-c") && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if want := "\rswitchrole: waiting for STS (GetSessionToken for jump)... ctrl-c cancels"; out() != want {
		t.Fatalf("stderr = %q, want %q", out(), want)
	}
	answered()
	if !strings.HasSuffix(out(), "\r\x1b[K") {
		t.Errorf("the line is not erased when the call answers: %q", out())
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

func TestWaitNoticeNestedWaitsEndCleanly(t *testing.T) {
	streams, _, errOut := TestStreams()
	streams.ErrIsTerminal = true
	onWait := waitNotice(streams, time.Hour)
	outer := onWait(aws.Wait{Service: "STS", Op: "AssumeRole", Target: "prod"})
	inner := onWait(aws.Wait{Service: "STS", Op: "AssumeRole", Target: "prod"})
	inner()
	outer()
	again := onWait(aws.Wait{Service: "STS", Op: "AssumeRole", Target: "prod"})
	again()
	if errOut.Len() != 0 {
		t.Errorf("wrote %q", errOut.String())
	}
}

package ui

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// syncBuffer is the fake terminal's screen: written by the program, read by
// nobody but kept for failure messages.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// TestProgramFlow runs the real program with a fake terminal: it types a
// filter and enter as raw bytes, answers the MFA screen (first with a wrong
// code, then the right one) and checks the Result and that credentials
// were fetched before it was returned.
func TestProgramFlow(t *testing.T) {
	be := newFakeBackend()
	be.asks = make(chan MFARequest, 8)
	inR, inW := io.Pipe()
	defer inW.Close()

	// The filter sees every message before Update: once an MFA prompt has
	// gone by, keys written afterwards reach the MFA screen.
	prompts := make(chan MFARequest, 8)
	filter := func(_ tea.Model, msg tea.Msg) tea.Msg {
		if p, ok := msg.(mfaPromptMsg); ok {
			prompts <- p.req
		}
		return msg
	}
	opts := Options{
		Targets:   testTargets(),
		Backend:   be,
		StatePath: filepath.Join(t.TempDir(), "state.json"),
		Shell:     "/bin/sh",
		NoColor:   true,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	type outcome struct {
		res Result
		err error
	}
	done := make(chan outcome, 1)
	out := &syncBuffer{}
	go func() {
		res, err := run(ctx, opts,
			tea.WithContext(ctx), tea.WithInput(inR), tea.WithOutput(out),
			tea.WithWindowSize(80, 24), tea.WithColorProfile(colorprofile.Ascii),
			tea.WithFilter(filter), tea.WithoutSignals())
		done <- outcome{res, err}
	}()

	write := func(s string) {
		t.Helper()
		if _, err := io.WriteString(inW, s); err != nil {
			t.Fatalf("writing %q to the program: %v", s, err)
		}
	}
	waitPrompt := func() MFARequest {
		t.Helper()
		select {
		case r := <-prompts:
			return r
		case <-ctx.Done():
			t.Fatal("no MFA prompt appeared")
		}
		return MFARequest{}
	}

	write("prdcoreadm")
	write("\r")
	first := waitPrompt()
	if first.Target != "prod-core/Admin" || first.Attempt != 1 {
		t.Fatalf("first prompt = %+v, want prod-core/Admin attempt 1", first)
	}
	write("654321") // wrong: submitted on the sixth digit, refused
	second := waitPrompt()
	if second.Attempt != 2 || second.Rejection == "" {
		t.Fatalf("second prompt = %+v, want attempt 2 with AWS's rejection", second)
	}
	write("123 456") // typed with a space, as read from the phone

	var got outcome
	select {
	case got = <-done:
	case <-ctx.Done():
		t.Fatal("program did not end after the right code")
	}
	if got.err != nil {
		t.Fatalf("run error: %v", got.err)
	}
	if got.res.Target == nil || got.res.Target.Name != "prod-core/Admin" || got.res.Action != ActionShell {
		t.Fatalf("result = %+v, want shell in prod-core/Admin", got.res)
	}
	retrieved, _, _, _, codes := be.snapshot()
	if !slices.Equal(retrieved, []string{"prod-core/Admin"}) {
		t.Errorf("retrieved = %v, want [prod-core/Admin] before the result", retrieved)
	}
	if !slices.Equal(codes, []string{"654321", "123456"}) {
		t.Errorf("codes sent = %v", codes)
	}
}

// TestProgramCtrlCCancels checks that ctrl+c (raw byte 0x03) ends the
// program with ErrCancelled, even while an MFA prompt is open.
func TestProgramCtrlCCancels(t *testing.T) {
	be := newFakeBackend()
	inR, inW := io.Pipe()
	defer inW.Close()
	prompts, filter := promptWatch()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := run(ctx, Options{Targets: testTargets(), Backend: be, StatePath: filepath.Join(t.TempDir(), "s.json")},
			tea.WithContext(ctx), tea.WithInput(inR), tea.WithOutput(io.Discard),
			tea.WithWindowSize(60, 10), tea.WithFilter(filter), tea.WithoutSignals())
		done <- err
	}()
	io.WriteString(inW, "prod\r")
	select {
	case <-prompts:
	case <-ctx.Done():
		t.Fatal("no MFA prompt")
	}
	io.WriteString(inW, "\x03")
	select {
	case err := <-done:
		if err != ErrCancelled {
			t.Fatalf("err = %v, want ErrCancelled", err)
		}
	case <-ctx.Done():
		t.Fatal("ctrl+c did not end the program")
	}
	if r, _, _, _, _ := be.snapshot(); len(r) != 0 {
		t.Errorf("credentials were retrieved after ctrl+c: %v", r)
	}
}

// TestProgramEndsWhenItsContextEnds: the CLI cancels Run's context on
// SIGINT and SIGTERM, and Bubble Tea's own signal handler is off, so the
// context alone must end the program, the ordinary way, even at the MFA
// screen.
func TestProgramEndsWhenItsContextEnds(t *testing.T) {
	be := newFakeBackend()
	inR, inW := io.Pipe()
	defer inW.Close()
	prompts, filter := promptWatch()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := run(ctx, Options{Targets: testTargets(), Backend: be, StatePath: filepath.Join(t.TempDir(), "s.json")},
			tea.WithInput(inR), tea.WithOutput(io.Discard), tea.WithoutSignalHandler(),
			tea.WithWindowSize(60, 10), tea.WithFilter(filter))
		done <- err
	}()
	io.WriteString(inW, "prod\r")
	bound := time.After(20 * time.Second)
	select {
	case <-prompts:
	case <-bound:
		t.Fatal("no MFA prompt")
	}
	cancel()
	select {
	case err := <-done:
		if err != ErrCancelled {
			t.Fatalf("err = %v, want ErrCancelled", err)
		}
	case <-bound:
		t.Fatal("the program did not end with its context")
	}
}

// promptWatch is a program filter that signals each MFA prompt on the
// channel.
func promptWatch() (<-chan struct{}, func(tea.Model, tea.Msg) tea.Msg) {
	prompts := make(chan struct{}, 1)
	return prompts, func(_ tea.Model, msg tea.Msg) tea.Msg {
		if _, ok := msg.(mfaPromptMsg); ok {
			prompts <- struct{}{}
		}
		return msg
	}
}

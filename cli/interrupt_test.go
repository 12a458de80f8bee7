package cli

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"
)

func TestInterruptContextCancelsOnSignalOnceWaitedOn(t *testing.T) {
	ctx, stop := InterruptContext()
	defer stop()
	if ctx.Err() != nil {
		t.Fatalf("Err before any signal = %v", ctx.Err())
	}
	done := ctx.Done() // installs the handlers
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("Err after SIGTERM = %v", ctx.Err())
	}
}

func TestInterruptContextStoppedBeforeUse(t *testing.T) {
	ctx, stop := InterruptContext()
	stop()
	select {
	case <-ctx.Done():
	default:
		t.Fatal("a released context is not done")
	}
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("Err = %v", ctx.Err())
	}
	stop() // twice is fine
}

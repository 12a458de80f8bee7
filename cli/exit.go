package cli

import (
	"context"
	"errors"
	"fmt"
	"os/exec"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/config"
)

// Exit codes, the same for every command.
const (
	ExitOK        = 0
	ExitFailure   = 1
	ExitUsage     = 2 // bad flags, arguments or configuration
	ExitNotFound  = 127
	ExitCancelled = 130
)

// UsageError is a mistake in how switchrole was called.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usageErrorf(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// ExitStatus carries a child process's exit code through unchanged (exec,
// shell). It has no message of its own: the child already spoke.
type ExitStatus struct{ Code int }

func (e *ExitStatus) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// exitCoder is implemented by errors that know their own exit code (for
// example launch's "command not found", 127). *exec.ExitError has the
// method too, but is not one of them (see ExitCode).
type exitCoder interface{ ExitCode() int }

// ErrCancelled is returned when the user cancels (Ctrl-C, Esc in the picker).
var ErrCancelled = errors.New("cancelled")

// ExitCode maps an error from Execute to the process exit code.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var status *ExitStatus
	if errors.As(err, &status) {
		return status.Code
	}
	var coder exitCoder
	if errors.As(err, &coder) {
		// A helper's exit status (a credential_process the SDK ran, an
		// mfa_process) is part of a failure's story, never switchrole's
		// own exit code: only the commands switchrole runs for the user
		// (launch's errors) pass theirs on.
		if _, helper := coder.(*exec.ExitError); !helper {
			return coder.ExitCode()
		}
	}
	if errors.Is(err, ErrCancelled) || errors.Is(err, aws.ErrCancelled) || errors.Is(err, context.Canceled) {
		return ExitCancelled
	}
	var usage *UsageError
	var cfg *config.Error
	if errors.As(err, &usage) || errors.As(err, &cfg) {
		return ExitUsage
	}
	return ExitFailure
}

// Message is the one line printed for err on stderr ("" for none: a child's
// exit status or a cancellation says nothing more).
func Message(err error) string {
	var status *ExitStatus
	if err == nil || errors.As(err, &status) {
		return ""
	}
	if ExitCode(err) == ExitCancelled {
		return ""
	}
	return err.Error()
}

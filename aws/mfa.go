package aws

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// MFARequest describes one request for an MFA code, so a prompt can say
// which device, for what, and why it asks again.
type MFARequest struct {
	// Serial is the MFA device (ARN or hardware serial).
	Serial string
	// Target is the target being switched to; Source the jump identity whose
	// device it is.
	Target string
	Source string
	// Attempt counts from 1 to MaxAttempts.
	Attempt     int
	MaxAttempts int
	// Reason is why the previous code was not accepted: AWS's message, or a
	// note that codes are six digits. "" on the first attempt.
	Reason string
	// Process is the mfa_process command the engine runs for this code, ""
	// when the code comes from MFAFunc. Only Engine.OnMFAProcess sees it
	// set; the command may hold a TOTP seed, so it never goes into errors.
	Process string
}

// MFAFunc supplies an MFA code: the TUI, a /dev/tty prompt, a flag. It
// returns ErrCancelled (or ctx's error) when the user gives up.
type MFAFunc func(ctx context.Context, req MFARequest) (string, error)

// MFAAttempts is how many codes are tried before giving up.
const MFAAttempts = 3

// DefaultMFAProcessTimeout bounds an mfa_process command.
const DefaultMFAProcessTimeout = 30 * time.Second

// ErrCancelled is returned (wrapped) when the user cancels an MFA prompt.
var ErrCancelled = errors.New("MFA prompt cancelled")

const formatReason = "An MFA code is exactly 6 digits."

// validCode reports whether code looks like a TOTP code: six ASCII digits.
func validCode(code string) bool {
	if len(code) != 6 {
		return false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return true
}

// withMFA runs call with codes from the prompt (or mfaProcess when set) until
// AWS accepts one, up to MFAAttempts, telling the prompt why it asks again.
// Errors other than a rejected code end the loop at once.
func (e *Engine) withMFA(ctx context.Context, req MFARequest, mfaProcess string, call func(code string) error) error {
	req.MaxAttempts = MFAAttempts
	var last error
	for attempt := 1; attempt <= MFAAttempts; attempt++ {
		req.Attempt = attempt
		code, err := e.mfaCode(ctx, req, mfaProcess)
		if err != nil {
			return err
		}
		if !validCode(code) {
			req.Reason = formatReason
			last = nil
			continue
		}
		err = call(code)
		if err == nil {
			return nil
		}
		if !invalidMFA(err) {
			return err
		}
		last = err
		req.Reason = apiMessage(err)
	}
	return mfaError(req.Serial, req.Target, MFAAttempts, req.Reason, last)
}

// mfaCode asks mfaProcess when set (telling OnMFAProcess first), else the
// engine's MFA function.
func (e *Engine) mfaCode(ctx context.Context, req MFARequest, mfaProcess string) (string, error) {
	if mfaProcess != "" {
		req.Process = mfaProcess
		if e.OnMFAProcess != nil {
			e.OnMFAProcess(ctx, req)
		}
		return e.runMFAProcess(ctx, req)
	}
	if e.MFA == nil {
		return "", mfaUnavailableError(req.Serial, req.Target)
	}
	code, err := e.MFA(ctx, req)
	if err != nil {
		if errors.Is(err, ErrCancelled) || errors.Is(err, context.Canceled) {
			return "", fmt.Errorf("MFA code for %s: %w", req.Target, ErrCancelled)
		}
		return "", fmt.Errorf("read MFA code for %s: %w", req.Target, err)
	}
	return strings.TrimSpace(code), nil
}

// maxMFAOutput bounds what is read of an mfa_process command's stdout (and
// kept of its stderr): a code is six digits, and a runaway command (`yes`)
// must not fill memory. A command that prints more is stopped.
const maxMFAOutput = 4096

// runMFAProcess runs the mfa_process command req.Process and returns its
// trimmed stdout, which must be six digits. A line of plain words runs
// directly; one with shell syntax runs with `sh -c` (see mfaCommandWords).
// The command learns the device and target from SWITCHROLE_MFA_SERIAL and
// SWITCHROLE_MFA_TARGET. The code never appears in an error (stderr is
// quoted with digit runs masked), nor does the command line, which may hold
// a TOTP seed; nor does the command's exit status become switchrole's.
func (e *Engine) runMFAProcess(ctx context.Context, req MFARequest) (string, error) {
	timeout := e.MFAProcessTimeout
	if timeout <= 0 {
		timeout = DefaultMFAProcessTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var cmd *exec.Cmd
	if words, ok := mfaCommandWords(req.Process); ok {
		cmd = exec.CommandContext(ctx, words[0], words[1:]...)
	} else {
		cmd = exec.CommandContext(ctx, "sh", "-c", req.Process)
	}
	cmd.Env = append(os.Environ(), "SWITCHROLE_MFA_SERIAL="+req.Serial, "SWITCHROLE_MFA_TARGET="+req.Target)
	var stdout, stderr bytes.Buffer
	out := &limitedBuffer{buf: &stdout, max: maxMFAOutput, full: cancel}
	cmd.Stdout = out
	cmd.Stderr = &limitedBuffer{buf: &stderr, max: maxMFAOutput}
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	fail := func(problem string) error {
		return mfaProcessError(req.Source, problem, maskDigits(lastLine(stderr.String())))
	}
	var exitErr *exec.ExitError
	switch {
	case out.overflowed:
		return "", fail(fmt.Sprintf("printed more than %d bytes instead of a code, so it was stopped", maxMFAOutput))
	case ctx.Err() == context.DeadlineExceeded:
		return "", fail(fmt.Sprintf("did not finish within %s", timeout))
	case ctx.Err() != nil:
		return "", fmt.Errorf("mfa_process for %s: %w", req.Target, ErrCancelled)
	case errors.As(err, &exitErr) && exitErr.ExitCode() == 127 && cmd.Args[0] == "sh":
		return "", fail("could not be run: its program was not found (sh exit status 127)")
	case errors.As(err, &exitErr):
		// The exit status is told, not kept: an error that unwraps to
		// *exec.ExitError would make it switchrole's own exit code.
		return "", fail(fmt.Sprintf("failed with %s", exitErr.ProcessState))
	case err != nil:
		return "", fail(fmt.Sprintf("could not be run (%s)", startProblem(err, cmd.Args[0])))
	}
	code := strings.TrimSpace(stdout.String())
	if !validCode(code) {
		return "", mfaProcessError(req.Source, "did not print a 6-digit code on stdout", "")
	}
	return code, nil
}

// startProblem says why a program could not be started, naming only the
// program (never its arguments).
func startProblem(err error, program string) string {
	switch {
	case errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist):
		return fmt.Sprintf("program %s not found", program)
	case errors.Is(err, os.ErrPermission):
		return fmt.Sprintf("program %s is not executable", program)
	}
	return fmt.Sprintf("program %s could not be started", program)
}

// limitedBuffer keeps the first max bytes written and drops the rest, so a
// chatty command cannot grow memory without bound. When full is set, it is
// called once the limit is passed (to stop the command) and Write then
// fails, which ends the copy from the command's pipe.
type limitedBuffer struct {
	buf        *bytes.Buffer
	max        int
	full       func()
	overflowed bool
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	room := l.max - l.buf.Len()
	if room > 0 {
		l.buf.Write(p[:min(len(p), room)])
	}
	if len(p) > room && l.full != nil {
		if !l.overflowed {
			l.overflowed = true
			l.full()
		}
		return max(room, 0), errOutputLimit
	}
	return len(p), nil
}

var errOutputLimit = errors.New("output limit reached")

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// maskDigits replaces every run of six or more ASCII digits with as many
// asterisks, so a code that a failing mfa_process echoes to stderr (alone
// or inside a longer number) never reaches an error message.
func maskDigits(s string) string {
	out := []byte(s)
	for i := 0; i < len(out); {
		j := i
		for j < len(out) && '0' <= out[j] && out[j] <= '9' {
			j++
		}
		if j-i >= 6 {
			for k := i; k < j; k++ {
				out[k] = '*'
			}
		}
		i = max(j, i+1)
	}
	return string(out)
}

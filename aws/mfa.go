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
	return &MFAError{Serial: req.Serial, Target: req.Target, Tries: MFAAttempts, Reason: req.Reason, Err: last}
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
		return "", &MFAUnavailableError{Serial: req.Serial, Target: req.Target}
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

// runMFAProcess runs the mfa_process command req.Process with `sh -c` and
// returns its trimmed stdout, which must be six digits. The command learns
// the device and target from SWITCHROLE_MFA_SERIAL and
// SWITCHROLE_MFA_TARGET. The code never appears in an error (stderr is
// quoted with digit runs masked), nor does the command line, which may hold
// a TOTP seed.
func (e *Engine) runMFAProcess(ctx context.Context, req MFARequest) (string, error) {
	timeout := e.MFAProcessTimeout
	if timeout <= 0 {
		timeout = DefaultMFAProcessTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", req.Process)
	cmd.Env = append(os.Environ(), "SWITCHROLE_MFA_SERIAL="+req.Serial, "SWITCHROLE_MFA_TARGET="+req.Target)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &limitedBuffer{buf: &stderr, max: 4096}
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		return "", &MFAProcessError{Target: req.Source, Problem: fmt.Sprintf("did not finish within %s", timeout)}
	case ctx.Err() != nil:
		return "", fmt.Errorf("mfa_process for %s: %w", req.Target, ErrCancelled)
	case err != nil:
		return "", &MFAProcessError{Target: req.Source, Problem: fmt.Sprintf("failed (%v)", err), Stderr: maskDigits(lastLine(stderr.String())), Err: err}
	}
	code := strings.TrimSpace(stdout.String())
	if !validCode(code) {
		return "", &MFAProcessError{Target: req.Source, Problem: "did not print a 6-digit code on stdout"}
	}
	return code, nil
}

// limitedBuffer keeps the first max bytes written and drops the rest, so a
// chatty command cannot grow memory without bound.
type limitedBuffer struct {
	buf *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.buf.Len(); room > 0 {
		l.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

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

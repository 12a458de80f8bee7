package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/switchrole/switchrole/aws"
)

// ttyPath is the controlling terminal; prompts go there, never to stdout, so
// `eval "$(switchrole env x)"` and credential_process keep a clean stdout.
const ttyPath = "/dev/tty"

// mfaFunc returns where MFA codes come from: --mfa-code (or stdin with "-"),
// else a prompt on the terminal.
func (f *credentialFlags) mfaFunc(streams *IOStreams) (aws.MFAFunc, error) {
	code := f.mfaCode
	if code == "-" {
		line, err := bufio.NewReader(streams.In).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("read the MFA code from stdin: %w", err)
		}
		code = strings.TrimSpace(line)
		if code == "" {
			return nil, usageErrorf("--mfa-code - read nothing from stdin; pipe the 6-digit code in")
		}
		if !aws.ValidMFACode(code) {
			return nil, errNotMFACode
		}
	}
	if code != "" {
		return fixedMFA(code), nil
	}
	return ttyMFA, nil
}

// errNotMFACode refuses an --mfa-code that no device shows, before any AWS
// call. It does not repeat what was typed: it may be a real code.
var errNotMFACode = usageErrorf("--mfa-code takes the 6 digits your MFA device shows (or - to read them from stdin)")

// fixedMFA answers the first request with code and refuses to guess again.
func fixedMFA(code string) aws.MFAFunc {
	return func(_ context.Context, req aws.MFARequest) (string, error) {
		if req.Attempt > 1 {
			return "", fmt.Errorf("the MFA code given with --mfa-code was not accepted for %s (%s); run again with a fresh code",
				req.Serial, strings.TrimSuffix(req.Reason, "."))
		}
		return code, nil
	}
}

// ttyMFA asks for a code on the controlling terminal.
func ttyMFA(ctx context.Context, req aws.MFARequest) (string, error) {
	tty, err := os.OpenFile(ttyPath, os.O_RDWR, 0)
	if err != nil {
		return "", fmt.Errorf("%s needs an MFA code from %s but there is no terminal to ask on; pass --mfa-code or set mfa_process in the config",
			req.Target, req.Serial)
	}
	return promptMFA(ctx, tty, req)
}

// promptMFA writes the question to rw and reads one line back. It returns
// aws.ErrCancelled when ctx ends first (Ctrl-C).
func promptMFA(ctx context.Context, rw io.ReadWriteCloser, req aws.MFARequest) (string, error) {
	if req.Reason != "" {
		fmt.Fprintf(rw, "%s\n", req.Reason)
	}
	attempt := ""
	if req.Attempt > 1 {
		attempt = fmt.Sprintf(" (try %d of %d)", req.Attempt, req.MaxAttempts)
	}
	who := req.Target
	if req.Source != "" && req.Source != req.Target {
		who = fmt.Sprintf("%s via %s", req.Target, req.Source)
	}
	fmt.Fprintf(rw, "MFA code for %s [%s]%s: ", who, req.Serial, attempt)
	return answerOn(ctx, rw)
}

// answerOn reads the answer to a question just written to rw, one line
// without its spaces, and closes rw. It returns aws.ErrCancelled when ctx
// ends first (Ctrl-C) or at the end of input (Ctrl-D).
func answerOn(ctx context.Context, rw io.ReadWriteCloser) (string, error) {
	type result struct {
		line string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		line, err := bufio.NewReader(rw).ReadString('\n')
		done <- result{line, err}
	}()
	select {
	case <-ctx.Done():
		fmt.Fprintln(rw)
		rw.Close() // unblocks the reader goroutine
		return "", aws.ErrCancelled
	case r := <-done:
		if r.err != nil {
			// Ctrl-D (end of input) leaves the cursor after the
			// question: end its line so the next output starts clean.
			fmt.Fprintln(rw)
		}
		rw.Close()
		if r.err != nil && r.line == "" {
			return "", aws.ErrCancelled
		}
		return strings.TrimSpace(r.line), nil
	}
}

package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A credential_process that calls switchrole for the profile it belongs to
// is a loop: the AWS CLI runs switchrole, which runs the profile's
// credential_process while holding the profile's cache lock, which runs
// switchrole, which waited for that lock forever. Through a wrapper script
// the loop cannot be seen in the configuration; at run time the inner
// switchrole finds the lock held by its own caller and fails at once.
func TestCredentialProcessLoopingBackFailsAtOnce(t *testing.T) {
	needAWSCLI(t)
	w := newWorld(t)
	wrapper := filepath.Join(w.home, "get-creds.sh")
	if err := os.WriteFile(wrapper, []byte("#!/bin/sh\nexec "+binary+" credential-process prod-admin\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	appendAWSConfig(t, w, "\n[profile prod-admin]\ncredential_process = "+wrapper+"\nregion = us-east-1\n")

	code, stderr := runAWSBounded(t, w, "sts", "get-caller-identity", "--profile", "prod-admin", "--endpoint-url", w.env.Server.URL())
	if code == 0 {
		t.Fatal("the loop succeeded")
	}
	if !strings.Contains(stderr, `"prod-admin" loops back to switchrole`) {
		t.Errorf("stderr does not name the loop:\n%s", stderr)
	}
	t.Logf("aws said:\n%s", stderr)
	// Nothing is left waiting on the lock.
	r := w.run("", "credential-process", "prod-core/ReadOnly", "--mfa-code", w.code())
	if r.code != 0 {
		t.Errorf("after the loop: %s", r)
	}
}

// The same loop written out in the profile itself (switchrole
// credential-process prod-admin in [profile prod-admin]) ends as promptly,
// with a sentence naming the profile, whether the configuration or the run
// catches it.
func TestCredentialProcessNamingItselfFailsAtOnce(t *testing.T) {
	needAWSCLI(t)
	w := newWorld(t)
	appendAWSConfig(t, w, "\n[profile prod-admin]\ncredential_process = "+binary+" credential-process prod-admin\nregion = us-east-1\n")
	code, stderr := runAWSBounded(t, w, "sts", "get-caller-identity", "--profile", "prod-admin", "--endpoint-url", w.env.Server.URL())
	if code == 0 || !strings.Contains(stderr, `"prod-admin"`) {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

// runAWSBounded runs the real AWS CLI in the world, in a process group of
// its own: were it to hang, the test kills every process it started (the
// switchroles its credential_process ran included), not only the CLI.
func runAWSBounded(t *testing.T, w *world, args ...string) (code int, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.Command(awsCLI, args...)
	cmd.Env = w.vars
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return exitCode(err), errOut.String()
	case <-ctx.Done():
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		t.Fatalf("aws %s did not finish: %s", strings.Join(args, " "), errOut.String())
		return 0, ""
	}
}

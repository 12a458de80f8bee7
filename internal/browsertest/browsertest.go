//go:build unix

// Package browsertest runs Debian's headless Chromium for end-to-end tests
// that must see what a person's browser sees (the console sign-in). Tests
// skip without Chromium, except on CI (CI=true), where .ci/run installs it
// and its absence is a failure.
package browsertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// ChromiumPath is Debian's chromium, which .ci/run installs.
const ChromiumPath = "/usr/bin/chromium"

// Need skips t when Chromium is missing, or fails it on CI.
func Need(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(ChromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing: install Debian's chromium package (apt-get install -y chromium)", ChromiumPath)
		}
		t.Skipf("skipping the real-browser test: %s is not installed (apt-get install -y chromium)", ChromiumPath)
	}
}

// DumpDOM runs headless Chromium on url and returns the final DOM (after
// redirects) and Chromium's stderr. The browser runs in its own process
// group with a throw-away profile and the flags this closed network needs,
// and the whole group is killed when the 60 s budget runs out or the test
// ends. (The URL is on argv only because the fake's token is worthless; real
// code never puts one on a command line it controls.)
func DumpDOM(t testing.TB, url string) (dom, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	profile := t.TempDir()
	cmd := exec.CommandContext(ctx, ChromiumPath,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir="+profile, "--dump-dom", url)
	cmd.Env = append(os.Environ(), "HOME="+profile, "XDG_CONFIG_HOME="+profile+"/config", "XDG_CACHE_HOME="+profile+"/cache")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // helpers left behind
	}
	if ctx.Err() != nil {
		t.Fatalf("chromium did not finish within 60s\nstderr (tail):\n%s", Tail(errOut.String(), 2000))
	}
	if err != nil {
		t.Fatalf("chromium failed: %v\nstderr (tail):\n%s", err, Tail(errOut.String(), 2000))
	}
	return out.String(), errOut.String()
}

// Tail is the last n bytes of s, for failure messages.
func Tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

//go:build unix

package launch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func testEnv(t *testing.T) []string {
	return []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
}

func TestRunExitStatus(t *testing.T) {
	tests := []struct {
		name   string
		script string
		want   int
	}{
		{"success", "exit 0", 0},
		{"failure code passed on", "exit 7", 7},
		{"high code", "exit 255", 255},
		{"killed by signal", "kill -KILL $$", 128 + 9},
		{"terminated by signal", "kill -TERM $$", 128 + 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Run(context.Background(), []string{"sh", "-c", tt.script}, testEnv(t), Stdio{})
			if err != nil || got != tt.want {
				t.Errorf("Run = %d, %v; want %d, nil", got, err, tt.want)
			}
		})
	}
}

func TestRunPassesEnvAndStdio(t *testing.T) {
	var stdout, stderr bytes.Buffer
	env := append(testEnv(t), "GREETING=hello it's me")
	code, err := Run(context.Background(), []string{"sh", "-c", `read line; echo "$GREETING / $line"; echo oops >&2; exit 3`},
		env, Stdio{Stdin: strings.NewReader("from stdin\n"), Stdout: &stdout, Stderr: &stderr})
	if err != nil || code != 3 {
		t.Fatalf("Run = %d, %v", code, err)
	}
	if stdout.String() != "hello it's me / from stdin\n" || stderr.String() != "oops\n" {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
}

func TestRunStartFailures(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	noExec := write("noexec", "#!/bin/sh\necho hi\n", 0o644)
	badInterp := write("badinterp", "#!/nonexistent/interpreter\n", 0o755)
	garbage := write("garbage", "\x7fELF\x00\x00garbage", 0o755)
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
		t.Fatal(err)
	}
	pathOnly := []string{"PATH=" + dir}

	tests := []struct {
		name    string
		argv    []string
		env     []string
		status  int
		message string
	}{
		{"missing command", []string{"no-such-command-xyz"}, testEnv(t), 127, `command "no-such-command-xyz" not found in PATH`},
		{"missing path", []string{filepath.Join(dir, "missing")}, nil, 127, `command "` + filepath.Join(dir, "missing") + `" not found in PATH`},
		{"not executable by path", []string{noExec}, nil, 126, "cannot be executed: permission denied"},
		{"not executable in PATH", []string{"noexec"}, pathOnly, 126, "cannot be executed: permission denied"},
		{"directory in PATH", []string{"adir"}, pathOnly, 126, "cannot be executed: is a directory"},
		{"bad interpreter", []string{badInterp}, nil, 126, "its interpreter (the #! line) or loader is missing"},
		{"unknown format", []string{garbage}, nil, 126, "cannot be executed: exec format error"},
		{"relative PATH entries ignored", []string{"noexec"}, []string{"PATH=.:" + "relative/dir"}, 127, "not found in PATH"},
		{"empty argv", nil, nil, 1, "no command to run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, err := Run(context.Background(), tt.argv, tt.env, Stdio{})
			if status != tt.status || err == nil || !strings.Contains(err.Error(), tt.message) {
				t.Errorf("Run = %d, %v; want %d and an error containing %q", status, err, tt.status, tt.message)
			}
			var ec ExitCoder
			if tt.status != 1 && (!errors.As(err, &ec) || ec.ExitCode() != tt.status) {
				t.Errorf("error %T does not carry exit code %d", err, tt.status)
			}
		})
	}
}

func TestLookPathPrefersExecutableLaterInPath(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(first, "tool"), []byte("#!/bin/sh\nexit 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(second, "tool")
	if err := os.WriteFile(want, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := lookPath("tool", []string{"PATH=" + first + ":" + second})
	if err != nil || got != want {
		t.Errorf("lookPath = %q, %v; want %q", got, err, want)
	}
}

func TestRunContextCancelTerminatesChild(t *testing.T) {
	old := killGrace
	killGrace = 200 * time.Millisecond
	t.Cleanup(func() { killGrace = old })

	tests := []struct {
		name   string
		script string
		want   int
	}{
		{"polite child ends on SIGTERM", "exec sleep 30", 128 + 15},
		{"stubborn child is killed", "trap '' TERM; while :; do sleep 0.05; done", 128 + 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			status, err := Run(ctx, []string{"sh", "-c", tt.script}, testEnv(t), Stdio{})
			if !errors.Is(err, context.DeadlineExceeded) || status != tt.want {
				t.Errorf("Run = %d, %v; want %d and context.DeadlineExceeded", status, err, tt.want)
			}
			if elapsed := time.Since(start); elapsed > 10*time.Second {
				t.Errorf("child outlived its context by %v", elapsed)
			}
		})
	}
}

// startHelper runs the test binary as a helper calling Run on argv, in its
// own process group (never the terminal's foreground), and waits until the
// child prints "ready".
func startHelper(t *testing.T, argv ...string) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := helperCmd(t, "run", argv...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); _ = cmd.Wait() })
	r := bufio.NewReader(stdout)
	line, err := r.ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("helper did not get ready: %q, %v", line, err)
	}
	return cmd, r
}

func TestRunForwardsSignals(t *testing.T) {
	tests := []struct {
		sig  syscall.Signal
		name string
	}{
		{syscall.SIGTERM, "TERM"}, {syscall.SIGINT, "INT"}, {syscall.SIGHUP, "HUP"},
		{syscall.SIGQUIT, "QUIT"}, {syscall.SIGUSR1, "USR1"}, {syscall.SIGUSR2, "USR2"}, {syscall.SIGWINCH, "WINCH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			script := "trap 'echo got " + tt.name + "; exit 42' " + tt.name + "; echo ready; while :; do sleep 0.05; done"
			cmd, out := startHelper(t, "sh", "-c", script)
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			rest, _ := io.ReadAll(out)
			err := cmd.Wait()
			var exitErr *exec.ExitError
			if !errors.As(err, &exitErr) || exitErr.ExitCode() != 42 {
				t.Errorf("helper ended with %v, want exit status 42", err)
			}
			if string(rest) != "got "+tt.name+"\n" {
				t.Errorf("child printed %q", rest)
			}
		})
	}
}

func TestRunReportsDeathBySignal(t *testing.T) {
	cmd, _ := startHelper(t, "sh", "-c", "echo ready; exec sleep 30")
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 128+15 {
		t.Errorf("helper ended with %v, want exit status 143", err)
	}
}

func TestFromTerminal(t *testing.T) {
	for sig, want := range map[syscall.Signal]bool{
		syscall.SIGINT: true, syscall.SIGQUIT: true, syscall.SIGWINCH: true,
		syscall.SIGTERM: false, syscall.SIGHUP: false, syscall.SIGUSR1: false, syscall.SIGUSR2: false,
	} {
		if got := fromTerminal(sig); got != want {
			t.Errorf("fromTerminal(%v) = %v, want %v", sig, got, want)
		}
	}
}

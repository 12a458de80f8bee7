package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/switchrole/switchrole/demo"
)

// binary is the switchrole users install, built once for the whole package:
// the fast front (cmd/switchrole), with engine, the full program it hands
// everything else to, beside it. Every test thus runs what `go install
// github.com/switchrole/switchrole/cmd/...` installs.
var binary, engine string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "switchrole-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "switchrole")
	engine = filepath.Join(dir, "switchrole-engine")
	build := exec.Command("go", "build", "-o", dir, "../cmd/switchrole", "../cmd/switchrole-engine")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build switchrole:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// world is one isolated user: a temporary HOME, the demo organisation served
// by the fake AWS, and the environment that points switchrole at both.
type world struct {
	t    testing.TB
	home string
	env  *demo.Env
	vars []string
}

func newWorld(t testing.TB) *world {
	t.Helper()
	return newWorldWith(t, demo.Options{})
}

// newWorldWith is newWorld with the demo started with opts.
func newWorldWith(t testing.TB, opts demo.Options) *world {
	t.Helper()
	env, err := demo.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { env.Close() })
	home := t.TempDir()
	vars := []string{
		"HOME=" + home,
		"PATH=" + os.Getenv("PATH"),
		"SHELL=/bin/sh",
		"TERM=dumb",
		"LANG=C.UTF-8",
		"AWS_MAX_ATTEMPTS=1",
		"AWS_EC2_METADATA_DISABLED=true",
	}
	vars = append(vars, env.Vars...)
	return &world{t: t, home: home, env: env, vars: vars}
}

// setenv adds or replaces a variable for later runs.
func (w *world) setenv(key, value string) {
	for i, kv := range w.vars {
		if strings.HasPrefix(kv, key+"=") {
			w.vars[i] = key + "=" + value
			return
		}
	}
	w.vars = append(w.vars, key+"="+value)
}

// code is the MFA code alice's device shows now.
func (w *world) code() string { return w.env.Code(time.Now()) }

// writeConfig replaces the demo's switchrole config with toml, keeping the
// demo's AWS files and fake.
func (w *world) writeConfig(toml string) {
	w.t.Helper()
	if err := os.WriteFile(w.env.ConfigFile, []byte(toml), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// result is what one run of switchrole did.
type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// run runs switchrole with args and the world's environment.
func (w *world) run(stdin string, args ...string) result {
	w.t.Helper()
	return w.runBinary(binary, stdin, args...)
}

// runBinary runs the program at path (switchrole, the engine, a copy) as run
// runs switchrole.
func (w *world) runBinary(path, stdin string, args ...string) result {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = w.vars
	cmd.Dir = w.home
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else if err != nil {
		w.t.Fatalf("run %s %v: %v", filepath.Base(path), args, err)
	}
	return result{stdout: out.String(), stderr: errOut.String(), code: code}
}

// mustRun runs switchrole and fails the test unless it exits 0.
func (w *world) mustRun(stdin string, args ...string) result {
	w.t.Helper()
	r := w.run(stdin, args...)
	if r.code != 0 {
		w.t.Fatalf("switchrole %s: %s", strings.Join(args, " "), r)
	}
	return r
}

// cacheDir is where switchrole keeps sessions in this world.
func (w *world) cacheDir() string {
	return filepath.Join(w.env.Dir, "cache", "switchrole")
}

// assertNoSecrets fails when text contains any credential material or code.
func assertNoSecrets(t *testing.T, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("output leaks a secret (%q…)", s[:min(6, len(s))])
		}
	}
}

// command builds (without starting) a switchrole process in this world.
func (w *world) command(args ...string) *exec.Cmd {
	cmd := exec.Command(binary, args...)
	cmd.Env = w.vars
	cmd.Dir = w.home
	return cmd
}

// exitCode is a finished process's exit status (-1 when killed by a signal).
func exitCode(err error) int {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return exitErr.ExitCode()
	}
	if err != nil {
		return -2
	}
	return 0
}

// waitUntil waits (bounded) until done reports true.
func waitUntil(t *testing.T, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if done() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out waiting: %s", what)
}

// waitForFile waits (bounded) until path exists.
func waitForFile(t *testing.T, path string) {
	t.Helper()
	waitUntil(t, path+" to appear", func() bool {
		_, err := os.Stat(path)
		return err == nil
	})
}

// appendAWSConfig adds text to the world's ~/.aws/config.
func appendAWSConfig(t *testing.T, w *world, text string) {
	t.Helper()
	appendFile(t, filepath.Join(w.env.Dir, "aws", "config"), text)
}

// appendFile adds text to the end of the file at path.
func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func sortStrings(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

const sigterm = syscall.SIGTERM

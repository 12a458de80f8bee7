//go:build unix

package launch

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Exec replaces the helper process: the command runs with the same pid,
// gets exactly the env it was given, and its status is the process's own.
func TestExecReplacesProcess(t *testing.T) {
	cmd := helperCmd(t, "exec", "sh", "-c", `echo "$$ $GREETING"; exit 3`)
	cmd.Env = append(cmd.Env, "GREETING=it's me")
	out, err := cmd.Output()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 3 {
		t.Fatalf("exec'd process ended with %v, want exit status 3 (output %q)", err, out)
	}
	if want := strconv.Itoa(cmd.Process.Pid) + " it's me\n"; string(out) != want {
		t.Errorf("output %q, want %q (same pid, env passed)", out, want)
	}
}

func TestExecStartFailuresReturn(t *testing.T) {
	dir := t.TempDir()
	noExec := filepath.Join(dir, "noexec")
	badInterp := filepath.Join(dir, "badinterp")
	if err := os.WriteFile(noExec, []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(badInterp, []byte("#!/nonexistent/interpreter\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		argv    []string
		env     []string
		code    int
		message string
	}{
		{[]string{"no-such-command-xyz"}, []string{"PATH=" + dir}, 127, `command "no-such-command-xyz" not found in PATH`},
		{[]string{"sh"}, []string{"PATH=" + dir}, 127, `command "sh" not found in PATH`},
		{[]string{noExec}, nil, 126, "cannot be executed: permission denied"},
		{[]string{badInterp}, nil, 126, "its interpreter (the #! line) or loader is missing"},
	}
	for _, tt := range tests {
		err := Exec(tt.argv, tt.env)
		var ec ExitCoder
		if !errors.As(err, &ec) || ec.ExitCode() != tt.code || !strings.Contains(err.Error(), tt.message) {
			t.Errorf("Exec(%q) = %v; want exit code %d and %q", tt.argv, err, tt.code, tt.message)
		}
	}
	var nf *NotFoundError
	if err := Exec([]string{"nope-xyz"}, nil); !errors.As(err, &nf) || nf.Name != "nope-xyz" {
		t.Errorf("missing command should be a *NotFoundError, got %T", err)
	}
	if err := Exec(nil, nil); err == nil {
		t.Error("Exec(nil) should fail")
	}
}

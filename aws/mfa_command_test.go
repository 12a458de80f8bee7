package aws

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestMFACommandWords(t *testing.T) {
	tests := []struct {
		line  string
		words []string // nil: runs with sh -c
	}{
		{"oathtool --totp -b JBSWY3DPEHPK3PXP", []string{"oathtool", "--totp", "-b", "JBSWY3DPEHPK3PXP"}},
		{"  ykman oath accounts code --single 'AWS alice'  ", []string{"ykman", "oath", "accounts", "code", "--single", "AWS alice"}},
		{`op item get "AWS \"root\"" --otp`, []string{"op", "item", "get", `AWS "root"`, "--otp"}},
		{`a\ b 'c\d' ""`, []string{"a b", `c\d`, ""}},
		{"oathtool --totp -b $SEED", nil},
		{"pass otp aws | tail -1", nil},
		{"cat ~/code", nil},
		{"echo x > f", nil},
		{"SEED=x oathtool", nil},
		{"echo 'unterminated", nil},
		{"   ", nil},
	}
	for _, tt := range tests {
		words, ok := mfaCommandWords(tt.line)
		if ok != (tt.words != nil) || !slices.Equal(words, tt.words) {
			t.Errorf("mfaCommandWords(%q) = %q, %v; want %q", tt.line, words, ok, tt.words)
		}
	}
}

// TestMFAProcessFailures: a failing, chatty or missing command gives a
// sentence, never its exit status as switchrole's, never its output.
func TestMFAProcessFailures(t *testing.T) {
	dir := t.TempDir()
	script := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o700); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, process string
		want          []string
	}{
		{"exit 3", script("three", "exit 3"), []string{"failed with exit status 3"}},
		{"not found in sh", "no-such-program-xyz $HOME", []string{"program was not found"}},
		{"not found", "no-such-program-xyz --seed SECRETSEED", []string{"program no-such-program-xyz not found"}},
		{"endless output", "yes 123456", []string{"printed more than 4096 bytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.e.MFA = nil
			f.e.MFAProcessTimeout = time.Minute
			f.targets["jump"].MFAProcess = tt.process
			_, err := f.e.Retrieve(context.Background(), f.targets["prod"])
			if !errors.Is(err, ErrMFAProcess) {
				t.Fatalf("err = %v, want ErrMFAProcess", err)
			}
			var coder interface{ ExitCode() int }
			if errors.As(err, &coder) {
				t.Errorf("the error carries the command's exit code %d, which would become switchrole's", coder.ExitCode())
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
			for _, secret := range []string{"SECRETSEED", "123456"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("%q shows %q", err, secret)
				}
			}
		})
	}
}

// TestMFAProcessRunsPlainWordsWithoutAShell: the words reach the program as
// written, and no shell stands between (its command line would show them).
func TestMFAProcessRunsPlainWordsWithoutAShell(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "args")
	prog := filepath.Join(dir, "totp")
	// The parent of a program run directly is the test binary, not sh.
	body := `printf '%s\n' "$#" "$1" "$2" > ` + out + `; tr '\0' ' ' < /proc/$PPID/cmdline >> ` + out + `; echo 123456`
	if err := os.WriteFile(prog, []byte("#!/bin/sh\n"+body+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t)
	f.e.MFA = nil
	f.targets["jump"].MFAProcess = prog + ` --seed 'AB CD'`
	f.retrieve(t, "prod")
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(got), "\n")
	if len(lines) < 4 || lines[0] != "2" || lines[1] != "--seed" || lines[2] != "AB CD" {
		t.Fatalf("args = %q", got)
	}
	if strings.HasPrefix(lines[3], "sh ") {
		t.Errorf("ran through a shell: parent is %q", lines[3])
	}
}

package launch

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// staleEnv is what a user's shell might hold before switching: every
// variable here must be gone (or replaced) after evaluating the output.
var staleEnv = []string{
	"AWS_PROFILE=old", "AWS_ACCESS_KEY=legacy", "AWS_SECRET_KEY=legacy", "AWS_SECURITY_TOKEN=old",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:1/", "AWS_CREDENTIAL_FILE=/x",
	"AWS_SESSION_EXPIRATION=2020-01-01T00:00:00Z", "AWS_REGION=us-east-1", "SWITCHROLE_TARGET=old",
	"AWS_ACCESS_KEY_ID=AKIAOLD", "KEEP_ME=yes",
}

// evalShells lists how each shell evaluates a file of export lines and then
// dumps its environment NUL-separated (env -0), so values with newlines
// survive the round trip.
var evalShells = []struct {
	format, shell string
	args          func(file string) []string
}{
	{"sh", "sh", func(f string) []string { return []string{"-c", `. "$1" && exec env -0; exit 3`, "sh", f} }},
	{"sh", "dash", func(f string) []string { return []string{"-c", `. "$1" && exec env -0; exit 3`, "sh", f} }},
	{"sh", "bash", func(f string) []string {
		return []string{"--norc", "--noprofile", "-c", `eval "$(cat "$1")" && exec env -0`, "bash", f}
	}},
	{"sh", "zsh", func(f string) []string { return []string{"-f", "-c", `eval "$(cat "$1")" && exec env -0`, "zsh", f} }},
	{"fish", "fish", func(f string) []string {
		return []string{"--no-config", "-c", `source $argv[1]; and exec env -0; exit 3`, f}
	}},
	{"powershell", "pwsh", func(f string) []string {
		return []string{"-NoProfile", "-NonInteractive", "-Command", ". '" + strings.ReplaceAll(f, "'", "''") + "'; & env -0"}
	}},
}

func TestWriteEnvEvaluatedByShells(t *testing.T) {
	s := testSession()
	wantSet := envMap(Environ(nil, s))
	for _, sh := range evalShells {
		t.Run(sh.shell, func(t *testing.T) {
			path, err := exec.LookPath(sh.shell)
			if err != nil {
				if sh.shell == "sh" || sh.shell == "bash" {
					t.Fatalf("%s is required: %v", sh.shell, err)
				}
				t.Skipf("%s not installed", sh.shell)
			}
			var out bytes.Buffer
			if err := WriteEnv(&out, s, sh.format); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "env."+sh.format)
			if err := os.WriteFile(file, out.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(path, sh.args(file)...)
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, staleEnv...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			dump, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s failed: %v\nstderr: %s\ninput:\n%s", sh.shell, err, stderr.String(), out.String())
			}
			got := map[string]string{}
			for kv := range strings.SplitSeq(strings.TrimSuffix(string(dump), "\x00"), "\x00") {
				if k, v, ok := strings.Cut(kv, "="); ok {
					got[k] = v
				}
			}
			for k, want := range wantSet {
				if got[k] != want {
					t.Errorf("%s: %s = %q, want %q", sh.shell, k, got[k], want)
				}
			}
			for _, k := range []string{"AWS_PROFILE", "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SECURITY_TOKEN",
				"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CREDENTIAL_FILE", "AWS_SESSION_EXPIRATION"} {
				if v, ok := got[k]; ok {
					t.Errorf("%s: stale %s=%q survived", sh.shell, k, v)
				}
			}
			if got["KEEP_ME"] != "yes" {
				t.Errorf("%s: unrelated variable lost", sh.shell)
			}
		})
	}
}

func TestWriteEnvDotenvReadByPythonDotenv(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil || exec.Command(python, "-c", "import dotenv").Run() != nil {
		t.Skip("python3 with python-dotenv not available")
	}
	s := testSession()
	// python-dotenv expands ${NAME} whatever the quoting; nothing escapes it.
	s.Extra["SR_TEST_04"] = "$HOME and $(HOME)"
	var out bytes.Buffer
	if err := WriteEnv(&out, s, "dotenv"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(file, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-c", "import sys, json, dotenv; print(json.dumps(dotenv.dotenv_values(sys.argv[1])))", file)
	cmd.Env = append(os.Environ(), "HOME=/should/not/expand")
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("python-dotenv: %v\ninput:\n%s", err, out.String())
	}
	var got map[string]string
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	want := envMap(Environ(nil, s))
	if !maps.Equal(got, want) {
		for k := range want {
			if got[k] != want[k] {
				t.Errorf("%s = %q, want %q", k, got[k], want[k])
			}
		}
		t.Errorf("dotenv round trip differs (%d vs %d keys)\ninput:\n%s", len(got), len(want), out.String())
	}
}

func TestWriteEnvExactOutput(t *testing.T) {
	s := Session{Target: "dev", Credentials: testSession().Credentials, Region: "us-west-2",
		Extra: map[string]string{"NOTE": "it's a $test"}}
	tests := []struct{ format, want string }{
		{"dotenv", `AWS_ACCESS_KEY_ID=ASIAEXAMPLEKEY123456
AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjE+/token==
AWS_CREDENTIAL_EXPIRATION=2030-01-02T03:04:05Z
AWS_REGION=us-west-2
AWS_DEFAULT_REGION=us-west-2
SWITCHROLE_TARGET=dev
SWITCHROLE_EXPIRATION=2030-01-02T03:04:05Z
NOTE="it's a $test"
`},
		{"sh", `unset AWS_SECURITY_TOKEN
unset AWS_CREDENTIAL_FILE
unset AWS_DEFAULT_PROFILE
unset AWS_PROFILE
unset AWS_SDK_LOAD_CONFIG
unset AWS_ACCESS_KEY
unset AWS_SECRET_KEY
unset AWS_ACCOUNT_ID
unset AWS_SESSION_EXPIRATION
unset AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
unset AWS_CONTAINER_CREDENTIALS_FULL_URI
unset AWS_CONTAINER_AUTHORIZATION_TOKEN
unset AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
unset SWITCHROLE_ACCOUNT
unset SWITCHROLE_ACCOUNT_ID
export AWS_ACCESS_KEY_ID='ASIAEXAMPLEKEY123456'
export AWS_SECRET_ACCESS_KEY='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
export AWS_SESSION_TOKEN='IQoJb3JpZ2luX2VjE+/token=='
export AWS_CREDENTIAL_EXPIRATION='2030-01-02T03:04:05Z'
export AWS_REGION='us-west-2'
export AWS_DEFAULT_REGION='us-west-2'
export SWITCHROLE_TARGET='dev'
export SWITCHROLE_EXPIRATION='2030-01-02T03:04:05Z'
export NOTE='it'\''s a $test'
`},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		if err := WriteEnv(&out, s, tt.format); err != nil {
			t.Fatal(err)
		}
		if out.String() != tt.want {
			t.Errorf("%s:\n got:\n%s\nwant:\n%s", tt.format, out.String(), tt.want)
		}
	}
}

func TestWriteEnvLinePrefixes(t *testing.T) {
	s := testSession()
	s.Extra = nil
	tests := []struct{ format, unset, set string }{
		{"", "unset ", "export "},
		{"bash", "unset ", "export "},
		{"fish", "set -e ", "set -gx "},
		{"powershell", "Remove-Item Env:", "$Env:"},
		{"pwsh", "Remove-Item Env:", "$Env:"},
		{"dotenv", "\x00never", "AWS_"},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		if err := WriteEnv(&out, s, tt.format); err != nil {
			t.Fatal(err)
		}
		var unsets, sets int
		for line := range strings.Lines(out.String()) {
			switch {
			case strings.HasPrefix(line, tt.unset):
				unsets++
			case strings.HasPrefix(line, tt.set) || strings.HasPrefix(line, "SWITCHROLE_"):
				sets++
			default:
				t.Errorf("%q: unexpected line %q", tt.format, line)
			}
		}
		if wantSets := len(s.vars()); sets != wantSets {
			t.Errorf("%q: %d set lines, want %d", tt.format, sets, wantSets)
		}
		if wantUnsets := len(s.unsetVars()); tt.format != "dotenv" && unsets != wantUnsets {
			t.Errorf("%q: %d unset lines, want %d", tt.format, unsets, wantUnsets)
		}
	}
}

func TestWriteEnvJSON(t *testing.T) {
	s := testSession()
	var out bytes.Buffer
	if err := WriteEnv(&out, s, "json"); err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out.String())
	}
	if want := envMap(Environ(nil, s)); !maps.Equal(got, want) {
		t.Errorf("JSON:\n got %v\nwant %v", got, want)
	}
	if !strings.HasPrefix(out.String(), "{\n  \"AWS_ACCESS_KEY_ID\": ") {
		t.Errorf("JSON should list the keys first, in order:\n%s", out.String())
	}
}

func TestWriteEnvErrors(t *testing.T) {
	var out bytes.Buffer
	err := WriteEnv(&out, testSession(), "csh")
	if err == nil || err.Error() != `unknown format "csh"; use one of sh, fish, powershell, dotenv, json` {
		t.Errorf("unknown format error = %v", err)
	}
	if out.Len() != 0 {
		t.Errorf("output written despite error: %q", out.String())
	}
	s := testSession()
	s.Credentials.SecretAccessKey = ""
	if err := WriteEnv(&out, s, "sh"); err == nil || out.Len() != 0 {
		t.Errorf("session without secret: err=%v, output %q", err, out.String())
	}
	failing := failWriter{}
	if err := WriteEnv(failing, testSession(), "sh"); !errors.Is(err, errWriteFailed) {
		t.Errorf("write failure not reported: %v", err)
	}
}

var errWriteFailed = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errWriteFailed }

func TestQuoting(t *testing.T) {
	tests := []struct {
		fn       func(string) string
		in, want string
	}{
		{shQuote, "", "''"},
		{shQuote, "it's", `'it'\''s'`},
		{fishQuote, `a\'b`, `'a\\\'b'`},
		{powerShellQuote, "it's ‘x’", "'it''s ‘‘x’’'"},
		{dotenvQuote, "AKIA/+=", "AKIA/+="},
		{dotenvQuote, "", "''"},
		{dotenvQuote, "a b $X", "'a b $X'"},
		{dotenvQuote, "it's\n", `"it's\n"`},
		{dotenvQuote, `c:\x "q"`, `"c:\\x \"q\""`},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func BenchmarkWriteEnvSh(b *testing.B) {
	s := testSession()
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if err := WriteEnv(&out, s, "sh"); err != nil {
			b.Fatal(err)
		}
	}
}

package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/switchrole/switchrole/internal/fakeaws"
)

// assertFailedCleanly checks the contract for AWS failures: exit 1, nothing on
// stdout, one sentence on stderr containing want, no secrets, nothing cached.
func assertFailedCleanly(t *testing.T, w *world, r result, want ...string) {
	t.Helper()
	if r.code != 1 || r.stdout != "" {
		t.Errorf("want exit 1 and empty stdout: %s", r)
	}
	msg := strings.TrimSpace(r.stderr)
	if strings.Count(msg, "\n") != 0 || !strings.HasPrefix(msg, "switchrole: ") {
		t.Errorf("want one line on stderr, got %q", r.stderr)
	}
	for _, s := range want {
		if !strings.Contains(msg, s) {
			t.Errorf("stderr %q lacks %q", msg, s)
		}
	}
	for _, bad := range []string{"panic", "goroutine", "operation error"} {
		if strings.Contains(msg, bad) {
			t.Errorf("stderr has raw internals %q: %q", bad, msg)
		}
	}
	assertNoSecrets(t, r.stderr, "demo/secret/for/the/offline/fake/only", w.code())
}

// cachedFiles lists the cache's JSON entries.
func cachedFiles(w *world) []string {
	files, _ := filepath.Glob(filepath.Join(w.cacheDir(), "*.json"))
	return files
}

func TestAccessDeniedNamesCallerAndRole(t *testing.T) {
	w := newWorld(t)
	w.writeConfig(`
[sources.jump]
profile = "demo-jump"
mfa_serial = "arn:aws:iam::111111111111:mfa/alice"
use_session_token = false

[[accounts]]
name = "elsewhere"
id = "999999999999"
source = "jump"
roles = ["Admin"]
`)
	r := w.run("", "env", "elsewhere/Admin", "--mfa-code", w.code())
	assertFailedCleanly(t, w, r, "arn:aws:iam::111111111111:user/alice", "arn:aws:iam::999999999999:role/Admin", "trust policy", "sts:AssumeRole")
	if files := cachedFiles(w); len(files) != 0 {
		t.Errorf("a failure cached %v", files)
	}
}

func TestWrongMFACodeIsRejectedAndNothingCached(t *testing.T) {
	w := newWorld(t)
	wrong := "000000"
	if w.code() == wrong {
		wrong = "111111"
	}
	r := w.run("", "env", "prod-core/Admin", "--mfa-code", wrong)
	assertFailedCleanly(t, w, r, "MFA", "--mfa-code")
	if files := cachedFiles(w); len(files) != 0 {
		t.Errorf("a failure cached %v", files)
	}
	r = w.run("", "env", "prod-core/Admin", "--mfa-code", "12ab56")
	if r.code == 0 || w.env.Server.Calls("GetSessionToken") != 1 {
		t.Errorf("a malformed code must be refused before calling AWS: %s (calls %d)", r, w.env.Server.Calls("GetSessionToken"))
	}
}

func TestNoTerminalAndNoCodeSaysWhatToDo(t *testing.T) {
	w := newWorld(t)
	r := w.run("", "credential-process", "prod-core/Admin")
	assertFailedCleanly(t, w, r, "--mfa-code", "mfa_process")
}

func TestInvalidKeyNamesTheProfile(t *testing.T) {
	w := newWorld(t)
	creds := filepath.Join(w.env.Dir, "aws", "credentials")
	if err := os.WriteFile(creds, []byte("[demo-jump]\naws_access_key_id = AKIAUNKNOWNUNKNOWN00\naws_secret_access_key = nope\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := w.run("", "env", "prod-core/Admin", "--mfa-code", w.code())
	assertFailedCleanly(t, w, r, "demo-jump")
}

func TestServerFaultsBecomeSentences(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault fakeaws.Fault
		want  string
	}{
		{"throttling", fakeaws.Fault{Status: 400, Code: "Throttling", Message: "Rate exceeded"}, "throttl"},
		{"internal", fakeaws.Fault{Status: 500, Code: "InternalFailure", Message: "We encountered an internal error."}, "STS"},
		{"dropped", fakeaws.Fault{Drop: true}, "127.0.0.1"},
		{"malformed", fakeaws.Fault{Malformed: true}, "STS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.env.Server.SetFault(tc.fault)
			r := w.run("", "env", "prod-core/Admin", "--mfa-code", w.code())
			assertFailedCleanly(t, w, r, tc.want)
			if files := cachedFiles(w); len(files) != 0 {
				t.Errorf("a failure cached %v", files)
			}
		})
	}
}

func TestDeadNetworkFailsFastWithTheEndpoint(t *testing.T) {
	w := newWorld(t)
	w.setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1")
	r := w.run("", "env", "prod-core/Admin", "--mfa-code", w.code())
	assertFailedCleanly(t, w, r, "127.0.0.1:1")
}

func TestExpiredTokenDropsTheEntryAndRetriesOnce(t *testing.T) {
	w := newWorld(t)
	s := w.env.Server
	w.mustRun("", "env", "prod-core/ReadOnly", "--mfa-code", w.code())
	session := lastRequest(s, "AssumeRole").AccessKeyID
	if !strings.HasPrefix(session, "ASIA") {
		t.Fatalf("AssumeRole was not called with the MFA session: %q", session)
	}
	s.Expire(session) // AWS revoked or expired it early; the cache still thinks it is fresh
	r := w.mustRun("", "env", "prod-data/ReadOnly", "--mfa-code", w.code())
	if !strings.Contains(r.stdout, "prod-data/ReadOnly") || s.Calls("GetSessionToken") != 2 {
		t.Errorf("after ExpiredToken: %s (GetSessionToken calls %d, want 2)", r, s.Calls("GetSessionToken"))
	}
}

// TestInterruptWhileAWSIsSlow: Ctrl-C (SIGINT) while STS takes its time
// cancels the call at once, exits 130 quietly (as after Esc in the picker),
// and caches nothing. switchrole installs its signal handlers only when it
// first waits on something, so this is also the test that it does: without
// them the signal would kill it (no exit status).
func TestInterruptWhileAWSIsSlow(t *testing.T) {
	w := newWorld(t)
	w.env.Server.SetFault(fakeaws.Fault{Latency: 30 * time.Second})
	cmd := w.command("env", "prod-core/Admin", "--mfa-code", w.code())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once the request is at the fake (it counts calls on arrival).
	deadline := time.Now().Add(20 * time.Second)
	for w.env.Server.Calls("GetSessionToken") == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	code := exitCode(cmd.Wait())
	if took := time.Since(start); code != 130 || took > 10*time.Second {
		t.Errorf("after SIGINT: exit %d after %v, want 130 at once (stderr %q)", code, took, stderr.String())
	}
	if stdout.Len() != 0 || stderr.Len() != 0 {
		t.Errorf("want no output: stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	if files := cachedFiles(w); len(files) != 0 {
		t.Errorf("an interrupted fetch cached %v", files)
	}
}

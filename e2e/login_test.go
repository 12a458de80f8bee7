package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestLoginStatusLogout(t *testing.T) {
	w := newWorld(t)
	if r := w.run("", "status"); r.code != 0 || !strings.Contains(r.stdout, "No MFA session") {
		t.Fatalf("status before login: %s", r)
	}
	r := w.mustRun(w.code()+"\n", "login", "--mfa-code", "-")
	if !regexp.MustCompile(`^jump \(arn:aws:iam::\d{12}:user/alice\): MFA session until (\w{3} \d{1,2} \w{3} )?\d\d:\d\d, 1[12]h\d\dm left\n$`).MatchString(r.stdout) {
		t.Errorf("login said %q", r.stdout)
	}
	assertNoSecrets(t, r.stdout+r.stderr, w.code())

	// The day's session covers every role: no code needed (stdin is empty
	// and there is no terminal, so a prompt would fail).
	w.mustRun("", "credential-process", "prod-core/Admin")
	w.mustRun("", "credential-process", "staging-data/DataScientist")
	if n := w.env.Server.Calls("GetSessionToken"); n != 1 {
		t.Errorf("GetSessionToken calls = %d, want 1", n)
	}

	if r := w.mustRun("", "login", "jump"); !strings.Contains(r.stdout, "already logged in until") {
		t.Errorf("second login: %s", r)
	}
	if n := w.env.Server.Calls("GetSessionToken"); n != 1 {
		t.Errorf("a second login with a fresh session called GetSessionToken")
	}

	r = w.mustRun("", "status")
	for _, want := range []string{"MFA SESSION", "jump", ":user/alice", "ROLE SESSION", "prod-core/Admin", "staging-data/DataScientist"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, r.stdout)
		}
	}
	var st struct {
		MFASessions []struct {
			Target      string
			Expiration  time.Time
			SecondsLeft int64 `json:"seconds_left"`
			MFA         bool
		} `json:"mfa_sessions"`
		RoleSessions []struct{ Target, Source, Kind string } `json:"role_sessions"`
	}
	r = w.mustRun("", "status", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("status --json: %v\n%s", err, r.stdout)
	}
	if len(st.MFASessions) != 1 || st.MFASessions[0].Target != "jump" || !st.MFASessions[0].MFA ||
		st.MFASessions[0].SecondsLeft < 11*3600 || st.MFASessions[0].Expiration.Before(time.Now().Add(11*time.Hour)) {
		t.Errorf("mfa_sessions = %+v", st.MFASessions)
	}
	if len(st.RoleSessions) != 2 || st.RoleSessions[0].Source != "jump" || st.RoleSessions[0].Kind != "role" {
		t.Errorf("role_sessions = %+v", st.RoleSessions)
	}
	assertNoSecrets(t, r.stdout, decodeProcess(t, w.mustRun("", "credential-process", "prod-core/Admin")).SessionToken)

	if r := w.mustRun("", "logout"); !strings.Contains(r.stderr, "jump: forgot 3 cached sessions") {
		t.Errorf("logout: %s", r)
	}
	if r := w.run("", "credential-process", "prod-core/Admin"); r.code == 0 {
		t.Errorf("after logout a role worked without a code: %s", r)
	}
	if r := w.mustRun("", "status"); !strings.Contains(r.stdout, "No MFA session") {
		t.Errorf("status after logout: %s", r)
	}

	// --new starts a new session even with a fresh one cached.
	w.mustRun("", "login", "--mfa-code", w.code())
	w.mustRun("", "login", "--new", "--mfa-code", w.code())
	if n := w.env.Server.Calls("GetSessionToken"); n != 3 {
		t.Errorf("GetSessionToken calls = %d, want 3", n)
	}
}

func TestLoginNamesARoleOrRefusesAmbiguity(t *testing.T) {
	w := newWorld(t)
	if r := w.mustRun("", "login", "prod-core/ReadOnly", "--mfa-code", w.code()); !strings.HasPrefix(r.stdout, "jump ") {
		t.Errorf("login through a role: %s", r)
	}
	if r := w.run("", "login", "no-such-thing"); r.code != 2 || !strings.Contains(r.stderr, "no target matches") {
		t.Errorf("login of an unknown source: %s", r)
	}
}

// TestServerAsksForLoginThenPicksItUp: when the day's MFA session ends, a
// served program is told to run `switchrole login`, and works again as soon
// as someone does, without being restarted.
func TestServerAsksForLoginThenPicksItUp(t *testing.T) {
	w := newShortLivedWorld(t)
	toml, err := os.ReadFile(w.env.ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	// A two-hour MFA session: 6 s here; roles last 3 s.
	w.writeConfig(strings.Replace(string(toml), `session_duration = "12h"`, `session_duration = "2h"`, 1))
	client := buildSDKClient(t)
	dir := t.TempDir()
	failed, loggedIn := filepath.Join(dir, "failed"), filepath.Join(dir, "logged-in")
	script := client + " 1s && sleep 8; " +
		client + " 1s 2> " + failed + ".tmp; mv " + failed + ".tmp " + failed + "; " +
		"while [ ! -e " + loggedIn + " ]; do sleep 0.1; done; " + client + " 2s"
	cmd := w.command("exec", "--server", "--mfa-code", w.code(), "prod-core/ReadOnly", "--", "sh", "-c", script)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	waitForFile(t, failed)
	msg, _ := os.ReadFile(failed)
	if !strings.Contains(string(msg), "switchrole login jump") {
		t.Errorf("after the MFA session ended the program was told %q", msg)
	}
	w.mustRun("", "login", "jump", "--mfa-code", w.code())
	os.WriteFile(loggedIn, nil, 0o600)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("served command: %v\n%s", err, out.String())
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("served command never finished:\n%s", out.String())
	}
	runs := regexp.MustCompile(`failures=(\d+)`).FindAllStringSubmatch(out.String(), -1)
	if len(runs) != 3 || runs[0][1] != "0" || runs[1][1] == "0" || runs[2][1] != "0" {
		t.Errorf("want the program to work, fail once the session ended, then work after login:\n%s", out.String())
	}
}

// TestServerRenewsTheMFASessionWithMFAProcess: with an mfa_process, the
// server takes a new MFA session by itself when the day's ends, and the
// program never notices.
func TestServerRenewsTheMFASessionWithMFAProcess(t *testing.T) {
	w := newShortLivedWorld(t)
	codeFile := filepath.Join(t.TempDir(), "code")
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { // the authenticator app: always the current code
		defer close(done)
		for {
			os.WriteFile(codeFile+".tmp", []byte(w.code()+"\n"), 0o600)
			os.Rename(codeFile+".tmp", codeFile)
			select {
			case <-stop:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	defer func() { close(stop); <-done }()
	toml, err := os.ReadFile(w.env.ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	// A two-hour MFA session (6 s here) and an mfa_process.
	s := strings.Replace(string(toml), `session_duration = "12h"`, `session_duration = "2h"`, 1)
	s = strings.Replace(s, "[sources.jump]\n", "[sources.jump]\nmfa_process = \"cat "+codeFile+"\"\n", 1)
	w.writeConfig(s)
	client := buildSDKClient(t)
	waitForFile(t, codeFile)
	r := w.mustRun("", "exec", "--server", "prod-core/ReadOnly", "--", client, "14s")
	if !strings.Contains(r.stdout, "failures=0") {
		t.Errorf("the program failed across the MFA session's end: %s", r)
	}
	if n := w.env.Server.Calls("GetSessionToken"); n < 2 {
		t.Errorf("GetSessionToken calls = %d, want a new MFA session from mfa_process", n)
	}
}

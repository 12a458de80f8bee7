package e2e

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/switchrole/switchrole/internal/browsertest"
	"github.com/switchrole/switchrole/internal/fakeaws"
)

// signedInSSOWorld is newSSOWorld signed in (the device code, approved on
// the fake) and listed (`sso sync`), with the files dated an hour back so
// that the engine records warm shortcuts at once.
func signedInSSOWorld(t *testing.T) (*world, *fakeaws.Server) {
	t.Helper()
	w, s := newSSOWorld(t)
	wait, code := startDeviceLogin(t, w)
	if !s.ApproveDevice(code) {
		t.Fatalf("code %s unknown to the fake", code)
	}
	if r := wait(); r.code != 0 {
		t.Fatalf("sso login: %s", r)
	}
	w.mustRun("", "sso", "sync")
	past := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(w.home, ".aws", "config"), past, past)
	return w, s
}

// TestSSOTargetsInListAndLink: after a sign-in and a sync, each role is a
// target in list (with where it came from) and in --filter, and link gives
// the access portal's console link.
func TestSSOTargetsInListAndLink(t *testing.T) {
	w, _ := signedInSSOWorld(t)
	r := w.mustRun("", "list", "--json")
	var targets []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &targets); err != nil {
		t.Fatalf("list --json: %v\n%s", err, r)
	}
	from := map[string]any{}
	for _, tg := range targets {
		from[tg["name"].(string)] = tg["from"]
	}
	if from["prod/Admin"] != "sso:corp" || from["prod"] != "aws-config" {
		t.Fatalf("from = %v", from)
	}
	if r := w.mustRun("", "list", "--filter", "prod/adm"); !strings.Contains(r.stdout, "prod/Admin") {
		t.Errorf("list --filter:\n%s", r)
	}
	r = w.mustRun("", "link", "prod/Admin")
	if strings.TrimSpace(r.stdout) != ssoStartURL+"/#/console?account_id=222222222222&role_name=Admin" {
		t.Errorf("link:\n%s", r)
	}
	r = w.mustRun("", "link", "--all")
	if !strings.Contains(r.stdout, `HREF="`+ssoStartURL+`/#/console?account_id=222222222222&amp;role_name=Admin">prod/Admin</A>`) {
		t.Errorf("link --all:\n%s", r)
	}
	if r = w.mustRun("", "link", "--all", "--format", "aesr"); !strings.Contains(r.stderr, "left out 1 IAM Identity Center role: aws-extend-switch-roles cannot switch to them") {
		t.Errorf("link --all --format aesr:\n%s", r)
	}
}

// TestSSOTargetThroughCredentialProcess: the real AWS CLI and a program on
// aws-sdk-go-v2's default chain use `credential_process = switchrole
// credential-process prod/Admin`; the second call is warm (the front alone
// answers it), and no SSO secret reaches an argument or stderr.
func TestSSOTargetThroughCredentialProcess(t *testing.T) {
	needAWSCLI(t)
	w, s := signedInSSOWorld(t)
	secrets := secretsOf(t, w)
	cfg := filepath.Join(w.home, ".aws", "config")
	appendFile(t, cfg, "\n[profile viasso]\ncredential_process = "+binary+" credential-process prod/Admin\nregion = eu-west-1\n")
	past := time.Now().Add(-time.Hour)
	os.Chtimes(cfg, past, past)

	out := runAWS(t, w.vars, "sts", "get-caller-identity", "--profile", "viasso", "--endpoint-url", s.URL(), "--output", "json")
	var id struct{ Arn, Account string }
	if err := json.Unmarshal([]byte(out), &id); err != nil {
		t.Fatal(err, out)
	}
	if id.Account != "222222222222" || !strings.Contains(id.Arn, ":assumed-role/AWSReservedSSO_Admin_") {
		t.Fatalf("the AWS CLI is %s", id.Arn)
	}
	if n := s.Calls("GetRoleCredentials"); n != 1 {
		t.Errorf("GetRoleCredentials calls = %d, want 1", n)
	}

	// The SDK's default chain, through the same profile: cached, no call.
	sdk := buildSDKClient(t)
	w.setenv("AWS_PROFILE", "viasso")
	r := w.runBinary(sdk, "", "1ms")
	if r.code != 0 || !strings.Contains(r.stdout, "failures=0 keys=1 source=ProcessProvider") {
		t.Fatalf("sdkclient: %s", r)
	}
	if n := s.Calls("GetRoleCredentials"); n != 1 {
		t.Errorf("GetRoleCredentials calls = %d after the SDK's, want 1 (cached)", n)
	}
	w.setenv("AWS_PROFILE", "")

	// Warm: the front alone (no engine beside it) answers from the cache.
	dir := t.TempDir()
	copyFile(t, binary, filepath.Join(dir, "switchrole"))
	warm := w.runBinary(filepath.Join(dir, "switchrole"), "", "credential-process", "prod/Admin")
	if warm.code != 0 || warm.stderr != "" || !strings.Contains(warm.stdout, `"SessionToken"`) {
		t.Errorf("warm credential-process by the front alone: %s", warm)
	}
	assertNoSecrets(t, out+r.stdout+r.stderr+warm.stderr, secrets...)
	assertSecretsOnlyInCLICache(t, w, secrets)
}

// TestSSOTargetSignedOut: a sign-out forgets the credentials the sign-in
// gave (as `aws sso logout` does); without a sign-in, credential-process
// fails with one sentence saying what to run, exit 1, and asks nothing.
func TestSSOTargetSignedOut(t *testing.T) {
	w, _ := signedInSSOWorld(t)
	w.mustRun("", "credential-process", "prod/Admin")
	var st struct {
		SSO []struct {
			Session     string `json:"session"`
			SignedIn    bool   `json:"signed_in"`
			SecondsLeft int64  `json:"seconds_left"`
		} `json:"sso_sessions"`
	}
	if err := json.Unmarshal([]byte(w.mustRun("", "status", "--json").stdout), &st); err != nil ||
		len(st.SSO) != 1 || st.SSO[0].Session != "corp" || !st.SSO[0].SignedIn || st.SSO[0].SecondsLeft <= 0 {
		t.Errorf("status --json while signed in: %+v, %v", st, err)
	}
	if r := w.mustRun("", "sso", "logout", "corp"); !strings.Contains(r.stderr, `Signed out of SSO session "corp" and forgot 1 cached session made with it.`) {
		t.Errorf("logout: %s", r)
	}
	r := w.run("", "credential-process", "prod/Admin")
	want := "switchrole: SSO session \"corp\" is not signed in; sign in with `switchrole sso login corp`\n"
	if r.code != 1 || r.stderr != want || r.stdout != "" {
		t.Fatalf("signed out: %s", r)
	}
	if r := w.mustRun("", "status"); !strings.Contains(r.stdout, "signed out: `switchrole sso login corp`") {
		t.Errorf("status while signed out: %s", r)
	}
}

// ageListing dates the cached listing of session corp back by d (its
// first line is the JSON header; a line per role follows).
func ageListing(t *testing.T, w *world, d time.Duration) string {
	t.Helper()
	path := filepath.Join(w.home, ".cache", "switchrole", "sso", "ee0bfd2552fbd840c02cc48b6e823320543c450f.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	header, rest, _ := strings.Cut(string(data), "\n")
	var l map[string]any
	if err := json.Unmarshal([]byte(header), &l); err != nil {
		t.Fatal(err)
	}
	l["fetched"] = time.Now().Add(-d).UTC().Format(time.RFC3339)
	h, _ := json.Marshal(l)
	if err := os.WriteFile(path, append(append(h, '\n'), rest...), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSSOListingRefreshesItself: a listing older than a day is listed again
// in the background, started by a command of the engine (not by
// credential-process), which waits for nothing; a failed listing keeps the
// last good one, and the next command says so in one warning line, once.
func TestSSOListingRefreshesItself(t *testing.T) {
	w, s := signedInSSOWorld(t)
	before := s.Calls("ListAccounts")
	path := ageListing(t, w, 30*time.Hour)
	w.mustRun("", "credential-process", "prod/Admin")
	if s.Calls("ListAccounts") != before {
		t.Fatal("credential-process listed the session again")
	}
	w.mustRun("", "clear") // cold: a warm answer never reaches the engine
	r := w.mustRun("", "env", "prod/Admin", "--format", "json")
	if r.stderr != "" {
		t.Fatalf("env said something about the listing: %s", r)
	}
	old := time.Now().Add(-30 * time.Hour).UTC().Format("2006-01-02T15")
	waitUntil(t, "the background listing replaced the old one", func() bool {
		data, _ := os.ReadFile(path)
		return len(data) > 0 && !strings.Contains(string(data), old)
	})
	if n := s.Calls("ListAccounts") - before; n != 1 {
		t.Errorf("ListAccounts called %d times, want 1", n)
	}

	ageListing(t, w, 72*time.Hour)
	s.SetFault(fakeaws.Fault{Status: 500, Code: "InternalServerException", Message: "boom", Actions: []string{"ListAccountRoles"}})
	w.mustRun("", "clear")
	if r := w.mustRun("", "env", "prod/Admin", "--format", "json"); r.stderr != "" {
		t.Fatalf("env said something before the background listing ended: %s", r)
	}
	tried := strings.TrimSuffix(path, ".json") + ".tried"
	waitUntil(t, "the background listing recorded its failure", func() bool {
		fi, err := os.Stat(tried)
		return err == nil && fi.Size() > 0
	})
	w.mustRun("", "clear")
	r = w.mustRun("", "env", "prod/Admin", "--format", "json")
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], `switchrole: the roles of SSO session "corp" are from `) ||
		!strings.Contains(lines[0], "(3 days old) and could not be listed again") || !strings.Contains(lines[0], "Identity Center answered: boom") {
		t.Fatalf("want one warning line: %s", r)
	}
	if r := w.mustRun("", "list", "--json"); !strings.Contains(r.stdout, `"prod/Admin"`) {
		t.Errorf("the last good listing is gone: %s", r)
	}
	// Neither tried nor said again at once (offline, each try would fail).
	calls := s.Calls("ListAccounts")
	w.mustRun("", "clear")
	if r := w.mustRun("", "env", "prod/Admin", "--format", "json"); r.stderr != "" || s.Calls("ListAccounts") != calls {
		t.Errorf("a failed listing was tried or said again at once: %s", r)
	}
}

// TestSSOSessionInTOML: an [sso.NAME] table of switchrole's file signs in
// and lists as an [sso-session] does, its token under sha1(NAME) where the
// AWS CLI would put it; a name both files use is a config error (exit 2).
func TestSSOSessionInTOML(t *testing.T) {
	w, s := newSSOWorld(t)
	toml := filepath.Join(w.home, ".config", "switchrole", "config.toml")
	os.MkdirAll(filepath.Dir(toml), 0o700)
	os.WriteFile(toml, []byte("[sso.work]\nstart_url = \""+ssoStartURL+"\"\nregion = \"eu-west-1\"\nname = \"work-{account}/{role}\"\n"), 0o600)
	cmd := w.command("sso", "login", "work", "--device-code")
	pipe, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	var seen strings.Builder
	for !strings.Contains(seen.String(), "Waiting for approval") {
		n, err := pipe.Read(buf)
		seen.Write(buf[:n])
		if err != nil {
			t.Fatalf("no code printed:\n%s", seen.String())
		}
	}
	code := regexpCode.FindString(seen.String())
	if !s.ApproveDevice(code) {
		t.Fatalf("code %q unknown to the fake:\n%s", code, seen.String())
	}
	rest, _ := io.ReadAll(pipe)
	seen.Write(rest)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("sso login work: %v\n%s", err, seen.String())
	}
	// sha1("work")
	if _, err := os.Stat(filepath.Join(w.home, ".aws", "sso", "cache", "e274eeff768c6396088ec6eb091f4bf4d47ab1e0.json")); err != nil {
		entries, _ := os.ReadDir(filepath.Join(w.home, ".aws", "sso", "cache"))
		t.Fatalf("token not under sha1(\"work\"): %v %v", err, entries)
	}
	// The sign-in lists the roles: no `sso sync` needed.
	if !strings.Contains(seen.String(), `1 role in 1 account from SSO session "work"`) {
		t.Errorf("sso login did not list the roles:\n%s", seen.String())
	}
	if r := w.mustRun("", "list", "--json"); !strings.Contains(r.stdout, `"name": "work-prod/Admin"`) || !strings.Contains(r.stdout, `"from": "sso:work"`) {
		t.Errorf("list:\n%s", r)
	}

	os.WriteFile(toml, []byte("[sso.corp]\nstart_url = \""+ssoStartURL+"\"\nregion = \"eu-west-1\"\n"), 0o600)
	r := w.run("", "sso", "login", "corp")
	if r.code != 2 || !strings.Contains(r.stderr, `config.toml:1: [sso.corp] has the same name as the AWS config's SSO session "corp"`) {
		t.Errorf("clash: %s", r)
	}
}

var regexpCode = regexp.MustCompile(`\b[A-Z]{4}-[A-Z]{4}\b`)

// TestPickerOffersTheSSOSignIn: an SSO role chosen in the picker while its
// session is signed out is chosen all the same; once the picker has given
// the terminal back, switchrole offers the sign-in, prints the device code
// (no display here), and then carries on with what was asked.
func TestPickerOffersTheSSOSignIn(t *testing.T) {
	w, s := signedInSSOWorld(t)
	w.mustRun("", "sso", "logout", "corp")
	env := append(append([]string(nil), w.vars...), "PATH="+filepath.Dir(binary)+":/usr/bin:/bin")
	tm := startTmux(t, env, binary+" env --format dotenv; echo PICKER-EXIT=$?; sleep 60")
	tm.waitFor(`targets`)
	tm.sendText("prod/adm")
	tm.waitFor(`1 of \d+ targets`)
	tm.send("Enter")
	tm.waitFor(`Sign in to SSO session "corp" now\? \[Y/n\]`)
	tm.send("Enter")
	code := tm.waitFor(`\b([A-Z]{4}-[A-Z]{4})\b`)[1]
	if !s.ApproveDevice(code) {
		t.Fatalf("code %s unknown to the fake:\n%s", code, tm.screen())
	}
	tm.waitFor(`PICKER-EXIT=0`)
	if screen := tm.screen(); !strings.Contains(screen, "AWS_ACCESS_KEY_ID=ASIA") || !strings.Contains(screen, "SWITCHROLE_TARGET=prod/Admin") {
		t.Fatalf("no credentials after the sign-in:\n%s", screen)
	}
}

// TestSSOTargetConsole: `console` signs in to an SSO role through the
// federation endpoint with its GetRoleCredentials credentials, and the
// fake's console lands signed in as the permission set's role.
func TestSSOTargetConsole(t *testing.T) {
	browsertest.Need(t)
	w, s := signedInSSOWorld(t)
	w.setenv("SWITCHROLE_FEDERATION_URL", s.FederationURL())
	r := w.mustRun("", "console", "prod/Admin", "--print")
	url := strings.TrimSpace(r.stdout)
	if !strings.HasPrefix(url, s.FederationURL()+"?Action=login") || s.Calls("GetRoleCredentials") != 1 {
		t.Fatalf("console --print: %s", r)
	}
	assertNoSecrets(t, r.stderr, strings.SplitN(url, "SigninToken=", 2)[1])
	dom, stderr := browsertest.DumpDOM(t, url)
	if !strings.Contains(dom, "Signed in as assumed-role/AWSReservedSSO_Admin_") || !strings.Contains(dom, "in 222222222222") {
		t.Fatalf("the browser did not land signed in\nDOM:\n%s\nchromium stderr:\n%s", dom, browsertest.Tail(stderr, 2000))
	}
}

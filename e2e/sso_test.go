package e2e

import (
	"bufio"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/switchrole/switchrole/internal/fakeaws"
	"github.com/switchrole/switchrole/internal/fakeawstest"
)

const ssoStartURL = "https://d-1234567890.awsapps.com/start"

// newSSOWorld is a user with one [sso-session corp] and an SSO profile,
// and the fake's Identity Center behind the SDK's endpoint variables.
func newSSOWorld(t *testing.T) (*world, *fakeaws.Server) {
	t.Helper()
	s := fakeawstest.Start(t, fakeaws.WithIdentityCenter(fakeaws.IdentityCenter{StartURL: ssoStartURL, UserName: "alice@example.com",
		Accounts: []fakeaws.SSOAccount{{ID: "222222222222", Name: "prod", Roles: []string{"Admin"}}}}))
	home := t.TempDir()
	cfg := filepath.Join(home, ".aws", "config")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("[sso-session corp]\nsso_start_url = "+ssoStartURL+"\nsso_region = eu-west-1\n\n[profile prod]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = Admin\nregion = eu-west-1\n"), 0o600)
	vars := []string{
		"HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=dumb", "LANG=C.UTF-8",
		"AWS_MAX_ATTEMPTS=1", "AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=" + cfg,
		"AWS_ENDPOINT_URL_SSO=" + s.URL(), "AWS_ENDPOINT_URL_SSO_OIDC=" + s.URL(), "AWS_ENDPOINT_URL_STS=" + s.URL(),
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
	}
	return &world{t: t, home: home, vars: vars}, s
}

// tokenFile is sha1("corp"), the AWS CLI's name for the session's token.
func tokenFile(w *world) string {
	return filepath.Join(w.home, ".aws", "sso", "cache", "ee0bfd2552fbd840c02cc48b6e823320543c450f.json")
}

// secretsOf reads the secrets switchrole cached, to check they appear
// nowhere else.
func secretsOf(t *testing.T, w *world) []string {
	t.Helper()
	data, err := os.ReadFile(tokenFile(w))
	if err != nil {
		t.Fatalf("no token file: %v", err)
	}
	var out []string
	for _, k := range []string{"accessToken", "refreshToken", "clientSecret"} {
		m := regexp.MustCompile(`"` + k + `": "([^"]+)"`).FindSubmatch(data)
		if m == nil {
			t.Fatalf("token file has no %s", k)
		}
		out = append(out, string(m[1]))
	}
	return out
}

// assertSecretsOnlyInCLICache walks HOME: the secrets are in the AWS CLI's
// cache files and in no other file.
func assertSecretsOnlyInCLICache(t *testing.T, w *world, secrets []string) {
	t.Helper()
	cacheDir := filepath.Dir(tokenFile(w))
	filepath.WalkDir(w.home, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Dir(path) == cacheDir {
			return nil
		}
		data, _ := os.ReadFile(path)
		for _, s := range secrets {
			if strings.Contains(string(data), s) {
				t.Errorf("%s holds an SSO secret", path)
			}
		}
		return nil
	})
}

func TestSSOLoginWithBrowserRedirect(t *testing.T) {
	w, s := newSSOWorld(t)
	// The "browser" approves the sign-in page with one POST and follows
	// the redirect back to switchrole's loopback listener; it logs its
	// arguments so the test can check no secret was on a command line.
	argv := filepath.Join(w.home, "browser-argv")
	script := filepath.Join(w.home, "browser")
	os.WriteFile(script, []byte("#!/bin/sh\necho \"$@\" >> "+argv+"\nloc=$(curl -s -o /dev/null -w '%{redirect_url}' -X POST \"$1\")\ncurl -s \"$loc\" >/dev/null\n"), 0o700)
	w.setenv("BROWSER", script)
	r := w.mustRun("", "sso", "login", "corp")
	if !strings.Contains(r.stderr, "Signed in to "+ssoStartURL) {
		t.Errorf("no confirmation:\n%s", r)
	}
	if s.Calls("StartDeviceAuthorization") != 0 || s.Calls("authorize") != 1 {
		t.Errorf("not the authorization-code flow: device %d authorize %d", s.Calls("StartDeviceAuthorization"), s.Calls("authorize"))
	}
	fi, err := os.Stat(tokenFile(w))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", err, fi)
	}
	secrets := secretsOf(t, w)
	assertNoSecrets(t, r.stdout+r.stderr, secrets...)
	assertSecretsOnlyInCLICache(t, w, secrets) // the browser's argv log included

	r = w.mustRun("", "sso", "logout")
	if !strings.Contains(r.stderr, `Signed out of SSO session "corp"`) {
		t.Errorf("logout:\n%s", r)
	}
	if _, err := os.Stat(tokenFile(w)); err == nil {
		t.Error("logout left the token file")
	}
	if s.Calls("Logout") != 1 {
		t.Errorf("portal Logout calls = %d", s.Calls("Logout"))
	}
}

// startDeviceLogin starts `sso login --device-code` and returns the user
// code it printed.
func startDeviceLogin(t *testing.T, w *world) (wait func() result, code string) {
	t.Helper()
	cmd := w.command("sso", "login", "--device-code")
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var seen strings.Builder
	rd := bufio.NewReader(pipe)
	codeRE := regexp.MustCompile(`^\s+([A-Z]{4}-[A-Z]{4})\s*$`)
	for code == "" {
		line, err := rd.ReadString('\n')
		seen.WriteString(line)
		if err != nil {
			t.Fatalf("no code printed:\n%s", seen.String())
		}
		if m := codeRE.FindStringSubmatch(line); m != nil {
			code = m[1]
		}
	}
	return func() result {
		rest, _ := io.ReadAll(rd)
		err := cmd.Wait()
		return result{stderr: seen.String() + string(rest), code: exitCode(err)}
	}, code
}

func TestSSOLoginWithDeviceCode(t *testing.T) {
	w, s := newSSOWorld(t)
	wait, code := startDeviceLogin(t, w)
	resp, err := http.PostForm(s.URL()+"/device", url.Values{"user_code": {code}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	r := wait()
	if r.code != 0 || !strings.Contains(r.stderr, s.URL()+"/device?user_code="+code) {
		t.Fatalf("device login:\n%s", r)
	}
	secrets := secretsOf(t, w)
	assertNoSecrets(t, r.stderr, secrets...)

	// The sign-in lists the user's accounts and roles, and caches them.
	r = w.mustRun("", "sso", "sync", "--json")
	if !strings.Contains(r.stdout, `"account_id": "222222222222"`) || !strings.Contains(r.stdout, `"role": "Admin"`) {
		t.Errorf("sync:\n%s", r)
	}
	if fi, err := os.Stat(filepath.Join(w.home, ".cache", "switchrole", "sso", "ee0bfd2552fbd840c02cc48b6e823320543c450f.json")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("listing cache: %v", err)
	}
	assertNoSecrets(t, r.stdout+r.stderr, secrets...)
	assertSecretsOnlyInCLICache(t, w, secrets)
}

func TestSSOLoginCtrlCExits130(t *testing.T) {
	w, _ := newSSOWorld(t)
	cmd := w.command("sso", "login", "--device-code")
	pipe, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rd := bufio.NewReader(pipe)
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			t.Fatal("no prompt")
		}
		if strings.Contains(line, "Waiting for approval") {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGINT)
	io.Copy(io.Discard, rd)
	if code := exitCode(cmd.Wait()); code != 130 {
		t.Fatalf("exit %d, want 130", code)
	}
}

func TestSSOLoginUnknownSession(t *testing.T) {
	w, _ := newSSOWorld(t)
	r := w.run("", "sso", "login", "nope")
	if r.code != 2 || !strings.Contains(r.stderr, `has no SSO session "nope" (it has: corp)`) {
		t.Fatalf("unknown session:\n%s", r)
	}
}

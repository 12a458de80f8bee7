//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/switchrole/switchrole/internal/browsertest"
)

// TestConsoleSignInInARealBrowser opens the URL `switchrole console --print`
// printed in headless Chromium and checks it lands signed in as the role.
func TestConsoleSignInInARealBrowser(t *testing.T) {
	browsertest.Need(t)
	w := newWorld(t)
	r := w.mustRun("", "console", "prod-core/Admin", "--print", "--service", "s3", "--mfa-code", w.code())
	url := strings.TrimSpace(r.stdout)
	if !strings.HasPrefix(url, w.env.Server.FederationURL()+"?Action=login") || strings.Count(url, "\n") != 0 {
		t.Fatalf("console --print: %s", r)
	}
	assertNoSecrets(t, r.stderr, strings.SplitN(url, "SigninToken=", 2)[1])
	dom, stderr := browsertest.DumpDOM(t, url)
	const want = "Signed in as assumed-role/Admin/alice in 210000000001"
	if !strings.Contains(dom, want) {
		t.Fatalf("the browser did not land signed in (want %q)\nDOM:\n%s\nchromium stderr:\n%s", want, dom, browsertest.Tail(stderr, 2000))
	}
	if !strings.Contains(dom, "us-east-1.console.aws.amazon.com/s3/home") {
		t.Errorf("console page does not show the S3 destination:\n%s", dom)
	}
}

func TestConsoleDurationAssumesDirectlyAndSaysSo(t *testing.T) {
	w := newWorld(t)
	r := w.mustRun("", "console", "prod-core/Admin", "--print", "--duration", "4h", "--mfa-code", w.code())
	if !strings.Contains(r.stderr, "directly with MFA") {
		t.Errorf("no note about the direct MFA path: %q", r.stderr)
	}
	req := lastRequest(w.env.Server, "getSigninToken")
	if req.Params.Get("SessionDuration") != "14400" {
		t.Errorf("getSigninToken SessionDuration = %q, want 14400", req.Params.Get("SessionDuration"))
	}
	if w.env.Server.Calls("GetSessionToken") != 0 {
		t.Error("a console session length needs AssumeRole with long-term keys, not the MFA session")
	}
}

func TestConsoleForTheJumpUserUsesAFederationToken(t *testing.T) {
	w := newWorld(t)
	r := w.mustRun("", "console", "jump", "--print")
	if !strings.Contains(r.stderr, "GetFederationToken") || w.env.Server.Calls("GetFederationToken") != 1 {
		t.Errorf("console jump: %s", r)
	}
	if req := lastRequest(w.env.Server, "getSigninToken"); req.Params.Has("SessionDuration") {
		t.Error("SessionDuration must be omitted for GetFederationToken credentials")
	}
}

func TestConsoleWithoutABrowserPrintsTheURL(t *testing.T) {
	w := newWorld(t)
	w.setenv("DISPLAY", "")
	w.setenv("WAYLAND_DISPLAY", "")
	w.setenv("BROWSER", "")
	r := w.mustRun("", "console", "prod-data/ReadOnly", "--mfa-code", w.code())
	if !strings.Contains(r.stderr, "can't open a browser") || !strings.HasPrefix(r.stdout, w.env.Server.FederationURL()) {
		t.Errorf("no browser: %s", r)
	}
}

func TestSwitchRoleLinksAndBookmarks(t *testing.T) {
	w := newWorld(t)
	r := w.mustRun("", "link", "prod-core/Admin")
	want := "https://signin.aws.amazon.com/switchrole?account=210000000001&roleName=Admin&displayName=prod-core%2FAdmin&color=f2b0a9\n"
	if r.stdout != want {
		t.Errorf("link = %q, want %q", r.stdout, want)
	}
	if r := w.run("", "link", "ci-cd/Deploy"); r.code == 0 || !strings.Contains(r.stderr, "external id") {
		t.Errorf("a role needing an external id has no console link: %s", r)
	}
	out := filepath.Join(w.home, "roles.html")
	r = w.mustRun("", "link", "--all", "--format", "html", "-o", out)
	html, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(html), "<!DOCTYPE NETSCAPE-Bookmark-file-1>") || strings.Count(string(html), "<A HREF=") != 40 {
		t.Errorf("bookmarks: %d links (want 40: 41 roles less the external-id one)\n%s", strings.Count(string(html), "<A HREF="), r)
	}
	if r := w.run("", "link", "--all", "--format", "html", "-o", out); r.code != 2 {
		t.Errorf("link -o over an existing file: %s", r)
	}
	if r := w.mustRun("", "link", "--all", "--format", "aesr"); strings.Count(r.stdout, "aws_account_id = ") != 40 {
		t.Errorf("aesr:\n%s", r.stdout)
	}
}

package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/switchrole/switchrole/sso/listfile"
)

// TestSSOUnreachableInOneSentence: `sso login` and `sso sync` with no
// answer from Identity Center (offline, a VPN down) say so in one sentence
// naming the session, without the SDK's "operation error ... RequestID".
func TestSSOUnreachableInOneSentence(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("SWITCHROLE_SSO_TOKEN_CACHE", filepath.Join(home, "sso"))
	const dead = "http://127.0.0.1:1" // nothing listens there: refused
	t.Setenv("AWS_ENDPOINT_URL_SSO_OIDC", dead)
	t.Setenv("AWS_ENDPOINT_URL_SSO", dead)
	cfg := filepath.Join(home, "config")
	os.WriteFile(cfg, []byte("[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n"), 0o600)
	t.Setenv("AWS_CONFIG_FILE", cfg)
	os.MkdirAll(filepath.Join(home, "sso"), 0o700)
	os.WriteFile(filepath.Join(home, "sso", "ee0bfd2552fbd840c02cc48b6e823320543c450f.json"),
		[]byte(`{"startUrl": "https://d-1234567890.awsapps.com/start", "region": "eu-west-1", "accessToken": "TOKENMARKER", "expiresAt": "2099-01-01T00:00:00Z"}`), 0o600)
	// The automatic listing of an old list warns in one line that says
	// no answer came (not "Identity Center answered: …").
	files, err := listfile.DefaultCache()
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-72 * time.Hour)
	if err := files.Write("corp", listfile.Listing{StartURL: "https://d-1234567890.awsapps.com/start", Region: "eu-west-1", Fetched: old,
		Assignments: []listfile.Assignment{{AccountID: "222222222222", AccountName: "prod", Role: "Admin"}}}); err != nil {
		t.Fatal(err)
	}
	// An old listing starts a background `sso sync` (run here in-process:
	// this test's executable is the test binary) and waits for nothing.
	var started []string
	orig := startBackgroundSync
	t.Cleanup(func() { startBackgroundSync = orig })
	startBackgroundSync = func(g *globalOptions, name string) error {
		started = append(started, name)
		s, _, _ := TestStreams()
		_ = Execute(context.Background(), []string{"sso", "sync", "--background", name}, s)
		return nil
	}
	g := &globalOptions{}
	idx, err := g.loadIndex()
	if err != nil {
		t.Fatal(err)
	}
	s, _, errOut := TestStreams()
	refreshListings(g, s, idx)
	if len(started) != 1 || started[0] != "corp" || errOut.Len() != 0 {
		t.Fatalf("started %q, said %q; want one background sync of corp, silently", started, errOut)
	}
	// The next command says why it failed, in one line that says no
	// answer came (not "Identity Center answered: …"), and starts none.
	s, _, errOut = TestStreams()
	refreshListings(g, s, idx)
	if w := errOut.String(); !strings.Contains(w, `could not be listed again: no answer from IAM Identity Center in eu-west-1 for SSO session "corp"`) || strings.Contains(w, "request send failed") || strings.Count(w, "\n") != 1 || len(started) != 1 {
		t.Errorf("warning: %q, started %q", w, started)
	}
	// Once.
	s, _, errOut = TestStreams()
	refreshListings(g, s, idx)
	if errOut.Len() != 0 || len(started) != 1 {
		t.Errorf("said again %q, or started again %q", errOut, started)
	}

	for _, args := range [][]string{{"sso", "login", "corp", "--device-code"}, {"sso", "sync", "corp"}} {
		s, _, _ := TestStreams()
		err := Execute(context.Background(), args, s)
		msg := Message(err)
		want := `no answer from IAM Identity Center in eu-west-1 for SSO session "corp"`
		if ExitCode(err) != ExitFailure || !strings.HasPrefix(msg, want) || strings.Contains(msg, "operation error") || strings.Contains(msg, "TOKENMARKER") {
			t.Errorf("%q: exit %d, %q; want exit 1 and %q", args, ExitCode(err), msg, want)
		}
	}
}

// TestSSOLoginOfABrokenSession: naming a session whose section is broken
// says what is wrong with it (FILE:LINE), not that there is no such
// session.
func TestSSOLoginOfABrokenSession(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	cfg := filepath.Join(home, "config")
	os.WriteFile(cfg, []byte("[sso-session a]\nsso_start_url = https://a.awsapps.com/start\nsso_region = eu-west-1\n\n[sso-session b]\nsso_region = eu-west-1\n"), 0o600)
	t.Setenv("AWS_CONFIG_FILE", cfg)
	for _, args := range [][]string{{"sso", "login", "b"}, {"sso", "logout", "b"}, {"sso", "sync", "b"}} {
		s, _, _ := TestStreams()
		err := Execute(context.Background(), args, s)
		want := cfg + ":5: [sso-session b] needs both sso_start_url and sso_region"
		if ExitCode(err) != ExitUsage || Message(err) != want {
			t.Errorf("%q: exit %d, %q; want exit 2 and %q", args, ExitCode(err), Message(err), want)
		}
	}
}

// TestListingAgeWords: the age in the "could not be listed again" warning
// is in days from two days on, in hours below, and never "1 hours".
func TestListingAgeWords(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Hour + 59*time.Minute: "1 hour",
		5 * time.Hour:              "5 hours",
		47 * time.Hour:             "47 hours",
		3*24*time.Hour + time.Hour: "3 days",
	} {
		if got := ageWords(d); got != want {
			t.Errorf("ageWords(%v) = %q, want %q", d, got, want)
		}
	}
}

package console

import (
	"errors"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/switchrole/switchrole/config"
)

const loginURL = "https://signin.aws.amazon.com/federation?Action=login&SigninToken=T&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F"

// isolatedRun opens loginURL for p with the given browser settings and
// returns the command it started.
func isolatedRun(t *testing.T, browser, browserVar string, installed ...string) (string, []string, error) {
	t.Helper()
	var path string
	var args []string
	o := Opener{
		Browser:    browser,
		ProfileDir: t.TempDir(),
		Getenv:     fakeEnv(map[string]string{"BROWSER": browserVar, "DISPLAY": ":0"}),
		LookPath:   fakePath(installed...),
		Start:      func(p string, a []string) error { path, args = p, a; return nil },
	}
	err := o.OpenIsolated(loginURL, Profile{Key: "210000000001", Label: "prod-core", Color: "#f2b0a9"})
	if err == nil && strings.HasPrefix(filepath.Base(path), "chrom") {
		if !slices.Contains(args, "--user-data-dir="+filepath.Join(o.ProfileDir, "210000000001")) {
			t.Errorf("no per-account profile in %q", args)
		}
	}
	return path, args, err
}

func TestOpenIsolatedChromium(t *testing.T) {
	path, args, err := isolatedRun(t, "chromium --incognito", "", "chromium")
	if err != nil {
		t.Fatal(err)
	}
	if path != "/usr/bin/chromium" || args[0] != "--incognito" || args[len(args)-1] != loginURL {
		t.Errorf("ran %s %q", path, args)
	}
	for _, want := range []string{"--class=switchrole-210000000001", "--window-name=prod-core (switchrole)", "--no-first-run"} {
		if !slices.Contains(args, want) {
			t.Errorf("args %q lack %s", args, want)
		}
	}
}

func TestOpenIsolatedFirefoxContainer(t *testing.T) {
	path, args, err := isolatedRun(t, "", "firefox %s", "firefox")
	if err != nil {
		t.Fatal(err)
	}
	if path != "/usr/bin/firefox" || len(args) != 1 {
		t.Fatalf("ran %s %q", path, args)
	}
	u, ok := strings.CutPrefix(args[0], "ext+container:")
	if !ok {
		t.Fatalf("not a container URL: %q", args[0])
	}
	q, err := url.ParseQuery(u)
	if err != nil || q.Get("name") != "prod-core" || q.Get("color") != "red" || q.Get("url") != loginURL {
		t.Errorf("container URL %q: %v %v", args[0], q, err)
	}
}

func TestOpenIsolatedFindsABrowserOrSaysWhy(t *testing.T) {
	path, _, err := isolatedRun(t, "", "", "firefox", "chromium")
	if err != nil || path != "/usr/bin/chromium" {
		t.Errorf("found %s, %v; want chromium, the first known one in PATH", path, err)
	}
	_, _, err = isolatedRun(t, "", "", "lynx")
	var unsupported *UnsupportedBrowserError
	if !errors.As(err, &unsupported) || !strings.Contains(err.Error(), "none was found") {
		t.Errorf("no browser: %v", err)
	}
	_, _, err = isolatedRun(t, "", "lynx", "lynx")
	if !errors.As(err, &unsupported) || !strings.Contains(err.Error(), "not lynx") {
		t.Errorf("lynx: %v", err)
	}
	_, _, err = isolatedRun(t, "brave-browser", "", "chromium")
	var noBrowser *NoBrowserError
	if !errors.As(err, &noBrowser) || !strings.Contains(err.Error(), "configured browser brave-browser is not installed") {
		t.Errorf("missing configured browser: %v", err)
	}
}

func TestProfileForIsStablePerAccount(t *testing.T) {
	admin := &config.Target{Name: "prod-core/Admin", Account: "prod-core", AccountID: "210000000001", Color: "#f2b0a9"}
	ro := &config.Target{Name: "prod-core/ReadOnly", Account: "prod-core", AccountID: "210000000001"}
	if ProfileFor(admin).Key != ProfileFor(ro).Key || ProfileFor(admin).Key != "210000000001" {
		t.Errorf("keys %q %q", ProfileFor(admin).Key, ProfileFor(ro).Key)
	}
	if p := ProfileFor(&config.Target{Name: "../../etc"}); p.Key != ".._.._etc" || p.Label != "../../etc" {
		t.Errorf("unsafe name: %+v", p)
	}
	if p := ProfileFor(&config.Target{Name: ".."}); strings.Trim(p.Key, ".") == "" {
		t.Errorf("key %q is a parent directory", p.Key)
	}
}

func TestFamilies(t *testing.T) {
	for prog, want := range map[string]Family{
		"/usr/bin/chromium": Chromium, "google-chrome-stable": Chromium, "brave-browser": Chromium, "microsoft-edge": Chromium,
		"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome": Chromium,
		"firefox-esr": Firefox, "librewolf": Firefox, "w3m": OtherBrowser, "xdg-open": OtherBrowser,
	} {
		if got := FamilyOf(prog); got != want {
			t.Errorf("FamilyOf(%q) = %v, want %v", prog, got, want)
		}
	}
}

func TestContainerColorFollowsThePalette(t *testing.T) {
	for name, want := range map[string]string{"red": "red", "orange": "orange", "yellow": "yellow", "green": "green",
		"blue": "blue", "teal": "turquoise", "purple": "purple", "pink": "pink", "gray": "toolbar"} {
		hex, _ := config.NormalizeColor(name)
		if got := containerColor(hex); got != want {
			t.Errorf("%s (%s) → %s, want %s", name, hex, got, want)
		}
	}
	if containerColor("") != "" {
		t.Error("no colour should give no container colour")
	}
}

func TestContainerColorOfOtherColoursIsTheNearestHue(t *testing.T) {
	for hex, want := range map[string]string{"#d75f5f": "red", "#5f87af": "blue", "#5fafaf": "turquoise", "#af87d7": "purple"} {
		if got := containerColor(hex); got != want {
			t.Errorf("%s → %s, want %s", hex, got, want)
		}
	}
}

// TestSigninNeverChainsALogout guards the console's multi-session mode:
// a sign-in URL that went through the console's logout first (as some
// tools do, to replace the browser's session) would sign out the other
// identities the user keeps open. switchrole's URL is the federation
// login alone, straight to the destination.
func TestSigninNeverChainsALogout(t *testing.T) {
	s := newFake(t)
	creds := assumeAsAlice(t, s, adminARN)
	login, err := SigninURL(t.Context(), SigninOptions{Credentials: creds, Partition: "aws", Region: "eu-west-1", FederationURL: s.FederationURL()})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(login)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("Action") != "login" || strings.Contains(strings.ToLower(login), "logout") || strings.Contains(q.Get("Destination"), "signin.aws.amazon.com") {
		t.Errorf("sign-in URL: Action %q, Destination %q", q.Get("Action"), q.Get("Destination"))
	}
}

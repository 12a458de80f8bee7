//go:build unix

package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/switchrole/switchrole/internal/browsertest"
)

// headlessChromium is the browser command the isolation test configures:
// the real Chromium, headless, with a DevTools port the test reads each
// profile's tabs through.
var headlessChromium = browsertest.ChromiumPath + " --headless --no-sandbox --disable-gpu --disable-quic" +
	" --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage --remote-debugging-port=0"

// TestIsolatedConsolesStaySignedInSideBySide opens two accounts' consoles
// in the real Chromium, one with --isolate and one through the config's
// isolate_consoles, and checks that each has its own profile directory and
// that both are still signed in afterwards: a new tab on the console page
// in each profile, with nothing but that profile's cookie, shows its own
// account. (In one shared profile the second sign-in would replace the
// first one's cookie.)
func TestIsolatedConsolesStaySignedInSideBySide(t *testing.T) {
	browsertest.Need(t)
	w := newWorld(t)
	data := filepath.Join(w.home, "data")
	w.setenv("XDG_DATA_HOME", data)
	base, err := os.ReadFile(w.env.ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	config := strings.Replace(string(base), "[defaults]\n", "[defaults]\nbrowser = \""+headlessChromium+"\"\n", 1)
	w.writeConfig(config)

	profiles := filepath.Join(data, "switchrole", "browser")
	core, dataAcct := filepath.Join(profiles, "210000000001"), filepath.Join(profiles, "210000000002")
	t.Cleanup(func() { killBrowser(core); killBrowser(dataAcct) })

	r := w.mustRun("", "console", "prod-core/Admin", "--isolate", "--mfa-code", w.code())
	if !strings.Contains(r.stderr, "opened the console for prod-core/Admin in its own browser profile") || r.stdout != "" {
		t.Fatalf("console --isolate: %s", r)
	}
	w.writeConfig(strings.Replace(config, "[defaults]\n", "[defaults]\nisolate_consoles = true\n", 1))
	r = w.mustRun("", "console", "prod-data/ReadOnly")
	if !strings.Contains(r.stderr, "in its own browser profile") {
		t.Fatalf("console with isolate_consoles = true: %s", r)
	}

	coreTabs, dataTabs := devTools(t, core), devTools(t, dataAcct)
	const coreID, dataID = "Signed in as assumed-role/Admin/alice in 210000000001", "Signed in as assumed-role/ReadOnly/alice in 210000000002"
	coreTabs.waitForTitle(t, coreID)
	dataTabs.waitForTitle(t, dataID)

	// Both still signed in, each profile by its own cookie.
	consolePage := strings.TrimSuffix(w.env.Server.FederationURL(), "/federation") + "/console"
	coreTabs.open(t, consolePage)
	dataTabs.open(t, consolePage)
	coreTabs.waitForTitleAt(t, consolePage, coreID)
	dataTabs.waitForTitleAt(t, consolePage, dataID)
	if n := w.env.Server.Calls("login"); n != 2 {
		t.Errorf("%d logins, want 2", n)
	}
}

// devToolsEndpoint is one running Chromium's DevTools HTTP endpoint.
type devToolsEndpoint struct{ base string }

// devTools waits for the Chromium using profile dir to publish its
// DevTools port.
func devTools(t *testing.T, dir string) devToolsEndpoint {
	t.Helper()
	file := filepath.Join(dir, "DevToolsActivePort")
	waitForFile(t, file)
	var port string
	waitUntil(t, file+" to hold a port", func() bool {
		b, _ := os.ReadFile(file)
		port, _, _ = strings.Cut(string(b), "\n")
		_, err := strconv.Atoi(port)
		return err == nil
	})
	return devToolsEndpoint{base: "http://127.0.0.1:" + port}
}

type devToolsTab struct {
	Type, Title, URL string
}

func (d devToolsEndpoint) tabs(t *testing.T) []devToolsTab {
	t.Helper()
	resp, err := http.Get(d.base + "/json/list")
	if err != nil {
		t.Fatalf("DevTools: %v", err)
	}
	defer resp.Body.Close()
	var tabs []devToolsTab
	if err := json.NewDecoder(resp.Body).Decode(&tabs); err != nil {
		t.Fatalf("DevTools /json/list: %v", err)
	}
	return tabs
}

// open opens u in a new tab.
func (d devToolsEndpoint) open(t *testing.T, u string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, d.base+"/json/new?"+url.PathEscape(u), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("DevTools /json/new: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("DevTools /json/new: %s", resp.Status)
	}
}

func (d devToolsEndpoint) waitForTitle(t *testing.T, title string) { d.waitForTitleAt(t, "", title) }

// waitForTitleAt waits (bounded) for a page whose URL is exactly at (any
// page when at is "") to have title, and fails with what the tabs show.
func (d devToolsEndpoint) waitForTitleAt(t *testing.T, at, title string) {
	t.Helper()
	var tabs []devToolsTab
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		tabs = d.tabs(t)
		for _, tab := range tabs {
			if tab.Type == "page" && tab.Title == title && (at == "" || tab.URL == at) {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no tab %s shows %q; tabs: %+v", at, title, tabs)
}

// killBrowser kills the Chromium that holds profile dir, and its session
// (switchrole starts it in one of its own): SingletonLock links to
// "HOST-PID".
func killBrowser(dir string) {
	target, err := os.Readlink(filepath.Join(dir, "SingletonLock"))
	if err != nil {
		return
	}
	i := strings.LastIndexByte(target, '-')
	pid, err := strconv.Atoi(target[i+1:])
	if err != nil || pid <= 1 {
		return
	}
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	_ = syscall.Kill(pid, syscall.SIGKILL)
}

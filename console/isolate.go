package console

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/detach"
	"github.com/switchrole/switchrole/internal/safename"
)

// Profile is the browser profile an account's console opens in when
// consoles are isolated: one per account, so that several accounts stay
// signed in side by side (the console keeps one session per browser
// profile, or up to five with its multi-session mode).
type Profile struct {
	// Key names the profile's directory: the account id when known (it
	// survives renaming the account), else the account's or target's name.
	// The same account always gets the same key.
	Key string
	// Label is what the browser shows of it: the account's name.
	Label string
	// Color is the account's "#rrggbb", or "".
	Color string
}

// ProfileFor is the profile t's console opens in. Every role of an account
// shares it: they are one account's sessions.
func ProfileFor(t *config.Target) Profile {
	label := t.Account
	if label == "" {
		label = t.Name
	}
	key := t.AccountID
	if key == "" {
		key = label
	}
	return Profile{Key: safename.Element(key), Label: label, Color: t.Color}
}

// Family is a kind of browser, by how it keeps sessions apart.
type Family int

const (
	// OtherBrowser cannot be told to open an isolated profile.
	OtherBrowser Family = iota
	// Chromium-family browsers (Chromium, Chrome, Brave, Edge, Vivaldi,
	// Opera) take a profile directory with --user-data-dir.
	Chromium
	// Firefox keeps sessions apart in container tabs.
	Firefox
)

// FamilyOf tells a browser command's family from its program name.
func FamilyOf(program string) Family {
	name := strings.ToLower(filepath.Base(program))
	name = strings.TrimSuffix(name, ".exe")
	switch {
	case strings.Contains(name, "firefox"), strings.Contains(name, "librewolf"), strings.Contains(name, "waterfox"):
		return Firefox
	case strings.Contains(name, "chrom"), strings.Contains(name, "brave"), strings.Contains(name, "edge"),
		strings.Contains(name, "vivaldi"), strings.Contains(name, "opera"):
		return Chromium
	}
	return OtherBrowser
}

// candidateBrowsers are looked for in PATH, in this order, when neither
// the config nor $BROWSER names one.
var candidateBrowsers = []string{
	"google-chrome", "google-chrome-stable", "chromium", "chromium-browser", "brave-browser",
	"microsoft-edge", "microsoft-edge-stable", "vivaldi", "firefox", "firefox-esr",
}

// UnsupportedBrowserError means consoles cannot be isolated with the
// browser at hand.
type UnsupportedBrowserError struct {
	// Browser is the program ("" when none was found).
	Browser string
}

func (e *UnsupportedBrowserError) Error() string {
	if e.Browser == "" {
		return "isolated consoles need a Chromium-family browser or Firefox, and none was found in PATH; " +
			`set browser = "/path/to/chromium" under [defaults] in the config, or $BROWSER`
	}
	return fmt.Sprintf("isolated consoles need a Chromium-family browser or Firefox, not %s; "+
		`set browser = "chromium" (or "firefox") under [defaults] in the config, or $BROWSER`, filepath.Base(e.Browser))
}

// ExitCode makes it a configuration error.
func (e *UnsupportedBrowserError) ExitCode() int { return 2 }

// OpenIsolated opens url in p's own browser profile: a Chromium-family
// browser with a profile directory of its own under o.ProfileDir (the
// window named after the account, and its own window class so that the
// desktop groups each account's windows apart), or Firefox in a container
// tab named after the account, in its colour, through the "Open external
// links in a container" extension (https://addons.mozilla.org/firefox/addon/open-url-in-container/).
//
// The browser is o.Browser, else $BROWSER's first installed command, else
// the first browser of a known family found in PATH. It is started in a
// session of its own and not waited for: it outlives switchrole. Opening
// the same account again reaches the same profile, which the browser
// hands to its running window.
func (o Opener) OpenIsolated(rawURL string, p Profile) error {
	getenv := o.getenv()
	argv, err := o.isolatedCommand(getenv)
	if err != nil {
		return err
	}
	if o.Browser == "" && strings.TrimSpace(getenv("BROWSER")) == "" {
		if err := o.displayProblem(getenv); err != nil {
			return err
		}
	}
	args := argv[1:len(argv):len(argv)]
	switch FamilyOf(argv[0]) {
	case Chromium:
		if o.ProfileDir == "" {
			return errors.New("no directory for browser profiles; set $XDG_DATA_HOME or $HOME")
		}
		dir := filepath.Join(o.ProfileDir, p.Key)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("create the browser profile for %s: %w", p.Label, err)
		}
		args = append(args,
			"--user-data-dir="+dir,
			"--class=switchrole-"+p.Key, // the X11 window class: one taskbar group per account
			"--window-name="+p.Label+" (switchrole)",
			"--no-first-run", "--no-default-browser-check",
			rawURL)
	case Firefox:
		args = append(args, containerURL(rawURL, p))
	default:
		return &UnsupportedBrowserError{Browser: argv[0]}
	}
	start := o.Start
	if start == nil {
		start = detach.Start
	}
	if err := start(argv[0], args); err != nil {
		return &NoBrowserError{Reason: fmt.Sprintf("%s could not be started (%s)", filepath.Base(argv[0]), launcherFailure(err)), Err: err}
	}
	return nil
}

// isolatedCommand is the browser command line to isolate consoles with.
func (o Opener) isolatedCommand(getenv func(string) string) ([]string, error) {
	lookPath := o.lookPath()
	if spec := strings.TrimSpace(o.Browser); spec != "" {
		fields := strings.Fields(spec)
		path, err := lookPath(fields[0])
		if err != nil {
			return nil, &NoBrowserError{Reason: fmt.Sprintf("the configured browser %s is not installed", fields[0]), Err: err}
		}
		return append([]string{path}, fields[1:]...), nil
	}
	if path, fields, _ := firstInstalled(getenv("BROWSER"), lookPath); fields != nil {
		// A $BROWSER entry's "%s" is where the URL goes in a plain open;
		// here the URL goes last, after the profile flags.
		return append([]string{path}, withoutURLPlaceholder(fields[1:])...), nil
	}
	for _, name := range candidateBrowsers {
		if path, err := lookPath(name); err == nil {
			return []string{path}, nil
		}
	}
	return nil, &UnsupportedBrowserError{}
}

func withoutURLPlaceholder(args []string) []string {
	out := args[:0:0]
	for _, a := range args {
		if a != "%s" {
			out = append(out, a)
		}
	}
	return out
}

// containerURL is the ext+container: URL that opens rawURL in the
// container named after the account, creating it in the account's colour
// the first time.
func containerURL(rawURL string, p Profile) string {
	q := "name=" + url.QueryEscape(p.Label)
	if c := containerColor(p.Color); c != "" {
		q += "&color=" + c
	}
	return "ext+container:" + q + "&icon=briefcase&url=" + url.QueryEscape(rawURL)
}

// containerColors are Firefox's container colours, which are all a
// container may have.
var containerColors = []struct{ name, hex string }{
	{"blue", "#37adff"}, {"turquoise", "#00c79a"}, {"green", "#51cd00"}, {"yellow", "#ffcb00"},
	{"orange", "#ff9f00"}, {"red", "#ff613d"}, {"pink", "#ff4bda"}, {"purple", "#af51f5"},
}

// paletteContainers maps switchrole's named colours to containers'.
var paletteContainers = map[string]string{
	"red": "red", "orange": "orange", "yellow": "yellow", "green": "green", "blue": "blue",
	"teal": "turquoise", "purple": "purple", "pink": "pink", "brown": "orange", "gray": "toolbar",
}

// containerColor is the container colour for hex: its palette name's, else
// the nearest in hue ("" for none).
func containerColor(hex string) string {
	for _, c := range config.Palette {
		if c.Hex == hex {
			return paletteContainers[c.Name]
		}
	}
	r, g, b, ok := rgb(hex)
	if !ok {
		return ""
	}
	best, bestDist := "", math.MaxFloat64
	for _, c := range containerColors {
		cr, cg, cb, _ := rgb(c.hex)
		// Compare hues: the account colours are pastel, the container
		// colours saturated, so plain distance would pick by lightness.
		if d := hueDistance(r, g, b, cr, cg, cb); d < bestDist {
			best, bestDist = c.name, d
		}
	}
	return best
}

func rgb(hex string) (r, g, b float64, ok bool) {
	if len(hex) != 7 || hex[0] != '#' {
		return 0, 0, 0, false
	}
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return 0, 0, 0, false
	}
	return float64(v >> 16), float64(v >> 8 & 0xff), float64(v & 0xff), true
}

// hueDistance compares two colours by hue (and, for greys, by nothing
// much: every container colour is then about as near).
func hueDistance(r1, g1, b1, r2, g2, b2 float64) float64 {
	h1, s1 := hue(r1, g1, b1)
	h2, _ := hue(r2, g2, b2)
	d := math.Abs(h1 - h2)
	if d > 180 {
		d = 360 - d
	}
	return d + (1-s1)*30
}

// hue is the HSV hue in degrees and the saturation of an RGB colour.
func hue(r, g, b float64) (h, s float64) {
	hi, lo := max(r, g, b), min(r, g, b)
	if hi == 0 || hi == lo {
		return 0, 0
	}
	d := hi - lo
	switch hi {
	case r:
		h = math.Mod((g-b)/d, 6)
	case g:
		h = (b-r)/d + 2
	default:
		h = (r-g)/d + 4
	}
	h *= 60
	if h < 0 {
		h += 360
	}
	return h, d / hi
}

// DefaultProfileDir is where isolated consoles keep their browser
// profiles: $XDG_DATA_HOME/switchrole/browser (~/.local/share/switchrole/browser).
// It is "" when neither variable gives an absolute path.
func DefaultProfileDir(getenv func(string) string) string {
	base := getenv("XDG_DATA_HOME")
	if !filepath.IsAbs(base) {
		home := getenv("HOME")
		if !filepath.IsAbs(home) {
			return ""
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "switchrole", "browser")
}

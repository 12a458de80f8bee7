package console

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"

	"github.com/cli/browser"
)

// NoBrowserError means no browser could be opened here; the caller should
// print the URL for the user to open instead. Reason is one sentence-part
// such as "this is an SSH session with no display forwarded". It never
// contains the URL.
type NoBrowserError struct {
	Reason string
	// Err is the launcher's own failure, if one ran and failed.
	Err error
}

func (e *NoBrowserError) Error() string { return "can't open a browser: " + e.Reason }

// Unwrap gives the launcher's failure.
func (e *NoBrowserError) Unwrap() error { return e.Err }

// Open opens url in the user's browser: with $BROWSER when it is set,
// otherwise with the platform's launcher (xdg-open, open, …, through
// github.com/cli/browser). It returns a *NoBrowserError, without trying,
// when there is evidently no screen to show a browser on — an SSH session
// without a forwarded display, or a Linux box with neither DISPLAY nor
// WAYLAND_DISPLAY — and when every launcher fails, so the CLI can print
// the URL instead.
//
// The URL goes to the browser's command line; for a sign-in URL that is
// unavoidable (any launcher does it) and accepted: it is visible only to
// the same user, and the token inside is single-use and lasts 15 minutes.
func Open(url string) error { return Opener{}.Open(url) }

// Opener is Open with its surroundings injectable for tests. The zero
// value uses the real environment.
type Opener struct {
	// Browser is the configured browser command (the config's `browser`),
	// used before $BROWSER and with the same conventions; "" for none.
	Browser string
	// ProfileDir holds the browser profiles of isolated consoles, one
	// directory per account (see OpenIsolated).
	ProfileDir string
	// Start starts a browser for an isolated console without waiting for
	// it; nil starts it detached in a session of its own.
	Start func(path string, args []string) error
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// GOOS is the operating system; "" means runtime.GOOS.
	GOOS string
	// LookPath finds $BROWSER commands; nil means exec.LookPath.
	LookPath func(string) (string, error)
	// Run runs a $BROWSER command and waits for it (a terminal browser
	// needs the terminal until it quits); nil runs it with stdin and
	// stderr inherited and stdout sent to stderr, so that switchrole's
	// stdout keeps carrying only its result.
	Run func(path string, args []string) error
	// Launch opens a URL with the platform's launcher; nil means
	// github.com/cli/browser.
	Launch func(url string) error
}

// Open opens url; see the package-level Open.
func (o Opener) Open(url string) error {
	getenv := o.getenv()
	if spec := strings.TrimSpace(o.Browser); spec != "" {
		return o.openWithCommands("the configured browser", spec, url)
	}
	if spec := strings.TrimSpace(getenv("BROWSER")); spec != "" {
		return o.openWithCommands("$BROWSER", spec, url)
	}
	if err := o.displayProblem(getenv); err != nil {
		return err
	}
	launch := o.Launch
	if launch == nil {
		launch = launchDefault
	}
	if err := launch(url); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return &NoBrowserError{Reason: "no browser launcher is installed (such as xdg-open)", Err: err}
		}
		return &NoBrowserError{Reason: fmt.Sprintf("the browser launcher failed (%s)", launcherFailure(err)), Err: err}
	}
	return nil
}

func (o Opener) getenv() func(string) string {
	if o.Getenv != nil {
		return o.Getenv
	}
	return os.Getenv
}

func (o Opener) goos() string {
	if o.GOOS != "" {
		return o.GOOS
	}
	return runtime.GOOS
}

func (o Opener) lookPath() func(string) (string, error) {
	if o.LookPath != nil {
		return o.LookPath
	}
	return exec.LookPath
}

// Problem says why Open would fail here, without opening anything and in
// a few microseconds: a *NoBrowserError, or nil when a browser can probably
// be opened (a launcher may still fail). It makes the checks Open makes
// before it launches anything, and looks up the commands it would run (the
// configured browser, $BROWSER, or a platform launcher). The picker asks it
// before signing in to the console, so that it never assumes a role for a
// console it cannot show.
func (o Opener) Problem() error {
	getenv, lookPath := o.getenv(), o.lookPath()
	for _, c := range []struct{ what, spec string }{{"the configured browser", o.Browser}, {"$BROWSER", getenv("BROWSER")}} {
		spec := strings.TrimSpace(c.spec)
		if spec == "" {
			continue
		}
		if _, fields, tried := firstInstalled(spec, lookPath); fields == nil {
			return &NoBrowserError{Reason: fmt.Sprintf("%s names %s, but none of them is installed", c.what, strings.Join(tried, ", "))}
		}
		return nil
	}
	if err := o.displayProblem(getenv); err != nil {
		return err
	}
	if goos := o.goos(); goos == "darwin" || goos == "windows" || o.Launch != nil {
		return nil // the launcher is part of the system (or a test's)
	}
	for _, launcher := range []string{"xdg-open", "x-www-browser", "www-browser", "wslview"} {
		if _, err := lookPath(launcher); err == nil {
			return nil
		}
	}
	return &NoBrowserError{Reason: "no browser launcher is installed (such as xdg-open)"}
}

// displayProblem says why a browser cannot be shown, or nil.
func (o Opener) displayProblem(getenv func(string) string) error {
	goos := o.goos()
	ssh := getenv("SSH_CONNECTION") != "" || getenv("SSH_CLIENT") != "" || getenv("SSH_TTY") != ""
	switch goos {
	case "windows":
		return nil
	case "darwin":
		if ssh {
			return &NoBrowserError{Reason: "this is an SSH session, and a browser would open on the remote Mac's screen"}
		}
		return nil
	}
	if getenv("WSL_DISTRO_NAME") != "" || getenv("WSL_INTEROP") != "" {
		return nil // WSL opens the Windows browser through wslview
	}
	if getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return nil
	}
	if ssh {
		return &NoBrowserError{Reason: "this is an SSH session with no display forwarded"}
	}
	return &NoBrowserError{Reason: "there is no graphical display (DISPLAY and WAYLAND_DISPLAY are unset)"}
}

// openWithCommands honours $BROWSER (or the configured browser, named
// what in errors) as the convention has it: a colon-separated list of
// commands tried in order, each run directly (no shell, so the URL is
// never interpreted), with %s replaced by the URL or the URL appended when
// there is no %s. The command is waited for: a terminal browser needs the
// terminal until it quits.
func (o Opener) openWithCommands(what, spec, url string) error {
	run := o.Run
	if run == nil {
		run = runBrowserCommand
	}
	path, fields, tried := firstInstalled(spec, o.lookPath())
	if fields == nil {
		return &NoBrowserError{Reason: fmt.Sprintf("%s names %s, but none of them is installed", what, strings.Join(tried, ", "))}
	}
	if err := run(path, browserArgs(fields[1:], url)); err != nil {
		return &NoBrowserError{Reason: fmt.Sprintf("%s command %s failed (%s)", what, fields[0], launcherFailure(err)), Err: err}
	}
	return nil
}

// firstInstalled finds the first installed command of a colon-separated
// list of browser commands ($BROWSER's convention): its path and the
// fields of its entry (nil when none is installed). tried names the
// commands looked for.
func firstInstalled(spec string, lookPath func(string) (string, error)) (path string, fields, tried []string) {
	for entry := range strings.SplitSeq(spec, ":") {
		fields := strings.Fields(entry)
		if len(fields) == 0 {
			continue
		}
		tried = append(tried, fields[0])
		if path, err := lookPath(fields[0]); err == nil {
			return path, fields, tried
		}
	}
	return "", nil, tried
}

// browserArgs substitutes the URL for %s (and "%%" for a literal %), or
// appends it.
func browserArgs(args []string, url string) []string {
	out := make([]string, 0, len(args)+1)
	substituted := false
	for _, a := range args {
		if strings.Contains(a, "%s") {
			substituted = true
		}
		var b strings.Builder
		for i := 0; i < len(a); i++ {
			if a[i] == '%' && i+1 < len(a) {
				switch a[i+1] {
				case 's':
					b.WriteString(url)
					i++
					continue
				case '%':
					b.WriteByte('%')
					i++
					continue
				}
			}
			b.WriteByte(a[i])
		}
		out = append(out, b.String())
	}
	if !substituted {
		out = append(out, url)
	}
	return out
}

// launcherFailure describes a launcher error without its command line.
func launcherFailure(err error) string {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return exitErr.ProcessState.String() // "exit status 3"
	}
	var execErr *exec.Error
	if errors.As(err, &execErr) {
		return execErr.Err.Error()
	}
	return "it could not be started"
}

func runBrowserCommand(path string, args []string) error {
	cmd := exec.Command(path, args...)
	cmd.Stdin = os.Stdin
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	return cmd.Run()
}

// launchMu serialises the use of cli/browser's package-level output
// writers.
var launchMu sync.Mutex

func launchDefault(url string) error {
	launchMu.Lock()
	defer launchMu.Unlock()
	browser.Stdout = os.Stderr // keep switchrole's stdout for its result
	return browser.OpenURL(url)
}

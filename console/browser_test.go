package console

import (
	"errors"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"
)

const secretURL = "https://signin.aws.amazon.com/federation?Action=login&SigninToken=SECRET-TOKEN"

// fakeEnv is an environment for Opener.
func fakeEnv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// fakePath is a PATH holding the commands names, in /usr/bin, for
// Opener.LookPath.
func fakePath(names ...string) func(string) (string, error) {
	return func(name string) (string, error) {
		if slices.Contains(names, name) {
			return "/usr/bin/" + name, nil
		}
		return "", exec.ErrNotFound
	}
}

func TestOpenerPlatform(t *testing.T) {
	launchErr := errors.New("launch failed")
	tests := []struct {
		name      string
		goos      string
		env       map[string]string
		launchErr error
		launched  bool
		noBrowser string // substring of the NoBrowserError reason, "" for success
	}{
		{"linux with X", "linux", map[string]string{"DISPLAY": ":0"}, nil, true, ""},
		{"linux with wayland", "linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, nil, true, ""},
		{"ssh with X forwarding", "linux", map[string]string{"DISPLAY": "localhost:10.0", "SSH_CONNECTION": "1 2 3 4"}, nil, true, ""},
		{"linux headless", "linux", map[string]string{}, nil, false, "no graphical display"},
		{"linux ssh", "linux", map[string]string{"SSH_TTY": "/dev/pts/1"}, nil, false, "SSH session with no display forwarded"},
		{"freebsd ssh", "freebsd", map[string]string{"SSH_CLIENT": "1 2 3"}, nil, false, "SSH session"},
		{"wsl", "linux", map[string]string{"WSL_DISTRO_NAME": "Ubuntu"}, nil, true, ""},
		{"mac", "darwin", map[string]string{}, nil, true, ""},
		{"mac over ssh", "darwin", map[string]string{"SSH_CONNECTION": "1 2 3 4"}, nil, false, "remote Mac"},
		{"windows", "windows", map[string]string{}, nil, true, ""},
		{"no launcher", "linux", map[string]string{"DISPLAY": ":0"}, &exec.Error{Name: "xdg-open", Err: exec.ErrNotFound}, true, "no browser launcher is installed"},
		{"launcher fails", "linux", map[string]string{"DISPLAY": ":0"}, launchErr, true, "the browser launcher failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			o := Opener{GOOS: tt.goos, Getenv: fakeEnv(tt.env), Launch: func(u string) error {
				got = append(got, u)
				return tt.launchErr
			}}
			err := o.Open(secretURL)
			if launched := len(got) == 1; launched != tt.launched {
				t.Errorf("launched = %v, want %v", launched, tt.launched)
			} else if launched && got[0] != secretURL {
				t.Errorf("launched %q", got[0])
			}
			if tt.noBrowser == "" {
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				return
			}
			var nb *NoBrowserError
			if !errors.As(err, &nb) || !strings.Contains(err.Error(), tt.noBrowser) {
				t.Fatalf("got %v, want NoBrowserError containing %q", err, tt.noBrowser)
			}
			if strings.Contains(err.Error(), "SECRET-TOKEN") {
				t.Errorf("error leaks the URL: %v", err)
			}
			if tt.launchErr != nil && !errors.Is(err, tt.launchErr) && !errors.Is(err, exec.ErrNotFound) {
				t.Errorf("launcher error not wrapped: %v", err)
			}
		})
	}
}

func TestOpenerBrowserVar(t *testing.T) {
	lookPath := fakePath("firefox", "lynx", "my-open")
	tests := []struct {
		name      string
		browser   string
		wantPath  string
		wantArgs  []string
		runErr    error
		noBrowser string
	}{
		{"plain command", "firefox", "/usr/bin/firefox", []string{secretURL}, nil, ""},
		{"with flags", "firefox --new-window", "/usr/bin/firefox", []string{"--new-window", secretURL}, nil, ""},
		{"with %s", "my-open --url=%s --x", "/usr/bin/my-open", []string{"--url=" + secretURL, "--x"}, nil, ""},
		{"literal %%", "my-open 100%% %s", "/usr/bin/my-open", []string{"100%", secretURL}, nil, ""},
		{"list, first missing", "chrome:lynx", "/usr/bin/lynx", []string{secretURL}, nil, ""},
		{"empty entries skipped", "::lynx", "/usr/bin/lynx", []string{secretURL}, nil, ""},
		{"none installed", "chrome:opera", "", nil, nil, "$BROWSER names chrome, opera, but none of them is installed"},
		{"command fails", "firefox", "/usr/bin/firefox", []string{secretURL}, &exec.ExitError{}, "$BROWSER command firefox failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotPath string
			var gotArgs []string
			o := Opener{
				GOOS:     "linux",
				Getenv:   fakeEnv(map[string]string{"BROWSER": tt.browser}), // no DISPLAY: $BROWSER still wins
				LookPath: lookPath,
				Run: func(path string, args []string) error {
					gotPath, gotArgs = path, args
					return tt.runErr
				},
				Launch: func(string) error { t.Error("platform launcher used despite $BROWSER"); return nil },
			}
			err := o.Open(secretURL)
			if gotPath != tt.wantPath || !reflect.DeepEqual(gotArgs, tt.wantArgs) {
				t.Errorf("ran %q %q, want %q %q", gotPath, gotArgs, tt.wantPath, tt.wantArgs)
			}
			if tt.noBrowser == "" {
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				return
			}
			var nb *NoBrowserError
			if !errors.As(err, &nb) || !strings.Contains(err.Error(), tt.noBrowser) {
				t.Fatalf("got %v, want NoBrowserError containing %q", err, tt.noBrowser)
			}
			if strings.Contains(err.Error(), "SECRET-TOKEN") {
				t.Errorf("error leaks the URL: %v", err)
			}
		})
	}
}

// TestBrowserProblemLaunchesNothing: Problem answers from the environment
// and PATH alone, so the picker can ask it before assuming a role.
func TestBrowserProblemLaunchesNothing(t *testing.T) {
	tests := []struct {
		name      string
		goos      string
		env       map[string]string
		path      []string
		noBrowser string // substring of the reason, "" for none
	}{
		{"linux with X and xdg-open", "linux", map[string]string{"DISPLAY": ":0"}, []string{"xdg-open"}, ""},
		{"linux with X, no launcher", "linux", map[string]string{"DISPLAY": ":0"}, nil, "no browser launcher is installed"},
		{"linux headless", "linux", map[string]string{}, []string{"xdg-open"}, "no graphical display"},
		{"ssh", "linux", map[string]string{"SSH_TTY": "/dev/pts/1"}, []string{"xdg-open"}, "SSH session"},
		{"$BROWSER installed", "linux", map[string]string{"BROWSER": "nope:w3m"}, []string{"w3m"}, ""},
		{"$BROWSER missing", "linux", map[string]string{"BROWSER": "nope:gone %s"}, nil, "$BROWSER names nope, gone"},
		{"mac", "darwin", map[string]string{}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Opener{
				Getenv: fakeEnv(tt.env), GOOS: tt.goos, LookPath: fakePath(tt.path...),
				Run: func(string, []string) error { t.Fatal("Problem ran a browser"); return nil },
			}
			err := o.Problem()
			var nb *NoBrowserError
			switch {
			case tt.noBrowser == "" && err != nil:
				t.Errorf("Problem = %v, want none", err)
			case tt.noBrowser != "" && (!errors.As(err, &nb) || !strings.Contains(nb.Reason, tt.noBrowser)):
				t.Errorf("Problem = %v, want a NoBrowserError about %q", err, tt.noBrowser)
			}
		})
	}
}

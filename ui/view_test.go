package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

// goldenDriver is a picker with a favourite, sessions and a header, ready
// for snapshots.
func goldenDriver(t *testing.T, w, h int, opts Options) *driver {
	t.Helper()
	be := newFakeBackend()
	be.left["prod-core/Admin"] = 58 * time.Minute
	be.left["jump"] = 11*time.Hour + 20*time.Minute
	opts.Backend = be
	if opts.Identity == "" {
		opts.Identity = "jump: arn:aws:iam::111111111111:user/alice"
	}
	d, _ := newDriver(t, opts)
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	return d
}

func lightBackground() tea.BackgroundColorMsg {
	return tea.BackgroundColorMsg{Color: lipgloss.Color("#fafafa")}
}

// TestGoldenScreens pins what the user sees (escape codes stripped) at
// narrow, medium and wide sizes, on dark and light backgrounds and with
// NO_COLOR, for the list, the menu and the MFA prompt.
func TestGoldenScreens(t *testing.T) {
	type variant struct {
		name    string
		w, h    int
		light   bool
		noColor bool
		setup   func(d *driver)
	}
	filtered := func(d *driver) { d.typeText("prod") }
	variants := []variant{
		{"list_40", 40, 12, false, false, nil},
		{"list_80", 80, 14, false, false, nil},
		{"list_140", 140, 14, false, false, nil},
		{"filtered_80", 80, 10, false, false, filtered},
		{"filtered_80_light", 80, 10, true, false, filtered},
		{"filtered_80_nocolor", 80, 10, false, true, filtered},
		{"help_100", 100, 20, false, false, func(d *driver) { d.typeText("?") }},
		{"menu_80", 80, 16, false, false, func(d *driver) { d.typeText("staging"); d.key("tab") }},
		{"mfa_80", 80, 14, false, false, func(d *driver) {
			d.typeText("prod-core/adm")
			d.key("enter")
			d.pump("the MFA screen", onScreen(screenMFA))
			d.typeText("12")
		}},
		{"mfa_retry_60", 60, 14, false, false, func(d *driver) {
			d.typeText("prod-core/adm")
			d.key("enter")
			d.pump("the MFA screen", onScreen(screenMFA))
			d.typeText("999999")
			d.pump("the retry", func(d *driver) bool { return strings.Contains(d.view(), "Attempt 2") })
		}},
		{"command_80", 80, 10, false, false, func(d *driver) { d.typeText("sandbox"); d.key("ctrl+x"); d.typeText("aws s3 ls") }},
		{"tiny_20x5", 20, 5, false, false, nil},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			d := goldenDriver(t, v.w, v.h, Options{NoColor: v.noColor})
			if v.light {
				d.send(lightBackground())
			}
			if v.setup != nil {
				v.setup(d)
			}
			// The spinner frame is timing-dependent: pin it.
			golden.RequireEqual(t, d.view())
		})
	}
}

var colourEscape = regexp.MustCompile(`\x1b\[[0-9;]*[34]8;[25];`)

func TestNoColorDrawsNoColours(t *testing.T) {
	d := goldenDriver(t, 100, 12, Options{NoColor: true})
	d.typeText("prod")
	raw := d.m.render()
	if colourEscape.MatchString(raw) {
		t.Errorf("NO_COLOR view has colour codes: %q", raw)
	}
	if !strings.Contains(raw, "\x1b[7m") && !strings.Contains(raw, ";7m") {
		t.Error("NO_COLOR selection is not in reverse video")
	}
	sel := ""
	for _, l := range strings.Split(ansi.Strip(raw), "\n") {
		if strings.HasPrefix(l, "> ") && strings.Contains(l, "/") {
			sel = l
		}
	}
	if sel == "" {
		t.Errorf("selected row not marked with '>':\n%s", ansi.Strip(raw))
	}

	t.Setenv("NO_COLOR", "1")
	d2 := goldenDriver(t, 100, 12, Options{})
	if colourEscape.MatchString(d2.m.render()) {
		t.Error("the NO_COLOR variable is not honoured")
	}
}

func TestColoursFollowTheAccount(t *testing.T) {
	d := goldenDriver(t, 100, 12, Options{})
	raw := d.m.render()
	for _, want := range []string{"38;2;255;0;0", "38;2;255;136;0"} { // prod-core red, prod-data orange
		if !strings.Contains(raw, want) {
			t.Errorf("badge colour %s missing", want)
		}
	}
}

// TestResizeToAnySize shrinks and grows every screen, down to 1x1 and 0x0:
// never more lines than rows, never a line wider than the terminal.
func TestResizeToAnySize(t *testing.T) {
	setups := map[string]func(d *driver){
		"list":     func(d *driver) { d.typeText("pr") },
		"helpfull": func(d *driver) { d.typeText("?") },
		"menu":     func(d *driver) { d.key("tab") },
		"command":  func(d *driver) { d.key("ctrl+x"); d.typeText("aws sts get-caller-identity --output json") },
		"mfa": func(d *driver) {
			d.typeText("prod-core/adm")
			d.key("enter")
			d.pump("the MFA screen", onScreen(screenMFA))
		},
	}
	sizes := [][2]int{{0, 0}, {1, 1}, {2, 1}, {1, 2}, {5, 2}, {10, 3}, {20, 5}, {30, 7}, {40, 10}, {80, 24}, {200, 60}, {300, 2}, {3, 100}}
	for name, setup := range setups {
		t.Run(name, func(t *testing.T) {
			d := goldenDriver(t, 80, 24, Options{Banner: func() string { return "DEMO — MFA code: 123456" }})
			setup(d)
			for _, s := range sizes {
				d.send(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
				out := d.m.View().Content
				if s[0] == 0 || s[1] == 0 {
					if out != "" {
						t.Errorf("%dx%d drew %q", s[0], s[1], out)
					}
					continue
				}
				lines := strings.Split(out, "\n")
				if len(lines) > s[1] {
					t.Errorf("%dx%d: %d lines", s[0], s[1], len(lines))
				}
				for _, l := range lines {
					if w := ansi.StringWidth(l); w > s[0] {
						t.Errorf("%dx%d: line %d wide: %q", s[0], s[1], w, ansi.Strip(l))
					}
				}
			}
			// Back to a normal size, the screen is whole again.
			d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			if got := len(strings.Split(d.m.View().Content, "\n")); got != 24 {
				t.Errorf("80x24 after shrinking: %d lines", got)
			}
		})
	}
}

func TestViewSetsAltScreen(t *testing.T) {
	d := goldenDriver(t, 80, 24, Options{})
	v := d.m.View()
	if !v.AltScreen || v.WindowTitle == "" {
		t.Errorf("view: alt screen %v, title %q", v.AltScreen, v.WindowTitle)
	}
}

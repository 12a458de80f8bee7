package theme

import (
	"regexp"
	"strings"
	"testing"
)

var colourCode = regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7]);`)

func TestNoColorHasNoColours(t *testing.T) {
	th := New(true, true)
	styles := []string{
		th.Title.Render("x"), th.Row.Render("x"), th.Selected.Render("x"), th.Match.Render("x"),
		th.SelectedMatch.Render("x"), th.Error.Render("x"), th.Badge("#ff0000").Render("x"), th.Banner.Render("x"),
	}
	for _, s := range styles {
		if strings.Contains(s, "38;") || strings.Contains(s, "48;") || colourCode.MatchString(s) {
			t.Errorf("NO_COLOR style emits a colour: %q", s)
		}
	}
	if !strings.Contains(th.Selected.Render("x"), "7") {
		t.Errorf("NO_COLOR selection is not reverse video: %q", th.Selected.Render("x"))
	}
	if th.BadgeGlyph() != " " {
		t.Errorf("NO_COLOR badge glyph %q, want a blank", th.BadgeGlyph())
	}
}

func TestDarkAndLightDiffer(t *testing.T) {
	dark, light := New(true, false), New(false, false)
	if dark.Row.Render("x") == light.Row.Render("x") || dark.Selected.Render("x") == light.Selected.Render("x") {
		t.Error("dark and light themes draw rows the same")
	}
	if !dark.IsDark || light.IsDark {
		t.Error("IsDark not recorded")
	}
}

func TestBadge(t *testing.T) {
	th := New(true, false)
	tests := []struct {
		hex  string
		want string
	}{
		{"#ff0000", "38;2;255;0;0"},
		{"#FF8800", "38;2;255;136;0"},
		{"", "38;2;92;99;112"},      // neutral grey
		{"red", "38;2;92;99;112"},   // not a colour: neutral
		{"#ff00", "38;2;92;99;112"}, // too short: neutral
	}
	for _, tt := range tests {
		if got := th.Badge(tt.hex).Render("█"); !strings.Contains(got, tt.want) {
			t.Errorf("Badge(%q) = %q, want colour %s", tt.hex, got, tt.want)
		}
	}
}

func TestIsHexColour(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"#ff0000", true},
		{"#FF8800", true},
		{"#0a1B2c", true},
		{"", false},
		{"#", false},
		{"ff00000", false},  // no '#'
		{"#ff000", false},   // too short
		{"#ff00000", false}, // too long
		{"#gg0000", false},  // not hex
		{"#ff000\n", false}, // trailing newline
		{"#ff00é", false},   // multi-byte, seven bytes long
		{"##ff000", false},  // '#' is not a digit
		{" #ff0000", false}, // leading space
		{"#ff0000 ", false}, // trailing space
	} {
		if got := isHexColour(tt.in); got != tt.want {
			t.Errorf("isHexColour(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

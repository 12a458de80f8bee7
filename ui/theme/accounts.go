package theme

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/switchrole/switchrole/config"
)

// accountShade is how the picker draws one of the palette's named colours
// on a dark and on a light background.
//
// The palette's own values (config.Palette) are the AWS console's Switch
// Role pastels, kept for console links; drawn as they are in a terminal,
// red and pink were near-identical, and every one of them faded on a light
// background. Here each name gets a saturated shade per background instead,
// so prod's red stands out from pink, orange and brown on either. A custom
// "#rrggbb" is drawn as written.
type accountShade struct{ dark, light string }

var accountShades = map[string]accountShade{
	"red":    {dark: "#FF4040", light: "#C00018"},
	"orange": {dark: "#FF9A1F", light: "#A86400"},
	"yellow": {dark: "#F5D90A", light: "#7A6400"},
	"green":  {dark: "#4CD964", light: "#1E7B34"},
	"blue":   {dark: "#4AA3FF", light: "#0B5CD5"},
	"teal":   {dark: "#1FD1C1", light: "#00776E"},
	"purple": {dark: "#B18CFF", light: "#6E3FC7"},
	"pink":   {dark: "#FF7AD9", light: "#B0127A"},
	"brown":  {dark: "#C9955C", light: "#7A4A1E"},
	"gray":   {dark: "#A8A8A8", light: "#6B6B6B"},
}

// accountColour is the colour to draw an account's hex in: the shade of its
// palette name for the background, or hex itself when it names none.
func accountColour(hex string, isDark bool) color.Color {
	for _, c := range config.Palette {
		if !strings.EqualFold(c.Hex, hex) {
			continue
		}
		if s, ok := accountShades[c.Name]; ok {
			if isDark {
				return lipgloss.Color(s.dark)
			}
			return lipgloss.Color(s.light)
		}
	}
	return lipgloss.Color(hex)
}

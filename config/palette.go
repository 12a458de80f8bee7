package config

import "strings"

// NamedColor is one entry of the colour palette users can name in the TOML
// file instead of writing a hex code.
type NamedColor struct {
	Name string
	Hex  string // "#rrggbb": the AWS console's Switch Role pastel
	// Dark and Light are how a terminal draws the colour on a dark and on a
	// light background. The console's pastels, drawn as they are, made red
	// and pink near-identical and faded on a light background; these are
	// saturated so that prod's red stands out from pink, orange and brown.
	Dark, Light string
}

// Palette is the set of colour names accepted by `color = "..."`, in the
// order the starter file and the UI list them. The first five are the exact
// values the AWS console's Switch Role page accepts for its `color`
// parameter, so a console link keeps the colour the user chose. "grey" is
// accepted as a spelling of "gray" but not listed.
var Palette = [...]NamedColor{
	{"red", "#f2b0a9", "#FF4040", "#C00018"},
	{"orange", "#fbc8aa", "#FF9A1F", "#A86400"},
	{"yellow", "#efda95", "#F5D90A", "#7A6400"},
	{"green", "#b7ca9d", "#4CD964", "#1E7B34"},
	{"blue", "#83d4e8", "#4AA3FF", "#0B5CD5"},
	{"teal", "#8fd3c7", "#1FD1C1", "#00776E"},
	{"purple", "#c9b3e6", "#B18CFF", "#6E3FC7"},
	{"pink", "#f4b6d2", "#FF7AD9", "#B0127A"},
	{"brown", "#d2b48c", "#C9955C", "#7A4A1E"},
	{"gray", "#c4c4c4", "#A8A8A8", "#6B6B6B"},
}

// TerminalShade is the colour a terminal draws an account's colour hex in:
// the palette entry's shade for the background, or hex itself when it is
// no palette colour (a custom "#rrggbb" is drawn as written).
func TerminalShade(hex string, dark bool) string {
	for _, c := range Palette {
		if strings.EqualFold(c.Hex, hex) {
			if dark {
				return c.Dark
			}
			return c.Light
		}
	}
	return hex
}

// NormalizeColor turns a palette name ("red", "Grey"), "#rrggbb" or the
// aws-extend-switch-roles form "rrggbb" (also the 3-digit short forms) into
// lower-case "#rrggbb". ok is false when s is none of these.
func NormalizeColor(s string) (hex string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	lower := strings.ToLower(s)
	if lower == "grey" {
		lower = "gray"
	}
	for _, c := range Palette {
		if c.Name == lower {
			return c.Hex, true
		}
	}
	h := strings.TrimPrefix(lower, "#")
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return "", false
		}
	}
	switch len(h) {
	case 6:
		return "#" + h, true
	case 3:
		return "#" + string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]}), true
	}
	return "", false
}

// paletteNames lists the palette for error messages.
func paletteNames() string {
	names := make([]string, len(Palette))
	for i, c := range Palette {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

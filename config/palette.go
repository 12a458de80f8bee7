package config

import "strings"

// NamedColor is one entry of the colour palette users can name in the TOML
// file instead of writing a hex code.
type NamedColor struct {
	Name string
	Hex  string // "#rrggbb"
}

// Palette is the set of colour names accepted by `color = "..."`, in the
// order the starter file and the UI list them. The first five are the exact
// values the AWS console's Switch Role page accepts for its `color`
// parameter, so a console link keeps the colour the user chose. "grey" is
// accepted as a spelling of "gray" but not listed.
var Palette = [...]NamedColor{
	{"red", "#f2b0a9"},
	{"orange", "#fbc8aa"},
	{"yellow", "#efda95"},
	{"green", "#b7ca9d"},
	{"blue", "#83d4e8"},
	{"teal", "#8fd3c7"},
	{"purple", "#c9b3e6"},
	{"pink", "#f4b6d2"},
	{"brown", "#d2b48c"},
	{"gray", "#c4c4c4"},
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

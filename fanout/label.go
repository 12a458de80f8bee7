package fanout

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/clipperhouse/displaywidth"
)

// fallbackColors tell apart targets that have no colour of their own.
var fallbackColors = [...]string{"#83d4e8", "#b7ca9d", "#efda95", "#c9b3e6", "#fbc8aa", "#8fd3c7", "#f4b6d2", "#d2b48c"}

// prefixes returns each target's line prefix: its name padded to the
// longest name, then " | ", the name in its colour when color is set (the
// target's own colour, else one of a few distinct ones).
func prefixes(targets []Target, color bool) [][]byte {
	width := 0
	for _, t := range targets {
		width = max(width, displaywidth.String(t.Name))
	}
	out := make([][]byte, len(targets))
	for i, t := range targets {
		pad := strings.Repeat(" ", width-displaywidth.String(t.Name))
		name := t.Name
		if color {
			hex := t.Color
			if hex == "" {
				hex = fallbackColors[i%len(fallbackColors)]
			}
			name = colored(hex, name)
		}
		out[i] = []byte(name + pad + " | ")
	}
	return out
}

// colored wraps s in a 24-bit foreground colour given as "#rrggbb"; s is
// returned plain when hex is not of that form.
func colored(hex, s string) string {
	if len(hex) != 7 || hex[0] != '#' {
		return s
	}
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return s
	}
	return fmt.Sprintf("\x1b[38;2;%d;%d;%dm%s\x1b[0m", v>>16, v>>8&0xff, v&0xff, s)
}

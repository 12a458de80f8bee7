package listing

import (
	"os"
	"strconv"
	"sync"

	"github.com/clipperhouse/displaywidth"
)

// The table is drawn without lipgloss and x/ansi: their package
// initialisation (~0.3 ms) would be most of a fast front's start-up, and a
// badge and a width are all the table needs of them.

// colorBadge is the coloured block and space that starts a row: a 24-bit
// foreground SGR sequence, byte for byte what lipgloss renders for
// Foreground(Color("#rrggbb")). Without a colour the badge is blank, and a
// colour that is not #rrggbb draws an uncoloured block.
func colorBadge(hex string) string {
	if hex == "" {
		return "  "
	}
	if len(hex) != 7 || hex[0] != '#' {
		return "█ "
	}
	rgb, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return "█ "
	}
	b := make([]byte, 0, 32)
	b = append(b, "\x1b[38;2;"...)
	b = strconv.AppendUint(b, rgb>>16, 10)
	b = append(b, ';')
	b = strconv.AppendUint(b, rgb>>8&0xff, 10)
	b = append(b, ';')
	b = strconv.AppendUint(b, rgb&0xff, 10)
	b = append(b, "m█\x1b[m "...)
	return string(b)
}

// widthOptions are x/ansi's: East Asian ambiguous characters are narrow
// unless RUNEWIDTH_EASTASIAN says otherwise.
var widthOptions = sync.OnceValue(func() displaywidth.Options {
	ea, _ := strconv.ParseBool(os.Getenv("RUNEWIDTH_EASTASIAN"))
	return displaywidth.Options{EastAsianWidth: ea}
})

// cellWidth is the terminal width of s: its length for ASCII (names, ids and
// regions almost always are), else the display width of its grapheme
// clusters, as the picker measures them.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return widthOptions().String(s)
		}
	}
	return len(s)
}

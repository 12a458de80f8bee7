package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"

	"github.com/switchrole/switchrole/config"
)

// accountColour is the colour to draw an account's hex in: its palette
// name's shade for the background (config.TerminalShade), or hex itself.
func accountColour(hex string, isDark bool) color.Color {
	return lipgloss.Color(config.TerminalShade(hex, isDark))
}

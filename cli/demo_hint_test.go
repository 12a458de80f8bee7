package cli

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestDemoShellHintFitsATerminal: the hint printed when the demo's shell
// starts is broken into lines that fit an 80-column terminal, so no
// terminal wraps it mid-word (it used to be one 190-column line).
func TestDemoShellHintFitsATerminal(t *testing.T) {
	for _, line := range strings.Split(demoShellHint, "\n") {
		if n := utf8.RuneCountInString(line); n > 80 {
			t.Errorf("%d columns: %q", n, line)
		}
	}
}

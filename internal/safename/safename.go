// Package safename turns names people chose (target and account names)
// into file names that stay one harmless path element: switchrole writes
// per-target output files and per-account browser profiles under them.
package safename

import "strings"

// Element keeps ASCII letters, digits, '.', '-' and '_' of s and replaces
// every other character with '_'. A result that is empty or only dots
// (".", "..") gets a leading '_', so it never names a parent directory.
func Element(s string) string {
	out := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
	if strings.Trim(out, ".") == "" {
		return "_" + out
	}
	return out
}

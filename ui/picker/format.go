package picker

import (
	"strconv"
	"time"
)

// FormatTimeLeft is how a cached session's remaining time reads in a row:
// "58m", "11h", "<1m", or "" when there is no live session. Hours are
// rounded down so the display never promises more than is left.
func FormatTimeLeft(d time.Duration, ok bool) string {
	switch {
	case !ok || d <= 0:
		return ""
	case d < time.Minute:
		return "<1m"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	default:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
}

// Thousands writes n with comma separators: 2000 → "2,000".
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	if len(s) <= 3 {
		return neg + s
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	lead := len(s) % 3
	if lead == 0 {
		lead = 3
	}
	out = append(out, s[:lead]...)
	for i := lead; i < len(s); i += 3 {
		out = append(out, ',')
		out = append(out, s[i:i+3]...)
	}
	return neg + string(out)
}

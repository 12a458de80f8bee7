// Package english writes counts and durations the one way switchrole shows
// them everywhere: "1 source", "2 sources"; "59m", "2h05m", "12h". Every
// sentence that holds a number of things or a length of time goes through
// here, so no message says "1 sources" or "59m0s".
package english

import (
	"fmt"
	"time"
)

// Count is n followed by noun, in the plural unless n is 1: Count(1,
// "source") is "1 source", Count(3, "MFA device") "3 MFA devices". Nouns
// whose plural is not noun+"s" pass it as the optional third argument.
func Count(n int, noun string, plural ...string) string {
	return fmt.Sprintf("%d %s", n, Noun(n, noun, plural...))
}

// Noun is noun in the form that follows n: "session" for 1, "sessions"
// otherwise (or the given plural).
func Noun(n int, noun string, plural ...string) string {
	if n == 1 {
		return noun
	}
	if len(plural) > 0 {
		return plural[0]
	}
	return noun + "s"
}

// Duration writes d compactly, largest unit first and zero units left out,
// minutes always two digits after hours: "12h", "2h05m", "59m", "90s" is
// "1m30s", "45s". It is for lengths a person chose or AWS set (a session's
// duration, a time-out); for the time left before an expiry, use Remaining.
func Duration(d time.Duration) string {
	if d < 0 {
		return "-" + Duration(-d)
	}
	if d > 0 && d < time.Second {
		return fmt.Sprintf("%dms", d.Round(time.Millisecond)/time.Millisecond)
	}
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	switch {
	case d == 0:
		return "0s"
	case h > 0 && s > 0:
		return fmt.Sprintf("%dh%02dm%02ds", h, m, s)
	case h > 0 && m > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	case h > 0:
		return fmt.Sprintf("%dh", h)
	case m > 0 && s > 0:
		return fmt.Sprintf("%dm%02ds", m, s)
	case m > 0:
		return fmt.Sprintf("%dm", m)
	}
	return fmt.Sprintf("%ds", s)
}

// Remaining writes a time left (or, negated, a time since) rounded down to
// the minute, so it never promises more than is left: "2h05m", "59m", and
// "<1m" for under a minute, including none at all.
func Remaining(d time.Duration) string {
	d = d.Truncate(time.Minute)
	if d <= 0 {
		return "<1m"
	}
	return Duration(d)
}

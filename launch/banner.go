package launch

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/switchrole/switchrole/internal/english"
)

// Banner is the one line written to stderr when a session starts, so the
// user always sees where the next command goes and for how long:
//
//	prod/admin · acme-prod (123456789012) · eu-west-1 · expires 14:02 (in 58m)
//
// Times are shown in now's location; the remaining time is rounded down so
// it never promises more than is left. A session that does not expire says
// so, and one that already has says how long ago. It holds no secret.
func Banner(s Session, now time.Time) string {
	parts := []string{cmp.Or(s.Target, "session")}
	id := s.accountID()
	switch {
	case s.Account != "" && id != "" && s.Account != id:
		parts = append(parts, fmt.Sprintf("%s (%s)", s.Account, id))
	case s.Account != "":
		parts = append(parts, s.Account)
	case id != "":
		parts = append(parts, id)
	}
	parts = append(parts, cmp.Or(s.Region, "no region"), expiryPhrase(s, now))
	return strings.Join(parts, " · ")
}

// expiryPhrase is "expires 14:02 (in 58m)", "expired 13:02 (3m ago)" or
// "does not expire"; with a credential server "renewed until 21:00 (in
// 11h58m)" or "renewed by switchrole".
func expiryPhrase(s Session, now time.Time) string {
	if !s.Credentials.CanExpire || s.Credentials.Expires.IsZero() {
		if s.Server != nil {
			return "renewed by switchrole"
		}
		return "does not expire"
	}
	exp := s.Credentials.Expires.In(now.Location())
	when := exp.Format("15:04")
	if y, m, d := exp.Date(); y != now.Year() || m != now.Month() || d != now.Day() {
		when = exp.Format("Mon 2 Jan 15:04")
	}
	left := exp.Sub(now)
	if left > 0 && s.Server != nil {
		return fmt.Sprintf("renewed until %s (in %s)", when, english.Remaining(left))
	}
	if left > 0 {
		return fmt.Sprintf("expires %s (in %s)", when, english.Remaining(left))
	}
	return fmt.Sprintf("expired %s (%s ago)", when, english.Remaining(-left))
}

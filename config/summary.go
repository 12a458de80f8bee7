package config

import (
	"strconv"

	"github.com/switchrole/switchrole/internal/english"
)

// Stats counts what a configuration holds, for `switchrole config check`.
type Stats struct {
	Targets    int
	Accounts   int // distinct account ids among roles
	Roles      int
	Sources    int
	MFADevices int // distinct MFA serials in use
	Files      []string
}

// Summary counts c's targets.
func Summary(c *Config) Stats {
	s := Stats{Targets: len(c.Targets), Files: c.Files}
	accounts := make(map[string]struct{})
	mfa := make(map[string]struct{})
	for i := range c.Targets {
		t := &c.Targets[i]
		if t.Kind == KindRole {
			s.Roles++
		} else {
			s.Sources++
		}
		if t.AccountID != "" && t.Kind == KindRole {
			accounts[t.AccountID] = struct{}{}
		}
		if t.MFASerial != "" {
			mfa[t.MFASerial] = struct{}{}
		}
	}
	s.Accounts, s.MFADevices = len(accounts), len(mfa)
	return s
}

// String is a one-line summary such as
// "1,204 targets: 1,200 roles in 40 accounts, 4 sources, 2 MFA devices".
func (s Stats) String() string {
	return thousands(s.Targets) + " " + plural(s.Targets, "target") + ": " +
		thousands(s.Roles) + " " + plural(s.Roles, "role") + " in " + thousands(s.Accounts) + " " + plural(s.Accounts, "account") + ", " +
		thousands(s.Sources) + " " + plural(s.Sources, "source") + ", " +
		thousands(s.MFADevices) + " MFA " + plural(s.MFADevices, "device")
}

func plural(n int, word string) string { return english.Noun(n, word) }

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

package aws

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/internal/fakeaws"
)

// skewed is an integration whose computer clock is off from AWS's (the
// fake's) by offset: the engine and the cache read the computer's clock.
func skewed(t *testing.T, offset time.Duration) (*integration, *testClock, *[]string) {
	in := newIntegration(t)
	local := &testClock{now: in.clock.Now().Add(offset)}
	st, err := cache.Open(filepath.Join(t.TempDir(), "cache"), cache.WithClock(local.Now))
	if err != nil {
		t.Fatal(err)
	}
	var warnings []string
	in.e.Now, in.e.Cache = local.Now, st
	in.e.Warn = func(msg string) { warnings = append(warnings, msg) }
	return in, local, &warnings
}

// TestClockSkewIsMeasuredAgainstAWSDate: with the computer's clock an hour
// or two off, credentials are neither handed out as expired (clock ahead)
// nor cached past their real end (clock behind): their lifetime is read by
// AWS's clock (the answer's Date) and moved onto the computer's; one
// sentence warns about the clock.
func TestClockSkewIsMeasuredAgainstAWSDate(t *testing.T) {
	for _, tc := range []struct {
		offset time.Duration
		want   string
	}{
		{2 * time.Hour, "2h ahead of AWS's"},
		{-time.Hour, "1h behind AWS's"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			in, local, warnings := skewed(t, tc.offset)
			s, err := in.e.Retrieve(context.Background(), in.targets["prod"])
			if err != nil {
				t.Fatal(err)
			}
			if left := s.Credentials.Expires.Sub(local.Now()); left <= 0 || left > time.Hour {
				t.Errorf("credentials expire in %s by the computer's clock, want AWS's remaining hour", left)
			}
			if len(*warnings) != 1 || !strings.Contains((*warnings)[0], tc.want) || strings.Contains((*warnings)[0], "\n") {
				t.Errorf("warnings = %q, want one sentence saying %q", *warnings, tc.want)
			}
			until, ok := in.e.CachedUntil(in.targets["prod"])
			if !ok || !until.Equal(s.Credentials.Expires) {
				t.Errorf("cached until %v (%v), want %v", until, ok, s.Credentials.Expires)
			}
		})
	}
}

// TestBrokenAnswersAreRefused: credentials already expired by AWS's own
// clock, or without a session token, are an error, and nothing is cached.
func TestBrokenAnswersAreRefused(t *testing.T) {
	for _, tc := range []struct {
		name   string
		quirks fakeaws.Quirks
		want   string
	}{
		{"expired on arrival", fakeaws.Quirks{ExpirationShift: -13 * time.Hour}, "already expired by AWS's own clock"},
		{"no session token", fakeaws.Quirks{NoSessionToken: true}, "without a session token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := newIntegration(t)
			in.fake.SetQuirks(tc.quirks)
			_, err := in.e.Retrieve(context.Background(), in.targets["prod"])
			if !errors.Is(err, ErrBadCredentials) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "GetSessionToken for jump") {
				t.Fatalf("err = %v, want ErrBadCredentials saying %q", err, tc.want)
			}
			if list, _ := in.e.Cache.List(); len(list) != 0 {
				t.Errorf("cached %d entries from a broken answer", len(list))
			}
		})
	}
}

// TestLifetimeWithoutAWSClock: with no Date to compare (a fake client, a
// proxy that drops it), an expiry already past is an error and one much
// further than asked is capped at what was asked, with a warning.
func TestLifetimeWithoutAWSClock(t *testing.T) {
	f := newFixture(t)
	var warnings []string
	f.e.Warn = func(msg string) { warnings = append(warnings, msg) }
	f.sts.now = func() time.Time { return f.clock.Now().Add(3 * time.Hour) } // this computer is 3h behind
	s := f.retrieve(t, "prod")
	if left := s.Credentials.Expires.Sub(f.clock.Now()); left != time.Hour {
		t.Errorf("role credentials last %s by this computer's clock, want the hour asked for", left)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "behind") {
		t.Errorf("warnings = %q", warnings)
	}

	f = newFixture(t)
	f.sts.now = func() time.Time { return f.clock.Now().Add(-13 * time.Hour) } // 13h ahead: a 12h session is over
	err := f.retrieveErr("prod")
	if !errors.Is(err, ErrBadCredentials) || !strings.Contains(err.Error(), "ago by this computer's clock") {
		t.Errorf("err = %v, want credentials expired on arrival", err)
	}
	assertNothingCached(t, f)
	if list, _ := f.e.Cache.List(); len(list) != 0 {
		t.Errorf("cached %d entries expired on arrival", len(list))
	}
}

package launch

import (
	"strings"
	"testing"
	"time"
)

func TestBanner(t *testing.T) {
	zone := time.FixedZone("CET", 3600)
	now := time.Date(2026, 3, 10, 13, 4, 0, 0, zone)
	expiring := func(d time.Duration) Credentials {
		return Credentials{AccessKeyID: "A", SecretAccessKey: "S", CanExpire: true, Expires: now.Add(d).UTC()}
	}
	tests := []struct {
		name string
		s    Session
		want string
	}{
		{"full", Session{Target: "prod/admin", Account: "acme-prod", AccountID: "123456789012", Region: "eu-west-1",
			Credentials: expiring(58*time.Minute + 59*time.Second)},
			"prod/admin · acme-prod (123456789012) · eu-west-1 · expires 14:02 (in 58m)"},
		{"hours and minutes", Session{Target: "t", AccountID: "123456789012", Region: "us-east-1", Credentials: expiring(2*time.Hour + 5*time.Minute)},
			"t · 123456789012 · us-east-1 · expires 15:09 (in 2h05m)"},
		{"whole hours", Session{Target: "t", Account: "dev", Credentials: expiring(time.Hour)},
			"t · dev · no region · expires 14:04 (in 1h)"},
		{"seconds left", Session{Target: "t", Credentials: expiring(30 * time.Second)},
			"t · no region · expires 13:04 (in <1m)"},
		{"tomorrow", Session{Target: "t", Credentials: expiring(12 * time.Hour)},
			"t · no region · expires Wed 11 Mar 01:04 (in 12h)"},
		{"expired", Session{Target: "t", Credentials: expiring(-3*time.Minute - 10*time.Second)},
			"t · no region · expired 13:00 (3m ago)"},
		{"account name equals id", Session{Target: "t", Account: "123456789012", AccountID: "123456789012", Credentials: expiring(time.Hour)},
			"t · 123456789012 · no region · expires 14:04 (in 1h)"},
		{"STS account id", Session{Target: "t", Credentials: Credentials{AccessKeyID: "A", SecretAccessKey: "S", AccountID: "210987654321"}},
			"t · 210987654321 · no region · does not expire"},
		{"no target", Session{Credentials: Credentials{AccessKeyID: "A", SecretAccessKey: "S"}},
			"session · no region · does not expire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Banner(tt.s, now); got != tt.want {
				t.Errorf("Banner =\n %q\nwant\n %q", got, tt.want)
			}
		})
	}
}

func TestBannerHoldsNoSecret(t *testing.T) {
	s := testSession()
	got := Banner(s, time.Now())
	for _, secret := range []string{s.Credentials.SecretAccessKey, s.Credentials.SessionToken, s.Credentials.AccessKeyID} {
		if strings.Contains(got, secret) {
			t.Errorf("banner %q leaks %q", got, secret)
		}
	}
}

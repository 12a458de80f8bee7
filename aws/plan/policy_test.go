package plan

import (
	"errors"
	"testing"
	"time"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/english"
)

func TestRegionPrecedence(t *testing.T) {
	tests := []struct {
		target, settings, env, envDefault, want string
	}{
		{"eu-west-1", "us-west-2", "ap-south-1", "ca-central-1", "eu-west-1"},
		{"", "us-west-2", "ap-south-1", "ca-central-1", "us-west-2"},
		{"", "", "ap-south-1", "ca-central-1", "ap-south-1"},
		{"", "", "", "ca-central-1", "ca-central-1"},
		{"", "", "", "", "us-east-1"},
	}
	for _, tt := range tests {
		t.Setenv("AWS_REGION", tt.env)
		t.Setenv("AWS_DEFAULT_REGION", tt.envDefault)
		s := Settings{Region: tt.settings}
		if got := s.RegionOf(&config.Target{Region: tt.target}); got != tt.want {
			t.Errorf("RegionOf(%+v) = %s, want %s", tt, got, tt.want)
		}
	}
}

// TestSSORegionAfterEnvironment: an SSO role without a region of its own
// (no lending TOML account) works where the settings, then AWS_REGION,
// say, as an AWS profile without a region does; only when none says does
// it use its portal's region rather than us-east-1.
func TestSSORegionAfterEnvironment(t *testing.T) {
	tests := []struct {
		target, settings, env, want string
	}{
		{"ap-south-1", "us-west-2", "ca-central-1", "ap-south-1"},
		{"", "us-west-2", "ca-central-1", "us-west-2"},
		{"", "", "ca-central-1", "ca-central-1"},
		{"", "", "", "eu-central-1"},
	}
	for _, tt := range tests {
		t.Setenv("AWS_REGION", tt.env)
		t.Setenv("AWS_DEFAULT_REGION", "")
		s := Settings{Region: tt.settings}
		tg := &config.Target{Region: tt.target, SSOSession: "corp", SSORegion: "eu-central-1"}
		if got := s.RegionOf(tg); got != tt.want {
			t.Errorf("RegionOf(%+v) = %s, want %s", tt, got, tt.want)
		}
	}
}

func TestRoleDurationPrecedenceAndLimits(t *testing.T) {
	tests := []struct {
		override, target, dflt, want time.Duration
	}{
		{2 * time.Hour, 3 * time.Hour, 4 * time.Hour, 2 * time.Hour},
		{0, 3 * time.Hour, 4 * time.Hour, 3 * time.Hour},
		{0, 0, 4 * time.Hour, 4 * time.Hour},
		{0, 0, 0, time.Hour},
		{0, 90*time.Minute + 500*time.Millisecond, 0, 90 * time.Minute},
	}
	for _, tt := range tests {
		s := New(nil, config.Defaults{SessionDuration: tt.dflt})
		s.Duration = tt.override
		got, err := s.RoleDurationOf(&config.Target{Name: "t", Duration: tt.target})
		if err != nil || got != tt.want {
			t.Errorf("%+v: got %s, %v", tt, got, err)
		}
	}
	origin := config.Origin{File: "/c.toml", Line: 7}
	for _, d := range []time.Duration{14 * time.Minute, 12*time.Hour + time.Second} {
		s := Settings{}
		_, err := s.RoleDurationOf(&config.Target{Name: "t", Duration: d, Origin: origin})
		var de *DurationError
		if !errors.As(err, &de) || de.Duration != d || err.Error() != "duration "+english.Duration(d)+
			" of target t is outside AWS's 15m to 12h range: change it at /c.toml:7" {
			t.Errorf("duration %s: %v", d, err)
		}
	}
}

func TestSessionDurationIsKeptWithinGetSessionTokensRange(t *testing.T) {
	tests := []struct {
		source, dflt, want time.Duration
	}{
		{0, 0, 12 * time.Hour},
		{0, 8 * time.Hour, 8 * time.Hour},
		{2 * time.Hour, 8 * time.Hour, 2 * time.Hour},
		{time.Minute, 0, 15 * time.Minute},
		{48 * time.Hour, 0, 36 * time.Hour},
	}
	for _, tt := range tests {
		s := Settings{SessionDuration: tt.dflt}
		if got := s.SessionDurationOf(&config.Target{SessionDuration: tt.source}); got != tt.want {
			t.Errorf("%+v: got %s", tt, got)
		}
	}
}

func TestNewTakesTheConfiguredDefaults(t *testing.T) {
	d := config.Defaults{Region: "eu-west-1", SessionDuration: 2 * time.Hour, RoleSessionName: "alice", RefreshWindow: time.Minute}
	s := New(nil, d)
	if s.Region != "eu-west-1" || s.RoleDuration != 2*time.Hour || s.RoleSessionName != "alice" ||
		s.NoSessionToken || s.Duration != 0 || s.SessionName != "" || s.SourceIdentity != "" || s.SessionDuration != 0 {
		t.Errorf("New = %+v", s)
	}
}

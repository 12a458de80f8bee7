package plan

import (
	"cmp"
	"os"
	"time"

	"github.com/switchrole/switchrole/config"
)

// Defaults used when neither the target, the settings nor the config says.
const (
	DefaultRoleDuration    = time.Hour
	DefaultSessionDuration = 12 * time.Hour
	DefaultRegion          = "us-east-1"
	// ChainedMax is AWS's cap on roles assumed with temporary credentials.
	ChainedMax = time.Hour
	// MinDuration is the shortest session AWS grants.
	MinDuration = 15 * time.Minute
	// MaxChain bounds how many roles a chain may follow before it is taken
	// for a loop; config checks it when loading (config.MaxChain).
	MaxChain = config.MaxChain
)

// Lookup finds targets by name; *config.Config and *config.Index satisfy it.
type Lookup interface {
	Lookup(name string) (*config.Target, bool)
}

// Settings are what changes a target's session besides the target itself:
// command-line overrides and switchrole's configured defaults. The zero
// value of each field means "the default".
type Settings struct {
	// Targets resolves Source names (required for role targets).
	Targets Lookup

	// NoSessionToken skips the GetSessionToken MFA session: roles are
	// assumed directly with the MFA code.
	NoSessionToken bool
	// Duration overrides every role's session duration.
	Duration time.Duration
	// SessionName overrides every role's RoleSessionName.
	SessionName string
	// SourceIdentity is sent with AssumeRole when set.
	SourceIdentity string

	// Region is the default region (after the target's, before
	// AWS_REGION/AWS_DEFAULT_REGION).
	Region string
	// RoleDuration is the default role session length (after the target's).
	RoleDuration time.Duration
	// RoleSessionName is the default RoleSessionName (after the target's).
	RoleSessionName string
	// SessionDuration is the default MFA session length (after the
	// source's).
	SessionDuration time.Duration
}

// New returns the settings a command starts from: the targets to follow
// sources in and the configuration's defaults. The command line's overrides
// (NoSessionToken, Duration, SessionName) are set on the result.
func New(targets Lookup, d config.Defaults) Settings {
	return Settings{
		Targets:         targets,
		Region:          d.Region,
		RoleDuration:    d.SessionDuration,
		RoleSessionName: d.RoleSessionName,
	}
}

// RegionOf is where t's STS calls go and what its session reports: the
// target's region (which already includes its account's), the default,
// AWS_REGION, AWS_DEFAULT_REGION, then, for an SSO role, its portal's
// region (an SSO user's accounts usually live where the portal is), then
// us-east-1.
func (s *Settings) RegionOf(t *config.Target) string {
	return cmp.Or(t.Region, s.Region, os.Getenv("AWS_REGION"), os.Getenv("AWS_DEFAULT_REGION"), t.SSORegion, DefaultRegion)
}

// RoleDurationOf is the session length asked for t: the override, the
// target's, the default, else one hour. AWS accepts 15 minutes to 12 hours.
func (s *Settings) RoleDurationOf(t *config.Target) (time.Duration, error) {
	d := firstPositive(s.Duration, t.Duration, s.RoleDuration, DefaultRoleDuration)
	if d < MinDuration || d > 12*time.Hour {
		return 0, &DurationError{Target: t.Name, Duration: d, Origin: t.Origin}
	}
	return d.Truncate(time.Second), nil
}

// SessionDurationOf is how long src's MFA session lasts: the source's setting,
// the default, else 12 hours, kept within GetSessionToken's 15m–36h.
func (s *Settings) SessionDurationOf(src *config.Target) time.Duration {
	d := firstPositive(src.SessionDuration, s.SessionDuration, DefaultSessionDuration)
	return min(max(d, MinDuration), 36*time.Hour).Truncate(time.Second)
}

// firstPositive is the first of ds above zero (0 when none is).
func firstPositive(ds ...time.Duration) time.Duration {
	for _, d := range ds {
		if d > 0 {
			return d
		}
	}
	return 0
}

// UseSession reports whether a role under src with MFA device serial and
// duration d goes through src's MFA session rather than a direct AssumeRole
// with the code: only with a device, when the source allows it, and when the
// role's duration fits AWS's 1h cap on chained roles.
func (s *Settings) UseSession(src *config.Target, serial string, d time.Duration) bool {
	return serial != "" && src.UseSessionToken && !s.NoSessionToken && d <= ChainedMax
}

// ConfiguredSessionName is the RoleSessionName configured for t (override,
// target, default), "" when none is: the engine then names the session
// after the person.
func (s *Settings) ConfiguredSessionName(t *config.Target) string {
	return cmp.Or(s.SessionName, t.RoleSessionName, s.RoleSessionName)
}

// Source returns the target from names as its source, or a SourceError.
func (s *Settings) Source(from *config.Target, name string) (*config.Target, error) {
	if s.Targets != nil {
		if t, ok := s.Targets.Lookup(name); ok && t != nil {
			return t, nil
		}
	}
	return nil, &SourceError{Target: from.Name, Source: name, Origin: from.Origin}
}

// SessionSourceOf finds the source and MFA device whose GetSessionToken
// session t's credentials are built on; ok is false when they use none.
func (s *Settings) SessionSourceOf(t *config.Target) (*config.Target, string, bool) {
	for range MaxChain {
		if !t.IsRole() {
			return t, t.MFASerial, true
		}
		if t.Source == "" || s.Targets == nil {
			return nil, "", false
		}
		parent, ok := s.Targets.Lookup(t.Source)
		if !ok || parent == nil {
			return nil, "", false
		}
		if !parent.IsRole() {
			d, err := s.RoleDurationOf(t)
			if err != nil || !s.UseSession(parent, t.MFASerial, d) {
				return nil, "", false
			}
			return parent, t.MFASerial, true
		}
		t = parent
	}
	return nil, "", false
}

// ProfileOf is the AWS profile at the root of t's chain: its configuration
// (endpoint_url, ...) applies to every STS call made along the chain.
func (s *Settings) ProfileOf(t *config.Target) string {
	for range MaxChain {
		if !t.IsRole() || t.Source == "" || s.Targets == nil {
			return t.Profile
		}
		parent, ok := s.Targets.Lookup(t.Source)
		if !ok || parent == nil {
			return t.Profile
		}
		t = parent
	}
	return t.Profile
}

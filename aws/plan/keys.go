package plan

import (
	"strconv"
	"strings"
	"time"

	"github.com/switchrole/switchrole/config"
)

// Cache keys are built from the target alone (no SDK, no files), so the warm
// path can find its entry at once, and from everything that changes what
// AWS would return — role ARN, external id, configured session name,
// duration, source identity, MFA device, session-token mode and the whole
// source chain — so a configuration change never reuses the wrong
// credentials. The cache hashes keys into file names; keys hold no secrets.

const keySep = "\x1f"

// Key is the cache key of t's own credentials.
func (s *Settings) Key(t *config.Target) (string, error) {
	if t.IsRole() {
		return s.RoleKey(t, 0)
	}
	return s.SessionKey(t, t.MFASerial), nil
}

// SessionKey is the key of src's temporary credentials obtained with the MFA
// device serial ("" for none): which credentials the profile holds
// (CredentialsID) and, for a profile the SDK assumes a role with, that
// role's parameters are part of it.
func (s *Settings) SessionKey(src *config.Target, serial string) string {
	k := joinKey("session", src.Name, src.Profile, src.CredentialSource, serial,
		strconv.FormatInt(int64(s.SessionDurationOf(src)/time.Second), 10), src.CredentialsID)
	if src.SDKAssumesRole {
		k = joinKey(k, "sdk-role", src.RoleARN, src.ExternalID, src.RoleSessionName,
			strconv.FormatInt(int64(src.Duration/time.Second), 10))
	}
	return k
}

// RoleKey is the key of the role target t, reached after depth links of a
// chain (a chain longer than MaxChain is a ChainError).
func (s *Settings) RoleKey(t *config.Target, depth int) (string, error) {
	if depth > MaxChain {
		return "", &ChainError{Target: t.Name, Origin: t.Origin}
	}
	if t.RoleARN == "" {
		return "", &SourceError{Target: t.Name, Origin: t.Origin, NoRole: true}
	}
	d, err := s.RoleDurationOf(t)
	if err != nil {
		return "", err
	}
	k := joinKey("role", t.Name, t.RoleARN, t.ExternalID, s.ConfiguredSessionName(t),
		strconv.FormatInt(int64(d/time.Second), 10), s.SourceIdentity, t.MFASerial)
	if t.Source == "" {
		return joinKey(k, "profile", t.Profile, t.CredentialSource), nil
	}
	parent, err := s.Source(t, t.Source)
	if err != nil {
		return "", err
	}
	if parent.IsRole() {
		pk, err := s.RoleKey(parent, depth+1)
		if err != nil {
			return "", err
		}
		return joinKey(k, "via-role", pk), nil
	}
	mode := "direct"
	if s.UseSession(parent, t.MFASerial, d) {
		mode = "mfa-session"
	}
	return joinKey(k, mode, s.SessionKey(parent, t.MFASerial)), nil
}

// FederationKey is the key of the GetFederationToken credentials that open
// the console for the source target t for duration.
func FederationKey(t *config.Target, duration time.Duration) string {
	return joinKey("federation", t.Name, t.Profile, strconv.FormatInt(int64(duration/time.Second), 10))
}

func joinKey(parts ...string) string {
	return strings.Join(parts, keySep)
}

package sso

import (
	"fmt"
	"strings"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/sso/listfile"
)

// DefaultScope is the scope `aws configure sso` writes into
// sso_registration_scopes: access to the portal's accounts and roles.
const DefaultScope = "sso:account:access"

// Session is one Identity Center sign-in: an [sso-session NAME] section,
// or a legacy profile with sso_start_url (Legacy, named by the profile).
type Session struct {
	// Name is the sso-session name, or the profile name for a legacy one.
	Name     string
	StartURL string
	Region   string
	// Scopes are the registration scopes (sso_registration_scopes); only
	// sso-session sections have them.
	Scopes []string
	// Legacy marks a profile with sso_start_url and no sso_session: its
	// token is cached under the start URL, and it has no refresh token.
	Legacy bool
}

// CacheKey is what the AWS CLI hashes to name the token file: the session
// name, or the start URL for a legacy profile.
func (s Session) CacheKey() string {
	if s.Legacy {
		return s.StartURL
	}
	return s.Name
}

// TokenFile is the token's file name in the cache directory, as the AWS
// CLI and the SDKs compute it.
func (s Session) TokenFile() string {
	return listfile.FileName(s.CacheKey())
}

// SessionsOf are the sessions config found (Config.SSO.Sessions): the
// AWS config's [sso-session NAME] sections and legacy profiles, and the
// [sso.NAME] tables of switchrole's TOML file, all signed in to alike.
func SessionsOf(found []config.SSOSession) []Session {
	out := make([]Session, len(found))
	for i, s := range found {
		out[i] = SessionOf(s)
	}
	return out
}

// SessionOf is one session config found.
func SessionOf(s config.SSOSession) Session {
	return Session{Name: s.Name, StartURL: s.StartURL, Region: s.Region, Scopes: s.Scopes, Legacy: s.Legacy}
}

// OfTarget is the session an SSO target signs in with.
func OfTarget(t *config.Target) Session {
	return Session{Name: t.SSOSession, StartURL: t.SSOStartURL, Region: t.SSORegion, Legacy: t.SSOLegacy}
}

// Find picks the session to sign in to: the one named (an sso-session
// name, a legacy profile name, or a start URL), or the only one there is.
func Find(sessions []Session, name, file string) (Session, error) {
	if name == "" {
		switch len(sessions) {
		case 0:
			return Session{}, fmt.Errorf("%s has no [sso-session NAME] section and no profile with sso_start_url, and switchrole's config no [sso.NAME]; add one (see `aws configure sso-session`)", file)
		case 1:
			return sessions[0], nil
		}
		return Session{}, fmt.Errorf("%s has %d SSO sessions (%s); name the one to use", file, len(sessions), names(sessions))
	}
	for _, s := range sessions {
		if s.Name == name || s.StartURL == name {
			return s, nil
		}
	}
	return Session{}, fmt.Errorf("%s has no SSO session %q (it has: %s)", file, name, names(sessions))
}

func names(sessions []Session) string {
	n := make([]string, len(sessions))
	for i, s := range sessions {
		n[i] = s.Name
	}
	if len(n) == 0 {
		return "none"
	}
	return strings.Join(n, ", ")
}

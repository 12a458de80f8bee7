package sso

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"strings"

	"gopkg.in/ini.v1"
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
	sum := sha1.Sum([]byte(s.CacheKey()))
	return hex.EncodeToString(sum[:]) + ".json"
}

// ReadSessions lists the Identity Center sessions of an AWS config file
// (~/.aws/config): every [sso-session NAME] with sso_start_url and
// sso_region, then every legacy profile with sso_start_url (one per start
// URL: they share a token). A missing file has none.
//
// config owns reading this file for targets; until it exposes its SSO
// sessions, this reads only the two kinds of section it needs, with the
// same ini library.
func ReadSessions(path string) ([]Session, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	f, err := ini.LoadSources(ini.LoadOptions{InsensitiveKeys: true, IgnoreInlineComment: true, AllowNonUniqueSections: false}, data)
	if err != nil {
		return nil, fmt.Errorf("%s is not a readable AWS config file", path)
	}
	var out, legacy []Session
	for _, sec := range f.Sections() {
		get := func(k string) string { return strings.TrimSpace(sec.Key(k).String()) }
		switch name := sec.Name(); {
		case strings.HasPrefix(name, "sso-session "):
			s := Session{Name: strings.TrimSpace(strings.TrimPrefix(name, "sso-session ")), StartURL: get("sso_start_url"), Region: get("sso_region")}
			for sc := range strings.SplitSeq(get("sso_registration_scopes"), ",") {
				if sc = strings.TrimSpace(sc); sc != "" {
					s.Scopes = append(s.Scopes, sc)
				}
			}
			if s.StartURL == "" || s.Region == "" {
				return nil, fmt.Errorf("%s: [%s] needs both sso_start_url and sso_region", path, name)
			}
			out = append(out, s)
		case strings.HasPrefix(name, "profile ") || name == "default":
			if get("sso_session") != "" || get("sso_start_url") == "" {
				continue
			}
			s := Session{Name: strings.TrimPrefix(name, "profile "), StartURL: get("sso_start_url"), Region: get("sso_region"), Legacy: true}
			if s.Region == "" {
				return nil, fmt.Errorf("%s: [%s] has sso_start_url but no sso_region", path, name)
			}
			if !slices.ContainsFunc(legacy, func(o Session) bool { return o.StartURL == s.StartURL }) {
				legacy = append(legacy, s)
			}
		}
	}
	return append(out, legacy...), nil
}

// Find picks the session to sign in to: the one named (an sso-session
// name, a legacy profile name, or a start URL), or the only one there is.
func Find(sessions []Session, name, file string) (Session, error) {
	if name == "" {
		switch len(sessions) {
		case 0:
			return Session{}, fmt.Errorf("%s has no [sso-session NAME] section and no profile with sso_start_url; add one (see `aws configure sso-session`)", file)
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

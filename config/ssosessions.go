package config

import (
	"strings"
	"time"
)

// SSOSession is one IAM Identity Center sign-in the AWS config declares:
// an [sso-session NAME] section, or a legacy profile with sso_start_url.
type SSOSession struct {
	// Name is the sso-session name, or the profile name for a legacy one.
	Name     string
	StartURL string
	Region   string
	// Scopes are sso_registration_scopes (sso-session sections only).
	Scopes []string
	// Legacy marks a profile with sso_start_url and no sso_session.
	Legacy bool
	// InTOML marks an [sso.NAME] table of switchrole's TOML file.
	InTOML bool
	Origin Origin
	// Listed is when the session's cached listing was made (zero: there
	// is none), so the engine can list an old one again.
	Listed time.Time
}

// CacheKey is what the AWS CLI names the session's token file after (and
// switchrole its listing): the session name, or a legacy profile's start
// URL.
func (s SSOSession) CacheKey() string {
	if s.Legacy {
		return s.StartURL
	}
	return s.Name
}

// ssoSessionsOf lists the Identity Center sessions of a parsed AWS config
// file, in file order, by the same SDK-rules line pass as the targets: every
// [sso-session NAME] (it must have sso_start_url and sso_region), then every
// legacy profile with sso_start_url; and the sections that cannot be one
// (each a sentence naming FILE:LINE). Load keeps them in Config.SSO.
func ssoSessionsOf(f *iniFile) (out []SSOSession, bad []*Error) {
	var legacy []SSOSession
	for _, s := range f.sections {
		at := Origin{File: f.path, Line: int(s.line)}
		switch {
		case strings.HasPrefix(s.name, "sso-session "):
			ss := SSOSession{Name: strings.TrimSpace(strings.TrimPrefix(s.name, "sso-session ")),
				StartURL: s.get(keySSOStartURL), Region: s.get(keySSORegion), Origin: at}
			if v, ok := s.value("sso_registration_scopes"); ok {
				for sc := range strings.SplitSeq(v.str, ",") {
					if sc = strings.TrimSpace(sc); sc != "" {
						ss.Scopes = append(ss.Scopes, sc)
					}
				}
			}
			if ss.StartURL == "" || ss.Region == "" {
				bad = append(bad, incompleteSSOSession(ss.Name, at))
				continue
			}
			out = append(out, ss)
		case strings.HasPrefix(s.name, "profile ") || s.name == "default":
			if s.get(keySSOSession) != "" || s.get(keySSOStartURL) == "" {
				continue
			}
			ss := SSOSession{Name: strings.TrimPrefix(s.name, "profile "), StartURL: s.get(keySSOStartURL),
				Region: s.get(keySSORegion), Legacy: true, Origin: at}
			if ss.Region == "" {
				bad = append(bad, &Error{Origin: at, Msg: "[" + s.name + "] has sso_start_url but no sso_region"})
				continue
			}
			legacy = append(legacy, ss)
		}
	}
	return append(out, legacy...), bad
}

// incompleteSSOSession is the problem of an [sso-session NAME] without
// sso_start_url or sso_region: the session's own, and that of every
// profile that names it.
func incompleteSSOSession(name string, at Origin) *Error {
	return &Error{Origin: at, Msg: "[sso-session " + name + "] needs both sso_start_url and sso_region"}
}

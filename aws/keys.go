package aws

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
// credentials. The store hashes keys into file names; keys hold no secrets.

const keySep = "\x1f"

// keyOf is the cache key of t's own credentials.
func (e *Engine) keyOf(t *config.Target) (string, error) {
	if t.IsRole() {
		return e.roleKey(t, 0)
	}
	return e.sessionKey(t, t.MFASerial), nil
}

// sessionKey is the key of src's temporary credentials obtained with the MFA
// device serial ("" for none).
func (e *Engine) sessionKey(src *config.Target, serial string) string {
	return joinKey("session", src.Name, src.Profile, src.CredentialSource, serial,
		strconv.FormatInt(int64(e.sessionDuration(src)/time.Second), 10))
}

func (e *Engine) roleKey(t *config.Target, depth int) (string, error) {
	if depth > maxChain {
		return "", &ChainError{Target: t.Name, Origin: t.Origin}
	}
	if t.RoleARN == "" {
		return "", &SourceError{Target: t.Name, Origin: t.Origin, NoRole: true}
	}
	d, err := e.roleDuration(t)
	if err != nil {
		return "", err
	}
	name := firstNonEmpty(e.SessionName, t.RoleSessionName, e.RoleSessionName)
	k := joinKey("role", t.Name, t.RoleARN, t.ExternalID, name,
		strconv.FormatInt(int64(d/time.Second), 10), e.SourceIdentity, t.MFASerial)
	if t.Source == "" {
		return joinKey(k, "profile", t.Profile, t.CredentialSource), nil
	}
	parent, err := e.lookup(t, t.Source)
	if err != nil {
		return "", err
	}
	if parent.IsRole() {
		pk, err := e.roleKey(parent, depth+1)
		if err != nil {
			return "", err
		}
		return joinKey(k, "via-role", pk), nil
	}
	mode := "direct"
	if e.useSession(parent, t.MFASerial, d) {
		mode = "mfa-session"
	}
	return joinKey(k, mode, e.sessionKey(parent, t.MFASerial)), nil
}

// sessionSourceOf finds the source and MFA device whose GetSessionToken
// session t's credentials are built on; ok is false when they use none.
func (e *Engine) sessionSourceOf(t *config.Target) (*config.Target, string, bool) {
	for range maxChain {
		if !t.IsRole() {
			return t, t.MFASerial, true
		}
		if t.Source == "" || e.Targets == nil {
			return nil, "", false
		}
		parent, ok := e.Targets.Lookup(t.Source)
		if !ok || parent == nil {
			return nil, "", false
		}
		if !parent.IsRole() {
			d, err := e.roleDuration(t)
			if err != nil || !e.useSession(parent, t.MFASerial, d) {
				return nil, "", false
			}
			return parent, t.MFASerial, true
		}
		t = parent
	}
	return nil, "", false
}

// useSession reports whether a role under src with MFA device serial and
// duration d goes through src's MFA session rather than a direct AssumeRole
// with the code: only with a device, when the source allows it, and when the
// role's duration fits AWS's 1h cap on chained roles.
func (e *Engine) useSession(src *config.Target, serial string, d time.Duration) bool {
	return serial != "" && src.UseSessionToken && !e.NoSessionToken && d <= chainedMax
}

func joinKey(parts ...string) string {
	return strings.Join(parts, keySep)
}

// profileOf is the AWS profile at the root of t's chain: its configuration
// (endpoint_url, ...) applies to every STS call made along the chain.
func (e *Engine) profileOf(t *config.Target) string {
	for range maxChain {
		if !t.IsRole() || t.Source == "" || e.Targets == nil {
			return t.Profile
		}
		parent, ok := e.Targets.Lookup(t.Source)
		if !ok || parent == nil {
			return t.Profile
		}
		t = parent
	}
	return t.Profile
}

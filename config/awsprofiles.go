package config

import (
	"slices"
	"strings"
	"time"
)

// This file turns the sections of ~/.aws/config and ~/.aws/credentials into
// targets, following config.LoadSharedConfigProfile of the AWS SDK for Go v2
// (checked by TestSDKAgreement). Where the SDK is lenient and switchrole is
// strict, the comment at the check says so: a bad value is cheaper to hear
// about at load time than in the middle of an incident.

// Keys of a profile section that switchrole reads.
const (
	keyRoleARN          = "role_arn"
	keySourceProfile    = "source_profile"
	keyCredentialSource = "credential_source"
	keyExternalID       = "external_id"
	keyMFASerial        = "mfa_serial"
	keySessionName      = "role_session_name"
	keyDuration         = "duration_seconds"
	keyRegion           = "region"
	keyProcess          = "credential_process"
	keyWebIdentity      = "web_identity_token_file"
	keyAccessKeyID      = "aws_access_key_id"
	keySecretKey        = "aws_secret_access_key"
	keySessionToken     = "aws_session_token"
	keySSOSession       = "sso_session"
	keySSOAccountID     = "sso_account_id"
	keySSORoleName      = "sso_role_name"
	keySSOStartURL      = "sso_start_url"
	keySSORegion        = "sso_region"
	keyLoginSession     = "login_session"
	// aws-extend-switch-roles (AESR) keys.
	keyAccountID = "aws_account_id"
	keyRoleName  = "role_name"
	keyColor     = "color"
)

// mergedFromCredentials lists the keys the SDK copies from the credentials
// file into a profile that the config file also defines (mergeSections);
// other keys of such a section in the credentials file are ignored. The
// static key pair is handled separately.
var mergedFromCredentials = [...]string{
	keyRoleARN, keySourceProfile, keyCredentialSource, keyExternalID, keyMFASerial,
	keySessionName, keyRegion, keyProcess, keyWebIdentity, keyDuration,
	keySSOSession, keySSOAccountID, keySSORegion, keySSORoleName, keySSOStartURL, keyLoginSession,
}

// credentialSources are the values credential_source accepts.
var credentialSources = []string{"Environment", "Ec2InstanceMetadata", "EcsContainer"}

// awsProfile is one profile after merging both files.
type awsProfile struct {
	name   string
	origin Origin // the defining section header
	keys   map[string]iniValue
	files  map[string]string // key → file it came from (for line numbers)
}

func (p *awsProfile) get(k string) string { return p.keys[k].str }

// at returns the origin of key k, or of the section when k is absent.
func (p *awsProfile) at(k string) Origin {
	if v, ok := p.keys[k]; ok {
		return Origin{File: p.files[k], Line: v.line}
	}
	return p.origin
}

func (p *awsProfile) hasKeys() bool {
	return p.get(keyAccessKeyID) != "" && p.get(keySecretKey) != ""
}

func (p *awsProfile) hasSSO() bool {
	return p.get(keySSOSession) != "" || p.get(keySSORegion) != "" || p.get(keySSOAccountID) != "" ||
		p.get(keySSOStartURL) != "" || p.get(keySSORoleName) != ""
}

// ownCredentials reports whether the profile itself yields credentials
// without a source_profile: keys, SSO, login, credential_process or web
// identity.
func (p *awsProfile) ownCredentials() bool {
	return p.hasKeys() || p.hasSSO() || p.get(keyLoginSession) != "" || p.get(keyProcess) != "" || p.get(keyWebIdentity) != ""
}

// awsSet is what the AWS files contribute: profiles in file order (config
// file first, then profiles only in the credentials file) and SSO sessions.
type awsSet struct {
	profiles    []*awsProfile
	byName      map[string]*awsProfile
	ssoSessions map[string]*iniSection
	ssoFile     string
}

// buildAWSSet applies the SDK's section rules to the parsed files; either may
// be nil (missing).
func buildAWSSet(cfg, creds *iniFile) *awsSet {
	set := &awsSet{byName: make(map[string]*awsProfile), ssoSessions: make(map[string]*iniSection)}
	if cfg != nil {
		set.ssoFile = cfg.path
		// "[profile X]" beats a plain "[X]" of the same name (only "default"
		// survives the prefix rule, so this is [profile default] vs [default]).
		fromPrefixed := make(map[string]bool)
		for _, s := range cfg.sections {
			var name string
			prefixed := false
			switch {
			case strings.HasPrefix(s.name, "profile "):
				name, prefixed = strings.TrimPrefix(s.name, "profile "), true
			case strings.HasPrefix(s.name, "sso-session "):
				set.ssoSessions[strings.TrimPrefix(s.name, "sso-session ")] = s
				continue
			case strings.HasPrefix(s.name, "services "):
				continue
			case strings.EqualFold(s.name, "default"):
				name = s.name
			default:
				continue // the SDK ignores sections without the prefix
			}
			if old, ok := set.byName[name]; ok {
				if fromPrefixed[name] || !prefixed {
					continue
				}
				// Replace in place: the profile keeps its position.
				*old = *newAWSProfile(name, cfg.path, s)
				fromPrefixed[name] = true
				continue
			}
			fromPrefixed[name] = prefixed
			p := newAWSProfile(name, cfg.path, s)
			set.byName[name] = p
			set.profiles = append(set.profiles, p)
		}
	}
	if creds != nil {
		for _, s := range creds.sections {
			if strings.HasPrefix(s.name, "profile ") || s.name == "" {
				// The SDK drops [profile x] here, and cannot use a
				// profile without a name ([]).
				continue
			}
			p, ok := set.byName[s.name]
			if !ok {
				p = newAWSProfile(s.name, creds.path, s)
				set.byName[s.name] = p
				set.profiles = append(set.profiles, p)
				continue
			}
			mergeCredentialsSection(p, creds.path, s)
		}
	}
	return set
}

func newAWSProfile(name, file string, s *iniSection) *awsProfile {
	p := &awsProfile{name: name, origin: Origin{File: file, Line: s.line}, keys: s.keys, files: make(map[string]string, len(s.keys))}
	for k := range s.keys {
		p.files[k] = file
	}
	return p
}

// mergeCredentialsSection applies a credentials-file section to a profile
// from the config file, key by key as the SDK's mergeSections does.
func mergeCredentialsSection(p *awsProfile, file string, s *iniSection) {
	keys := make(map[string]iniValue, len(p.keys)+4)
	for k, v := range p.keys {
		keys[k] = v
	}
	p.keys = keys
	set := func(k string) {
		if v, ok := s.keys[k]; ok {
			p.keys[k] = v
			p.files[k] = file
		}
	}
	if s.has(keyAccessKeyID) && s.has(keySecretKey) {
		set(keyAccessKeyID)
		set(keySecretKey)
		set(keySessionToken)
	}
	for _, k := range mergedFromCredentials {
		set(k)
	}
}

// awsResolver turns profiles into targets.
type awsResolver struct {
	set     *awsSet
	probs   *problems
	targets []Target
	// roleOf caches the resolved role ARN of each profile (role_arn or the
	// AESR aws_account_id + role_name); "" when it has none or it is bad.
	roleOf map[string]parsedRole
	loops  map[string]bool // loops already reported
}

// resolveAWS builds the targets of the AWS files, reporting problems.
func resolveAWS(set *awsSet, probs *problems) []Target {
	r := &awsResolver{set: set, probs: probs, roleOf: make(map[string]parsedRole, len(set.profiles)), loops: make(map[string]bool)}
	for _, p := range set.profiles {
		r.checkProfile(p)
	}
	if !probs.empty() {
		return nil
	}
	r.targets = make([]Target, 0, len(set.profiles))
	for _, p := range set.profiles {
		if t, ok := r.target(p); ok {
			r.targets = append(r.targets, t)
		}
	}
	return r.targets
}

// checkProfile validates one profile's own keys (not its chain).
func (r *awsResolver) checkProfile(p *awsProfile) {
	bad := func(key, msg string) {
		at := p.at(key)
		r.probs.add(at.File, at.Line, key, "profile "+quote(p.name)+": "+msg)
	}
	if hasControl(p.name) {
		r.probs.add(p.origin.File, p.origin.Line, "", "profile name "+quote(p.name)+controlHint)
		return
	}
	// Partial keys: the SDK reports "partial credentials found" when the
	// profile is used. Strict: we say so even when the credentials file
	// completes a pair the config file started.
	if (p.get(keyAccessKeyID) == "") != (p.get(keySecretKey) == "") {
		if p.get(keyAccessKeyID) == "" {
			bad(keySecretKey, "aws_secret_access_key is set without aws_access_key_id")
		} else {
			bad(keyAccessKeyID, "aws_access_key_id is set without aws_secret_access_key")
		}
	}
	if v := p.get(keyRoleARN); v != "" {
		pr, msg := parseRoleARN(v)
		if msg != "" {
			bad(keyRoleARN, "role_arn "+quote(v)+" "+msg)
		} else {
			r.roleOf[p.name] = pr
		}
	} else if id, name := p.get(keyAccountID), p.get(keyRoleName); name != "" {
		// aws-extend-switch-roles: aws_account_id + role_name stand for
		// role_arn (the SDK would ignore them).
		switch path, base := splitRolePath(name); {
		case !validAccountID(id):
			if id == "" {
				bad(keyRoleName, "role_name needs aws_account_id (12 digits) or use role_arn instead")
			} else {
				bad(keyAccountID, "aws_account_id "+quote(id)+" must be 12 digits")
			}
		case !validRoleName(base) || !validIAMPath(path):
			bad(keyRoleName, "role_name "+quote(name)+" is not a valid IAM role name (1-64 of letters, digits and +=,.@_- with an optional path/)")
		default:
			part := partitionForRegion(p.get(keyRegion))
			r.roleOf[p.name] = parsedRole{Partition: part, AccountID: id, Path: path, Name: base}
		}
	} else if id := p.get(keyAccountID); id != "" && !validAccountID(id) {
		bad(keyAccountID, "aws_account_id "+quote(id)+" must be 12 digits")
	}
	hasRole := p.get(keyRoleARN) != "" || p.get(keyRoleName) != ""

	// CredentialRequiresARNError in the SDK.
	for _, k := range [...]string{keySourceProfile, keyCredentialSource, keyWebIdentity} {
		if p.get(k) != "" && !hasRole {
			bad(k, k+" is set but role_arn is missing; add role_arn = arn:aws:iam::ACCOUNT:role/NAME or remove "+k)
			break
		}
	}
	// At most one credential type (SDK validateCredentialType).
	var types []string
	for _, k := range [...]string{keySourceProfile, keyCredentialSource, keyProcess, keyWebIdentity} {
		if p.get(k) != "" {
			types = append(types, k)
		}
	}
	if len(types) > 1 {
		bad(types[1], "only one of source_profile, credential_source, credential_process and web_identity_token_file may be set, found "+strings.Join(types, " and "))
	}
	if v := p.get(keyCredentialSource); v != "" && !contains(credentialSources, v) {
		bad(keyCredentialSource, "credential_source "+quote(v)+" must be Environment, Ec2InstanceMetadata or EcsContainer"+didYouMean(v, credentialSources))
	}
	if v := p.get(keyMFASerial); v != "" && !validMFASerial(v) {
		bad(keyMFASerial, "mfa_serial "+quote(v)+" is neither an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) nor a device serial number")
	}
	if v := p.get(keyExternalID); v != "" && !validExternalID(v) {
		bad(keyExternalID, "external_id must be 2-1224 characters of letters, digits and +=,.@:/_-")
	}
	if v := p.get(keySessionName); v != "" && !validSessionName(v) {
		bad(keySessionName, "role_session_name "+quote(v)+" must be 2-64 characters of letters, digits and +=,.@_-")
	}
	if v := p.get(keyRegion); v != "" && !ValidRegion(v) {
		bad(keyRegion, "region "+quote(v)+" does not look like an AWS region such as eu-west-1")
	}
	if v := p.get(keyDuration); v != "" {
		// The SDK reads non-numbers as 0 and ignores values of 15 minutes or
		// less; we refuse what AssumeRole would refuse.
		n, ok := atoiSmall(v)
		if !ok || n < 900 || n > 43200 {
			bad(keyDuration, "duration_seconds "+quote(v)+" must be a whole number of seconds from 900 to 43200")
		}
	}
	if v := p.get(keyColor); v != "" {
		if _, ok := NormalizeColor(v); !ok {
			bad(keyColor, "color "+quote(v)+" must be #rrggbb, rrggbb or one of "+paletteNames())
		}
	}
	if v := p.get(keySSOAccountID); v != "" && !validAccountID(v) {
		bad(keySSOAccountID, "sso_account_id "+quote(v)+" must be 12 digits")
	}
	if v := p.get(keySSOSession); v != "" {
		name := strings.TrimSpace(v)
		s, ok := r.set.ssoSessions[name]
		switch {
		case hasControl(name):
			bad(keySSOSession, "sso_session "+quote(v)+controlHint)
		case !ok:
			bad(keySSOSession, "sso_session "+quote(v)+" has no [sso-session "+name+"] section")
		case s.get(keySSOStartURL) == "" || s.get(keySSORegion) == "":
			r.probs.add(r.set.ssoFile, s.line, "", "[sso-session "+name+"] needs both sso_start_url and sso_region")
		}
	}
}

// target classifies a valid profile. ok is false for profiles that are
// neither a role nor a source of credentials (e.g. only a region).
func (r *awsResolver) target(p *awsProfile) (Target, bool) {
	t := Target{Name: p.name, Profile: p.name, Origin: p.origin, Region: p.get(keyRegion), CredentialsID: p.credentialsID()}
	if c := p.get(keyColor); c != "" {
		t.Color, _ = NormalizeColor(c)
	}
	pr, hasRole := r.roleOf[p.name]
	if !hasRole {
		if !p.ownCredentials() {
			return Target{}, false
		}
		t.Kind = KindSource
		t.MFASerial = p.get(keyMFASerial)
		t.AccountID = p.get(keyAccountID)
		if t.AccountID == "" {
			t.AccountID = p.get(keySSOAccountID)
		}
		t.UseSessionToken = true
		return t, true
	}
	t.AccountID, t.Role = pr.AccountID, pr.Name
	t.RoleARN = p.get(keyRoleARN)
	if t.RoleARN == "" {
		t.RoleARN = roleARN(pr.Partition, pr.AccountID, pr.Path, pr.Name)
	}
	t.MFASerial = p.get(keyMFASerial)
	t.ExternalID = p.get(keyExternalID)
	t.RoleSessionName = p.get(keySessionName)
	if n, ok := atoiSmall(p.get(keyDuration)); ok {
		t.Duration = time.Duration(n) * time.Second
	}
	src := p.get(keySourceProfile)
	switch {
	case src == p.name || src == "" && p.ownCredentials():
		// The role's base credentials live in the profile itself (keys,
		// SSO, process, web identity, or source_profile naming itself,
		// which the SDK reads as "use my own keys"): the SDK resolves the
		// whole profile, assuming the role on top.
		if src == p.name && !p.ownCredentials() {
			at := p.at(keySourceProfile)
			r.probs.add(at.File, at.Line, keySourceProfile, "profile "+quote(p.name)+" names itself as source_profile but has no credentials of its own (a loop)")
			return Target{}, false
		}
		t.Kind = KindSource
		t.SDKAssumesRole = true
		t.UseSessionToken = true
	case src != "":
		t.Kind = KindRole
		t.Source = src
		if !r.checkChain(p) {
			return Target{}, false
		}
	case p.get(keyCredentialSource) != "":
		t.Kind = KindRole
		t.CredentialSource = p.get(keyCredentialSource)
	case p.get(keyRoleARN) == "" && r.defaultCanSource(p):
		// An aws-extend-switch-roles profile (aws_account_id + role_name)
		// without source_profile: the extension assumes it with the
		// browser's signed-in identity. The closest thing in a terminal is
		// the [default] profile's credentials, so [default] is the source
		// when it has credentials of its own.
		t.Kind = KindRole
		t.Source = "default"
	default:
		// Strict: the SDK would fall back to environment variables, a
		// container or instance metadata. A role profile switchrole shows
		// must say where its credentials come from.
		at := p.at(keyRoleARN)
		if p.get(keyRoleARN) == "" {
			at = p.at(keyRoleName)
		}
		r.probs.add(at.File, at.Line, "", "profile "+quote(p.name)+" has a role but no source_profile, credential_source or credentials of its own; add source_profile = NAME")
		return Target{}, false
	}
	return t, true
}

// defaultCanSource reports whether [default] can be the implied source of an
// aws-extend-switch-roles profile.
func (r *awsResolver) defaultCanSource(p *awsProfile) bool {
	d, ok := r.set.byName["default"]
	return ok && p.name != "default" && d.ownCredentials()
}

// checkChain follows source_profile from p as the SDK does for a non-top
// profile: a profile with static keys ends the chain (its own role_arn is
// ignored), a profile with other own credentials ends it too, and every hop
// must name an existing profile without coming back. It reports a problem
// and returns false when the chain is broken.
func (r *awsResolver) checkChain(p *awsProfile) bool {
	path := []string{p.name}
	cur := p
	for {
		next := cur.get(keySourceProfile)
		at := cur.at(keySourceProfile)
		src, ok := r.set.byName[next]
		if !ok {
			r.probs.add(at.File, at.Line, keySourceProfile, "profile "+quote(cur.name)+": source_profile "+quote(next)+" does not exist"+didYouMean(next, r.profileNames()))
			return false
		}
		if i := slices.Index(path, next); i >= 0 {
			// Strict: when the repeated profile has static keys the SDK
			// uses them; a chain through the same profile twice is almost
			// certainly a mistake, and no target can express it. Each
			// loop is reported once, where it closes.
			loop := append(path[i:len(path):len(path)], next)
			key := slices.Clone(loop[:len(loop)-1])
			slices.Sort(key)
			if k := strings.Join(key, "\x00"); !r.loops[k] {
				r.loops[k] = true
				r.probs.add(at.File, at.Line, keySourceProfile, "profiles form a source_profile loop: "+strings.Join(loop, " -> "))
			}
			return false
		}
		path = append(path, next)
		switch {
		case src.hasKeys():
			return true
		case src.get(keySourceProfile) != "" && src.get(keySourceProfile) != src.name:
			cur = src
			continue
		case src.ownCredentials() || src.get(keyCredentialSource) != "":
			return true
		case src.get(keySourceProfile) == src.name:
			r.probs.add(at.File, at.Line, keySourceProfile, "profile "+quote(src.name)+" names itself as source_profile but has no credentials of its own (a loop)")
			return false
		case r.roleOf[src.name].Name != "" && src.get(keyRoleARN) == "" && r.defaultCanSource(src):
			return true // an AESR profile sourced from [default]
		default:
			r.probs.add(at.File, at.Line, keySourceProfile, "profile "+quote(cur.name)+": source_profile "+quote(next)+" has no credentials (no keys, SSO, credential_process, credential_source or source_profile)")
			return false
		}
	}
}

func (r *awsResolver) profileNames() []string {
	names := make([]string, len(r.set.profiles))
	for i, p := range r.set.profiles {
		names[i] = p.name
	}
	return names
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

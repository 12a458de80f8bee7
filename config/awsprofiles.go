package config

import (
	"slices"
	"strconv"
	"strings"
)

// This file turns the sections of ~/.aws/config and ~/.aws/credentials into
// targets, following config.LoadSharedConfigProfile of the AWS SDK for Go v2
// (checked by TestSDKAgreement). Where the SDK is lenient and switchrole is
// strict, the comment at the check says so: a bad value is cheaper to hear
// about at load time than in the middle of an incident.

// mergedFromCredentials marks the keys the SDK copies from the credentials
// file into a profile that the config file also defines (mergeSections);
// other keys of such a section in the credentials file are ignored. The
// static key pair is handled separately (see awsProfile.section).
var mergedFromCredentials = func() (m [numAWSKeys]bool) {
	for _, k := range [...]awsKey{
		keyRoleARN, keySourceProfile, keyCredentialSource, keyExternalID, keyMFASerial,
		keySessionName, keyRegion, keyProcess, keyWebIdentity, keyDuration,
		keySSOSession, keySSOAccountID, keySSORegion, keySSORoleName, keySSOStartURL, keyLoginSession,
	} {
		m[k] = true
	}
	return m
}()

// credentialSources are the values credential_source accepts.
var credentialSources = []string{"Environment", "Ec2InstanceMetadata", "EcsContainer"}

// awsProfile is one profile after merging both files: the section that
// defines it and, for a profile of the config file that the credentials
// file also has, that section, whose keys win as the SDK's mergeSections
// says, and what checking it found. Nothing is copied, and the record is
// small (96 bytes): a 10,000-profile file makes 10,000 of them, and every
// page of fresh memory costs a page fault.
type awsProfile struct {
	name string
	set  *awsSet
	// sec is the defining section; creds is the credentials file's
	// section of a config-file profile (nil when none).
	sec, creds *iniSection
	// src is the profile a role's credentials come from: the one its
	// source_profile names, or [default] for an aws-extend-switch-roles
	// profile without one (nil otherwise, and when that is a mistake).
	src *awsProfile
	// problem is the first mistake that makes the profile unusable, the
	// one its target reports (nil: none).
	problem *Error
	// settings are those of the [sources.NAME] of its name in the TOML
	// file (nil: none); lent the TOML account of its account id (nil:
	// none). Both apply to its target.
	settings *sourceSettings
	lent     *lentAccount
	depth    int32 // roles in its chain, itself included (0: not a role)
	// target is its place in Config.Targets, -1 when it is none (see
	// tomlBuilder.listAWS).
	target int32
	// present are the keys that have a value (see has).
	present keySet
	checked uint8 // chain state, see awsResolver.chain
	// credsKeys: creds has both halves of a key pair, so the pair (and
	// session token) come from it. prefixed: the section is "[profile
	// NAME]", which beats "[NAME]". inCreds: the credentials file defines
	// the profile (the config file does not).
	credsKeys, prefixed, inCreds bool
	// validRole: its role (role_arn, or the AESR aws_account_id +
	// role_name) is valid (see role).
	validRole bool
	// keysInKeyring: its long-term keys are in switchrole's keyring
	// (Target.KeysInKeyring): its credential_process is switchrole's own
	// for it, or it has no credentials and no role while a role names it
	// as source_profile.
	keysInKeyring bool
	// callsOther: its credential_process runs switchrole for another
	// target, which it is under another name (awsResolver.aliases).
	callsOther bool
	// What its target is (see classify): one, a role, a source that
	// assumes its own role.
	isTarget, isRole, sdkAssumesRole bool
	// resolved: everything its target needs from the rest of the
	// configuration is known from the profiles (see tomlBuilder.listAWS).
	resolved bool
}

// file is the file that defines the profile.
func (p *awsProfile) file() string {
	if p.inCreds {
		return p.set.creds.path
	}
	return p.set.cfg.path
}

// origin is where the defining section starts.
func (p *awsProfile) origin() Origin { return Origin{File: p.file(), Line: int(p.sec.line)} }

// section is the section key k comes from, and its file.
func (p *awsProfile) section(k awsKey) (*iniSection, string) {
	if c := p.creds; c != nil && c.has(k) {
		switch k {
		case keyAccessKeyID, keySecretKey, keySessionToken:
			if p.credsKeys {
				return c, p.set.creds.path
			}
		default:
			if mergedFromCredentials[k] {
				return c, p.set.creds.path
			}
		}
	}
	return p.sec, p.file()
}

// role is the profile's role when validRole: role_arn, or the AESR
// aws_account_id + role_name.
func (p *awsProfile) role() parsedRole {
	if v := p.value(keyRoleARN); v != "" {
		pr, _ := parseRoleARN(v)
		return pr
	}
	path, base := splitRolePath(p.get(keyRoleName))
	return parsedRole{Partition: partitionForRegion(p.get(keyRegion)), AccountID: p.get(keyAccountID), Path: path, Name: base}
}

// value is get for the checks: absent keys, most of them, cost no call.
func (p *awsProfile) value(k awsKey) string {
	if !p.has(k) {
		return ""
	}
	return p.get(k)
}

// get is the value of key k (see section).
func (p *awsProfile) get(k awsKey) string {
	if p.creds == nil {
		return p.sec.get(k) // nearly every profile, inlined: 40 calls each
	}
	return p.getMerged(k)
}

// getMerged is get for a profile that both files define.
func (p *awsProfile) getMerged(k awsKey) string {
	s, _ := p.section(k)
	return s.get(k)
}

// at returns the origin of key k, or of the section when k is absent.
func (p *awsProfile) at(k awsKey) Origin {
	s, file := p.section(k)
	if v, ok := s.at(k); ok {
		return Origin{File: file, Line: int(v.line)}
	}
	return p.origin()
}

// keySet is a set of awsKeys.
type keySet uint32

// has is whether key k has a value that is not empty (see get), the way
// every check asks: known once resolveAWS starts.
func (p *awsProfile) has(k awsKey) bool { return p.present&(1<<k) != 0 }

// findPresent fills present.
func (p *awsProfile) findPresent() {
	p.present = 0
	if p.creds == nil {
		for k, i := range p.sec.known {
			if i > 0 && p.sec.vals[i-1].str != "" {
				p.present |= 1 << k
			}
		}
		return
	}
	for k := range numAWSKeys {
		if p.get(k) != "" {
			p.present |= 1 << k
		}
	}
}

func (p *awsProfile) hasKeys() bool {
	return p.has(keyAccessKeyID) && p.has(keySecretKey)
}

func (p *awsProfile) hasSSO() bool {
	return p.has(keySSOSession) || p.has(keySSORegion) || p.has(keySSOAccountID) ||
		p.has(keySSOStartURL) || p.has(keySSORoleName)
}

// ownCredentials reports whether the profile itself yields credentials
// without a source_profile: keys, SSO, login, credential_process or web
// identity.
func (p *awsProfile) ownCredentials() bool {
	return p.hasKeys() || p.hasSSO() || p.has(keyLoginSession) || p.has(keyProcess) || p.has(keyWebIdentity)
}

// hasRole reports whether the profile names a role (role_arn, or the AESR
// role_name).
func (p *awsProfile) hasRole() bool {
	return p.has(keyRoleARN) || p.has(keyRoleName)
}

// awsSet is what the AWS files contribute: profiles in file order (config
// file first, then profiles only in the credentials file) and SSO sessions.
// Profiles are found by name through the files' own section maps (lookup):
// no second map of 10,000 names.
type awsSet struct {
	profiles    []*awsProfile
	cfg, creds  *iniFile
	ssoSessions map[string]*iniSection
	ssoFile     string
	// malformed are the header-like lines that are no header, each a
	// problem of the profile it falls in (see iniFile.malformed).
	malformed []malformedLine
	cfgPath   string
}

// lookup finds the profile called name.
func (set *awsSet) lookup(name string) (*awsProfile, bool) {
	if p, ok := set.lookupConfig(name); ok {
		return p, true
	}
	if set.creds != nil {
		if s := set.creds.byName[name]; s != nil && s.profile != nil {
			return s.profile, true
		}
	}
	return nil, false
}

// lookupConfig finds the profile called name that the config file defines:
// [profile NAME], or a plain [NAME] for "default" (the only name the SDK
// reads without the prefix).
func (set *awsSet) lookupConfig(name string) (*awsProfile, bool) {
	if set.cfg == nil {
		return nil, false
	}
	if s := set.cfg.byName["profile "+name]; s != nil && s.profile != nil {
		return s.profile, true
	}
	if strings.EqualFold(name, "default") {
		if s := set.cfg.byName[name]; s != nil && s.profile != nil {
			return s.profile, true
		}
	}
	return nil, false
}

// buildAWSSet applies the SDK's section rules to the parsed files; either may
// be nil (missing). It points each section that defines a profile at it
// (iniSection.profile).
func buildAWSSet(cfg, creds *iniFile) *awsSet {
	n := 0
	if cfg != nil {
		n += len(cfg.sections)
	}
	if creds != nil {
		n += len(creds.sections)
	}
	set := &awsSet{cfg: cfg, creds: creds, ssoSessions: make(map[string]*iniSection), profiles: make([]*awsProfile, 0, n)}
	pool := make([]awsProfile, 0, n)
	newProfile := func(name string, s *iniSection) *awsProfile {
		pool = append(pool, awsProfile{name: name, set: set, sec: s, target: -1})
		p := &pool[len(pool)-1]
		s.profile = p
		set.profiles = append(set.profiles, p)
		return p
	}
	if cfg != nil {
		set.ssoFile, set.cfgPath = cfg.path, cfg.path
		set.malformed = cfg.malformed
		for _, s := range cfg.sections {
			var name string
			prefixed := false
			switch {
			case strings.HasPrefix(s.name, "profile "):
				name, prefixed = s.name[len("profile "):], true
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
			// "[profile X]" beats a plain "[X]" of the same name (only
			// "default" survives the prefix rule, so this is [profile
			// default] vs [default]); the line pass merged repeated headers.
			if strings.EqualFold(name, "default") {
				if plain := cfg.byName[name]; prefixed && plain != nil && plain.profile != nil {
					// Replace in place: the profile keeps its position.
					*plain.profile = awsProfile{name: name, set: set, sec: s, prefixed: true, target: -1}
					s.profile, plain.profile = plain.profile, nil
					continue
				}
				if pre := cfg.byName["profile "+name]; !prefixed && pre != nil && pre.profile != nil {
					continue
				}
			}
			newProfile(name, s).prefixed = prefixed
		}
	}
	if creds != nil {
		if len(set.malformed) == 0 {
			set.malformed = creds.malformed
		} else {
			set.malformed = append(set.malformed[:len(set.malformed):len(set.malformed)], creds.malformed...)
		}
		for _, s := range creds.sections {
			if strings.HasPrefix(s.name, "profile ") || s.name == "" {
				// The SDK drops [profile x] here, and cannot use a
				// profile without a name ([]).
				continue
			}
			p, ok := set.lookupConfig(s.name)
			if !ok {
				newProfile(s.name, s).inCreds = true
				continue
			}
			// The SDK's mergeSections, key by key (see awsProfile.section).
			p.creds = s
			p.credsKeys = s.has(keyAccessKeyID) && s.has(keySecretKey)
		}
	}
	return set
}

// MaxChain is how many roles a role chain may follow after the first: the
// credentials engine (aws/plan) refuses a longer chain, so Load reports it
// first, on the profile where the chain grows past the limit.
const MaxChain = 16

// awsResolver turns profiles into targets. A profile switchrole cannot use
// does not stop the others: it gets problems (see awsProfile.problems), its
// target carries the first as Target.Problem, and the problems that are
// its own (not inherited through source_profile) are the warnings.
type awsResolver struct {
	set *awsSet
	// warnings are the problems to print, one line each, in file order:
	// each a profile's own mistake, never one inherited from its source.
	warnings []*Error
	stack    []*awsProfile // the chain being followed (see chain)
	// aliases maps a profile whose credential_process is `switchrole
	// credential-process X` to X: it is X, not another target.
	aliases map[string]string
	// lastSrc is the profile called lastSrcName, as chain last found it.
	lastSrcName string
	lastSrc     *awsProfile
}

// resolveAWS checks every profile of the AWS files, its own keys and its
// source_profile chain, and classifies it: its target (Target.Problem for a
// broken one) is built only when asked for (awsProfile.fill). It returns
// the warnings (every mistake, once) and the aliases (see
// awsResolver.aliases).
func resolveAWS(set *awsSet) (warnings []*Error, aliases map[string]string) {
	r := &awsResolver{set: set}
	for _, p := range set.profiles {
		p.findPresent()
		r.checkProfile(p)
	}
	r.checkMalformed()
	// Before the chains: a role whose source_profile runs switchrole for
	// the role itself inherits that problem like any other.
	for _, p := range set.profiles {
		r.checkSelfCall(p)
	}
	for _, p := range set.profiles {
		r.chain(p)
	}
	for _, p := range set.profiles {
		p.classify()
	}
	return r.warnings, r.aliases
}

// bad records a mistake of p's own at key k (the section when absent).
func (r *awsResolver) bad(p *awsProfile, k awsKey, msg string) {
	at := p.at(k)
	key := ""
	if at != p.origin() {
		key = k.String()
	}
	r.own(p, &Error{Origin: at, Key: key, Msg: "profile " + quote(p.name) + ": " + msg})
}

// own records e as a mistake of p's own, printed once as a warning.
func (r *awsResolver) own(p *awsProfile, e *Error) {
	if p.problem == nil {
		p.problem = e
	}
	r.warnings = append(r.warnings, e)
}

// inherit makes p unusable because src, on its chain, is: no warning of
// its own, and the sentence names where to fix it.
func (r *awsResolver) inherit(p, src *awsProfile) {
	root := src.problem.rootCause()
	p.problem = &Error{Origin: p.at(keySourceProfile), Key: keySourceProfile.String(), root: root,
		Msg: "profile " + quote(p.name) + " cannot be used: its source_profile chain goes through profile " + quote(src.name) + ", which has a problem: " + root.Error()}
}

// checkProfile validates one profile's own keys (not its chain).
func (r *awsResolver) checkProfile(p *awsProfile) {
	bad := func(k awsKey, msg string) { r.bad(p, k, msg) }
	if hasControl(p.name) {
		r.own(p, &Error{Origin: p.origin(), Msg: "profile name " + quote(p.name) + controlHint})
		return
	}
	// Partial keys: the SDK reports "partial credentials found" when the
	// profile is used. Strict: we say so even when the credentials file
	// completes a pair the config file started.
	if p.has(keyAccessKeyID) != p.has(keySecretKey) {
		if !p.has(keyAccessKeyID) {
			bad(keySecretKey, "aws_secret_access_key is set without aws_access_key_id")
		} else {
			bad(keyAccessKeyID, "aws_access_key_id is set without aws_secret_access_key")
		}
	}
	if v := p.value(keyRoleARN); v != "" {
		if _, msg := parseRoleARN(v); msg != "" {
			bad(keyRoleARN, "role_arn "+quote(v)+" "+msg)
		} else {
			p.validRole = true
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
			p.validRole = true
		}
	} else if id := p.get(keyAccountID); id != "" && !validAccountID(id) {
		bad(keyAccountID, "aws_account_id "+quote(id)+" must be 12 digits")
	}

	// CredentialRequiresARNError in the SDK.
	for _, k := range [...]awsKey{keySourceProfile, keyCredentialSource, keyWebIdentity} {
		if p.get(k) != "" && !p.hasRole() {
			bad(k, k.String()+" is set but role_arn is missing; add role_arn = arn:aws:iam::ACCOUNT:role/NAME or remove "+k.String()+r.misspelt(p, keyRoleARN))
			break
		}
	}
	// At most one credential type (SDK validateCredentialType).
	var types []string
	var second awsKey
	for _, k := range [...]awsKey{keySourceProfile, keyCredentialSource, keyProcess, keyWebIdentity} {
		if p.get(k) != "" {
			if len(types) == 1 {
				second = k
			}
			types = append(types, k.String())
		}
	}
	if len(types) > 1 {
		bad(second, "only one of source_profile, credential_source, credential_process and web_identity_token_file may be set, found "+strings.Join(types, " and "))
	}
	if v := p.value(keyCredentialSource); v != "" && !contains(credentialSources, v) {
		bad(keyCredentialSource, "credential_source "+quote(v)+" must be Environment, Ec2InstanceMetadata or EcsContainer"+didYouMean(v, credentialSources))
	}
	if v := p.value(keyMFASerial); v != "" && !validMFASerial(v) {
		bad(keyMFASerial, "mfa_serial "+quote(v)+" is neither an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) nor a device serial number")
	}
	if v := p.value(keyExternalID); v != "" && !validExternalID(v) {
		bad(keyExternalID, "external_id must be 2-1224 characters of letters, digits and +=,.@:/_-")
	}
	if v := p.value(keySessionName); v != "" && !validSessionName(v) {
		bad(keySessionName, "role_session_name "+quote(v)+" must be 2-64 characters of letters, digits and +=,.@_-")
	}
	if v := p.value(keyRegion); v != "" && !ValidRegion(v) {
		bad(keyRegion, "region "+quote(v)+" does not look like an AWS region such as eu-west-1")
	}
	if v := p.value(keyDuration); v != "" {
		// The SDK reads non-numbers as 0 and ignores values of 15 minutes or
		// less; we refuse what AssumeRole would refuse.
		n, ok := atoiSmall(v)
		if !ok || n < 900 || n > 43200 {
			bad(keyDuration, "duration_seconds "+quote(v)+" must be a whole number of seconds from 900 to 43200")
		}
	}
	if v := p.value(keyColor); v != "" {
		if _, ok := NormalizeColor(v); !ok {
			bad(keyColor, "color "+quote(v)+" must be #rrggbb, rrggbb or one of "+paletteNames())
		}
	}
	if v := p.value(keySSOAccountID); v != "" && !validAccountID(v) {
		bad(keySSOAccountID, "sso_account_id "+quote(v)+" must be 12 digits")
	}
	if v := p.value(keySSOSession); v != "" {
		name := strings.TrimSpace(v)
		s, ok := r.set.ssoSessions[name]
		switch {
		case hasControl(name):
			bad(keySSOSession, "sso_session "+quote(v)+controlHint)
		case !ok:
			bad(keySSOSession, "sso_session "+quote(v)+" has no [sso-session "+name+"] section")
		case s.get(keySSOStartURL) == "" || s.get(keySSORegion) == "":
			r.own(p, incompleteSSOSession(name, Origin{File: r.set.ssoFile, Line: int(s.line)}))
		}
	}
}

// misspelt is a "did you mean" clause naming a key of p that switchrole
// does not read and that looks like a misspelling of k, or "".
func (r *awsResolver) misspelt(p *awsProfile, k awsKey) string {
	for _, u := range p.sec.unknownKeys() {
		if suggest(u.name, []string{k.String()}) != "" {
			return " (line " + strconv.Itoa(int(u.line)) + " sets " + quote(u.name) + ": did you mean " + k.String() + "?)"
		}
	}
	return ""
}

// checkMalformed makes each header-like line that is no header a problem
// of the profile the SDK files the lines below it under.
func (r *awsResolver) checkMalformed() {
	for _, m := range r.set.malformed {
		var p *awsProfile
		for _, q := range r.set.profiles {
			if q.sec == m.section || q.creds == m.section {
				p = q
				break
			}
		}
		file := r.set.cfgPath
		if p != nil {
			file = p.file()
			if p.creds == m.section {
				file = p.set.creds.path
			}
		}
		msg := quote(m.text) + " is not a section header (a header is [profile NAME] on a line of its own)"
		if p == nil {
			r.warnings = append(r.warnings, &Error{Origin: Origin{File: file, Line: m.line}, Msg: msg + "; fix or remove the line"})
			continue
		}
		r.own(p, &Error{Origin: Origin{File: file, Line: m.line}, Msg: msg + ": the AWS SDK reads the lines below it as part of profile " + quote(p.name) + "; fix the header or remove the line"})
	}
}

// Chain states of a profile (awsProfile.checked).
const (
	chainUnchecked = iota
	chainFollowing
	chainDone
)

// chain follows source_profile from p as the SDK does for a non-top
// profile: a profile with static keys ends the chain (its own role_arn is
// ignored), a profile with other own credentials ends it too, and every hop
// must name an existing, usable profile without coming back, within
// MaxChain roles. A mistake is reported once, on the profile that makes it;
// the profiles whose chains go through it inherit it.
func (r *awsResolver) chain(p *awsProfile) {
	if p.checked != chainUnchecked {
		return
	}
	p.checked = chainFollowing
	r.stack = append(r.stack, p)
	defer func() {
		p.checked = chainDone
		r.stack = r.stack[:len(r.stack)-1]
	}()
	if !p.hasRole() {
		return
	}
	p.depth = 1
	src := p.get(keySourceProfile)
	if src == "" || src == p.name {
		if src == "" && p.validRole && !p.has(keyRoleARN) && !p.ownCredentials() && !p.has(keyCredentialSource) && r.defaultCanSource(p) {
			p.src, _ = r.set.lookup("default") // see awsProfile.fill
		}
		switch {
		case src == p.name && !p.ownCredentials():
			r.own(p, &Error{Origin: p.at(keySourceProfile), Key: keySourceProfile.String(), Msg: "profile " + quote(p.name) + " names itself as source_profile but has no credentials of its own (a loop)"})
		case src == "" && !p.ownCredentials() && !p.has(keyCredentialSource) && (p.has(keyRoleARN) || !r.defaultCanSource(p)):
			// Strict: the SDK would fall back to environment variables, a
			// container or instance metadata. A role profile switchrole
			// shows must say where its credentials come from.
			k := keyRoleARN
			if !p.has(keyRoleARN) {
				k = keyRoleName
			}
			r.own(p, &Error{Origin: p.at(k), Msg: "profile " + quote(p.name) + " has a role but no source_profile, credential_source or credentials of its own; add source_profile = NAME" + r.misspelt(p, keySourceProfile)})
		}
		return
	}
	s, ok := r.lastSrc, src == r.lastSrcName && r.lastSrc != nil
	if !ok {
		// Consecutive profiles nearly always share their source.
		s, ok = r.set.lookup(src)
		r.lastSrcName, r.lastSrc = src, s
	}
	if !ok {
		r.bad(p, keySourceProfile, "source_profile "+quote(src)+" does not exist"+didYouMean(src, profileNames(r.set)))
		return
	}
	if s.checked == chainFollowing {
		r.loop(s)
		return
	}
	r.chain(s)
	if p.problem != nil {
		return // a loop through p, reported
	}
	if s.problem != nil {
		r.inherit(p, s)
		return
	}
	switch {
	case s.hasKeys():
	case s.has(keySourceProfile) && s.get(keySourceProfile) != s.name:
	case s.ownCredentials() || s.has(keyCredentialSource):
	case s.validRole && !s.has(keyRoleARN) && r.defaultCanSource(s):
		// an AESR profile sourced from [default]
	default:
		// Neither a role nor credentials (every other such profile has a
		// problem of its own by now): its keys were moved to switchrole's
		// keyring (`switchrole keys import` without --credential-process,
		// or `keys add`), so it is a source whose keys the keyring holds;
		// the engine says so in one sentence when it holds none.
		s.keysInKeyring = true
	}
	p.src = s
	if s.roleTarget() {
		// Counted as link counts a chain through targets: every role
		// target on the way, whatever its own credentials.
		p.depth = 1 + s.depth
	}
	if p.depth == MaxChain+2 {
		// The first profile whose chain is too long; the ones above it
		// inherit the problem.
		names := make([]string, 0, p.depth+1)
		for q := p; ; q = q.src {
			names = append(names, q.name)
			if q.depth <= 1 {
				if q.src != nil {
					names = append(names, q.src.name)
				}
				break
			}
		}
		if len(names) > 8 {
			names = append(append(names[:3:3], "..."), names[len(names)-3:]...)
		}
		r.bad(p, keySourceProfile, "its role chain has "+strconv.Itoa(int(p.depth))+" roles ("+strings.Join(names, " -> ")+"), more than the "+strconv.Itoa(MaxChain+1)+" switchrole follows; shorten it, for example by giving one of its profiles credentials of its own")
	}
}

// loop reports the source_profile loop that closes at s (on the stack),
// once, on every profile in it.
func (r *awsResolver) loop(s *awsProfile) {
	i := slices.Index(r.stack, s)
	names := make([]string, 0, len(r.stack)-i+1)
	for _, q := range r.stack[i:] {
		names = append(names, q.name)
	}
	names = append(names, s.name)
	last := r.stack[len(r.stack)-1]
	e := &Error{Origin: last.at(keySourceProfile), Key: keySourceProfile.String(), Msg: "profiles form a source_profile loop: " + strings.Join(names, " -> ") + "; make one of them use credentials of its own"}
	r.warnings = append(r.warnings, e)
	for _, q := range r.stack[i:] {
		if q.problem == nil {
			q.problem = e
		}
	}
}

// checkSelfCall looks at a credential_process that runs switchrole: one
// that asks switchrole for the credentials of the profile itself, directly
// or through the source_profile chain of the target it names, would wait on
// itself forever; any other is the target it names under another name.
func (r *awsResolver) checkSelfCall(p *awsProfile) {
	x, ok := switchroleCall(p.get(keyProcess))
	if !ok || p.problem != nil {
		return
	}
	if x == p.name && !p.hasKeys() {
		// switchrole's own line for this source, as `switchrole keys
		// import --credential-process` writes it: the AWS CLI and SDKs
		// ask switchrole, and switchrole reads the keys from its keyring
		// instead of running the process (the keys in the files would win).
		p.keysInKeyring = true
		return
	}
	path := []string{p.name}
	for q, name := p, x; ; {
		path = append(path, name)
		if name == p.name {
			r.bad(p, keyProcess, "credential_process runs switchrole for "+quote(x)+", which needs this profile's own credentials ("+strings.Join(path, " -> ")+"): it would wait on itself forever; give the profile credentials of its own, or point credential_process at another target")
			return
		}
		q, ok = r.set.lookup(name)
		if !ok || len(path) > 2*MaxChain+2 {
			break
		}
		if src := q.get(keySourceProfile); src != "" && src != q.name && !q.hasKeys() {
			name = src
		} else if y, calls := switchroleCall(q.get(keyProcess)); calls && y != q.name {
			name = y
		} else {
			break
		}
	}
	if !p.hasRole() {
		if r.aliases == nil {
			r.aliases = make(map[string]string)
		}
		r.aliases[p.name] = x
		p.callsOther = true
	}
}

// switchroleCall recognises a credential_process that runs `switchrole
// credential-process TARGET` (any path to switchrole or switchrole-engine,
// flags anywhere) and returns TARGET.
func switchroleCall(cmd string) (string, bool) {
	cmd = strings.TrimSpace(cmd)
	var prog string
	if q := cmd[:min(1, len(cmd))]; q == `"` || q == "'" {
		// A quoted program, as `keys import` writes a path with spaces.
		end := strings.Index(cmd[1:], q)
		if end < 0 {
			return "", false
		}
		prog, cmd = cmd[1:end+1], cmd[end+2:]
	} else {
		prog, cmd, _ = strings.Cut(cmd, " ")
	}
	words := append([]string{prog}, strings.Fields(cmd)...)
	if len(words) < 3 {
		return "", false
	}
	prog = prog[strings.LastIndexAny(prog, `/\`)+1:]
	prog = strings.TrimSuffix(prog, ".exe")
	if prog != "switchrole" && prog != "switchrole-engine" {
		return "", false
	}
	seen := false
	for i := 1; i < len(words); i++ {
		w := strings.Trim(words[i], `"'`)
		switch {
		case w == "--config" || w == "-c" || w == "--mfa-code" || w == "--session-name" || w == "--duration":
			i++ // the flag's value
		case strings.HasPrefix(w, "-"):
		case !seen:
			if w != "credential-process" {
				return "", false
			}
			seen = true
		default:
			return w, true
		}
	}
	return "", false
}

// defaultCanSource reports whether [default] can be the implied source of an
// aws-extend-switch-roles profile.
func (r *awsResolver) defaultCanSource(p *awsProfile) bool {
	d, ok := r.set.lookup("default")
	return ok && p.name != "default" && d.ownCredentials()
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

package config

import "time"

// This file builds the targets of AWS profiles from their records
// (awsProfile), on demand: Load checks every profile, but a 10,000-profile
// ~/.aws/config need not become 10,000 Targets (3.8 MB) for `switchrole
// list --filter`, which writes the few that match, or for a command that
// uses one. Load builds them all through the same code (Index.Config).

// classify records what target p makes (see fill): whether it is one at
// all, a role, or a source whose profile assumes its role itself. It runs
// once every profile is checked (a broken profile with a role is still
// listed, with its problem).
func (p *awsProfile) classify() {
	p.isRole, p.sdkAssumesRole = false, false
	if !p.validRole {
		p.isTarget = p.ownCredentials() || p.keysInKeyring
		if !p.isTarget && p.problem != nil {
			p.isTarget = p.hasRole() || p.has(keySourceProfile) || p.has(keyCredentialSource)
		}
		return
	}
	p.isTarget = true
	p.isRole = p.roleTarget()
	p.sdkAssumesRole = !p.isRole
}

// roleTarget reports whether p's target is a role (KindRole) rather than a
// source: a valid role whose base credentials are not its own.
func (p *awsProfile) roleTarget() bool {
	if !p.validRole {
		return false
	}
	src := p.get(keySourceProfile)
	return src != p.name && (src != "" || !p.ownCredentials())
}

// accountID is the account id its target shows: the role's, else the
// profile's aws_account_id or sso_account_id.
func (p *awsProfile) accountID() string {
	switch {
	case p.validRole && p.has(keyRoleARN):
		a, _ := splitARN(p.get(keyRoleARN))
		return a.AccountID
	case p.validRole:
		return p.get(keyAccountID)
	case !p.ownCredentials() && !p.keysInKeyring:
		return ""
	}
	if id := p.get(keyAccountID); id != "" {
		return id
	}
	return p.get(keySSOAccountID)
}

// fill writes p's own target into t (zero): what the AWS files say,
// without what the rest of the configuration adds (see
// tomlBuilder.fillAWS).
func (p *awsProfile) fill(t *Target) {
	*t = Target{Name: p.name, Kind: KindSource, Profile: p.name, Origin: p.origin(), Region: p.get(keyRegion),
		KeysInKeyring: p.keysInKeyring, KeysInFile: p.hasKeys(), AccountID: p.accountID()}
	if c := p.get(keyColor); c != "" {
		t.Color, _ = NormalizeColor(c)
	}
	t.Problem = p.problem
	if !p.validRole {
		if p.ownCredentials() || p.keysInKeyring {
			t.MFASerial = p.get(keyMFASerial)
			t.UseSessionToken = true
		}
		// Only sources' sessions are keyed by their credentials: a digest
		// per role profile would cost 10,000 of them for nothing.
		t.CredentialsID = p.credentialsID()
		return
	}
	pr := p.role()
	t.Role = pr.Name
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
	case !p.isRole:
		// The role's base credentials live in the profile itself (keys,
		// SSO, process, web identity, or source_profile naming itself,
		// which the SDK reads as "use my own keys"): the SDK resolves the
		// whole profile, assuming the role on top.
		t.SDKAssumesRole = true
		t.UseSessionToken = true
		t.CredentialsID = p.credentialsID()
	case src != "":
		t.Kind = KindRole
		t.Source = src
	case p.has(keyCredentialSource):
		t.Kind = KindRole
		t.CredentialSource = p.get(keyCredentialSource)
	default:
		// An aws-extend-switch-roles profile (aws_account_id + role_name)
		// without source_profile: the extension assumes it with the
		// browser's signed-in identity. The closest thing in a terminal is
		// the [default] profile's credentials, so [default] is the source
		// when it has credentials of its own (chain says so otherwise).
		t.Kind = KindRole
		t.Source = "default"
	}
}

// sourceSettings are what a [sources.NAME] entry of the TOML file sets on
// its source target, which may be the AWS profile's own target.
type sourceSettings struct {
	mfaSerial, mfaProcess, region string
	useSessionToken               bool
	sessionDuration               time.Duration
}

// apply sets s on t.
func (s *sourceSettings) apply(t *Target) {
	if s.mfaSerial != "" {
		t.MFASerial = s.mfaSerial
	}
	t.MFAProcess = s.mfaProcess
	t.UseSessionToken = s.useSessionToken
	t.SessionDuration = s.sessionDuration
	if s.region != "" {
		t.Region = s.region
	}
}

// lentAccount is what a TOML account lends the AWS profile targets in it
// (same account id): its name, colour, tags and group, and its region to
// those without one.
type lentAccount struct {
	name, color, group, region string
	tags                       []string // shared by the targets: read-only
}

func (a *lentAccount) apply(t *Target) {
	t.Account = a.name
	if t.Color == "" {
		t.Color = a.color
	}
	t.Tags = a.tags
	t.Group = a.group
	if t.Region == "" {
		t.Region = a.region
	}
}

// listAWS numbers the profiles that are targets, in file order after the
// TOML targets (first is the first one's place in Config.Targets): not the
// profiles a [sources] entry or a switchrole credential_process took over
// (b.aliases). It marks the targets link need not follow: all but the roles
// whose chain ends at a profile that is another target under another name.
func (b *tomlBuilder) listAWS(first int) {
	b.awsBase = first
	b.awsList = b.awsList[:0]
	for _, p := range b.aws.profiles {
		p.target = -1
		if !p.isTarget || b.aliases[p.name] != "" {
			continue
		}
		p.target = int32(first + len(b.awsList))
		b.awsList = append(b.awsList, p)
	}
	for _, p := range b.awsList {
		p.resolved = true
		if !p.isRole || p.problem != nil {
			continue
		}
		q := p
		for q.isRole && q.src != nil {
			q = q.src
		}
		// Link follows the chains that end at another target under
		// another name, and the implied [default] source of an
		// aws-extend-switch-roles profile when that is broken (a
		// source_profile chain inherits a problem in resolveAWS).
		if x, ok := b.aliases[q.name]; ok && !b.isTOMLSource(x) || q.problem != nil {
			p.resolved = false
		}
	}
}

// isTOMLSource reports whether name is a [sources] entry's target.
func (b *tomlBuilder) isTOMLSource(name string) bool {
	_, ok := b.tomlSources[name]
	return ok
}

// awsAt returns the profile of target k, if k is an AWS target.
func (b *tomlBuilder) awsAt(k int) (*awsProfile, bool) {
	if k < b.awsBase || k-b.awsBase >= len(b.awsList) {
		return nil, false
	}
	return b.awsList[k-b.awsBase], true
}

// awsTarget finds the AWS profile target called name.
func (b *tomlBuilder) awsTarget(name string) (*awsProfile, bool) {
	p, ok := b.aws.lookup(name)
	if !ok || p.target < 0 {
		return nil, false
	}
	return p, true
}

// fillAWS builds the target of profile p into t: its own target, with
// what the rest of the configuration adds: a [sources] entry's settings,
// the name of the target that replaced its source, a TOML account's name
// and colours, the federation URL, and the MFA device of its chain.
func (b *tomlBuilder) fillAWS(p *awsProfile, t *Target) {
	p.fill(t)
	if t.Source != "" {
		t.Source = b.canonical(t.Source)
	}
	if p.settings != nil {
		p.settings.apply(t)
	}
	if p.lent != nil {
		p.lent.apply(t)
	}
	t.FederationURL = b.fedURL
	if p.resolved && t.MFASerial == "" && t.Kind == KindRole && t.Source != "" && t.Problem == nil {
		t.MFASerial, t.MFAProcess = b.chainMFA(p)
	}
}

// chainMFA is the MFA device (and mfa_process) of resolved role p, which
// has none of its own: that of the first role on its chain that has one,
// else that of the source target at its end.
func (b *tomlBuilder) chainMFA(p *awsProfile) (serial, process string) {
	q := p.src
	for q != nil && q.isRole && !q.has(keyMFASerial) && q.src != nil {
		q = q.src
	}
	switch {
	case q == nil:
		return "", ""
	case q.isRole:
		return q.get(keyMFASerial), ""
	}
	if x := b.canonical(q.name); x != q.name {
		if i, ok := b.tomlSources[x]; ok {
			t := &b.targets[i]
			return t.MFASerial, t.MFAProcess
		}
	}
	serial = q.get(keyMFASerial)
	if s := q.settings; s != nil {
		if s.mfaSerial != "" {
			serial = s.mfaSerial
		}
		process = s.mfaProcess
	}
	return serial, process
}

// appendAWSSearchText appends the Target.SearchText of p's target to dst
// without building it.
func appendAWSSearchText(dst []byte, p *awsProfile) []byte {
	from := len(dst)
	dst = append(dst, p.name...)
	if a := p.lent; a != nil {
		return appendSearchMeta(dst, from, a.name, p.accountID(), a.tags)
	}
	return appendSearchMeta(dst, from, "", p.accountID(), nil)
}

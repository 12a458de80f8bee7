package config

import (
	"iter"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// tomlBuilder turns the decoded TOML file into targets and merges them with
// the AWS profile targets, which it builds from the profiles on demand.
type tomlBuilder struct {
	file  string
	probs *problems
	loc   *tomlLines
	ix    *tomlIndex
	aws   *awsSet
	// awsList are the AWS profiles that are targets, in file order:
	// target awsBase+j is awsList[j]'s (see listAWS).
	awsList []*awsProfile
	awsBase int
	// targets are Config.Targets, laid out by accounts: the TOML sources,
	// the TOML roles, the AWS targets, each built when filled says so.
	targets []Target
	// tomlSources finds the [sources] targets by name.
	tomlSources map[string]int
	// ssoTargets are the SSO listings' targets (see addSSO), built, after
	// the AWS targets; ssoIndex finds one by name.
	ssoTargets []Target
	ssoIndex   map[string]int
	// accts are the TOML accounts; accountByID and lent what they lend
	// (see lentBy).
	accts       []tomlAccount
	accountByID map[string]int
	lent        map[int]*lentAccount

	defaultSource string
	defaultRoles  []roleSpec
	defaultRegion string
	// srcAt is, per TOML target, where its source was chosen (for "source
	// does not exist" errors); parallel to the TOML targets. Lines are
	// looked up only when such an error happens.
	srcAt []srcRef
	// plans are the checked accounts in file order; planOf finds one by
	// account name, for resolving "account/role" names.
	plans  []acctPlan
	planOf map[string]int

	// firstRole and resolved describe the TOML role targets: they are
	// Targets[firstRole:awsBase], and resolved[i] says the role's source
	// is a usable source target whose MFA device the role already has,
	// so link need not touch it (100,000 targets are 35 MB: every pass
	// over them costs milliseconds). The AWS targets say the same in
	// awsProfile.resolved.
	firstRole int
	resolved  []bool
	// Role and AWS targets are built when asked for: `list --filter` over
	// 100,000 targets then builds only the matches. filled[k] says target
	// k is built; f is the filler that builds them one at a time.
	filled []bool
	f      filler
	fedURL string
	// aliases: AWS source profile name → the [sources] entry that
	// replaces its target (see sources).
	aliases map[string]string
	// sourceTargets are the source targets (TOML and AWS) by name.
	sourceTargets map[string]*Target
}

// defaults checks [defaults].
func (b *tomlBuilder) defaults(d *tomlDefaults) Defaults {
	out := Defaults{Region: d.Region, RoleSessionName: d.RoleSessionName, FederationURL: d.FederationURL,
		Browser: strings.TrimSpace(d.Browser), IsolateConsoles: d.IsolateConsoles}
	if d.Region != "" && !ValidRegion(d.Region) {
		b.bad("region", "region "+quote(d.Region)+" does not look like an AWS region such as eu-west-1", "defaults", "region")
	}
	b.defaultRegion = d.Region
	b.fedURL = d.FederationURL
	if d.SessionDuration != nil {
		v, ok := durationOf(d.SessionDuration)
		if !ok || v < MinRoleDuration || v > MaxRoleDuration {
			b.bad("session_duration", "session_duration must be between 15m and 12h (e.g. \"1h\")", "defaults", "session_duration")
		}
		out.SessionDuration = v
	}
	if d.RefreshWindow != nil {
		v, ok := durationOf(d.RefreshWindow)
		if !ok || v < 0 || v > MaxRefreshWindow {
			b.bad("refresh_window", "refresh_window must be between 0s and 1h (e.g. \"5m\")", "defaults", "refresh_window")
		}
		out.RefreshWindow = v
	}
	if d.RoleSessionName != "" && !validSessionName(d.RoleSessionName) {
		b.bad("role_session_name", "role_session_name "+quote(d.RoleSessionName)+" must be 2-64 characters of letters, digits and +=,.@_-", "defaults", "role_session_name")
	}
	if d.FederationURL != "" && !checkFederationURL(d.FederationURL) {
		b.bad("federation_url", "federation_url must be an http:// or https:// URL", "defaults", "federation_url")
	}
	if d.hasRoles {
		b.defaultRoles = parseRoles(nil, d.roleList, &roleErrs{file: b.file, lines: b.ix.defaultRoles, loc: b.loc, base: []string{"defaults", "roles"}, probs: b.probs})
		out.HasRoles = len(b.defaultRoles) > 0
	}
	return out
}

// awsSourceTarget finds the AWS profile target called name the way a
// [sources] entry sees the AWS targets: a switchrole credential_process
// that names another target is not one.
func (b *tomlBuilder) awsSourceTarget(name string) (*awsProfile, bool) {
	p, ok := b.aws.lookup(name)
	return p, ok && p.isTarget && !p.callsOther
}

// sources makes [sources.X] targets, or enriches the AWS source profile of
// the same name, and picks the default source.
func (b *tomlBuilder) sources(srcs map[string]tomlSource, out []Target) []Target {
	names := make([]string, 0, len(srcs))
	for name := range srcs {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		li, lj := b.ix.sources[names[i]], b.ix.sources[names[j]]
		if li != lj {
			return li < lj
		}
		return names[i] < names[j]
	})
	var defaults []string
	// Profiles enriched by a [sources] entry of their own name stay
	// targets: no other entry may replace them.
	taken := make(map[string]bool)
	for _, name := range names {
		if _, isAWS := b.awsSourceTarget(name); isAWS {
			taken[name] = true
		}
	}
	for _, name := range names {
		s := srcs[name]
		line := b.ix.sources[name]
		where := "[sources." + name + "]"
		bad := func(key, msg string) { b.bad(key, where+": "+msg, "sources", name, key) }
		if strings.TrimSpace(name) == "" || strings.Contains(name, "/") {
			b.probs.add(b.file, line, "", "source name "+quote(name)+" must be non-empty and contain no /")
			continue
		}
		if hasControl(name) {
			b.probs.add(b.file, line, "", "source name "+quote(name)+controlHint)
			continue
		}
		profile := s.Profile
		if profile == "" {
			profile = name
		}
		p, exists := b.aws.lookup(profile)
		switch {
		case !exists:
			key := "profile"
			if s.Profile == "" {
				key = ""
			}
			b.probs.add(b.file, b.loc.line("sources", name, key), key, where+": AWS profile "+quote(profile)+" does not exist in ~/.aws/config or ~/.aws/credentials; set profile = \"NAME\" to an existing profile"+didYouMean(profile, profileNames(b.aws)))
			continue
		case !p.ownCredentials() && p.hasRole() || p.has(keySourceProfile) && p.get(keySourceProfile) != p.name:
			b.probs.add(b.file, b.loc.line("sources", name, "profile"), "profile", where+": AWS profile "+quote(profile)+" is a role, not a source of credentials; use source = "+quote(profile)+" in an account to chain through it instead")
			continue
		}
		ok := true
		if s.MFASerial != "" && !validMFASerial(s.MFASerial) {
			bad("mfa_serial", "mfa_serial "+quote(s.MFASerial)+" is neither an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) nor a device serial number")
			ok = false
		}
		if s.Region != "" && !ValidRegion(s.Region) {
			bad("region", "region "+quote(s.Region)+" does not look like an AWS region such as eu-west-1")
			ok = false
		}
		if strings.TrimSpace(s.MFAProcess) == "" && s.MFAProcess != "" {
			bad("mfa_process", "mfa_process is blank; remove it or give a command that prints a 6-digit code")
			ok = false
		}
		var dur = MaxSessionDuration / 3 // 12h
		if s.SessionDuration != nil {
			d, valid := durationOf(s.SessionDuration)
			if !valid || d < MinSessionDuration || d > MaxSessionDuration {
				bad("session_duration", "session_duration must be between 15m and 36h (e.g. \"12h\")")
				ok = false
			}
			dur = d
		}
		if !ok {
			continue
		}
		if s.Default {
			defaults = append(defaults, name)
		}
		settings := &sourceSettings{mfaSerial: s.MFASerial, mfaProcess: s.MFAProcess, region: s.Region,
			useSessionToken: s.UseSessionToken == nil || *s.UseSessionToken, sessionDuration: dur}
		if q, isAWS := b.awsSourceTarget(name); isAWS {
			if q.isRole || name != profile {
				b.probs.addOther(b.origin(line), "", "source "+quote(name)+" has the same name as an AWS profile that is not its profile; rename one of them", q.origin())
				continue
			}
			q.settings = settings
			continue
		}
		t := Target{Name: name, Kind: KindSource, Profile: profile, Origin: b.origin(line),
			MFASerial: p.get(keyMFASerial), Region: p.get(keyRegion), AccountID: p.get(keyAccountID),
			CredentialsID: p.credentialsID(),
			// A profile with no credentials of its own (its keys moved by
			// `switchrole keys import`, or added with `keys add`): the
			// keyring holds them, and the engine says so if it does not.
			KeysInKeyring: p.keysInKeyring || !p.ownCredentials(), KeysInFile: p.hasKeys()}
		if t.AccountID == "" {
			t.AccountID = p.get(keySSOAccountID)
		}
		// [sources.X] with profile = "P", P an AWS source profile: X
		// replaces the target P (the same identity, listed once). X takes
		// all of P (e.g. an SDK-assumed role) under its own name; P stays
		// reachable by Lookup and as source_profile of role profiles.
		if q, isAWS := b.awsSourceTarget(profile); isAWS && !q.isRole && b.aliases[profile] == "" && !taken[profile] {
			q.fill(&t)
			t.Name, t.Origin = name, b.origin(line)
			if b.aliases == nil {
				b.aliases = make(map[string]string)
			}
			b.aliases[profile] = name
		}
		settings.apply(&t)
		t.fromTOML = true
		out = append(out, t)
		b.srcAt = append(b.srcAt, srcRef{})
	}
	switch {
	case len(defaults) > 1:
		b.probs.addOther(b.origin(b.ix.sources[defaults[1]]), "default",
			"sources "+quote(defaults[0])+" and "+quote(defaults[1])+" are both marked default = true; keep one", b.origin(b.ix.sources[defaults[0]]))
	case len(defaults) == 1:
		b.defaultSource = defaults[0]
	case len(names) == 1:
		b.defaultSource = names[0]
	case len(names) == 0:
		// No [sources]: a single AWS profile with its own credentials is
		// the obvious jump identity.
		only := ""
		for _, p := range b.aws.profiles {
			if _, ok := b.awsSourceTarget(p.name); ok && b.aliases[p.name] == "" && !p.isRole && !p.sdkAssumesRole {
				if only != "" {
					only = ""
					break
				}
				only = p.name
			}
		}
		b.defaultSource = only
	}
	return out
}

// canonical returns the target name a source name stands for: name itself,
// or the [sources] entry that replaced the AWS profile name.
func (b *tomlBuilder) canonical(name string) string {
	if x, ok := b.aliases[name]; ok {
		return x
	}
	return name
}

func profileNames(set *awsSet) []string {
	names := make([]string, len(set.profiles))
	for i, p := range set.profiles {
		names[i] = p.name
	}
	return names
}

// acctPlan is one checked account, ready to become targets.
type acctPlan struct {
	index                   int
	name, id, group, source string
	region, color           string
	partition               string
	tags                    []string
	roles                   []roleSpec
	skip                    []bool // roles[j] is a duplicate (reported), or nil
	lines                   []int  // line of each own role entry (roles may be shared)
	ownRoles                bool   // roles come from the account, not [defaults]
	accountSource           bool   // the account sets source
	line                    int
	first                   int // index of its first target in the TOML part
}

// plan checks the accounts (doc nil: no TOML file) and numbers the targets
// after the TOML sources, out: each account's roles, then the AWS
// targets. Every target name is then known, for addSSO.
func (b *tomlBuilder) plan(doc *tomlDoc, out []Target) {
	b.tomlSources = make(map[string]int, len(out))
	for i := range out {
		b.tomlSources[out[i].Name] = i
	}
	if doc != nil {
		b.accts = doc.Accounts
	}
	plans := b.planAccounts(b.accts)
	if !b.probs.empty() {
		return
	}
	b.plans = plans
	b.planOf = make(map[string]int, len(plans))
	base := len(out)
	n := base
	for i := range plans {
		p := &plans[i]
		p.first = n
		for range p.targets() {
			n++
		}
		b.planOf[p.name] = i
	}
	b.firstRole = base
	b.listAWS(n)
}

// layout makes Config.Targets: out (the TOML sources, built), room for
// each account's roles and the AWS targets, built when asked for, then the
// SSO targets addSSO made. It checks every account and fills the roles
// that link must see: 100,000 targets are 35 MB of memory that nothing
// writes until they are built, every string shared by an account's roles
// (name, id, region, colour, tags, source) or sliced from one arena
// (target names, role names, ARNs).
func (b *tomlBuilder) layout(out []Target) []Target {
	if !b.probs.empty() {
		return out
	}
	base, n := b.firstRole, b.awsBase
	sso := n + len(b.awsList)
	all := sso + len(b.ssoTargets)
	if cap(out) < all {
		// Fresh memory that nothing writes until a target is built: the
		// pages of targets never asked for are never touched.
		grown := make([]Target, len(out), all)
		copy(grown, out)
		out = grown
	}
	out = out[:all]
	b.targets = out
	b.resolved, b.filled = make([]bool, n), make([]bool, all)
	for i := range base {
		b.filled[i] = true
	}
	copy(out[sso:], b.ssoTargets)
	b.ssoIndex = make(map[string]int, len(b.ssoTargets))
	for i := range b.ssoTargets {
		b.filled[sso+i] = true
		b.ssoIndex[b.ssoTargets[i].Name] = sso + i
	}
	b.srcAt = slices.Grow(b.srcAt, n-base)[:n]
	b.lend()
	b.sourceTargets = make(map[string]*Target, base+1)
	for i := range out[:base] {
		b.sourceTargets[out[i].Name] = &out[i]
	}
	// One goroutine: filling in parallel was slower in a fresh process
	// (page faults on fresh memory contend in the kernel).
	for i := range b.plans {
		b.placeAccount(&b.plans[i], out)
	}
	return out
}

// filler is one goroutine's state while filling targets.
type filler struct {
	arena    strings.Builder
	srcName  string
	srcCache *Target
}

// planAccounts checks every account, reporting problems; only good accounts
// get a plan.
func (b *tomlBuilder) planAccounts(accts []tomlAccount) []acctPlan {
	plans := make([]acctPlan, 0, len(accts))
	byName := make(map[string]int, len(accts))
	byID := make(map[string]int, len(accts))
	// Accounts usually list the same roles: a list is checked once and
	// its specs reused while the next account's list is the same slice.
	var lastList []roleEntry
	var lastSpecs []roleSpec
	var dupChecked []roleSpec // the last list checked for duplicates...
	var lastSkip []bool       // ...and the result
	lastOK := false
	seen := make(map[string]int)
	for i := range accts {
		a := &accts[i]
		idx := strconv.Itoa(i)
		line := at(b.ix.accounts, i)
		bad := func(key, msg string) {
			b.probs.add(b.file, b.loc.line("accounts", idx, key), key, msg)
		}
		// label names the account in messages; built only for one.
		label := func() string { return "account " + quote(a.Name) }
		ok := true
		if strings.TrimSpace(a.Name) == "" || strings.Contains(a.Name, "/") {
			bad("name", "each [[accounts]] needs name = \"...\" without /")
			ok = false
			label = func() string { return "account #" + strconv.Itoa(i+1) }
		} else if hasControl(a.Name) {
			bad("name", "account name "+quote(a.Name)+controlHint)
			ok = false
			label = func() string { return "account #" + strconv.Itoa(i+1) }
		} else if j, dup := byName[a.Name]; dup {
			b.probs.addOther(b.origin(b.loc.line("accounts", idx, "name")), "name", "two accounts are named "+quote(a.Name)+"; account names must be unique", b.origin(b.loc.line("accounts", strconv.Itoa(j), "name")))
			ok = false
		} else {
			byName[a.Name] = i
		}
		id, idOK := accountIDOf(a.ID)
		switch {
		case a.ID == nil:
			bad("id", label()+" needs id = \"123456789012\"")
			ok = false
		case !idOK:
			bad("id", label()+": id "+quote(id)+" must be 12 digits, in quotes")
			ok = false
		default:
			if j, dup := byID[id]; dup {
				b.probs.addOther(b.origin(b.loc.line("accounts", idx, "id")), "id", label()+" has the same id "+id+" as account "+quote(accts[j].Name)+"; give each account once", b.origin(b.loc.line("accounts", strconv.Itoa(j), "id")))
				ok = false
			} else {
				byID[id] = i
			}
		}
		color := ""
		if a.Color != "" {
			var valid bool
			if color, valid = NormalizeColor(a.Color); !valid {
				bad("color", label()+": color "+quote(a.Color)+" must be #rrggbb or one of "+paletteNames())
				ok = false
			}
		}
		if a.Region != "" && !ValidRegion(a.Region) {
			bad("region", label()+": region "+quote(a.Region)+" does not look like an AWS region such as eu-west-1")
			ok = false
		}
		for _, tag := range a.Tags {
			if strings.TrimSpace(tag) == "" {
				bad("tags", label()+": tags must not be empty strings")
				ok = false
				break
			}
			if hasControl(tag) {
				bad("tags", label()+": tag "+quote(tag)+controlHint)
				ok = false
				break
			}
		}
		if hasControl(a.Group) {
			bad("group", label()+": group "+quote(a.Group)+controlHint)
			ok = false
		}
		if a.Discovered != "" && !validOrgID(a.Discovered) {
			bad("discovered", label()+": discovered "+quote(a.Discovered)+" must be the AWS Organization id it came from, such as \"o-a1b2c3d4e5\" (delete the key to make the account your own)")
			ok = false
		}
		source := b.canonical(a.Source)
		if source == "" {
			source = b.defaultSource
		}
		if source == "" {
			bad("source", label()+" has no source: add source = \"NAME\" naming a [sources.NAME] or AWS profile, or mark one source default = true")
			ok = false
		}
		roles := b.defaultRoles
		if a.hasRoles {
			if lastOK && len(a.roleList) > 0 && len(lastList) == len(a.roleList) && &lastList[0] == &a.roleList[0] {
				roles = lastSpecs
			} else {
				before := len(b.probs.list) + b.probs.dropped
				roles = parseRoles(nil, a.roleList, &roleErrs{file: b.file, lines: b.ix.rolesOf(i), loc: b.loc, base: []string{"accounts", idx, "roles"}, probs: b.probs})
				lastList, lastSpecs = a.roleList, roles
				lastOK = len(b.probs.list)+b.probs.dropped == before
			}
		}
		if len(roles) == 0 && len(a.roleList) == 0 {
			bad("roles", label()+" has no roles: add roles = [\"Admin\", ...] to it or to [defaults]")
			ok = false
		}
		if !ok {
			continue
		}
		// Duplicate role names: checked once per list, reported per account.
		var skip []bool
		if len(roles) > 0 && len(dupChecked) == len(roles) && &roles[0] == &dupChecked[0] {
			skip = lastSkip
		} else {
			skip = duplicateRoles(roles, seen)
			dupChecked, lastSkip = roles, skip
		}
		if skip != nil {
			first := make(map[string]int, len(roles))
			for j := range roles {
				r := &roles[j]
				k, dup := first[r.name]
				if !dup {
					first[r.name] = j
					continue
				}
				// The specs may be shared with another account: lines
				// come from this account's own list.
				rl, kl := line, roles[k].line
				if a.hasRoles {
					rl, kl = at(b.ix.rolesOf(i), j), at(b.ix.rolesOf(i), k)
				}
				b.probs.addOther(b.origin(rl), "roles", label()+" lists role "+quote(r.name)+" twice (target "+quote(a.Name+"/"+r.name)+"); role names must be unique per account", b.origin(kl))
			}
		}
		tags := a.Tags
		if a.Group != "" && !contains(tags, a.Group) {
			tags = append(tags[:len(tags):len(tags)], a.Group)
		}
		plans = append(plans, acctPlan{
			index: i, name: a.Name, id: id, group: a.Group, source: source,
			region: a.Region, color: color, partition: partitionForRegion(firstNonEmpty(a.Region, b.defaultRegion)),
			tags: tags[:len(tags):len(tags)], roles: roles, skip: skip, lines: b.ix.rolesOf(i), ownRoles: a.hasRoles, accountSource: a.Source != "", line: line,
		})
	}
	return plans
}

// duplicateRoles marks the roles whose name an earlier role already has;
// nil when there are none. seen is scratch space.
func duplicateRoles(roles []roleSpec, seen map[string]int) []bool {
	var skip []bool
	clear(seen)
	for j := range roles {
		if _, dup := seen[roles[j].name]; dup {
			if skip == nil {
				skip = make([]bool, len(roles))
			}
			skip[j] = true
			continue
		}
		seen[roles[j].name] = j
	}
	return skip
}

// placeAccount records, for each role target of a planned account, where
// its source was chosen and whether that source is a source target (then
// the role is complete without link); it builds the targets now unless the
// builder is lazy and the role can wait.
func (b *tomlBuilder) placeAccount(p *acctPlan, out []Target) {
	f := &b.f
	var srcKind uint8
	if p.accountSource {
		srcKind = 1
	}
	for k, j := range p.targets() {
		r := &p.roles[j]
		ref := srcRef{account: int32(p.index), role: int32(j), kind: srcKind}
		if r.source != "" {
			ref.kind = 2
			if !p.ownRoles {
				ref.kind = 3
			}
		}
		b.srcAt[k] = ref
		src := b.sourceOf(f, p, r)
		b.resolved[k] = src != nil && src.Problem == nil
		if !b.resolved[k] {
			b.fillRole(f, p, j, &out[k])
			b.filled[k] = true
		}
	}
}

// targets yields, for each role of the plan that is a target (a duplicate
// role, reported by planAccounts, is not), its index k in Config.Targets
// and its index j in roles.
func (p *acctPlan) targets() iter.Seq2[int, int] {
	return func(yield func(k, j int) bool) {
		k := p.first
		for j := range p.roles {
			if p.skip != nil && p.skip[j] {
				continue
			}
			if !yield(k, j) {
				return
			}
			k++
		}
	}
}

// arenaSize is what the names and ARNs of the account's roles take.
func (p *acctPlan) arenaSize() int {
	size := 0
	for j := range p.roles {
		size += 2*len(p.name) + len(p.partition) + len(p.id) + len(p.roles[j].path) + 2*len(p.roles[j].name) + 18
	}
	return size
}

// sourceName is the target name of the source a role is reached through.
func (b *tomlBuilder) sourceName(p *acctPlan, r *roleSpec) string {
	if r.source != "" {
		return b.canonical(r.source)
	}
	return p.source
}

// sourceOf returns the source target a role is reached through, or nil when
// its source is another role or does not exist (link decides).
func (b *tomlBuilder) sourceOf(f *filler, p *acctPlan, r *roleSpec) *Target {
	name := b.sourceName(p, r)
	if name != f.srcName || f.srcCache == nil {
		f.srcName, f.srcCache = name, b.sourceTarget(name)
	}
	return f.srcCache
}

// sourceTarget returns the source target called name, or nil. An AWS
// profile's is built the first time, which is at load (placeAccount asks
// for every role's source): afterwards it only reads, as Fillers must.
func (b *tomlBuilder) sourceTarget(name string) *Target {
	if t, ok := b.sourceTargets[name]; ok {
		return t
	}
	p, ok := b.awsTarget(name)
	if !ok || p.isRole {
		return nil
	}
	b.buildOne(int(p.target))
	t := &b.targets[p.target]
	b.sourceTargets[name] = t
	return t
}

// fillRole builds role j of a planned account into t. Names and ARNs are
// slices of the filler's arena, which grows in large blocks: 100,000
// targets cost a few allocations, not 200,000.
func (b *tomlBuilder) fillRole(f *filler, p *acctPlan, j int, t *Target) {
	r := &p.roles[j]
	arena := &f.arena
	f.reserve(2*len(p.name) + len(p.partition) + len(p.id) + len(r.path) + 2*len(r.name) + 18)
	start := arena.Len()
	arena.WriteString(p.name)
	arena.WriteByte('/')
	arena.WriteString(r.name)
	mid := arena.Len()
	writeRoleARN(arena, p.partition, p.id, r.path, r.name)
	all := arena.String()
	t.Name = all[start:mid]
	t.Role = all[mid-len(r.name) : mid]
	t.RoleARN = all[mid:]
	t.Kind = KindRole
	t.fromTOML = true
	t.Account = p.name
	t.AccountID = p.id
	t.Source = b.sourceName(p, r)
	t.Region = firstNonEmpty(r.region, p.region)
	t.Color = firstNonEmpty(r.color, p.color)
	t.Tags = p.roleTags(r)
	t.Group = p.group
	t.ExternalID = r.externalID
	t.RoleSessionName = r.sessionName
	t.Duration = r.duration
	t.FederationURL = b.fedURL
	if src := b.sourceOf(f, p, r); src != nil {
		t.MFASerial, t.MFAProcess = src.MFASerial, src.MFAProcess
	}
	t.Origin = b.origin(p.line)
	if p.ownRoles {
		if l := at(p.lines, j); l != 0 {
			t.Origin.Line = l
		}
	}
	if src := f.srcCache; src != nil && src.Problem != nil {
		t.Problem = inheritedProblem(t, src.Problem)
	}
}

// roleTags are the account's tags, then the role's own.
func (p *acctPlan) roleTags(r *roleSpec) []string {
	if len(r.tags) == 0 {
		return p.tags
	}
	return append(append(make([]string, 0, len(p.tags)+len(r.tags)), p.tags...), r.tags...)
}

// reserve makes room for n more bytes in the arena, starting a new block
// (strings already taken keep the old one) when it is full.
func (f *filler) reserve(n int) {
	if f.arena.Cap()-f.arena.Len() < n {
		f.arena = strings.Builder{}
		f.arena.Grow(max(n, 64<<10))
	}
}

// roleAt finds the plan and role index of TOML target k; ok is false when
// k is not a TOML role target.
func (b *tomlBuilder) roleAt(k int) (p *acctPlan, j int, ok bool) {
	if k < b.firstRole || k >= b.awsBase || len(b.plans) == 0 {
		return nil, 0, false
	}
	i := sort.Search(len(b.plans), func(i int) bool { return b.plans[i].first > k }) - 1
	if i < 0 {
		return nil, 0, false
	}
	p = &b.plans[i]
	if p.skip == nil {
		j = k - p.first
		return p, j, j < len(p.roles)
	}
	for kk, j := range p.targets() {
		if kk == k {
			return p, j, true
		}
	}
	return nil, 0, false
}

// buildOne makes sure target k is built.
func (b *tomlBuilder) buildOne(k int) {
	if k >= len(b.filled) || b.filled[k] {
		return
	}
	b.build(&b.f, k, &b.targets[k])
	b.filled[k] = true
}

// build builds target k, which is not filled, into t (zero) with f's
// memory: a TOML role or an AWS target (the others are built by load).
// It only reads the builder, so an Index's Fillers may call it.
func (b *tomlBuilder) build(f *filler, k int, t *Target) {
	if p, j, ok := b.roleAt(k); ok {
		b.fillRole(f, p, j, t)
	} else if q, ok := b.awsAt(k); ok {
		b.fillAWS(q, t)
	}
}

// buildAll builds every target still waiting: the TOML roles account by
// account, then the AWS targets.
func (b *tomlBuilder) buildAll() {
	for i := range b.plans {
		p := &b.plans[i]
		reserved := false
		for k, j := range p.targets() {
			if !b.filled[k] {
				if !reserved {
					b.f.reserve(p.arenaSize())
					reserved = true
				}
				b.fillRole(&b.f, p, j, &b.targets[k])
				b.filled[k] = true
			}
		}
	}
	for j, p := range b.awsList {
		if k := b.awsBase + j; !b.filled[k] {
			b.fillAWS(p, &b.targets[k])
			b.filled[k] = true
		}
	}
}

// lend gives the AWS profile targets in a TOML account (same account id)
// the account's name, colour, tags and, when they have none, region (see
// lentAccount).
func (b *tomlBuilder) lend() {
	for _, p := range b.awsList {
		if id := p.accountID(); id != "" {
			p.lent = b.lentBy(id)
		}
	}
}

// lentBy is what the TOML account of account id lends the targets outside
// the TOML file in it (nil: there is none), made once per account.
func (b *tomlBuilder) lentBy(id string) *lentAccount {
	if len(b.accts) == 0 || id == "" {
		return nil
	}
	if b.accountByID == nil {
		b.accountByID = make(map[string]int, len(b.accts))
		for i := range b.accts {
			if id, ok := accountIDOf(b.accts[i].ID); ok {
				b.accountByID[id] = i
			}
		}
		b.lent = make(map[int]*lentAccount)
	}
	i, ok := b.accountByID[id]
	if !ok {
		return nil
	}
	l := b.lent[i]
	if l == nil {
		a := &b.accts[i]
		l = &lentAccount{name: a.Name, group: a.Group, region: a.Region, tags: a.Tags[:len(a.Tags):len(a.Tags)]}
		l.color, _ = NormalizeColor(a.Color)
		if a.Group != "" && !contains(l.tags, a.Group) {
			l.tags = append(l.tags, a.Group)
		}
		l.tags = l.tags[:len(l.tags):len(l.tags)] // shared: an append copies
		b.lent[i] = l
	}
	return l
}

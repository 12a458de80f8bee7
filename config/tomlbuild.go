package config

import (
	"iter"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// tomlBuilder turns the decoded TOML file into targets and merges them with
// the AWS profile targets.
type tomlBuilder struct {
	file       string
	probs      *problems
	loc        *tomlLines
	ix         *tomlIndex
	aws        *awsSet
	awsTargets []Target

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
	// small indexes sources and AWS targets by name.
	small map[string]int

	// firstRole and resolved describe the TOML role targets: they are
	// Targets[firstRole:len(resolved)], and resolved[i] says the role's
	// source is a source target whose MFA device the role already has,
	// so link need not touch it (100,000 targets are 35 MB: every pass
	// over them costs milliseconds).
	firstRole int
	resolved  []bool
	// lazy leaves resolved role targets unbuilt until they are asked for
	// (LoadIndex): `list --filter` over 100,000 targets then builds only
	// the matches. filled[k] says TOML target k is built; f is the
	// filler that builds them one at a time.
	lazy   bool
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
	}
	return out
}

// awsIndex maps AWS target names to their index in b.awsTargets.
func (b *tomlBuilder) awsIndex() map[string]int {
	idx := make(map[string]int, len(b.awsTargets))
	for i := range b.awsTargets {
		idx[b.awsTargets[i].Name] = i
	}
	return idx
}

// build makes the TOML targets: sources, then each account's roles.
func (b *tomlBuilder) build(doc *tomlDoc) []Target {
	awsIdx := b.awsIndex()
	var out []Target
	out = b.sources(doc.Sources, awsIdx, out)
	out = b.accounts(doc.Accounts, out)
	return out
}

// sources makes [sources.X] targets, or enriches the AWS source profile of
// the same name, and picks the default source.
func (b *tomlBuilder) sources(srcs map[string]tomlSource, awsIdx map[string]int, out []Target) []Target {
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
		if _, isAWS := awsIdx[name]; isAWS {
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
		p, exists := b.aws.byName[profile]
		switch {
		case !exists:
			key := "profile"
			if s.Profile == "" {
				key = ""
			}
			b.probs.add(b.file, b.loc.line("sources", name, key), key, where+": AWS profile "+quote(profile)+" does not exist in ~/.aws/config or ~/.aws/credentials; set profile = \"NAME\" to an existing profile"+didYouMean(profile, profileNames(b.aws)))
			continue
		case !p.ownCredentials() && p.hasRole() || p.get(keySourceProfile) != "" && p.get(keySourceProfile) != p.name:
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
		enrich := func(t *Target) {
			if s.MFASerial != "" {
				t.MFASerial = s.MFASerial
			}
			t.MFAProcess = s.MFAProcess
			t.UseSessionToken = s.UseSessionToken == nil || *s.UseSessionToken
			t.SessionDuration = dur
			if s.Region != "" {
				t.Region = s.Region
			}
		}
		if i, isAWS := awsIdx[name]; isAWS {
			t := &b.awsTargets[i]
			if t.Kind != KindSource || t.Profile != profile {
				b.probs.addOther(b.origin(line), "", "source "+quote(name)+" has the same name as an AWS profile that is not its profile; rename one of them", t.Origin)
				continue
			}
			enrich(t)
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
		if i, isAWS := awsIdx[profile]; isAWS && b.awsTargets[i].Kind == KindSource && b.aliases[profile] == "" && !taken[profile] {
			t = b.awsTargets[i]
			t.Name, t.Origin = name, b.origin(line)
			if b.aliases == nil {
				b.aliases = make(map[string]string)
			}
			b.aliases[profile] = name
		}
		enrich(&t)
		t.fromTOML = true
		out = append(out, t)
		b.srcAt = append(b.srcAt, srcRef{})
	}
	if b.aliases != nil {
		b.replaceAliased()
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
		for i := range b.awsTargets {
			if t := &b.awsTargets[i]; t.Kind == KindSource && !t.SDKAssumesRole {
				if only != "" {
					only = ""
					break
				}
				only = t.Name
			}
		}
		b.defaultSource = only
	}
	return out
}

// replaceAliased drops the AWS targets that [sources] entries replaced and
// points the AWS roles that used them at the replacement.
func (b *tomlBuilder) replaceAliased() {
	kept := b.awsTargets[:0]
	for _, t := range b.awsTargets {
		if _, gone := b.aliases[t.Name]; gone {
			continue
		}
		if x, ok := b.aliases[t.Source]; ok {
			t.Source = x
		}
		kept = append(kept, t)
	}
	clear(b.awsTargets[len(kept):])
	b.awsTargets = kept
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

// accounts makes one role target per account and role. It checks every
// account first, then fills the targets in one go: 100,000 targets are
// 35 MB of fresh memory, written once, with every string shared by the
// account's roles (name, id, region, colour, tags, source) or sliced from
// one arena (target names, role names, ARNs).
func (b *tomlBuilder) accounts(accts []tomlAccount, out []Target) []Target {
	plans := b.planAccounts(accts)
	total := 0
	for i := range plans {
		total += len(plans[i].roles)
	}
	if cap(out)-len(out) < total+len(b.awsTargets) {
		grown := make([]Target, len(out), len(out)+total+len(b.awsTargets))
		copy(grown, out)
		out = grown
	}
	if !b.probs.empty() {
		return out
	}
	b.plans = plans
	b.planOf = make(map[string]int, len(plans))
	b.srcAt = slices.Grow(b.srcAt, total)
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
	out = out[:n]
	b.firstRole, b.resolved, b.filled = base, make([]bool, n), make([]bool, n)
	b.sourceTargets = make(map[string]*Target, base+len(b.awsTargets))
	for _, list := range [][]Target{out[:base], b.awsTargets} {
		for i := range list {
			if _, dup := b.sourceTargets[list[i].Name]; !dup && list[i].Kind == KindSource {
				b.sourceTargets[list[i].Name] = &list[i]
			}
		}
	}
	b.srcAt = b.srcAt[:n]
	// One goroutine: filling in parallel was slower in a fresh process
	// (page faults on fresh memory contend in the kernel).
	for i := range plans {
		b.placeAccount(&plans[i], out)
	}
	b.lend(accts)
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
	if !b.lazy {
		f.reserve(p.arenaSize())
	}
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
		b.resolved[k] = b.sourceOf(f, p, r) != nil
		if !b.lazy || !b.resolved[k] {
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
		f.srcName, f.srcCache = name, b.sourceTargets[name]
	}
	return f.srcCache
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
	if k < b.firstRole || k >= len(b.filled) || len(b.plans) == 0 {
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

// nonRoles yields the indices, among n targets, of those that are not TOML
// role targets: the TOML sources before them and the AWS profiles after.
// They are few, and always built.
func (b *tomlBuilder) nonRoles(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		lo, hi := min(b.firstRole, n), max(b.firstRole, len(b.resolved))
		for i := 0; i < lo; i++ {
			if !yield(i) {
				return
			}
		}
		for i := hi; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

// buildOne makes sure TOML target k of targets is built.
func (b *tomlBuilder) buildOne(targets []Target, k int) {
	if k >= len(b.filled) || b.filled[k] {
		return
	}
	if p, j, ok := b.roleAt(k); ok {
		b.fillRole(&b.f, p, j, &targets[k])
	}
	b.filled[k] = true
}

// buildAll builds every TOML target still waiting, account by account.
func (b *tomlBuilder) buildAll(targets []Target) {
	for i := range b.plans {
		p := &b.plans[i]
		reserved := false
		for k, j := range p.targets() {
			if !b.filled[k] {
				if !reserved {
					b.f.reserve(p.arenaSize())
					reserved = true
				}
				b.fillRole(&b.f, p, j, &targets[k])
				b.filled[k] = true
			}
		}
	}
}

// lend gives AWS profile targets in a TOML account (same account id) the
// account's name, colour, tags and, when they have none, region.
func (b *tomlBuilder) lend(accts []tomlAccount) {
	if len(accts) == 0 || len(b.awsTargets) == 0 {
		return
	}
	byID := accountsByID(accts)
	for i := range b.awsTargets {
		t := &b.awsTargets[i]
		if a, ok := byID[t.AccountID]; ok && t.AccountID != "" {
			lendAccount(t, a)
		}
	}
}

// accountsByID indexes the TOML accounts with a valid id.
func accountsByID(accts []tomlAccount) map[string]*tomlAccount {
	byID := make(map[string]*tomlAccount, len(accts))
	for i := range accts {
		if id, ok := accountIDOf(accts[i].ID); ok {
			byID[id] = &accts[i]
		}
	}
	return byID
}

// lendAccount gives t, a target outside the TOML file in account a, the
// account's name, colour, tags, group and, when t has none, region.
func lendAccount(t *Target, a *tomlAccount) {
	t.Account = a.Name
	if t.Color == "" {
		t.Color, _ = NormalizeColor(a.Color)
	}
	t.Tags = a.Tags[:len(a.Tags):len(a.Tags)]
	if a.Group != "" && !contains(t.Tags, a.Group) {
		t.Tags = append(t.Tags, a.Group)
	}
	t.Group = a.Group
	if t.Region == "" {
		t.Region = a.Region
	}
}

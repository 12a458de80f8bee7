package config

import (
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
	// acctRange is each TOML account's span of role targets in the TOML
	// part of Config.Targets, for resolving "account/role" names.
	acctRange map[string][2]int
	// small indexes sources and AWS targets by name.
	small map[string]int
}

// defaults checks [defaults].
func (b *tomlBuilder) defaults(d *tomlDefaults) Defaults {
	out := Defaults{Region: d.Region, RoleSessionName: d.RoleSessionName, FederationURL: d.FederationURL}
	if d.Region != "" && !validRegion(d.Region) {
		b.bad("region", "region "+quote(d.Region)+" does not look like an AWS region such as eu-west-1", "defaults", "region")
	}
	b.defaultRegion = d.Region
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
	if d.Roles != nil {
		b.defaultRoles = parseRoles(nil, d.Roles, &roleErrs{file: b.file, lines: b.ix.defaultRoles, loc: b.loc, base: []string{"defaults", "roles"}, probs: b.probs})
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
	for _, name := range names {
		s := srcs[name]
		line := b.ix.sources[name]
		where := "[sources." + name + "]"
		bad := func(key, msg string) { b.bad(key, where+": "+msg, "sources", name, key) }
		if strings.TrimSpace(name) == "" || strings.Contains(name, "/") {
			b.probs.add(b.file, line, "", "source name "+quote(name)+" must be non-empty and contain no /")
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
		case !p.ownCredentials() || p.get(keySourceProfile) != "" && p.get(keySourceProfile) != p.name:
			b.probs.add(b.file, b.loc.line("sources", name, "profile"), "profile", where+": AWS profile "+quote(profile)+" is a role, not a source of credentials; use source = "+quote(profile)+" in an account to chain through it instead")
			continue
		}
		ok := true
		if s.MFASerial != "" && !validMFASerial(s.MFASerial) {
			bad("mfa_serial", "mfa_serial "+quote(s.MFASerial)+" is neither an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) nor a device serial number")
			ok = false
		}
		if s.Region != "" && !validRegion(s.Region) {
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
			MFASerial: p.get(keyMFASerial), Region: p.get(keyRegion), AccountID: p.get(keyAccountID)}
		if t.AccountID == "" {
			t.AccountID = p.get(keySSOAccountID)
		}
		enrich(&t)
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

func profileNames(set *awsSet) []string {
	names := make([]string, len(set.profiles))
	for i, p := range set.profiles {
		names[i] = p.name
	}
	return names
}

// accounts makes one role target per account and role.
func (b *tomlBuilder) accounts(accts []tomlAccount, out []Target) []Target {
	total := 0
	for i := range accts {
		if accts[i].Roles != nil {
			total += len(accts[i].Roles)
		} else {
			total += len(b.defaultRoles)
		}
	}
	if cap(out)-len(out) < total+len(b.awsTargets) {
		grown := make([]Target, len(out), len(out)+total+len(b.awsTargets))
		copy(grown, out)
		out = grown
	}
	byName := make(map[string]int, len(accts))
	byID := make(map[string]int, len(accts))
	b.acctRange = make(map[string][2]int, len(accts))
	seen := make(map[string]int)
	var spans [][2]int
	var scratch []roleSpec // one account's roles, reused
	b.srcAt = slices.Grow(b.srcAt, total)
	for i := range accts {
		a := &accts[i]
		idx := strconv.Itoa(i)
		line := at(b.ix.accounts, i)
		origin := b.origin(line)
		bad := func(key, msg string) {
			b.probs.add(b.file, b.loc.line("accounts", idx, key), key, msg)
		}
		label := "account " + quote(a.Name)
		ok := true
		if strings.TrimSpace(a.Name) == "" || strings.Contains(a.Name, "/") {
			bad("name", "each [[accounts]] needs name = \"...\" without /")
			ok = false
			label = "account #" + strconv.Itoa(i+1)
		} else if j, dup := byName[a.Name]; dup {
			b.probs.addOther(b.origin(b.loc.line("accounts", idx, "name")), "name", "two accounts are named "+quote(a.Name)+"; account names must be unique", b.origin(b.loc.line("accounts", strconv.Itoa(j), "name")))
			ok = false
		} else {
			byName[a.Name] = i
		}
		id, idOK := accountIDOf(a.ID)
		switch {
		case a.ID == nil:
			bad("id", label+" needs id = \"123456789012\"")
			ok = false
		case !idOK:
			bad("id", label+": id "+quote(id)+" must be 12 digits, in quotes")
			ok = false
		default:
			if j, dup := byID[id]; dup {
				b.probs.addOther(b.origin(b.loc.line("accounts", idx, "id")), "id", label+" has the same id "+id+" as account "+quote(accts[j].Name)+"; give each account once", b.origin(b.loc.line("accounts", strconv.Itoa(j), "id")))
				ok = false
			} else {
				byID[id] = i
			}
		}
		color := ""
		if a.Color != "" {
			var valid bool
			if color, valid = NormalizeColor(a.Color); !valid {
				bad("color", label+": color "+quote(a.Color)+" must be #rrggbb or one of "+paletteNames())
				ok = false
			}
		}
		if a.Region != "" && !validRegion(a.Region) {
			bad("region", label+": region "+quote(a.Region)+" does not look like an AWS region such as eu-west-1")
			ok = false
		}
		for _, tag := range a.Tags {
			if strings.TrimSpace(tag) == "" {
				bad("tags", label+": tags must not be empty strings")
				ok = false
				break
			}
		}
		source := a.Source
		if source == "" {
			source = b.defaultSource
		}
		if source == "" {
			bad("source", label+" has no source: add source = \"NAME\" naming a [sources.NAME] or AWS profile, or mark one source default = true")
			ok = false
		}
		roles := b.defaultRoles
		rolesPath := []string{"accounts", idx, "roles"}
		if a.Roles != nil {
			scratch = parseRoles(scratch[:0], a.Roles, &roleErrs{file: b.file, lines: b.ix.roles[i], loc: b.loc, base: rolesPath, probs: b.probs})
			roles = scratch
		}
		if len(roles) == 0 && len(a.Roles) == 0 {
			bad("roles", label+" has no roles: add roles = [\"Admin\", ...] to it or to [defaults]")
			ok = false
		}
		if !ok {
			continue
		}
		tags := a.Tags
		if a.Group != "" && !contains(tags, a.Group) {
			tags = append(tags[:len(tags):len(tags)], a.Group)
		}
		tags = tags[:len(tags):len(tags)]
		region := a.Region
		partition := partitionForRegion(firstNonEmpty(region, b.defaultRegion))
		var srcKind uint8
		if a.Source != "" {
			srcKind = 1
		}
		// One string holds every name and ARN of the account; targets
		// slice it. 100,000 targets then cost 2,000 allocations, not
		// 200,000.
		size := 0
		for j := range roles {
			size += 2*len(a.Name) + len(partition) + len(id) + len(roles[j].path) + 2*len(roles[j].name) + 18
		}
		var arena strings.Builder
		arena.Grow(size)
		clear(seen)
		for j := range roles {
			r := &roles[j]
			if k, dup := seen[r.name]; dup {
				rl := r.line
				if a.Roles == nil {
					rl = line
				}
				b.probs.addOther(b.origin(rl), "roles", label+" lists role "+quote(r.name)+" twice (target "+quote(a.Name+"/"+r.name)+"); role names must be unique per account", b.origin(roles[k].line))
				continue
			}
			seen[r.name] = j
			start := arena.Len()
			arena.WriteString(a.Name)
			arena.WriteByte('/')
			arena.WriteString(r.name)
			mid := arena.Len()
			writeRoleARN(&arena, partition, id, r.path, r.name)
			spans = append(spans, [2]int{start, mid}, [2]int{mid, arena.Len()})
			t := Target{
				Kind:            KindRole,
				Account:         a.Name,
				AccountID:       id,
				Role:            r.name,
				Source:          firstNonEmpty(r.source, source),
				Region:          firstNonEmpty(r.region, region),
				Color:           firstNonEmpty(r.color, color),
				Tags:            tags,
				Group:           a.Group,
				ExternalID:      r.externalID,
				RoleSessionName: r.sessionName,
				Duration:        r.duration,
				Origin:          origin,
			}
			if a.Roles != nil && r.line != 0 {
				t.Origin.Line = r.line
			}
			if len(r.tags) > 0 {
				t.Tags = append(append(make([]string, 0, len(tags)+len(r.tags)), tags...), r.tags...)
			}
			ref := srcRef{account: int32(i), role: int32(j), kind: srcKind}
			if r.source != "" {
				ref.kind = 2
				if a.Roles == nil {
					ref.kind = 3
				}
			}
			out = append(out, t)
			b.srcAt = append(b.srcAt, ref)
		}
		all := arena.String()
		first := len(out) - len(spans)/2
		b.acctRange[a.Name] = [2]int{first, len(out)}
		for k := 0; k < len(spans); k += 2 {
			t := &out[first+k/2]
			t.Name = all[spans[k][0]:spans[k][1]]
			t.RoleARN = all[spans[k+1][0]:spans[k+1][1]]
		}
		spans = spans[:0]
	}
	b.lend(accts)
	return out
}

// lend gives AWS profile targets in a TOML account (same account id) the
// account's name, colour, tags and, when they have none, region.
func (b *tomlBuilder) lend(accts []tomlAccount) {
	if len(accts) == 0 || len(b.awsTargets) == 0 {
		return
	}
	byID := make(map[string]*tomlAccount, len(accts))
	for i := range accts {
		if id, ok := accountIDOf(accts[i].ID); ok {
			byID[id] = &accts[i]
		}
	}
	for i := range b.awsTargets {
		t := &b.awsTargets[i]
		a, ok := byID[t.AccountID]
		if !ok || t.AccountID == "" {
			continue
		}
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
}

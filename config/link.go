package config

import (
	"strconv"
	"strings"
)

// This file joins the TOML and AWS targets into one graph and checks it.

// find finds the target called name among the sources, AWS targets and
// TOML roles, built or not.
func (b *tomlBuilder) find(name string) (int, bool) {
	if i, ok := b.tomlSources[name]; ok {
		return i, true
	}
	if p, ok := b.awsTarget(name); ok {
		return int(p.target), true
	}
	if k, ok := b.ssoIndex[name]; ok {
		return k, true
	}
	return b.findRole(name)
}

// at returns target k, building it if need be.
func (b *tomlBuilder) at(k int) *Target {
	b.buildOne(k)
	return &b.targets[k]
}

// problemAt is target k's Problem, without building a resolved AWS target
// (its problem is its profile's).
func (b *tomlBuilder) problemAt(k int) *Error {
	if p, ok := b.awsAt(k); ok && p.resolved && !b.filled[k] {
		return p.problem
	}
	return b.at(k).Problem
}

// findRole finds the index of the TOML role target named "account/role",
// built or not.
func (b *tomlBuilder) findRole(name string) (int, bool) {
	acct, role, ok := strings.Cut(name, "/")
	if !ok {
		return 0, false
	}
	i, ok := b.planOf[acct]
	if !ok {
		return 0, false
	}
	p := &b.plans[i]
	for k, j := range p.targets() {
		if p.roles[j].name == role {
			return k, true
		}
	}
	return 0, false
}

// srcRef says which key chose a TOML target's source: the role's own
// source key, the account's, or neither (the default source).
type srcRef struct {
	account, role int32
	kind          uint8 // 0: default source, 1: account, 2: account's role, 3: [defaults] role
}

// sourceOrigin resolves a srcRef to a place in the file.
func (b *tomlBuilder) sourceOrigin(r srcRef, fallback Origin) Origin {
	acct, role := strconv.Itoa(int(r.account)), strconv.Itoa(int(r.role))
	switch r.kind {
	case 1:
		return b.origin(b.loc.line("accounts", acct, "source"))
	case 2:
		return b.origin(b.loc.line("accounts", acct, "roles", role, "source"))
	case 3:
		return b.origin(b.loc.line("defaults", "roles", role, "source"))
	}
	return fallback
}

func (b *tomlBuilder) bad(key string, msg string, path ...string) {
	b.probs.add(b.file, b.loc.line(path...), key, msg)
}

func (b *tomlBuilder) origin(line int) Origin { return Origin{File: b.file, Line: line} }

// link rejects duplicate names, checks that every source exists and that
// chains end in credentials, and gives each role the effective MFA device of
// its chain. It works on the targets that need it, built on the way: the
// TOML roles whose source is a source target (resolved) and the AWS profiles
// already checked by resolveAWS need nothing (100,000 of them cost no
// pass); their MFA device is filled in when they are built.
func (b *tomlBuilder) link(c *Config) {
	n := len(c.Targets)
	if c.Defaults.FederationURL != "" {
		for i := range b.firstRole {
			c.Targets[i].FederationURL = c.Defaults.FederationURL
		}
	}
	// Names are unique by construction but for one case: TOML source
	// names are map keys without "/", those of AWS targets are
	// (sources refuses a [sources] entry named like an AWS target that is
	// not its profile), TOML role names are unique "account/role" names.
	// An AWS profile named like a TOML role is the one left.
	for _, p := range b.awsList {
		if strings.IndexByte(p.name, '/') < 0 {
			continue
		}
		if j, dup := b.findRole(p.name); dup {
			b.probs.addOther(p.origin(), "", "two targets are named "+quote(p.name)+"; rename one of them", b.at(j).Origin)
		}
	}
	if !b.probs.empty() {
		return
	}
	// Consecutive targets nearly always share their source: remember the
	// last answer rather than hash 100,000 names twice.
	lastName, lastIdx, lastOK := "", 0, false
	find := func(name string) (int, bool) {
		if name == lastName && lastName != "" {
			return lastIdx, lastOK
		}
		i, ok := b.find(name)
		lastName, lastIdx, lastOK = name, i, ok
		return i, ok
	}
	const (
		unvisited = iota
		visiting
		good
		broken
	)
	state := make([]uint8, n)
	done := make([]bool, n)
	for i, ok := range b.resolved {
		if ok {
			state[i], done[i] = good, true
		}
	}
	for _, p := range b.awsList {
		if p.resolved {
			state[p.target], done[p.target] = good, true
			if p.problem != nil {
				state[p.target] = broken
			}
		}
	}
	var stack []int
	for i := range c.Targets {
		if state[i] != unvisited {
			continue
		}
		stack = stack[:0]
		cur := i
		result := uint8(good)
		var cause *Error // the problem a broken chain ends at
		for {
			if state[cur] == good {
				break // a good chain's targets have no problem
			}
			if state[cur] == broken {
				result, cause = broken, b.problemAt(cur)
				break
			}
			t := b.at(cur)
			if t.Problem != nil {
				result, cause = broken, t.Problem
				break
			}
			if state[cur] == visiting {
				names := []string{}
				start := 0
				for k, s := range stack {
					if s == cur {
						start = k
					}
				}
				for _, s := range stack[start:] {
					names = append(names, c.Targets[s].Name)
				}
				names = append(names, t.Name)
				cause = b.fail(c, cur, t.Origin, "targets form a source loop: "+strings.Join(names, " -> "))
				result = broken
				break
			}
			state[cur] = visiting
			stack = append(stack, cur)
			if t.Kind != KindRole || t.Source == "" {
				break // a source, or a role with credential_source
			}
			next, ok := find(t.Source)
			if !ok {
				at := t.Origin
				if cur < b.awsBase && cur < len(b.srcAt) {
					at = b.sourceOrigin(b.srcAt[cur], t.Origin)
				}
				b.buildAll() // for the suggestions
				cause = b.fail(c, cur, at, "target "+quote(t.Name)+": source "+quote(t.Source)+" is not a [sources] entry or AWS profile"+didYouMean(t.Source, targetNames(c, 2000)))
				result = broken
				break
			}
			cur = next
		}
		for _, s := range stack {
			state[s] = result
			if t := &c.Targets[s]; cause != nil && t.Problem == nil {
				t.Problem = inheritedProblem(t, cause)
			}
		}
	}
	if !b.probs.empty() {
		return
	}
	b.checkDepth(c, find)
	if !b.probs.empty() {
		return
	}
	// Effective MFA: own, else the source's effective one. Sources are
	// resolved before the roles that use them via the same walk.
	for i := range c.Targets {
		stack = stack[:0]
		for cur := i; !done[cur]; {
			stack = append(stack, cur)
			t := b.at(cur)
			if t.MFASerial != "" || t.Kind != KindRole || t.Source == "" || t.Problem != nil {
				break // a broken chain may loop: it is not followed
			}
			cur, _ = find(t.Source)
		}
		for k := len(stack) - 1; k >= 0; k-- {
			s := stack[k]
			if t := &c.Targets[s]; t.MFASerial == "" && t.Kind == KindRole && t.Source != "" && t.Problem == nil {
				src, _ := find(t.Source)
				st := b.at(src)
				t.MFASerial = st.MFASerial
				if t.MFAProcess == "" {
					t.MFAProcess = st.MFAProcess
				}
			}
			done[s] = true
		}
	}
}

// targetNames lists up to max names for "did you mean" (sources first, so a
// typo of a source is found quickly in a huge config).
func targetNames(c *Config, max int) []string {
	var names []string
	for i := range c.Targets {
		if c.Targets[i].Kind == KindSource {
			names = append(names, c.Targets[i].Name)
		}
	}
	for i := range c.Targets {
		if len(names) >= max {
			break
		}
		if c.Targets[i].Kind == KindRole {
			names = append(names, c.Targets[i].Name)
		}
	}
	return names
}

// fail reports a broken link at target k: a mistake in the TOML file stops
// Load (nil); one in the AWS files makes the target unusable (its Problem).
func (b *tomlBuilder) fail(c *Config, k int, at Origin, msg string) *Error {
	e := &Error{Origin: at, Key: "source", Msg: msg}
	if k < b.awsBase {
		b.probs.push(e)
		return nil
	}
	c.Problems = append(c.Problems, e)
	c.Targets[k].Problem = e
	return e
}

// inheritedProblem is the problem of target t, which is fine itself but
// reaches its credentials through a target that has cause. The sentence
// ends with the mistake to fix, wherever the chain inherited it from.
func inheritedProblem(t *Target, cause *Error) *Error {
	root := cause.rootCause()
	return &Error{Origin: t.Origin, Key: "source", root: root,
		Msg: "target " + quote(t.Name) + " cannot be used: its source chain goes through a target with a problem: " + root.Error()}
}

// checkDepth refuses a role chain longer than the credentials engine
// follows (MaxChain roles after the first), once per chain: on the target
// whose chain first grows past the limit; the targets above it inherit the
// problem. AWS profiles were checked by resolveAWS (awsProfile.depth counts
// as this does); this finds the chains that go through the TOML file.
func (b *tomlBuilder) checkDepth(c *Config, find func(string) (int, bool)) {
	depth := make([]int32, len(c.Targets))
	for i, ok := range b.resolved {
		if ok {
			depth[i] = 1 // a TOML role whose source is a source target
		}
	}
	for _, p := range b.awsList {
		if p.resolved {
			switch {
			case !p.isRole:
				depth[p.target] = -1 // a source: not a role of the chain
			case p.problem != nil:
				depth[p.target] = 1 // its chain is not followed
			default:
				depth[p.target] = p.depth
			}
		}
	}
	var stack []int
	for i := range c.Targets {
		if depth[i] != 0 {
			continue
		}
		stack = stack[:0]
		for cur := i; depth[cur] == 0; {
			t := b.at(cur)
			stack = append(stack, cur)
			if t.Kind != KindRole || t.Source == "" || t.Problem != nil {
				break
			}
			next, ok := find(t.Source)
			if !ok {
				break
			}
			cur = next
		}
		for k := len(stack) - 1; k >= 0; k-- {
			s := stack[k]
			t := &c.Targets[s]
			if depth[s] != 0 {
				continue
			}
			if t.Kind != KindRole {
				depth[s] = -1 // a source: not a role of the chain
				continue
			}
			d := int32(1)
			if t.Source != "" && t.Problem == nil {
				if next, ok := find(t.Source); ok && depth[next] > 0 {
					d += depth[next]
					if nt := &c.Targets[next]; nt.Problem != nil && t.Problem == nil {
						t.Problem = inheritedProblem(t, nt.Problem)
					}
				}
			}
			depth[s] = d
			if d == MaxChain+2 && t.Problem == nil {
				b.fail(c, s, t.Origin, "target "+quote(t.Name)+": its role chain has "+strconv.Itoa(int(d))+" roles, more than the "+strconv.Itoa(MaxChain+1)+" switchrole follows; shorten it, for example by giving a role in it a source of its own")
			}
		}
	}
}

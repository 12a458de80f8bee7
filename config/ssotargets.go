package config

import (
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/switchrole/switchrole/sso/listfile"
)

// This file turns IAM Identity Center listings into targets. `switchrole
// sso login` / `sso sync` list the accounts and roles a sign-in gives and
// keep the list (package listfile); Load reads the lists of every session
// the AWS config ([sso-session NAME], legacy profiles with sso_start_url)
// and the TOML file ([sso.NAME]) declare, and offers each role as a source
// target whose credentials come from GetRoleCredentials.
//
// Names: the template "{account}/{role}" (`[defaults] sso_name`, or the
// session's own `name` in [sso.NAME]; placeholders {account}, {account_id},
// {role}, {session}). {account} is the name of the TOML account with the
// same id when there is one (it lends its name, colour, tags and group, as
// to AWS profiles), else the portal's account name. A name some AWS
// profile or TOML target already has stays theirs: the SSO target becomes
// "SESSION:NAME", and "SESSION:ACCOUNT-ID/ROLE" if that is taken too.
//
// Each carries the tag "sso:SESSION" (searchable, like any tag).
//
// Region: the TOML account's, else none: the engine then applies [defaults]
// region, AWS_REGION, and only then the session's sso_region (SSORegion;
// see plan.Settings.RegionOf).

// DefaultSSOName is the name template of SSO targets.
const DefaultSSOName = "{account}/{role}"

// SSOConfig is what Load found about Identity Center sessions.
type SSOConfig struct {
	// Sessions are every session declared: the AWS config's, in file
	// order (legacy profiles sharing a start URL once), then the TOML
	// file's in file order.
	Sessions []SSOSession
	// MaxAge is how old a listing may get before the engine lists the
	// session again by itself (`[defaults] sso_listing_max_age`); 0 never.
	MaxAge time.Duration
}

// tomlSSO is one [sso.NAME] table.
type tomlSSO struct {
	StartURL string   `toml:"start_url"`
	Region   string   `toml:"region"`
	Scopes   []string `toml:"scopes"`
	Name     string   `toml:"name"`
}

// SSO is what the index's configuration found about SSO sessions.
func (x *Index) SSO() SSOConfig { return x.c.SSO }

// addSSO reads the sessions of the AWS config cfg and of doc (nil: no TOML
// file), checks the TOML ones, and makes the targets of each session's
// cached listing (in dir; "" is the default cache), which layout puts
// after the AWS targets, so that they are linked and looked up like
// profiles.
func (b *tomlBuilder) addSSO(c *Config, cfg *iniFile, doc *tomlDoc, dir string) {
	c.SSO.MaxAge = listfile.DefaultMaxAge
	var sessions []SSOSession
	if cfg != nil {
		found, bad := ssoSessionsOf(cfg)
		for _, e := range bad {
			// A broken section is a warning (profiles using it already
			// say so): the other sessions and targets work.
			if !slices.ContainsFunc(c.Problems, func(p *Error) bool { return p.Origin == e.Origin && p.Msg == e.Msg }) {
				c.Problems = append(c.Problems, e)
			}
		}
		for _, s := range found {
			if s.Legacy && slices.ContainsFunc(sessions, func(o SSOSession) bool { return o.Legacy && o.StartURL == s.StartURL }) {
				continue
			}
			sessions = append(sessions, s)
		}
	}
	template := DefaultSSOName
	templates := map[string]string{}
	if doc != nil {
		d := &doc.Defaults
		if d.SSOName != "" {
			if msg := checkSSOName(d.SSOName); msg != "" {
				b.bad("sso_name", msg, "defaults", "sso_name")
			}
			template = d.SSOName
		}
		if d.SSOListingMaxAge != nil {
			v, ok := durationOf(d.SSOListingMaxAge)
			if !ok || v < 0 {
				b.bad("sso_listing_max_age", "sso_listing_max_age must be a duration such as \"24h\" (0 never lists again by itself)", "defaults", "sso_listing_max_age")
			}
			c.SSO.MaxAge = v
		}
		sessions = append(sessions, b.tomlSSOSessions(doc.SSO, sessions, templates)...)
	}
	c.SSO.Sessions = sessions
	if !b.probs.empty() || len(sessions) == 0 {
		return
	}
	files := listfile.Cache{Dir: dir}
	if dir == "" {
		var err error
		if files, err = listfile.DefaultCache(); err != nil {
			return // no cache directory: no listings
		}
	}
	var taken map[string]bool // made for the first listing: 10,000 names
	for i := range c.SSO.Sessions {
		s := &c.SSO.Sessions[i]
		l, ok := files.Read(s.CacheKey(), s.StartURL)
		if !ok {
			continue
		}
		if taken == nil {
			taken = b.takenNames(doc)
		}
		s.Listed = l.Fetched
		tmpl := template
		if t, ok := templates[s.Name]; ok {
			tmpl = t
		}
		b.ssoTargets = b.appendSSOTargets(b.ssoTargets, s, l.Assignments, compileSSOName(tmpl), taken)
	}
}

// tomlSSOSessions checks the [sso.NAME] tables and returns them in file
// order; templates gets each session's own name template.
func (b *tomlBuilder) tomlSSOSessions(tables map[string]tomlSSO, aws []SSOSession, templates map[string]string) []SSOSession {
	names := make([]string, 0, len(tables))
	for name := range tables {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		li, lj := b.loc.line("sso", names[i]), b.loc.line("sso", names[j])
		if li != lj {
			return li < lj
		}
		return names[i] < names[j]
	})
	var out []SSOSession
	for _, name := range names {
		t := tables[name]
		at := b.origin(b.loc.line("sso", name))
		before := len(b.probs.list)
		where := "[sso." + name + "]"
		if strings.TrimSpace(name) == "" || strings.ContainsAny(name, " \t/") {
			b.probs.add(b.file, at.Line, "", "SSO session name "+quote(name)+" must be a word without spaces or \"/\"")
		}
		for _, o := range aws {
			if o.Name == name {
				b.probs.addOther(at, "", where+" has the same name as the AWS config's SSO session "+quote(name)+"; rename one of them", o.Origin)
			}
		}
		switch u, err := url.Parse(t.StartURL); {
		case t.StartURL == "":
			b.bad("start_url", where+" needs start_url, the AWS access portal URL (https://d-1234567890.awsapps.com/start)", "sso", name)
		case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
			b.bad("start_url", "start_url "+quote(t.StartURL)+" must be the AWS access portal URL (https://d-1234567890.awsapps.com/start)", "sso", name, "start_url")
		}
		switch {
		case t.Region == "":
			b.bad("region", where+" needs region, the region of the Identity Center instance (e.g. eu-west-1)", "sso", name)
		case !ValidRegion(t.Region):
			b.bad("region", "region "+quote(t.Region)+" does not look like an AWS region such as eu-west-1", "sso", name, "region")
		}
		for _, sc := range t.Scopes {
			if strings.TrimSpace(sc) == "" || strings.ContainsAny(sc, " \t,") {
				b.bad("scopes", "scopes must be scope names such as \"sso:account:access\", not "+quote(sc), "sso", name, "scopes")
			}
		}
		if t.Name != "" {
			if msg := checkSSOName(t.Name); msg != "" {
				b.bad("name", msg, "sso", name, "name")
			}
			templates[name] = t.Name
		}
		if len(b.probs.list) == before {
			out = append(out, SSOSession{Name: name, StartURL: t.StartURL, Region: t.Region, Scopes: t.Scopes, InTOML: true, Origin: at})
		}
	}
	return out
}

// ssoPlaceholders are the words a name template may use.
var ssoPlaceholders = []string{"account", "account_id", "role", "session"}

// checkSSOName returns what is wrong with a name template, or "".
func checkSSOName(tmpl string) string {
	rest := tmpl
	seen := map[string]bool{}
	for {
		i := strings.IndexAny(rest, "{}")
		if i < 0 {
			break
		}
		if rest[i] == '}' {
			return "name template " + quote(tmpl) + " has a \"}\" without its \"{\""
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return "name template " + quote(tmpl) + " has a \"{\" without its \"}\""
		}
		word := rest[i+1 : i+j]
		if !contains(ssoPlaceholders, word) {
			return "name template " + quote(tmpl) + ": unknown placeholder {" + word + "} (use {account}, {account_id}, {role}, {session})" + didYouMean(word, ssoPlaceholders)
		}
		seen[word] = true
		rest = rest[i+j+1:]
	}
	if !seen["role"] || !seen["account"] && !seen["account_id"] {
		return "name template " + quote(tmpl) + " must hold {role} and {account} or {account_id}, so that every role gets a name of its own"
	}
	return ""
}

// ssoName is a checked name template cut into literal text and
// placeholders, so that thousands of names cost one allocation each.
type ssoName []ssoNamePart

type ssoNamePart struct {
	text  string // literal text, when field is ""
	field string // "account", "account_id", "role" or "session"
}

// compileSSOName cuts a template checkSSOName accepted.
func compileSSOName(tmpl string) ssoName {
	var out ssoName
	for tmpl != "" {
		i := strings.IndexByte(tmpl, '{')
		j := strings.IndexByte(tmpl, '}')
		if i < 0 || j < i {
			out = append(out, ssoNamePart{text: tmpl})
			break
		}
		if i > 0 {
			out = append(out, ssoNamePart{text: tmpl[:i]})
		}
		out = append(out, ssoNamePart{field: tmpl[i+1 : j]})
		tmpl = tmpl[j+1:]
	}
	return out
}

// expand fills the template for one role.
func (n ssoName) expand(session, account, accountID, role string) string {
	var b strings.Builder
	b.Grow(len(session) + len(account) + len(accountID) + len(role) + 8)
	for _, p := range n {
		switch p.field {
		case "":
			b.WriteString(p.text)
		case "account":
			b.WriteString(account)
		case "account_id":
			b.WriteString(accountID)
		case "role":
			b.WriteString(role)
		case "session":
			b.WriteString(session)
		}
	}
	return b.String()
}

// takenNames are the names SSO targets must not take: every AWS target,
// TOML source, and AWS profile a TOML source replaced. TOML roles are
// found by name through findRole (they may be unbuilt).
func (b *tomlBuilder) takenNames(doc *tomlDoc) map[string]bool {
	taken := make(map[string]bool, len(b.awsList)+8)
	for _, p := range b.awsList {
		taken[p.name] = true
	}
	if doc != nil {
		for name := range doc.Sources {
			taken[name] = true
		}
	}
	for name := range b.aliases {
		taken[name] = true
	}
	return taken
}

// appendSSOTargets appends one source target per assignment of session s,
// in account-name then role order.
func (b *tomlBuilder) appendSSOTargets(out []Target, s *SSOSession, as []listfile.Assignment, tmpl ssoName, taken map[string]bool) []Target {
	out = slices.Grow(out, len(as))
	as = append([]listfile.Assignment(nil), as...)
	sort.SliceStable(as, func(i, j int) bool {
		if as[i].AccountName != as[j].AccountName {
			return as[i].AccountName < as[j].AccountName
		}
		return as[i].Role < as[j].Role
	})
	// Every role of the session carries the tag "sso:NAME", so that
	// `--filter sso:corp` or `exec --each sso:corp` selects them. The
	// slice is shared, capped so that an append copies.
	sessionTag := []string{FromSSO + s.Name}
	isTaken := func(name string) bool {
		if taken[name] {
			return true
		}
		_, ok := b.findRole(name)
		return ok
	}
	for _, a := range as {
		if !validAccountID(a.AccountID) || a.Role == "" {
			continue // not something AWS lists
		}
		t := Target{Kind: KindSource, Account: a.AccountName, AccountID: a.AccountID, Role: a.Role,
			SSOSession: s.Name, SSOStartURL: s.StartURL, SSORegion: s.Region, SSOLegacy: s.Legacy,
			CredentialsID: "sso " + s.StartURL + " " + a.AccountID + " " + a.Role,
			Origin:        s.Origin, FederationURL: b.fedURL}
		t.Tags = sessionTag[:1:1]
		if l := b.lentBy(a.AccountID); l != nil {
			l.apply(&t)
			t.Tags = append(t.Tags, sessionTag[0])
		}
		name := tmpl.expand(s.Name, t.Account, a.AccountID, a.Role)
		if isTaken(name) {
			name = s.Name + ":" + name
		}
		if isTaken(name) {
			name = s.Name + ":" + a.AccountID + "/" + a.Role
		}
		if isTaken(name) {
			continue // the listing names one role twice
		}
		t.Name = name
		taken[name] = true
		out = append(out, t)
	}
	return out
}

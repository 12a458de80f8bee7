package config

import (
	"bytes"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	toml "github.com/pelletier/go-toml/v2"
)

// This file reads switchrole's own TOML file. The shape is documented, with
// every key, by StarterFile (starter.toml).

// tomlDoc is the whole file. Values whose TOML type may vary (durations as
// "1h" or seconds, ids as strings or integers, roles as strings or tables)
// are decoded as any and checked by hand, with a sentence per mistake.
type tomlDoc struct {
	Defaults tomlDefaults          `toml:"defaults"`
	Sources  map[string]tomlSource `toml:"sources"`
	Accounts []tomlAccount         `toml:"accounts"`
	SSO      map[string]tomlSSO    `toml:"sso"`
}

type tomlDefaults struct {
	Region          string `toml:"region"`
	SessionDuration any    `toml:"session_duration"`
	RoleSessionName string `toml:"role_session_name"`
	FederationURL   string `toml:"federation_url"`
	RefreshWindow   any    `toml:"refresh_window"`
	Roles           []any  `toml:"roles"`
	Browser         string `toml:"browser"`
	IsolateConsoles bool   `toml:"isolate_consoles"`
	// SSOName and SSOListingMaxAge: see ssotargets.go.
	SSOName          string `toml:"sso_name"`
	SSOListingMaxAge any    `toml:"sso_listing_max_age"`

	roleList []roleEntry // Roles, read once (see rolesOf)
	hasRoles bool        // the key is present (even as [])
}

type tomlSource struct {
	Profile         string `toml:"profile"`
	MFASerial       string `toml:"mfa_serial"`
	MFAProcess      string `toml:"mfa_process"`
	UseSessionToken *bool  `toml:"use_session_token"`
	SessionDuration any    `toml:"session_duration"`
	Default         bool   `toml:"default"`
	Region          string `toml:"region"`
}

type tomlAccount struct {
	Name   string   `toml:"name"`
	ID     any      `toml:"id"`
	Color  string   `toml:"color"`
	Region string   `toml:"region"`
	Tags   []string `toml:"tags"`
	Group  string   `toml:"group"`
	Source string   `toml:"source"`
	Roles  []any    `toml:"roles"`
	// Discovered marks an account `switchrole discover org --write`
	// generated: the organization id it came from. Such accounts are
	// updated and pruned by the next run; the others are the user's.
	Discovered string `toml:"discovered"`

	roleList []roleEntry
	hasRoles bool
}

// roleEntry is one element of a roles list: a name, a table, or anything
// else (an error).
type roleEntry struct {
	name  string
	table map[string]any
	kind  uint8
}

const (
	roleOther = iota
	roleString
	roleTable
)

// rolesOf converts a decoded roles list (decodeTOML's path; readTOMLFast
// fills roleList directly).
func rolesOf(list []any) []roleEntry {
	if list == nil {
		return nil
	}
	out := make([]roleEntry, len(list))
	for i, v := range list {
		switch x := v.(type) {
		case string:
			out[i] = roleEntry{name: x, kind: roleString}
		case map[string]any:
			out[i] = roleEntry{table: x, kind: roleTable}
		}
	}
	return out
}

// Allowed keys per level, for "did you mean" (kept in step with the structs
// above by TestTOMLKeyListsMatchStructs).
var (
	topKeys      = []string{"defaults", "sources", "accounts", "sso"}
	defaultsKeys = []string{"region", "session_duration", "role_session_name", "federation_url", "refresh_window", "roles", "browser", "isolate_consoles", "sso_name", "sso_listing_max_age"}
	sourceKeys   = []string{"profile", "mfa_serial", "mfa_process", "use_session_token", "session_duration", "default", "region"}
	accountKeys  = []string{"name", "id", "color", "region", "tags", "group", "source", "roles", "discovered"}
	ssoKeys      = []string{"start_url", "region", "scopes", "name"}
	roleKeys     = []string{"name", "path", "external_id", "duration", "session_name", "region", "color", "tags", "source"}
)

// decodeTOML parses data into doc, turning go-toml's errors into *Error.
func decodeTOML(file string, data []byte, probs *problems) (*tomlDoc, bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // editors on Windows add a BOM
	var doc tomlDoc
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(&doc)
	if err == nil {
		doc.readRoleLists()
		return &doc, true
	}
	var strict *toml.StrictMissingError
	var de *toml.DecodeError
	switch {
	case errors.As(err, &strict):
		for i := range strict.Errors {
			e := &strict.Errors[i]
			row, _ := e.Position()
			key := []string(e.Key())
			probs.add(file, row, strings.Join(key, "."), unknownKeyMessage(key))
		}
		// The rest of the file is read without the unknown keys, so that
		// its other mistakes are reported in the same run.
		var rest tomlDoc
		if toml.NewDecoder(bytes.NewReader(data)).Decode(&rest) == nil {
			rest.readRoleLists()
			return &rest, false
		}
	case errors.As(err, &de):
		row, _ := de.Position()
		key := strings.Join([]string(de.Key()), ".")
		probs.add(file, row, key, decodeErrorMessage(de.Error(), key))
	default:
		probs.add(file, 0, "", "cannot read the TOML file: "+strings.TrimPrefix(err.Error(), "toml: "))
	}
	return nil, false
}

// readRoleLists converts the decoded roles lists (see rolesOf).
func (doc *tomlDoc) readRoleLists() {
	doc.Defaults.roleList, doc.Defaults.hasRoles = rolesOf(doc.Defaults.Roles), doc.Defaults.Roles != nil
	for i := range doc.Accounts {
		a := &doc.Accounts[i]
		a.roleList, a.hasRoles = rolesOf(a.Roles), a.Roles != nil
	}
}

// unknownKeyMessage names the unknown key, where it is, and the closest
// allowed key.
func unknownKeyMessage(key []string) string {
	last := key[len(key)-1]
	var allowed []string
	var where string
	switch {
	case len(key) == 1:
		allowed, where = topKeys, "at the top level (allowed: [defaults], [sources.NAME], [[accounts]], [sso.NAME])"
	case key[0] == "defaults" && len(key) == 2:
		allowed, where = defaultsKeys, "in [defaults]"
	case key[0] == "sources" && len(key) == 3:
		allowed, where = sourceKeys, "in [sources."+key[1]+"]"
	case key[0] == "sso" && len(key) == 3:
		allowed, where = ssoKeys, "in [sso."+key[1]+"]"
	case key[0] == "accounts" && len(key) == 2:
		allowed, where = accountKeys, "in [[accounts]]"
	default:
		where = "under " + strings.Join(key[:len(key)-1], ".")
	}
	return "unknown key " + quote(last) + " " + where + didYouMean(last, allowed)
}

// decodeErrorMessage turns go-toml's messages into a sentence about the
// user's key. Type mismatches mention Go types; they are rephrased.
func decodeErrorMessage(msg, key string) string {
	msg = strings.TrimPrefix(msg, "toml: ")
	if rest, ok := strings.CutPrefix(msg, "cannot decode TOML "); ok {
		got, _, _ := strings.Cut(rest, " ")
		want := "a different type"
		switch {
		case strings.HasSuffix(rest, "type string"):
			want = "a string (in quotes)"
		case strings.HasSuffix(rest, "type bool"), strings.HasSuffix(rest, "type *bool"):
			want = "true or false"
		case strings.Contains(rest, "[]string"):
			want = "a list of strings"
		case strings.Contains(rest, "[]interface {}"), strings.Contains(rest, "[]any"):
			want = "a list"
		case strings.Contains(rest, "[]config.toml"):
			want = "a list of tables"
		case strings.Contains(rest, "map["), strings.Contains(rest, "struct"), strings.Contains(rest, "config.toml"):
			// config.tomlSSO, config.tomlSource...: the tables of the file.
			want = "a table"
		}
		if key == "" {
			return "a TOML " + got + " is in the wrong place; expected " + want
		}
		return quote(key) + " must be " + want + ", not a TOML " + got
	}
	return "invalid TOML: " + msg
}

// tomlStr reads a string-or-number field ("1h" or 3600 seconds).
func durationOf(v any) (time.Duration, bool) {
	switch x := v.(type) {
	case string:
		return parseDuration(x)
	case int64:
		if x < 0 || x > 1<<31 {
			return 0, false
		}
		return time.Duration(x) * time.Second, true
	}
	return 0, false
}

// accountIDOf reads an account id given as "123456789012" or 123456789012.
func accountIDOf(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, validAccountID(x)
	case int64:
		s := strconv.FormatInt(x, 10)
		return s, validAccountID(s)
	}
	return "", false
}

// roleSpec is one entry of a roles list, checked once and then applied to
// every account that uses it.
type roleSpec struct {
	name, path              string
	externalID, sessionName string
	region, color, source   string
	duration                time.Duration
	tags                    []string
	line                    int
}

// roleErrs reports problems in one roles list; the line of a key is looked
// up only when there is a problem.
type roleErrs struct {
	file  string
	lines []int
	loc   *tomlLines
	base  []string // key path of the list, e.g. accounts.3.roles
	probs *problems
}

func (r *roleErrs) report(i int, key, msg string) {
	l := 0
	idx := strconv.Itoa(i)
	if key != "" {
		l = r.loc.line(append(r.base[:len(r.base):len(r.base)], idx, key)...)
	}
	if l == 0 {
		l = at(r.lines, i)
	}
	if l == 0 {
		l = r.loc.line(append(r.base[:len(r.base):len(r.base)], idx)...)
	}
	r.probs.add(r.file, l, key, msg)
}

// parseRoles checks a roles list (strings and tables, mixed), appending the
// good entries to specs.
func parseRoles(specs []roleSpec, list []roleEntry, errs *roleErrs) []roleSpec {
	for i, v := range list {
		if s, ok := parseRole(v, errs, i); ok {
			specs = append(specs, s)
		}
	}
	return specs
}

// parseRole checks entry i of a roles list.
func parseRole(v roleEntry, errs *roleErrs, i int) (roleSpec, bool) {
	var s roleSpec
	switch v.kind {
	case roleString:
		if msg := RoleNameProblem(v.name); msg != "" {
			errs.report(i, "", msg)
			return s, false
		}
		s.path, s.name = splitRolePath(v.name)
	case roleTable:
		if !parseRoleTable(&s, v.table, errs, i) {
			return s, false
		}
		if msg, inPath := roleProblem(s.path, s.name); msg != "" {
			key := ""
			if inPath {
				key = "path"
			}
			errs.report(i, key, msg)
			return s, false
		}
	default:
		errs.report(i, "", "each role must be a name in quotes or a table such as { name = \"Deploy\", external_id = \"ci-42\" }")
		return s, false
	}
	s.line = at(errs.lines, i)
	return s, true
}

// parseRoleTable fills s from { name = ..., ... }, reporting bad keys.
func parseRoleTable(s *roleSpec, m map[string]any, errs *roleErrs, i int) bool {
	ok := true
	bad := func(key, msg string) { errs.report(i, key, msg) }
	str := func(k string) string {
		v, present := m[k]
		if !present {
			return ""
		}
		x, isStr := v.(string)
		if !isStr {
			bad(k, "role key "+quote(k)+" must be a string in quotes")
			ok = false
		}
		return x
	}
	// Report unknown keys in a stable order.
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !contains(roleKeys, k) {
			if k == "arn" || k == "role_arn" {
				bad(k, "roles take a name, not an ARN; write name = \"ROLE\" (and path = \"/team/\") and the account's id")
			} else {
				bad(k, "unknown key "+quote(k)+" in a role"+didYouMean(k, roleKeys))
			}
			ok = false
		}
	}
	name := str("name")
	if name == "" && ok {
		bad("", "a role table needs name = \"ROLE\"")
		return false
	}
	s.path, s.name = splitRolePath(name)
	if p := str("path"); p != "" {
		if s.path != "/" {
			bad("path", "give the role path either in name (\"team/Admin\") or in path, not both")
			ok = false
		}
		s.path = normalizePath(p)
	}
	s.externalID = str("external_id")
	if s.externalID != "" && !validExternalID(s.externalID) {
		bad("external_id", "external_id must be 2-1224 characters of letters, digits and +=,.@:/_-")
		ok = false
	}
	s.sessionName = str("session_name")
	if s.sessionName != "" && !validSessionName(s.sessionName) {
		bad("session_name", "session_name "+quote(s.sessionName)+" must be 2-64 characters of letters, digits and +=,.@_-")
		ok = false
	}
	s.region = str("region")
	if s.region != "" && !ValidRegion(s.region) {
		bad("region", "region "+quote(s.region)+" does not look like an AWS region such as eu-west-1")
		ok = false
	}
	if c := str("color"); c != "" {
		hex, valid := NormalizeColor(c)
		if !valid {
			bad("color", "color "+quote(c)+" must be #rrggbb or one of "+paletteNames())
			ok = false
		}
		s.color = hex
	}
	s.source = str("source")
	if v, present := m["duration"]; present {
		d, valid := durationOf(v)
		if !valid || d < MinRoleDuration || d > MaxRoleDuration {
			bad("duration", "role duration must be between 15m and 12h (e.g. \"1h\" or 3600)")
			ok = false
		}
		s.duration = d
	}
	if v, present := m["tags"]; present {
		list, isList := v.([]any)
		for _, t := range list {
			ts, isStr := t.(string)
			if !isStr || strings.TrimSpace(ts) == "" {
				isList = false
				break
			}
			s.tags = append(s.tags, ts)
		}
		if !isList {
			bad("tags", "tags must be a list of non-empty strings")
			ok = false
		}
		for _, t := range s.tags {
			if hasControl(t) {
				bad("tags", "tag "+quote(t)+controlHint)
				ok = false
				break
			}
		}
	}
	return ok
}

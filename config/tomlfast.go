package config

import (
	"bytes"
	"runtime"
	"strconv"
	"unsafe"

	"github.com/pelletier/go-toml/v2/unstable"
)

// readTOMLFast reads the usual layout of switchrole's TOML file — [defaults],
// [sources.NAME] and [[accounts]] tables of plain `key = value` lines, roles
// as strings or inline tables — in one pass of go-toml's parser, recording
// every line Load needs on the way. It uses no reflection, boxes no role name
// in an interface, and copies no string: values are substrings of one copy of
// the document. A 100,000-role file is read about ten times faster than by
// decoding it and walking it again for lines.
//
// It returns ok == false as soon as it meets anything else: another valid
// layout (dotted keys, [sources] with inline tables, [[accounts.roles]]...),
// a key it does not know or spelled in another case, a value of an
// unexpected type, a duplicate key or table, a syntax error. Load then reads
// the file with go-toml's decoder (decodeTOML), which accepts every valid
// layout and words every error, with its line, as it always has. So this
// reader never words an error itself; it must only never accept what the
// decoder rejects, nor read a value differently (TestFastTOMLMatchesDecoder).
//
// A large file is read in two halves at the same time, split before an
// [[accounts]] line near the middle (see readTOMLHalves).
//
// data must not change afterwards: the strings returned share its memory.
func readTOMLFast(data []byte) (*tomlDoc, *tomlIndex, bool) {
	if len(data) >= splitMinBytes && runtime.GOMAXPROCS(0) > 1 {
		if at := splitPoint(data); at > 0 {
			if doc, ix, ok := readTOMLHalves(data, at); ok {
				return doc, ix, true
			}
		}
	}
	r := newFastReader(data, 1, false)
	if !r.read() {
		return nil, nil, false
	}
	return &r.doc, &r.ix, true
}

// newFastReader reads data, whose first line is line firstLine of the
// file; accountsOnly refuses anything but [[accounts]] tables (the second
// half of a split file).
func newFastReader(data []byte, firstLine int, accountsOnly bool) *fastReader {
	r := &fastReader{
		data:         data,
		text:         unsafe.String(unsafe.SliceData(data), len(data)),
		lines:        lineCounter{data: data, line: firstLine},
		accountsOnly: accountsOnly,
	}
	r.p.Reset(data)
	return r
}

// splitMinBytes is the file size from which readTOMLFast reads two halves
// at once (about 6,000 roles); below it the second goroutine costs more
// than it saves.
const splitMinBytes = 96 << 10

// splitPoint returns the offset of the first line starting with
// "[[accounts]]" from the middle of data on, or 0 when there is none.
func splitPoint(data []byte) int {
	const header = "\n[[accounts]]"
	i := bytes.Index(data[len(data)/2:], []byte(header))
	if i < 0 {
		return 0
	}
	return len(data)/2 + i + 1
}

// readTOMLHalves reads data[:at] and data[at:] at the same time and joins
// them. The result is exactly what one reader would return, or ok is false:
// the first half must be complete TOML (so that the split was not inside a
// multi-line string or array: the parser of the whole file would then be
// at the same expression boundary), and the second half may hold only
// [[accounts]] tables (so that no table or key can be a duplicate across
// halves). Anything else is left to the single reader.
func readTOMLHalves(data []byte, at int) (*tomlDoc, *tomlIndex, bool) {
	second := newFastReader(data[at:], 1+bytes.Count(data[:at], []byte{'\n'}), true)
	secondOK := make(chan bool, 1)
	go func() { secondOK <- second.read() }()
	first := newFastReader(data[:at], 1, false)
	firstOK := first.read()
	if !<-secondOK || !firstOK {
		return nil, nil, false
	}
	doc, ix := &first.doc, &first.ix
	doc.Accounts = append(doc.Accounts, second.doc.Accounts...)
	ix.accounts = append(ix.accounts, second.ix.accounts...)
	ix.roles = append(ix.roles, second.ix.roles...)
	return doc, ix, true
}

// Key numbers for duplicate detection (bit positions in fastReader.seen).
const (
	fkRegion = iota
	fkSessionDuration
	fkRoleSessionName
	fkFederationURL
	fkRefreshWindow
	fkRoles
	fkBrowser
	fkIsolateConsoles
	fkProfile
	fkMFASerial
	fkMFAProcess
	fkUseSessionToken
	fkDefault
	fkName
	fkID
	fkColor
	fkTags
	fkGroup
	fkSource
	fkDiscovered
	fkStartURL
	fkScopes
	fkSSOName
	fkSSOListingMaxAge
)

type fastReader struct {
	p     unstable.Parser
	data  []byte
	text  string // data as a string; values are substrings of it
	lines lineCounter
	doc   tomlDoc
	ix    tomlIndex

	table        int // 0: top level, 1: [defaults], 2: [sources.X], 3: [[accounts]], 4: [sso.X]
	accountsOnly bool
	source       string // the [sources.X] or [sso.X] being read
	seen         uint32 // keys already set in the current table

	seenDefaults bool
	roleLines    []int // backing array for ix.roles, so 2,000 accounts cost few allocations
	scratch      []roleEntry
	prevRoles    []roleEntry
}

const (
	inTop = iota
	inDefaults
	inSource
	inAccount
	inSSO
)

// read reads the whole document; false at the first thing it does not take
// or a syntax error.
func (r *fastReader) read() bool {
	r.doc.Sources = make(map[string]tomlSource)
	r.ix.sources = make(map[string]int)
	if n := bytes.Count(r.data, []byte("[[accounts]]")); n > 0 {
		r.doc.Accounts = make([]tomlAccount, 0, n)
		r.ix.accounts = make([]int, 0, n)
		r.ix.roles = make([][]int, 0, n)
	}
	for r.p.NextExpression() {
		e := r.p.Expression()
		var ok bool
		switch e.Kind {
		case unstable.Table:
			ok = r.header(e)
		case unstable.ArrayTable:
			ok = r.arrayHeader(e)
		case unstable.KeyValue:
			ok = r.keyValue(e)
		}
		if !ok {
			return false
		}
	}
	return r.p.Error() == nil
}

// keyParts returns the parts of a header or key, at most 3 (more: n > 3).
func keyParts(it unstable.Iterator) (parts [3]*unstable.Node, n int) {
	for it.Next() {
		if n < len(parts) {
			parts[n] = it.Node()
		}
		n++
	}
	return parts, n
}

func (r *fastReader) header(e *unstable.Node) bool {
	if r.accountsOnly {
		return false
	}
	k, n := keyParts(e.Key())
	r.seen = 0
	switch {
	case n == 1 && string(k[0].Data) == "defaults" && !r.seenDefaults:
		r.seenDefaults, r.table = true, inDefaults
		return true
	case n == 2 && string(k[0].Data) == "sources":
		name := r.str(k[1])
		if _, dup := r.doc.Sources[name]; dup {
			return false
		}
		r.doc.Sources[name] = tomlSource{}
		r.ix.sources[name] = r.lines.at(k[0])
		r.table, r.source = inSource, name
		return true
	case n == 2 && string(k[0].Data) == "sso":
		name := r.str(k[1])
		if _, dup := r.doc.SSO[name]; dup {
			return false
		}
		if r.doc.SSO == nil {
			r.doc.SSO = make(map[string]tomlSSO)
		}
		r.doc.SSO[name] = tomlSSO{}
		r.table, r.source = inSSO, name
		return true
	}
	return false
}

func (r *fastReader) arrayHeader(e *unstable.Node) bool {
	k, n := keyParts(e.Key())
	if n != 1 || string(k[0].Data) != "accounts" {
		return false
	}
	r.seen = 0
	r.table = inAccount
	r.doc.Accounts = append(r.doc.Accounts, tomlAccount{})
	r.ix.accounts = append(r.ix.accounts, r.lines.at(k[0]))
	r.ix.roles = append(r.ix.roles, nil)
	return true
}

// once marks key bit k as set in the current table; false for a duplicate.
func (r *fastReader) once(k int) bool {
	if r.seen&(1<<k) != 0 {
		return false
	}
	r.seen |= 1 << k
	return true
}

func (r *fastReader) keyValue(e *unstable.Node) bool {
	k, n := keyParts(e.Key())
	if n != 1 {
		return false
	}
	key, v := k[0].Data, e.Value()
	line := r.lines.at(k[0])
	switch r.table {
	case inDefaults:
		d := &r.doc.Defaults
		switch string(key) {
		case "region":
			return r.once(fkRegion) && r.setStr(&d.Region, v)
		case "session_duration":
			return r.once(fkSessionDuration) && r.setAny(&d.SessionDuration, v)
		case "role_session_name":
			return r.once(fkRoleSessionName) && r.setStr(&d.RoleSessionName, v)
		case "federation_url":
			return r.once(fkFederationURL) && r.setStr(&d.FederationURL, v)
		case "refresh_window":
			return r.once(fkRefreshWindow) && r.setAny(&d.RefreshWindow, v)
		case "browser":
			return r.once(fkBrowser) && r.setStr(&d.Browser, v)
		case "isolate_consoles":
			return r.once(fkIsolateConsoles) && r.setBool(&d.IsolateConsoles, v)
		case "sso_name":
			return r.once(fkSSOName) && r.setStr(&d.SSOName, v)
		case "sso_listing_max_age":
			return r.once(fkSSOListingMaxAge) && r.setAny(&d.SSOListingMaxAge, v)
		case "roles":
			if !r.once(fkRoles) {
				return false
			}
			list, lines, ok := r.roles(v, line, nil)
			d.roleList, d.hasRoles, r.ix.defaultRoles = list, true, lines
			return ok
		}
	case inSource:
		s := r.doc.Sources[r.source]
		ok := false
		switch string(key) {
		case "profile":
			ok = r.once(fkProfile) && r.setStr(&s.Profile, v)
		case "mfa_serial":
			ok = r.once(fkMFASerial) && r.setStr(&s.MFASerial, v)
		case "mfa_process":
			ok = r.once(fkMFAProcess) && r.setStr(&s.MFAProcess, v)
		case "use_session_token":
			var b bool
			ok = r.once(fkUseSessionToken) && r.setBool(&b, v)
			s.UseSessionToken = &b
		case "session_duration":
			ok = r.once(fkSessionDuration) && r.setAny(&s.SessionDuration, v)
		case "default":
			ok = r.once(fkDefault) && r.setBool(&s.Default, v)
		case "region":
			ok = r.once(fkRegion) && r.setStr(&s.Region, v)
		}
		r.doc.Sources[r.source] = s
		return ok
	case inSSO:
		t := r.doc.SSO[r.source]
		ok := false
		switch string(key) {
		case "start_url":
			ok = r.once(fkStartURL) && r.setStr(&t.StartURL, v)
		case "region":
			ok = r.once(fkRegion) && r.setStr(&t.Region, v)
		case "scopes":
			ok = r.once(fkScopes) && r.setStrings(&t.Scopes, v)
		case "name":
			ok = r.once(fkName) && r.setStr(&t.Name, v)
		}
		r.doc.SSO[r.source] = t
		return ok
	case inAccount:
		i := len(r.doc.Accounts) - 1
		a := &r.doc.Accounts[i]
		switch string(key) {
		case "name":
			return r.once(fkName) && r.setStr(&a.Name, v)
		case "id":
			return r.once(fkID) && r.setAny(&a.ID, v)
		case "color":
			return r.once(fkColor) && r.setStr(&a.Color, v)
		case "region":
			return r.once(fkRegion) && r.setStr(&a.Region, v)
		case "tags":
			return r.once(fkTags) && r.setStrings(&a.Tags, v)
		case "group":
			return r.once(fkGroup) && r.setStr(&a.Group, v)
		case "source":
			return r.once(fkSource) && r.setStr(&a.Source, v)
		case "discovered":
			return r.once(fkDiscovered) && r.setStr(&a.Discovered, v)
		case "roles":
			if !r.once(fkRoles) {
				return false
			}
			if cap(r.roleLines) < 256 {
				r.roleLines = make([]int, 0, 16384)
			}
			list, lines, ok := r.roles(v, line, r.roleLines)
			r.roleLines = lines[len(lines):]
			a.roleList, a.hasRoles, r.ix.roles[i] = list, true, lines[:len(lines):len(lines)]
			return ok
		}
	}
	return false
}

// roles reads a roles list: strings and inline tables. buf, when not nil,
// is a shared backing array for the entries' lines. A list equal to the
// previous account's (the usual case: every account lists the same roles)
// is that same slice, so the builder checks it once.
func (r *fastReader) roles(v *unstable.Node, keyLine int, buf []int) ([]roleEntry, []int, bool) {
	if v.Kind != unstable.Array {
		return nil, nil, false
	}
	list := r.scratch[:0]
	lines := buf[:0]
	for it := v.Children(); it.Next(); {
		c := it.Node()
		line := keyLine
		if c.Raw.Length != 0 || c.Raw.Offset != 0 {
			line = r.lines.at(c)
		}
		if buf == nil || len(lines) == cap(lines) {
			lines = append(lines, line) // grows: a new backing array
		} else {
			lines = lines[:len(lines)+1]
			lines[len(lines)-1] = line
		}
		switch c.Kind {
		case unstable.String:
			list = append(list, roleEntry{name: r.str(c), kind: roleString})
		case unstable.InlineTable:
			m, ok := r.roleTable(c)
			if !ok {
				return nil, nil, false
			}
			list = append(list, roleEntry{table: m, kind: roleTable})
		default:
			return nil, nil, false // an error: the decoder words it
		}
	}
	r.scratch = list
	if sameRoleNames(list, r.prevRoles) {
		return r.prevRoles, lines, true
	}
	out := make([]roleEntry, len(list))
	copy(out, list)
	r.prevRoles = out
	return out, lines, true
}

// sameRoleNames reports whether two lists hold the same plain role names.
func sameRoleNames(a, b []roleEntry) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	for i := range a {
		if a[i].kind != roleString || b[i].kind != roleString || a[i].name != b[i].name {
			return false
		}
	}
	return true
}

// roleTable reads { name = "Deploy", ... } into the map the decoder would
// have made: strings, integers, booleans and lists of strings.
func (r *fastReader) roleTable(t *unstable.Node) (map[string]any, bool) {
	m := make(map[string]any, 4)
	for it := t.Children(); it.Next(); {
		kv := it.Node()
		k, n := keyParts(kv.Key())
		if n != 1 {
			return nil, false
		}
		key := r.str(k[0])
		if _, dup := m[key]; dup {
			return nil, false
		}
		v := kv.Value()
		switch v.Kind {
		case unstable.String:
			m[key] = r.str(v)
		case unstable.Integer:
			x, ok := plainInt(v.Data)
			if !ok {
				return nil, false
			}
			m[key] = x
		case unstable.Bool:
			m[key] = string(v.Data) == "true"
		case unstable.Array:
			var list []any
			for it := v.Children(); it.Next(); {
				c := it.Node()
				if c.Kind != unstable.String {
					return nil, false
				}
				list = append(list, r.str(c))
			}
			if list == nil {
				list = []any{}
			}
			m[key] = list
		default:
			return nil, false
		}
	}
	return m, true
}

func (r *fastReader) setStr(dst *string, v *unstable.Node) bool {
	if v.Kind != unstable.String {
		return false
	}
	*dst = r.str(v)
	return true
}

func (r *fastReader) setBool(dst *bool, v *unstable.Node) bool {
	if v.Kind != unstable.Bool {
		return false
	}
	*dst = string(v.Data) == "true"
	return true
}

// setAny reads a value the decoder would store in an `any` field: only
// strings and plain decimal integers take the fast path.
func (r *fastReader) setAny(dst *any, v *unstable.Node) bool {
	switch v.Kind {
	case unstable.String:
		*dst = r.str(v)
		return true
	case unstable.Integer:
		x, ok := plainInt(v.Data)
		*dst = x
		return ok
	}
	return false
}

func (r *fastReader) setStrings(dst *[]string, v *unstable.Node) bool {
	if v.Kind != unstable.Array {
		return false
	}
	out := []string{}
	for it := v.Children(); it.Next(); {
		c := it.Node()
		if c.Kind != unstable.String {
			return false
		}
		out = append(out, r.str(c))
	}
	*dst = out
	return true
}

// plainInt parses a non-negative decimal integer without sign, underscores
// or leading zeros; other spellings go to the decoder.
func plainInt(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 1 && b[0] == '0' {
		return 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	x, err := strconv.ParseInt(string(b), 10, 64)
	return x, err == nil
}

// str returns a node's value as a substring of the document when the parser
// did not have to unescape it, else a copy.
func (r *fastReader) str(n *unstable.Node) string {
	d := n.Data
	if len(d) == 0 {
		return ""
	}
	off := cap(r.data) - cap(d)
	if off >= 0 && off+len(d) <= len(r.data) && &r.data[off] == &d[0] {
		return r.text[off : off+len(d)]
	}
	return string(d)
}

// lineCounter turns byte offsets into line numbers, counting newlines only
// between the previous offset and the next: reading the document in order
// costs one pass over it.
type lineCounter struct {
	data []byte
	off  int
	line int
}

func (l *lineCounter) at(n *unstable.Node) int {
	off := int(n.Raw.Offset)
	switch {
	case off > l.off:
		l.line += bytes.Count(l.data[l.off:off], []byte{'\n'})
	case off < l.off:
		l.line -= bytes.Count(l.data[off:l.off], []byte{'\n'})
	}
	l.off = off
	return l.line
}

package config

import (
	"bytes"
	"strings"
)

// This file reads the AWS shared config and credentials files.
//
// It is a line scanner that follows the grammar of the AWS SDK for Go v2
// (config/internal/ini, which is internal and cannot be imported) rule for
// rule, and records the line of every section and key as it goes. The brief
// suggested gopkg.in/ini.v1 plus a separate line scanner for origins; that
// would parse the same bytes twice with two different grammars, and ini.v1
// disagrees with the SDK on real files: it cuts `key = a#b` to "a" (the SDK
// keeps "a#b" because a comment needs a space before it), it joins lines
// ending in `\`, and it reads `"""` blocks. A profile that switchrole and the
// SDK read differently would assume the wrong role, so the scanner is the
// parser, and TestSDKAgreement and FuzzAWSConfig check it against the SDK.
//
// The SDK's rules, as implemented here:
//   - blank lines and lines whose first non-blank byte is # or ; are skipped;
//   - "[ type  name ] ; comment" is a section named "type name" (the first
//     run of blanks becomes one space; # and ; end the header);
//   - "key = value" at column 0 sets a key (lower-cased); the value loses a
//     comment that starts with " #", " ;", "\t#" or "\t;", surrounding
//     blanks, and one pair of matching surrounding quotes; ':' also works as
//     the separator when it comes before any '=';
//   - an indented "k = v" after a key with an empty value is a nested value
//     (s3 = \n  max_concurrent_requests = 10); otherwise it is a plain key;
//   - another indented line continues the previous value;
//   - anything else, and keys before the first section, are ignored.

// iniValue is one key's value and the line it was set on.
type iniValue struct {
	str    string
	nested bool // the value is a block of indented sub-keys
	line   int
}

// iniSection is one section, merged over repeated headers as the SDK does.
type iniSection struct {
	name string // "profile x", "default", "sso-session corp", "x" in credentials
	line int    // line of the first header
	keys map[string]iniValue
}

func (s *iniSection) get(key string) string { return s.keys[key].str }

func (s *iniSection) has(key string) bool {
	_, ok := s.keys[key]
	return ok
}

// iniFile is a parsed file: its sections in order of first appearance.
type iniFile struct {
	path     string
	sections []*iniSection
	byName   map[string]*iniSection
}

// parseINI parses data (already checked for size and encoding).
func parseINI(path string, data []byte) *iniFile {
	f := &iniFile{path: path, byName: make(map[string]*iniSection)}
	var cur *iniSection
	var curKey string
	lineNo := 0
	for len(data) > 0 {
		var raw []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			raw, data = data[:i], data[i+1:]
		} else {
			raw, data = data, nil
		}
		lineNo++
		line := string(raw)
		trimmedLeft := strings.TrimLeft(line, " \t")
		if strings.TrimSpace(line) == "" || trimmedLeft[0] == '#' || trimmedLeft[0] == ';' {
			continue
		}
		if name, ok := sectionHeader(line); ok {
			curKey = ""
			if s, seen := f.byName[name]; seen {
				cur = s
			} else {
				cur = &iniSection{name: name, line: lineNo, keys: make(map[string]iniValue)}
				f.byName[name] = cur
				f.sections = append(f.sections, cur)
			}
			continue
		}
		indented := line[0] == ' ' || line[0] == '\t'
		if !indented {
			k, v, ok := splitINIProperty(strings.TrimRight(trimINIComment(line), " \t"))
			if !ok || cur == nil {
				continue
			}
			curKey = strings.ToLower(k)
			cur.keys[curKey] = iniValue{str: unquoteINI(v), line: lineNo}
			continue
		}
		if k, v, ok := splitINIProperty(trimmedLeft); ok {
			if cur == nil {
				continue
			}
			if prev, had := cur.keys[curKey]; curKey == "" || !had || prev.str != "" {
				// An orphan sub-key becomes a plain key (SDK leniency).
				curKey = strings.ToLower(k)
				cur.keys[curKey] = iniValue{str: strings.TrimSpace(trimINIComment(unquoteINI(v))), line: lineNo}
				continue
			}
			prev := cur.keys[curKey]
			prev.nested = true
			cur.keys[curKey] = prev
			continue
		}
		if cur == nil || curKey == "" {
			continue
		}
		if prev, had := cur.keys[curKey]; had && prev.str != "" && !prev.nested {
			prev.str += "\n" + trimmedLeft
			cur.keys[curKey] = prev
		}
	}
	return f
}

// sectionHeader recognises "[ type name ]" (comments after # or ; dropped) and
// returns the SDK's section name, "type name" or just "name".
func sectionHeader(line string) (string, bool) {
	if i := strings.IndexAny(line, "#;"); i >= 0 {
		line = line[:i]
	}
	t := strings.TrimSpace(line)
	if len(t) < 2 || t[0] != '[' || t[len(t)-1] != ']' {
		return "", false
	}
	t = strings.TrimSpace(t[1 : len(t)-1])
	// The first run of blanks separates type from name; the name keeps any
	// later blanks. A name that is all blanks after the type means no name.
	first := strings.IndexAny(t, " \t")
	if first < 0 {
		return t, true
	}
	rest := strings.TrimLeft(t[first:], " \t")
	return t[:first] + " " + rest, true
}

// trimINIComment drops an inline comment, which needs a blank before it.
func trimINIComment(s string) string {
	for _, sep := range [...]string{" #", " ;", "\t#", "\t;"} {
		if i := strings.Index(s, sep); i >= 0 {
			s = s[:i]
		}
	}
	return s
}

// splitINIProperty splits "key = value" (or "key: value" when the colon comes
// first) into trimmed key and value.
func splitINIProperty(s string) (key, value string, ok bool) {
	eq := strings.IndexByte(s, '=')
	colon := strings.IndexByte(s, ':')
	i := eq
	if eq < 0 || colon >= 0 && colon < eq {
		i = colon
	}
	if i < 0 {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:]), true
}

// unquoteINI removes one pair of matching surrounding quotes.
func unquoteINI(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return s[1 : len(s)-1]
	}
	return s
}

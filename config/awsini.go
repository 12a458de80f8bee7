package config

import (
	"math"

	"gopkg.in/ini.v1"
)

// This file reads the AWS shared config and credentials files into sections
// and keys, the way the AWS SDK for Go v2 reads them (its parser,
// config/internal/ini, cannot be imported). gopkg.in/ini.v1 is the parser:
// it reads the sections, splits keys from values, lower-cases keys and keeps
// the last value of a repeated key. In front of it, the line pass
// (awsini_lines.go) applies the SDK's line rules that no ini.v1 option
// reproduces, records the line of every section and key for origins, and
// hands ini.v1 a canonical text that it reads exactly as the SDK reads the
// file. parseINI then takes the values from ini.v1 and the lines from the
// line pass, and reports any disagreement between the two. TestINIV1DivergesFromSDK shows each rule on a raw file;
// TestSDKAgreement, FuzzAWSConfig and FuzzParseINI check the result against
// the SDK.

// iniV1Options configure ini.v1 for the canonical text of the line pass.
// Options left at their default on purpose:
//   - Insensitive, InsensitiveSections: the SDK's section names are
//     case-sensitive ([profile Prod] is not [profile prod]);
//   - AllowShadows: the SDK keeps the last value of a repeated key;
//   - AllowNestedValues: ini.v1 keeps nested values after a later "k = x",
//     which the SDK forgets; nesting comes from the line pass;
//   - AllowPythonMultilineValues: it swallows indented "key = value" lines,
//     which the SDK reads as keys; continuations come from the line pass;
//   - SpaceBeforeInlineComment: moot with IgnoreInlineComment;
//   - SkipUnrecognizableLines, UnparseableSections: the canonical text has
//     no such lines, and an error is louder than a skipped line;
//   - AllowBooleanKeys: a key without a value is no key to the SDK.
var iniV1Options = ini.LoadOptions{
	// The SDK lower-cases keys (strings.ToLower, as ini.v1).
	InsensitiveKeys: true,
	// A trailing backslash is part of the value to the SDK.
	IgnoreContinuation: true,
	// The line pass cut comments by the SDK's rule; a # or ; left in a
	// value is data.
	IgnoreInlineComment: true,
	// The line pass removed the quotes by the SDK's rule (one pair, even
	// with the same quote inside); quotes left are data.
	PreserveSurroundedQuote: true,
	// The canonical text writes "key = value".
	KeyValueDelimiters: "=",
	// Each header is a section of its own, merged by parseINI as the SDK
	// merges repeated headers. Merging in ini.v1 costs a linear scan of all
	// section names per header: quadratic in the number of sections (2
	// million string compares for 2,000 profiles).
	AllowNonUniqueSections: true,
}

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
	// problems are lines the AWS SDK for Go cannot read at all (it
	// crashes on them), or an internal error. Load must report them: the
	// SDK, and with it switchrole's credentials engine, fails on the whole
	// file.
	problems []*Error
}

// parseINI parses data (already checked for size and encoding).
func parseINI(path string, data []byte) *iniFile {
	return runLinePass(path, data).readCanonical()
}

// readCanonical parses the canonical text with ini.v1 and returns the file
// with the values ini.v1 read and the lines the line pass recorded.
func (lp *iniLinePass) readCanonical() *iniFile {
	f := lp.f
	parsed, err := ini.LoadSources(iniV1Options, lp.canon)
	if err != nil {
		// The canonical text is built for ini.v1; failing to read it is a
		// bug. ini.v1's message quotes the line, which may hold a secret.
		f.internalError(0)
		return f
	}
	// ini.v1's sections: its implicit DEFAULT (empty: the canonical text
	// starts with a header), then one per header of the canonical text, in
	// file order.
	got := parsed.Sections()
	if len(got) != len(lp.headers)+1 {
		f.internalError(0)
		return f
	}
	set, want := 0, 0 // key values taken from ini.v1, keys found by the line pass
	for i, sec := range got[1:] {
		h := lp.headers[i]
		end := math.MaxInt
		if i+1 < len(lp.headers) {
			end = lp.headers[i+1].line
		}
		n, ok := f.fill(h.section, sec, lp, h.line, end)
		if !ok || sec.Name() != h.section.name {
			f.internalError(h.line)
			return f
		}
		set += n
	}
	for _, s := range f.sections {
		want += len(s.keys)
	}
	if set != want {
		f.internalError(0)
	}
	return f
}

// fill sets the values of s from ini.v1's reading of one block of s: the
// keys from line start to before line end. A key set again in a later block
// takes its value from there (the line pass knows the last line of each key),
// as in the SDK. fill returns how many values it set, and false when ini.v1
// found a key the line pass did not.
func (f *iniFile) fill(s *iniSection, sec *ini.Section, lp *iniLinePass, start, end int) (int, bool) {
	n := 0
	for _, k := range sec.Keys() {
		name := k.Name()
		if real, ok := lp.aliases[name]; ok {
			name = real
		}
		v, ok := s.keys[name]
		if !ok {
			return n, false
		}
		if v.line < start || v.line >= end {
			continue // set again under another header of s
		}
		v.str = k.Value() // Value, not String: String expands %(name)s
		if o, ok := lp.overrides[v.line]; ok {
			v.str = o
		}
		s.keys[name] = v
		n++
	}
	return n, true
}

// internalError reports that ini.v1 and the line pass disagree: a bug in
// switchrole, never to be papered over, since a profile read differently
// from the SDK could assume the wrong role.
func (f *iniFile) internalError(line int) {
	f.problems = append(f.problems, &Error{
		Origin: Origin{File: f.path, Line: line},
		Msg:    "switchrole cannot read this file the way the AWS SDK does (a bug in switchrole; please report it with the file, secrets removed)",
	})
}

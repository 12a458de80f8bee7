package config

import (
	"strconv"
	"strings"
)

// This file is the line pass of parseINI: it reads the AWS shared config and
// credentials files line by line with the rules of the AWS SDK for Go v2
// (config/internal/ini, which cannot be imported) and produces two things:
//
//   - the line index: every section with the line of its first header, every
//     key with the line that set it last, and whether it holds nested
//     values. ini.v1 keeps no line numbers, and errors and `list --json`
//     print FILE:LINE;
//   - the canonical text that gopkg.in/ini.v1 then parses: one "[name]" per
//     header and one "key = value" per key assignment, written so that
//     ini.v1 (with iniV1Options) reads exactly what the SDK reads.
//
// Why a canonical text rather than the file itself: no LoadOptions make
// ini.v1 read AWS files the way the SDK does (TestINIV1DivergesFromSDK shows
// each case on the raw file). The SDK's rules that ini.v1 lacks, and so live
// here:
//   - a comment needs a blank before it and is cut from the whole line
//     before the key is split off ("k = a#b" is "a#b"; "k = a ;b #c" is
//     "a"); ini.v1 looks for " #", then " ;", and never for a tab;
//   - "[ type  name ] ; c" names the section "type name"; ini.v1 keeps the
//     blanks, reads "[a] x" as [a] and stops at an unclosed "[a";
//   - an indented "k = v" is a key of its own unless it follows a key with
//     an empty value (then it is a nested value); an indented line without
//     '=' or ':' continues the previous value with a line break. ini.v1's
//     Python multi-line values swallow indented keys, its nested values
//     outlive a later "k = x", and without them continuations are dropped;
//   - one pair of surrounding quotes is removed, even when the same quote
//     occurs inside ('"a"b"' is `a"b`); ini.v1 keeps such a value whole;
//   - `"""`, a leading backtick and a trailing backslash are plain text;
//     ini.v1 reads them as its multi-line and quoting syntax;
//   - keys before the first section, keys of "[]", and lines that are none
//     of the above are ignored; ini.v1 files keys before the first section
//     under DEFAULT (where a real [DEFAULT] would collect them).

// sdkQuotes are the characters the SDK strips in pairs around a value.
const sdkQuotes = `"'`

// iniLinePass holds the state of the line pass: the SDK parser's current
// section and key, and what has been produced so far.
type iniLinePass struct {
	f   *iniFile
	cur *iniSection // nil before the first header and after "[]": keys are ignored
	// pending is the key assignment in progress (when hasPending): it is
	// written out once no continuation line can extend its value any more.
	pending    pendingKey
	hasPending bool
	// canon is the text for ini.v1: a "[name]" line per header (except
	// "[]") and a "key = value" line per key assignment, in file order.
	canon []byte
	// headers lists the headers in canon, in order: ini.v1 reads a
	// repeated header as a section of its own (see iniV1Options), and
	// parseINI merges them as the SDK does.
	headers   []iniHeader
	blockKeys int // key lines written since the last header in canon
	// aliases maps a stand-in key name written for ini.v1 to the key as
	// the SDK names it, for keys ini.v1 cannot spell (see iniV1Key).
	aliases map[string]string
	aliasOf map[string]string
	// overrides holds, by line, a value ini.v1 cannot spell (see
	// appendINIV1Value: a multi-line value with both ` and """ in it) or
	// should not read (see maxINIV1ValueLines).
	overrides map[int]string
}

// Bounds that keep ini.v1 linear in the size of the file:
//   - ini.v1 looks for an existing key by a linear scan of its section, so
//     a section with n keys costs n²/2 string compares (80,000 keys, a
//     1.4 MB file: 15 s). The line pass repeats the header every
//     maxINIV1BlockKeys keys, and parseINI merges the blocks like
//     repeated headers.
//   - ini.v1 builds a multi-line value by adding line after line to a
//     string, copying it each time (80,000 continuation lines: 27 s). A
//     value of more than maxINIV1ValueLines lines goes in overrides.
const (
	maxINIV1BlockKeys  = 64
	maxINIV1ValueLines = 64
)

// iniHeader is where a block of a section starts in canon: a header line
// of the file, or the first key of a block after maxINIV1BlockKeys keys.
type iniHeader struct {
	section *iniSection
	line    int
}

// pendingKey is the SDK's "current key" with the value it has so far.
type pendingKey struct {
	sec   *iniSection
	raw   string // the key as written (ini.v1 lower-cases it)
	key   string // lower-cased, as the SDK stores it
	value string // the first line of the value
	// more are its continuation lines, joined once at the end (adding
	// them one by one would copy the value once per line).
	more   []string
	line   int
	nested bool
}

// runLinePass reads data line by line; the result is the skeleton of the
// iniFile (sections, key lines, nesting, problems) and the canonical text.
func runLinePass(path string, data []byte) *iniLinePass {
	p := &iniLinePass{
		f:     &iniFile{path: path, byName: make(map[string]*iniSection)},
		canon: make([]byte, 0, len(data)+len(data)/8),
	}
	text := string(data) // one copy; lines, keys and values are slices of it
	lineNo := 0
	for len(text) > 0 {
		var line string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			line, text = text, ""
		}
		lineNo++
		p.line(lineNo, line)
	}
	p.flush()
	return p
}

// line applies the SDK's tokenizer to one line (without its '\n'; a '\r'
// stays, as in the SDK, and is trimmed where the SDK trims blanks).
func (p *iniLinePass) line(no int, line string) {
	if strings.TrimSpace(line) == "" {
		return
	}
	trimmedLeft := strings.TrimLeft(line, " \t") // not empty: the line is not blank
	if trimmedLeft[0] == '#' || trimmedLeft[0] == ';' {
		return
	}
	if name, ok := sdkSectionName(line); ok {
		p.header(no, name)
		return
	}
	if line[0] != ' ' && line[0] != '\t' {
		k, v, ok := splitSDKProperty(strings.TrimRight(cutSDKComment(line), " \t"))
		if ok {
			p.property(no, k, v)
		}
		return
	}
	if k, v, ok := splitSDKProperty(trimmedLeft); ok {
		p.subProperty(no, k, v)
		return
	}
	p.continuation(trimmedLeft)
}

func (p *iniLinePass) header(no int, name string) {
	p.flush()
	s, seen := p.f.byName[name]
	if !seen {
		s = &iniSection{name: name, line: no, keys: make(map[string]iniValue)}
		p.f.byName[name] = s
		p.f.sections = append(p.f.sections, s)
	}
	if name == "" {
		// The SDK keeps "[]" as a section but files no key under it (a
		// key needs a section name), and ini.v1 refuses an empty name.
		p.cur = nil
		return
	}
	p.cur = s
	p.headers = append(p.headers, iniHeader{section: s, line: no})
	p.appendHeader(name)
}

func (p *iniLinePass) appendHeader(name string) {
	p.canon = append(p.canon, '[')
	p.canon = append(p.canon, name...)
	p.canon = append(p.canon, "]\n"...)
	p.blockKeys = 0
}

// property is "key = value" at column 0.
func (p *iniLinePass) property(no int, rawKey, value string) {
	p.checkLoneQuote(no, rawKey, value)
	if p.cur == nil {
		return
	}
	p.flush()
	p.pending = pendingKey{sec: p.cur, raw: rawKey, key: strings.ToLower(rawKey), value: sdkUnquote(value), line: no}
	p.hasPending = true
}

// subProperty is an indented "key = value": a nested value after a key
// with an empty value, otherwise a key of its own ("promoted" by the SDK,
// which then removes quotes before the comment, the other way round).
func (p *iniLinePass) subProperty(no int, rawKey, value string) {
	p.checkLoneQuote(no, rawKey, value)
	if p.cur == nil {
		return
	}
	if p.hasPending && p.pending.key != "" && p.pending.value == "" {
		p.pending.nested = true
		return
	}
	p.flush()
	v := strings.TrimSpace(cutSDKComment(sdkUnquote(value)))
	p.pending = pendingKey{sec: p.cur, raw: rawKey, key: strings.ToLower(rawKey), value: v, line: no}
	p.hasPending = true
}

// continuation is an indented line without a separator: it extends a
// non-empty value with a line break (the SDK keeps trailing blanks and
// comments here) and is ignored otherwise.
func (p *iniLinePass) continuation(text string) {
	if p.hasPending && p.pending.key != "" && p.pending.value != "" {
		p.pending.more = append(p.pending.more, text)
	}
}

// flush records the pending key in the index and writes it for ini.v1.
func (p *iniLinePass) flush() {
	if !p.hasPending {
		return
	}
	k := &p.pending
	p.hasPending = false
	k.sec.keys[k.key] = iniValue{line: k.line, nested: k.nested}
	if p.blockKeys == maxINIV1BlockKeys {
		// Start another block of the section (see maxINIV1BlockKeys).
		p.headers = append(p.headers, iniHeader{section: k.sec, line: k.line})
		p.appendHeader(k.sec.name)
	}
	p.blockKeys++
	value := k.value
	if len(k.more) > 0 {
		value += "\n" + strings.Join(k.more, "\n")
	}
	p.canon = append(p.canon, p.iniV1Key(k.raw, k.key)...)
	p.canon = append(p.canon, " = "...)
	ok := len(k.more) < maxINIV1ValueLines
	if ok {
		p.canon, ok = appendINIV1Value(p.canon, value)
	}
	if !ok {
		if p.overrides == nil {
			p.overrides = make(map[int]string)
		}
		p.overrides[k.line] = value
	}
	p.canon = append(p.canon, '\n')
}

// iniV1Key returns how to write a key so that ini.v1 files it under the
// SDK's name. Keys that ini.v1 would read as something else (a section, a
// comment, its quoted-key syntax, its "-" auto-increment key, or an error
// for "") get a stand-in that no SDK key can equal (SDK keys never hold an
// '='), quoted with backticks, and parseINI puts the real name back. No AWS
// setting has such a name; the stand-in keeps the file's structure exact.
func (p *iniLinePass) iniV1Key(raw, key string) string {
	if raw != "" && raw != "-" && !strings.ContainsRune("\"`[#;", rune(raw[0])) {
		return raw
	}
	if a, ok := p.aliasOf[key]; ok {
		return "`" + a + "`"
	}
	if p.aliases == nil {
		p.aliases, p.aliasOf = make(map[string]string), make(map[string]string)
	}
	a := "=" + strconv.Itoa(len(p.aliases))
	p.aliases[a], p.aliasOf[key] = key, a
	return "`" + a + "`"
}

// appendINIV1Value writes s so that ini.v1, with iniV1Options, reads back
// exactly s: as is when ini.v1 reads it literally, otherwise quoted with
// ini.v1's backticks, or for a multi-line value its backticks or """ (which
// end at the last backtick or """ of the closing line). ok is false, and
// nothing is written, for a multi-line value whose lines before the last
// hold both a backtick and """: ini.v1 has no spelling for it.
func appendINIV1Value(b []byte, s string) ([]byte, bool) {
	nl := strings.LastIndexByte(s, '\n')
	switch {
	case nl < 0 && s == strings.TrimSpace(s) && !strings.HasPrefix(s, "`") && !strings.HasPrefix(s, `"""`):
		return append(b, s...), true
	case nl < 0 || !strings.Contains(s[:nl], "`"):
		b = append(b, '`')
		b = append(b, s...)
		return append(b, '`'), true
	case !strings.Contains(s[:nl], `"""`):
		b = append(b, `"""`...)
		b = append(b, s...)
		return append(b, `"""`...), true
	}
	return b, false
}

// checkLoneQuote reports a value that is a single quote character: the
// SDK's tokenizer crashes on it (it strips a "pair" of quotes from a
// one-character string), so every AWS SDK for Go program, switchrole's
// credentials engine included, would fail on this file, whichever profile
// it asks for.
func (p *iniLinePass) checkLoneQuote(no int, rawKey, value string) {
	if len(value) != 1 || !strings.Contains(sdkQuotes, value) {
		return
	}
	key := strings.ToLower(rawKey)
	p.f.problems = append(p.f.problems, &Error{
		Origin: Origin{File: p.f.path, Line: no},
		Key:    key,
		Msg:    key + " = " + value + " is a lone quote, which crashes the AWS SDK for Go when it reads this file; remove it, or write " + value + value + " for an empty value",
	})
}

// sdkSectionName recognises "[ type name ]" (a comment after # or ; is
// dropped) and returns the SDK's name: "type name", or "name" alone.
func sdkSectionName(line string) (string, bool) {
	if i := strings.IndexAny(line, "#;"); i >= 0 {
		line = line[:i]
	}
	t := strings.TrimSpace(line)
	if len(t) < 2 || t[0] != '[' || t[len(t)-1] != ']' {
		return "", false
	}
	t = strings.TrimSpace(t[1 : len(t)-1])
	// The first run of spaces or tabs separates type from name; the name
	// keeps any later blanks.
	first := strings.IndexAny(t, " \t")
	if first < 0 {
		return t, true
	}
	return t[:first] + " " + strings.TrimLeft(t[first:], " \t"), true
}

// cutSDKComment drops an inline comment, which needs a space or tab before
// its # or ;. The earliest such comment wins.
func cutSDKComment(s string) string {
	for _, sep := range [...]string{" #", " ;", "\t#", "\t;"} {
		if i := strings.Index(s, sep); i >= 0 {
			s = s[:i]
		}
	}
	return s
}

// splitSDKProperty splits "key = value" (or "key: value" when the colon
// comes first) into trimmed key and value.
func splitSDKProperty(s string) (key, value string, ok bool) {
	i := strings.IndexAny(s, "=:")
	if i < 0 {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:]), true
}

// sdkUnquote removes one pair of matching surrounding quotes. (The SDK
// crashes on a lone quote; checkLoneQuote reports that case.)
func sdkUnquote(s string) string {
	if len(s) >= 2 && s[0] == s[len(s)-1] && strings.IndexByte(sdkQuotes, s[0]) >= 0 {
		return s[1 : len(s)-1]
	}
	return s
}

package config

import (
	"bytes"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// This file is the line pass, the parser of the AWS shared config and
// credentials files: it reads them line by line with the rules of the AWS
// SDK for Go v2 and records every section with the line of its first header,
// and every key with its value, the line that set it last, and whether it
// holds nested values. The SDK's rules, which gopkg.in/ini.v1 does not
// follow (TestINIV1DivergesFromSDK):
//   - a comment needs a blank before it and is cut from the whole line
//     before the key is split off ("k = a#b" is "a#b"; "k = a ;b #c" is
//     "a");
//   - "[ type  name ] ; c" names the section "type name"; "[a] x" and an
//     unclosed "[a" are no header;
//   - an indented "k = v" is a key of its own unless it follows a key with
//     an empty value (then it is a nested value); an indented line without
//     '=' or ':' continues the previous value with a line break;
//   - one pair of surrounding quotes is removed, even when the same quote
//     occurs inside ('"a"b"' is `a"b`);
//   - `"""`, a leading backtick and a trailing backslash are plain text;
//   - keys before the first section, keys of "[]", and lines that are none
//     of the above are ignored.

// sdkQuotes are the characters the SDK strips in pairs around a value.
const sdkQuotes = `"'`

// iniLinePass holds the state of the line pass: the SDK parser's current
// section and key.
type iniLinePass struct {
	f   *iniFile
	cur *iniSection // nil before the first header and after "[]": keys are ignored
	// pending is the key assignment in progress (when hasPending): it is
	// recorded once no continuation line can extend its value any more.
	pending    pendingKey
	hasPending bool
	// pool hands out sections in blocks, and free is where the values
	// of the section being read go, one after the other (see open):
	// 10,000 profiles cost a few allocations, not 20,000, and no unused
	// room for values.
	pool []iniSection
	free []iniValue
	// repeats: a section name came twice (see section).
	repeats bool
}

// pendingKey is the SDK's "current key" with the value it has so far.
type pendingKey struct {
	sec *iniSection
	key string // lower-cased, as the SDK stores it
	// known: key is awsKey k, one switchrole reads.
	k     awsKey
	known bool
	value string // the first line of the value
	// more are its continuation lines, joined once at the end (adding
	// them one by one would copy the value once per line).
	more   []string
	line   int
	nested bool
}

// runLinePass reads data line by line into an iniFile.
func runLinePass(path string, data []byte) *iniFile {
	// Sized for one section per '[' (counted faster than the lines that
	// start with one): growing the map would hash every name again.
	n := bytes.Count(data, []byte{'['}) + 1
	p := &iniLinePass{f: &iniFile{path: path, byName: make(map[string]*iniSection, n), sections: make([]*iniSection, 0, n)}}
	// Keys and values are slices of the file's bytes, which nothing
	// writes after reading: no copy of a 1.8 MB file.
	text := unsafe.String(unsafe.SliceData(data), len(data))
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
	p.open(nil)
	return p.f
}

// line applies the SDK's tokenizer to one line (without its '\n'; a '\r'
// stays, as in the SDK, and is trimmed where the SDK trims blanks).
func (p *iniLinePass) line(no int, line string) {
	trimmedLeft := trimBlanksLeft(line)
	if trimSpace(trimmedLeft) == "" {
		return
	}
	c := trimmedLeft[0]
	if c == '#' || c == ';' {
		return
	}
	// A header starts with '[' once blanks are trimmed, which trims other
	// ASCII controls and Unicode spaces too: no other line can be one.
	if c == '[' || c < ' ' || c >= utf8.RuneSelf {
		if name, ok := sdkSectionName(line); ok {
			p.header(no, name)
			return
		}
	}
	if line[0] != ' ' && line[0] != '\t' {
		k, v, ok := splitSDKLine(line)
		if ok {
			p.property(no, k, v)
		} else if line[0] == '[' {
			p.f.malformed = append(p.f.malformed, malformedLine{line: no, text: strings.TrimSpace(line), section: p.cur})
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
	s := p.section(name, no)
	if name == "" {
		// The SDK keeps "[]" as a section but files no key under it (a
		// key needs a section name).
		s = nil
	}
	p.open(s)
}

// open makes s (nil: none) the section keys go to. The section before it
// keeps exactly the values it has; a new section's values go to free, a
// section read before gets more the usual way (append copies them).
func (p *iniLinePass) open(s *iniSection) {
	if c := p.cur; c != nil {
		n := len(c.vals)
		if n > 0 && n <= len(p.free) && &c.vals[0] == &p.free[0] {
			p.free = p.free[n:]
		}
		c.vals = c.vals[:n:n]
	}
	p.cur = s
	if s == nil || s.vals != nil {
		return
	}
	if len(p.free) < int(numAWSKeys) {
		p.free = make([]iniValue, 4096)
	}
	s.vals = p.free[:0]
}

// section returns the section called name, new at line no unless an
// earlier header opened it. Names are nearly always new: the name is
// hashed once, into the map, until the first one that is not (then the
// map is asked first).
func (p *iniLinePass) section(name string, no int) *iniSection {
	if p.repeats {
		if s, seen := p.f.byName[name]; seen {
			return s
		}
	}
	s := p.newSection(name, no)
	n := len(p.f.byName)
	p.f.byName[name] = s
	if len(p.f.byName) > n {
		p.f.sections = append(p.f.sections, s)
		return s
	}
	// The first repeated name: give its section back, and look names up
	// from now on.
	p.repeats = true
	for _, old := range p.f.sections {
		if old.name == name {
			p.f.byName[name] = old
			p.pool = p.pool[:len(p.pool)-1]
			return old
		}
	}
	p.f.sections = append(p.f.sections, s) // not reached: every name in the map is in the list
	return s
}

// newSection takes a section from the pool.
func (p *iniLinePass) newSection(name string, line int) *iniSection {
	if len(p.pool) == cap(p.pool) {
		p.pool = make([]iniSection, 0, 256)
	}
	p.pool = append(p.pool, iniSection{name: name, line: int32(line)})
	return &p.pool[len(p.pool)-1]
}

// property is "key = value" at column 0.
func (p *iniLinePass) property(no int, rawKey, value string) {
	p.checkLoneQuote(no, rawKey, value)
	if p.cur == nil {
		return
	}
	p.flush()
	p.pending = pendingKey{sec: p.cur, value: sdkUnquote(value), line: no}
	p.pending.key, p.pending.k, p.pending.known = keyOf(rawKey)
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
	p.pending = pendingKey{sec: p.cur, value: v, line: no}
	p.pending.key, p.pending.k, p.pending.known = keyOf(rawKey)
	p.hasPending = true
}

// keyOf is the name the SDK stores rawKey under (lower case) and, for a key
// switchrole reads, its awsKey: the common key, already in lower case, is
// looked at once.
func keyOf(rawKey string) (name string, k awsKey, known bool) {
	if k, ok := awsKeyOf(rawKey); ok {
		return awsKeyNames[k], k, true
	}
	name = strings.ToLower(rawKey)
	k, known = awsKeyOf(name)
	return name, k, known
}

// continuation is an indented line without a separator: it extends a
// non-empty value with a line break (the SDK keeps trailing blanks and
// comments here) and is ignored otherwise.
func (p *iniLinePass) continuation(text string) {
	if p.hasPending && p.pending.key != "" && p.pending.value != "" {
		p.pending.more = append(p.pending.more, text)
	}
}

// flush records the pending key in its section.
func (p *iniLinePass) flush() {
	if !p.hasPending {
		return
	}
	k := &p.pending
	p.hasPending = false
	value := k.value
	if len(k.more) > 0 {
		value += "\n" + strings.Join(k.more, "\n")
	}
	v := iniValue{str: value, line: int32(k.line), nested: k.nested}
	if k.known {
		k.sec.setKnown(k.k, v)
		return
	}
	k.sec.set(k.key, v)
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
	for i := 0; i < len(line); i++ {
		if line[i] == '#' || line[i] == ';' {
			line = line[:i]
			break
		}
	}
	t := trimSpace(line)
	if len(t) < 2 || t[0] != '[' || t[len(t)-1] != ']' {
		return "", false
	}
	t = strings.TrimSpace(t[1 : len(t)-1])
	// The first run of spaces or tabs separates type from name; the name
	// keeps any later blanks.
	first := strings.IndexByte(t, ' ')
	if tab := strings.IndexByte(t, '\t'); tab >= 0 && (first < 0 || tab < first) {
		first = tab
	}
	if first < 0 {
		return t, true
	}
	if t[first] == ' ' && t[first+1] != ' ' && t[first+1] != '\t' {
		return t, true // already "type name": no copy
	}
	return t[:first] + " " + trimBlanksLeft(t[first:]), true
}

// splitSDKLine is splitSDKProperty(trimBlanksRight(cutSDKComment(line)))
// in one pass: bytes up to the separator one by one (a comment may start
// before it), the value's by IndexByte, which finds no comment in most.
func splitSDKLine(line string) (key, value string, ok bool) {
	sep := -1
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == '=' || c == ':' {
			sep = i
			break
		}
		if (c == '#' || c == ';') && i > 0 && isBlank(line[i-1]) {
			return "", "", false // the comment leaves no separator
		}
	}
	if sep < 0 {
		return "", "", false
	}
	rest := line[sep+1:]
	return trimSpace(line[:sep]), trimSpace(rest[:commentStart(rest)]), true
}

// commentStart is where the first inline comment of s (a # or ; after a
// space or tab) starts, that blank included, or len(s).
func commentStart(s string) int {
	end := len(s)
	for _, c := range [...]byte{'#', ';'} {
		for from := 0; from < end; {
			i := strings.IndexByte(s[from:end], c)
			if i < 0 {
				break
			}
			i += from
			if i > 0 && isBlank(s[i-1]) {
				end = i - 1
				break
			}
			from = i + 1
		}
	}
	return end
}

// isBlank reports whether c is a space or tab.
func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// trimSpace is strings.TrimSpace, without its call for the common string
// that has nothing but spaces and tabs to trim ("role_arn " before its =).
func trimSpace(s string) string {
	t := trimBlanksRight(trimBlanksLeft(s))
	if len(t) > 0 && t[0] > ' ' && t[0] < utf8.RuneSelf && t[len(t)-1] > ' ' && t[len(t)-1] < utf8.RuneSelf {
		return t
	}
	return strings.TrimSpace(s)
}

// cutSDKComment drops an inline comment, which needs a space or tab before
// its # or ;. The earliest such comment wins.
func cutSDKComment(s string) string {
	for i := 1; i < len(s); i++ {
		if (s[i] == '#' || s[i] == ';') && (s[i-1] == ' ' || s[i-1] == '\t') {
			return s[:i-1]
		}
	}
	return s
}

// splitSDKProperty splits "key = value" (or "key: value" when the colon
// comes first) into trimmed key and value.
func splitSDKProperty(s string) (key, value string, ok bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '=' || s[i] == ':' {
			return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:]), true
		}
	}
	return "", "", false
}

// trimBlanksLeft drops the spaces and tabs that start s.
func trimBlanksLeft(s string) string {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return s[i:]
}

// trimBlanksRight drops the spaces and tabs that end s.
func trimBlanksRight(s string) string {
	i := len(s)
	for i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
		i--
	}
	return s[:i]
}

// sdkUnquote removes one pair of matching surrounding quotes. (The SDK
// crashes on a lone quote; checkLoneQuote reports that case.)
func sdkUnquote(s string) string {
	if len(s) >= 2 && s[0] == s[len(s)-1] && strings.IndexByte(sdkQuotes, s[0]) >= 0 {
		return s[1 : len(s)-1]
	}
	return s
}

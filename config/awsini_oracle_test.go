package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// This file checks parseINI against an oracle: the parser of the AWS SDK for
// Go v2 (config/internal/ini in config v1.33.15, which cannot be imported),
// restated in two steps as the SDK has it: each line becomes a token, then
// the tokens are applied to the sections. It deliberately shares no code
// with the line pass, and it also reports the lines on which the SDK
// crashes. The SDK's own loader checks the oracle where it can
// (TestINIV1DivergesFromSDK, TestSDKAgreement, FuzzAWSConfig).

type oracleValue struct {
	str    string
	nested bool
	line   int
}

type oracleSection struct {
	name string
	line int
	keys map[string]oracleValue
}

type oracleFile struct {
	sections []*oracleSection
	byName   map[string]*oracleSection
	crashes  []int // lines where the SDK's tokenizer panics
}

type oracleToken struct {
	line                int
	header              bool
	typ, name           string // header
	property, sub, cont bool
	key, value          string
}

func sdkOracle(text string) *oracleFile {
	f := &oracleFile{byName: map[string]*oracleSection{}}
	var tokens []oracleToken
	for i, line := range strings.Split(text, "\n") {
		tok := oracleToken{line: i + 1}
		if len(strings.TrimSpace(line)) == 0 {
			continue
		}
		if l := strings.TrimLeft(line, " \t"); strings.HasPrefix(l, "#") || strings.HasPrefix(l, ";") {
			continue
		}
		unquote := func(s string) string {
			if (strings.HasPrefix(s, "'") && strings.HasSuffix(s, "'")) || (strings.HasPrefix(s, `"`) && strings.HasSuffix(s, `"`)) {
				if len(s) == 1 {
					f.crashes = append(f.crashes, tok.line) // s[1:0] panics in the SDK
					return s
				}
				return s[1 : len(s)-1]
			}
			return s
		}
		split := func(s string) (string, string, bool) {
			eq, colon := strings.Index(s, "="), strings.Index(s, ":")
			sep := "="
			if eq == -1 || colon != -1 && colon < eq {
				sep = ":"
			}
			k, v, ok := strings.Cut(s, sep)
			return strings.TrimSpace(k), strings.TrimSpace(v), ok
		}
		h, _, _ := strings.Cut(line, "#")
		h, _, _ = strings.Cut(h, ";")
		h = strings.TrimSpace(h)
		indented := line[0] == ' ' || line[0] == '\t'
		switch {
		case strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]"):
			tok.header = true
			tok.typ, tok.name = oracleSplitProfile(strings.TrimSpace(h[1 : len(h)-1]))
		case !indented:
			s := line
			for _, c := range []string{" #", " ;", "\t#", "\t;"} {
				s, _, _ = strings.Cut(s, c)
			}
			k, v, ok := split(strings.TrimRight(s, " \t"))
			if !ok {
				continue
			}
			tok.property, tok.key, tok.value = true, strings.ToLower(k), unquote(v)
		default:
			rest := strings.TrimLeft(line, " \t")
			if k, v, ok := split(rest); ok {
				tok.sub, tok.key, tok.value = true, strings.ToLower(k), unquote(v)
			} else {
				tok.cont, tok.value = true, rest
			}
		}
		tokens = append(tokens, tok)
	}

	var csection, ckey string
	var cur *oracleSection
	for _, tok := range tokens {
		property := func(key, value string) {
			if csection == "" {
				return
			}
			ckey = key
			cur.keys[key] = oracleValue{str: value, line: tok.line}
		}
		switch {
		case tok.header:
			name := tok.name
			if tok.typ != "" {
				name = tok.typ + " " + tok.name
			}
			ckey, csection = "", name
			if _, ok := f.byName[name]; !ok {
				s := &oracleSection{name: name, line: tok.line, keys: map[string]oracleValue{}}
				f.byName[name] = s
				f.sections = append(f.sections, s)
			}
			cur = f.byName[name]
		case tok.property:
			property(tok.key, tok.value)
		case tok.sub:
			if csection == "" {
				continue
			}
			if ckey == "" || cur.keys[ckey].str != "" {
				v := tok.value
				for _, c := range []string{" #", " ;", "\t#", "\t;"} {
					v, _, _ = strings.Cut(v, c)
				}
				property(tok.key, strings.TrimSpace(v))
				continue
			}
			v := cur.keys[ckey]
			v.nested = true
			cur.keys[ckey] = v
		case tok.cont:
			if ckey == "" {
				continue
			}
			if v := cur.keys[ckey]; v.str != "" && !v.nested {
				v.str += "\n" + tok.value
				cur.keys[ckey] = v
			}
		}
	}
	return f
}

// oracleSplitProfile is the SDK's split of "type name" at the first run of
// spaces or tabs.
func oracleSplitProfile(s string) (typ, name string) {
	first := 0
	for i, r := range s {
		if r == ' ' || r == '\t' {
			if first == 0 {
				first = i
			}
		} else if first != 0 {
			return s[:first], s[i:]
		}
	}
	if first == 0 {
		return "", s
	}
	return "", ""
}

// checkAgainstOracle asserts that f is what the SDK reads from text: the same
// sections in the same order, keys, values, nesting and lines, and a problem
// on exactly the lines where the SDK crashes.
func checkAgainstOracle(t *testing.T, text string, f *iniFile) {
	t.Helper()
	want := sdkOracle(text)
	var problemLines []int
	for _, p := range f.problems {
		problemLines = append(problemLines, p.Origin.Line)
	}
	if !slices.Equal(problemLines, want.crashes) {
		t.Fatalf("problems on lines %v, the SDK crashes on lines %v (%v)", problemLines, want.crashes, f.problems)
	}
	if len(f.sections) != len(want.sections) {
		t.Fatalf("%d sections, the SDK has %d: %v", len(f.sections), len(want.sections), sectionNamesOf(f))
	}
	for i, ws := range want.sections {
		s := f.sections[i]
		if s.name != ws.name || int(s.line) != ws.line || f.byName[ws.name] != s {
			t.Fatalf("section %d = %q (line %d), the SDK has %q (line %d)", i, s.name, s.line, ws.name, ws.line)
		}
		if s.numKeys() != len(ws.keys) {
			t.Fatalf("[%s] has %d keys, the SDK %d: %v %v vs %v", s.name, s.numKeys(), len(ws.keys), s.vals, s.unknownKeys(), ws.keys)
		}
		for k, wv := range ws.keys {
			v, ok := s.value(k)
			if !ok || v.str != wv.str || v.nested != wv.nested || int(v.line) != wv.line {
				t.Fatalf("[%s] %q = %+v, the SDK has %+v", s.name, k, v, wv)
			}
		}
	}
}

func sectionNamesOf(f *iniFile) []string {
	var names []string
	for _, s := range f.sections {
		names = append(names, s.name)
	}
	return names
}

// TestParseINIOracleFiles checks the test files against the oracle.
func TestParseINIOracleFiles(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "aws", "*"))
	if len(paths) == 0 {
		t.Fatal("no test files")
	}
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			checkAgainstOracle(t, string(b), parseINI(path, b))
			crlf := strings.ReplaceAll(string(b), "\n", "\r\n")
			checkAgainstOracle(t, crlf, parseINI(path, []byte(crlf)))
		})
	}
}

// FuzzParseINI: parseINI reads any text as the SDK does.
func FuzzParseINI(f *testing.F) {
	addSeeds(f, filepath.Join("testdata", "aws"), func(s string) { f.Add(s) })
	for _, s := range []string{
		"[a]\nk = `one\n  tw`o\n  three`\n",
		"[a]\nk = `one\n  \"\"\"two\n  three\n[a]\nk = 2\n",
		"[ profile  a ] # [x]\n\"K\" = 'v'\n  j = \"w #c\"\ns3 =\n  max = 10\n\t# c\n= x\n  - = y\n[]\nk = '\n",
		"k = v\n[DEFAULT]\nk2 = \"\"\"a\n  b`\n[a]x\n[b\n  [c]\nj =\n  more\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkAgainstOracle(t, text, parseINI("f", []byte(text)))
	})
}

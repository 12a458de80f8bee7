package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/ini.v1"

	"github.com/switchrole/switchrole/config/configtest"
)

func TestParseINI(t *testing.T) {
	tests := []struct {
		name, text    string
		section, key  string
		want          string
		wantLine      int
		wantNested    bool
		wantNoSection bool
	}{
		{name: "plain", text: "[profile a]\nregion = eu-west-1\n", section: "profile a", key: "region", want: "eu-west-1", wantLine: 2},
		{name: "key case folded", text: "[profile a]\nRegion = x\n", section: "profile a", key: "region", want: "x", wantLine: 2},
		{name: "unicode key case folded", text: "[a]\nRÉGION = x\n", section: "a", key: "région", want: "x", wantLine: 2},
		{name: "section case kept", text: "[Profile A]\nk = v\n", section: "Profile A", key: "k", want: "v", wantLine: 2},
		{name: "hash without space is data", text: "[a]\nk = b#c\n", section: "a", key: "k", want: "b#c", wantLine: 2},
		{name: "space hash is comment", text: "[a]\nk = b #c\n", section: "a", key: "k", want: "b", wantLine: 2},
		{name: "tab semicolon is comment", text: "[a]\nk = b\t;c\n", section: "a", key: "k", want: "b", wantLine: 2},
		{name: "comment cut before the split", text: "[a]\nk #x = y\nk2 = v\n", section: "a", key: "k #x", want: "", wantLine: 0},
		{name: "double quotes removed", text: "[a]\nk = \"v w\"\n", section: "a", key: "k", want: "v w", wantLine: 2},
		{name: "single quotes removed", text: "[a]\nk = 'v'\n", section: "a", key: "k", want: "v", wantLine: 2},
		{name: "one pair of quotes removed", text: "[a]\nk = ''v''\n", section: "a", key: "k", want: "'v'", wantLine: 2},
		{name: "quoted blanks kept", text: "[a]\nk = \"  v  \"\n", section: "a", key: "k", want: "  v  ", wantLine: 2},
		{name: "empty quotes", text: "[a]\nk = \"\"\n", section: "a", key: "k", want: "", wantLine: 2},
		{name: "mismatched quotes kept", text: "[a]\nk = \"v'\n", section: "a", key: "k", want: "\"v'", wantLine: 2},
		{name: "comment inside quotes cuts", text: "[a]\nk = \"v #c\"\n", section: "a", key: "k", want: "\"v", wantLine: 2},
		{name: "colon separator", text: "[a]\nk: v=w\n", section: "a", key: "k", want: "v=w", wantLine: 2},
		{name: "equals before colon", text: "[a]\nk = http://x\n", section: "a", key: "k", want: "http://x", wantLine: 2},
		{name: "trailing backslash is data", text: "[a]\nk = v\\\nj = w\n", section: "a", key: "k", want: "v\\", wantLine: 2},
		{name: "percent reference kept", text: "[a]\nj = x\nk = %(j)s\n", section: "a", key: "k", want: "%(j)s", wantLine: 3},
		{name: "spaced header", text: "[  profile   b  ] # c\nk=v\n", section: "profile b", key: "k", want: "v", wantLine: 2},
		{name: "tab header", text: "[profile\tb]\nk=v\n", section: "profile b", key: "k", want: "v", wantLine: 2},
		{name: "name keeps inner blanks", text: "[profile a  b]\nk=v\n", section: "profile a  b", key: "k", want: "v", wantLine: 2},
		{name: "bracket in name", text: "[a]]\nk=v\n", section: "a]", key: "k", want: "v", wantLine: 2},
		{name: "DEFAULT is a section", text: "[DEFAULT]\nk=v\n", section: "DEFAULT", key: "k", want: "v", wantLine: 2},
		{name: "comment lines skipped", text: "# x\n; y\n[a]\n  # z\nk=v\n", section: "a", key: "k", want: "v", wantLine: 5},
		{name: "continuation appended", text: "[a]\nk = one\n  two\n", section: "a", key: "k", want: "one\ntwo", wantLine: 2},
		{name: "continuation after comment", text: "[a]\nk = one\n# c\n\ttwo  ;x\n", section: "a", key: "k", want: "one\ntwo  ;x", wantLine: 2},
		{name: "continuation with backticks", text: "[a]\nk = `one\n  tw`o\n  three`\n", section: "a", key: "k", want: "`one\ntw`o\nthree`", wantLine: 2},
		{name: "continuation with backticks and triple quotes", text: "[a]\nk = `one\n  \"\"\"two\n  three\n", section: "a", key: "k", want: "`one\n\"\"\"two\nthree", wantLine: 2},
		{name: "continuation keeps CR", text: "[a]\r\nk = one\r\n  two\r\n", section: "a", key: "k", want: "one\ntwo\r", wantLine: 2},
		{name: "continuation of empty value ignored", text: "[a]\nk =\n  two\n", section: "a", key: "k", want: "", wantLine: 2},
		{name: "nested block", text: "[a]\ns3 =\n  max = 10\nk = v\n", section: "a", key: "k", want: "v", wantLine: 4},
		{name: "nested flag", text: "[a]\ns3 =\n  max = 10\n", section: "a", key: "s3", want: "", wantLine: 2, wantNested: true},
		{name: "nested after empty quotes", text: "[a]\ns3 = ''\n  max = 10\n", section: "a", key: "max", want: "", wantLine: 0},
		{name: "comment in nested block", text: "[a]\ns3 =\n  # c\n", section: "a", key: "s3", want: "", wantLine: 2},
		{name: "nested value forgotten when set again", text: "[a]\ns3 =\n  max = 10\ns3 = x\n", section: "a", key: "s3", want: "x", wantLine: 4},
		{name: "nested value forgotten when emptied", text: "[a]\ns3 =\n  max = 10\ns3 =\n", section: "a", key: "s3", want: "", wantLine: 4},
		{name: "orphan sub-key promoted", text: "[a]\n  k = v #c\n", section: "a", key: "k", want: "v", wantLine: 2},
		{name: "promoted: quotes then comment", text: "[a]\n  k = \"v #c\"\n", section: "a", key: "k", want: "v", wantLine: 2},
		{name: "indented body", text: "[a]\n    j = 1\n    k = 2\n", section: "a", key: "k", want: "2", wantLine: 3},
		{name: "key after empty-key line promoted", text: "[a]\nj =\n= x\n  k = v\n", section: "a", key: "k", want: "v", wantLine: 4},
		{name: "empty key", text: "[a]\n= x\n", section: "a", key: "", want: "x", wantLine: 2},
		{name: "empty key, empty value: next sub-key promoted", text: "[a]\n=\n  k = v\n", section: "a", key: "k", want: "v", wantLine: 3},
		{name: "empty key is not continued", text: "[a]\n= x\n  more\n", section: "a", key: "", want: "x", wantLine: 2},
		{name: "quoted key kept", text: "[a]\n\"K\" = v\n", section: "a", key: "\"k\"", want: "v", wantLine: 2},
		{name: "backtick key kept", text: "[a]\n`k` = v\n", section: "a", key: "`k`", want: "v", wantLine: 2},
		{name: "key starting with a bracket", text: "[a]\n[k = v\n", section: "a", key: "[k", want: "v", wantLine: 2},
		{name: "key starting with a hash", text: "[a]\n\v#k = v\n", section: "a", key: "#k", want: "v", wantLine: 2},
		{name: "dash key", text: "[a]\n- = v\n", section: "a", key: "-", want: "v", wantLine: 2},
		{name: "later value wins", text: "[a]\nk = 1\n[b]\n[a]\nk = 2\n", section: "a", key: "k", want: "2", wantLine: 5},
		{name: "earlier header keeps its other keys", text: "[a]\nj = 1\nk = 1\n[a]\nk = 2\n", section: "a", key: "j", want: "1", wantLine: 2},
		{name: "spaced repeat merges", text: "[profile a]\nk = 1\n[profile  a]\nk = 2\n", section: "profile a", key: "k", want: "2", wantLine: 4},
		{name: "key before section ignored", text: "k = v\n[a]\n", section: "a", key: "k", want: "", wantLine: 0},
		{name: "keys of [] ignored", text: "[]\nk = v\n", section: "", key: "k", want: "", wantLine: 0},
		{name: "[] ends the section", text: "[a]\n[]\nk = v\n", section: "a", key: "k", want: "", wantLine: 0},
		{name: "unclosed header ignored", text: "[a]\n[profile b\nk = v\n", section: "a", key: "k", want: "v", wantLine: 3},
		{name: "text after header: no header", text: "[a]\n[b] x\nk = v\n", section: "a", key: "k", want: "v", wantLine: 3},
		{name: "indented header", text: "[b]\ns3 =\n  [a]\nk = v\n", section: "a", key: "k", want: "v", wantLine: 4},
		{name: "crlf", text: "[a]\r\nk = v\r\n", section: "a", key: "k", want: "v", wantLine: 2},
		{name: "crlf quoted", text: "[a]\r\nk = 'v'\r\n", section: "a", key: "k", want: "v", wantLine: 2},
		{name: "no final newline", text: "[a]\nk = v", section: "a", key: "k", want: "v", wantLine: 2},
		{name: "empty", text: "", section: "a", wantNoSection: true},
		{name: "header in a comment", text: "# [a]\n", section: "a", wantNoSection: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseINI("f", []byte(tt.text))
			if len(f.problems) != 0 {
				t.Fatalf("problems: %v", f.problems)
			}
			s, ok := f.byName[tt.section]
			if tt.wantNoSection {
				if ok {
					t.Fatalf("section %q exists", tt.section)
				}
				return
			}
			if !ok {
				t.Fatalf("no section %q; have %v", tt.section, f.byName)
			}
			v, _ := s.value(tt.key)
			if v.str != tt.want || int(v.line) != tt.wantLine || v.nested != tt.wantNested {
				t.Errorf("%s = %q (line %d, nested %v), want %q (line %d, nested %v)", tt.key, v.str, v.line, v.nested, tt.want, tt.wantLine, tt.wantNested)
			}
			checkAgainstOracle(t, tt.text, f)
		})
	}
}

func TestSectionHeaderLines(t *testing.T) {
	f := parseINI("f", []byte("\n\n[profile a]\nk=v\n\n[profile b]\n[profile a]\nj=w\n"))
	if got := f.byName["profile a"].line; got != 3 {
		t.Errorf("profile a line = %d, want 3 (first header)", got)
	}
	if got := f.byName["profile b"].line; got != 6 {
		t.Errorf("profile b line = %d, want 6", got)
	}
	if len(f.sections) != 2 || f.sections[0].name != "profile a" {
		t.Errorf("section order = %v", f.sections)
	}
	if got, _ := f.byName["profile a"].value("j"); got.line != 8 {
		t.Errorf("j line = %d, want 8", got.line)
	}
}

// rawINIV1Options are the LoadOptions that bring ini.v1 closest to the SDK
// on a raw AWS file (without the line pass).
var rawINIV1Options = ini.LoadOptions{
	InsensitiveKeys:          true,
	IgnoreContinuation:       true,
	SpaceBeforeInlineComment: true,
	AllowNestedValues:        true,
	SkipUnrecognizableLines:  true,
}

// rawINIV1 reads key of section from text with ini.v1 alone.
func rawINIV1(text, section, key string, opts ini.LoadOptions) (string, error) {
	f, err := ini.LoadSources(opts, []byte(text))
	if err != nil {
		return "", err
	}
	s, err := f.GetSection(section)
	if err != nil {
		return "", err
	}
	k, err := s.GetKey(key)
	if err != nil {
		return "", err
	}
	return k.Value(), nil
}

// TestINIV1DivergesFromSDK lists, line by line, where ini.v1 reading the
// raw file (with the closest options) and the AWS SDK disagree, and checks
// that parseINI reads each the way the SDK does. The SDK's reading is taken
// from the SDK itself: the region (config) or access key id (credentials)
// of the profile.
func TestINIV1DivergesFromSDK(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		creds   bool   // the text is a credentials file; the probe is aws_access_key_id
		profile string // the profile the SDK loads; "a" when empty
		want    string // what the SDK reads
		python  bool   // ini.v1 with AllowPythonMultilineValues
	}{
		{name: "tab before comment", text: "[profile a]\nregion = eu-west-1\t# primary\n", want: "eu-west-1"},
		{name: "earliest comment wins", text: "[profile a]\nregion = eu-west-1 ;a #b\n", want: "eu-west-1"},
		{name: "comment right after the separator", text: "[profile a]\nregion = #none\n", want: ""},
		{name: "quotes with the same quote inside", text: "[profile a]\nregion = \"eu\"west-1\"\n", want: "eu\"west-1"},
		{name: "promoted key: quotes before comment", text: "[profile a]\n  region = \"eu-west-1 #c\"\n", want: "eu-west-1"},
		{name: "backticks are text", text: "[profile a]\nregion = `eu-west-1`\n", want: "`eu-west-1`"},
		{name: "triple quotes are text", text: "[profile a]\nregion = \"\"\"eu-west-1\"\"\"\n", want: "\"\"eu-west-1\"\""},
		{name: "unclosed triple quotes", text: "[profile a]\nregion = \"\"\"eu-west-1\n", want: "\"\"\"eu-west-1"},
		{name: "continuation line", text: "[profile a]\nregion = eu-west-1\n  eu-west-2\n", want: "eu-west-1\neu-west-2"},
		{name: "continuation keeps blanks and comments", text: "[profile a]\nregion = eu-west-1\n  x #c  \n", want: "eu-west-1\nx #c  "},
		{name: "Python multi-line swallows keys", text: "[profile a]\nfoo = bar\n  region = eu-west-1\n", want: "eu-west-1", python: true},
		{name: "spaced header", text: "[ profile   a ]\nregion = eu-west-1\n", want: "eu-west-1"},
		{name: "bracket in header comment", text: "[profile a] # see [docs]\nregion = eu-west-1\n", want: "eu-west-1"},
		{name: "text after header: no header", text: "[profile a]\nregion = eu-west-1\n[profile b] x\nregion = us-east-1\n", want: "us-east-1"},
		{name: "unclosed header", text: "[profile a]\nregion = eu-west-1\n[profile b\nregion = us-east-1\n", want: "us-east-1"},
		{name: "indented header", text: "[profile b]\ns3 =\n  [profile a]\nregion = eu-west-1\n", want: "eu-west-1"},
		{name: "empty key ends nesting", text: "[profile a]\nregion =\n= x\n  region = eu-west-1\n", want: "eu-west-1"},
		{name: "quoted key", text: "[profile a]\nregion = eu-west-1\n\"region\" = us-east-1\n", want: "eu-west-1"},
		{name: "backtick key", text: "[profile a]\nregion = eu-west-1\n`region` = us-east-1\n", want: "eu-west-1"},
		{name: "unclosed quoted key", text: "[profile a]\n\"x = 1\nregion = eu-west-1\n", want: "eu-west-1"},
		{name: "key starting with a bracket", text: "[profile a]\n[x = 1\n  region = eu-west-1\n", want: "eu-west-1"},
		{name: "keys before the first section", creds: true, profile: "DEFAULT",
			text: "aws_access_key_id = AKIAPRE\naws_secret_access_key = SECRETMARKERpre\n[DEFAULT]\n", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			profile, section, key := tt.profile, "", "region"
			if profile == "" {
				profile = "a"
			}
			section = "profile " + profile
			if tt.creds {
				section, key = profile, keyAccessKeyID.String()
			}

			// The SDK's reading.
			dir := t.TempDir()
			cfgPath, credsPath := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
			path := cfgPath
			if tt.creds {
				path = credsPath
			}
			if err := os.WriteFile(path, []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			sc, err := sdkProfile(t, cfgPath, credsPath, profile)
			if err != nil {
				t.Fatalf("SDK: %v", err)
			}
			sdk := sc.Region
			if tt.creds {
				sdk = sc.Credentials.AccessKeyID
			}
			if sdk != tt.want {
				t.Fatalf("SDK reads %q, the table says %q", sdk, tt.want)
			}

			// ini.v1 alone reads it differently (or not at all).
			opts := rawINIV1Options
			opts.AllowPythonMultilineValues = tt.python
			if raw, err := rawINIV1(tt.text, section, key, opts); err == nil && raw == tt.want {
				t.Errorf("ini.v1 alone reads %q like the SDK: not a divergence", raw)
			}

			// parseINI agrees with the SDK.
			f := parseINI(path, []byte(tt.text))
			if len(f.problems) != 0 {
				t.Fatalf("problems: %v", f.problems)
			}
			var got string
			if s, ok := f.byName[section]; ok {
				v, _ := s.value(key)
				got = v.str
			}
			if got != tt.want {
				t.Errorf("parseINI reads %q, the SDK %q", got, tt.want)
			}
		})
	}
}

// TestParseINILoneQuote: the SDK crashes on a value that is one quote
// character, wherever it is; parseINI reports each such line.
func TestParseINILoneQuote(t *testing.T) {
	tests := []struct {
		name, text string
		lines      []int
	}{
		{name: "single quote", text: "[profile a]\nregion = '\n", lines: []int{2}},
		{name: "double quote", text: "[profile a]\nregion = \"\n", lines: []int{2}},
		{name: "before comment", text: "[profile a]\nregion = ' # c\n", lines: []int{2}},
		{name: "before any section", text: "k = '\n[a]\n", lines: []int{1}},
		{name: "in []", text: "[]\nk = '\n", lines: []int{2}},
		{name: "sub-key", text: "[a]\nk =\n  j = \"\n", lines: []int{3}},
		{name: "every line", text: "[a]\nk = '\nj: \"\n", lines: []int{2, 3}},
		{name: "quoted empty value is fine", text: "[a]\nk = ''\nj = \"\"\n"},
		{name: "sub-key comment is part of the value", text: "[a]\n  k = ' #c\n"},
		{name: "continuation is not a value", text: "[a]\nk = v\n  '\n"},
		{name: "comment", text: "[a]\n# k = '\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseINI("/home/u/.aws/config", []byte(tt.text))
			var lines []int
			for _, p := range f.problems {
				lines = append(lines, p.Origin.Line)
				if p.Origin.File != "/home/u/.aws/config" || !strings.Contains(p.Msg, "crashes the AWS SDK") {
					t.Errorf("problem = %v", p)
				}
			}
			if !slices.Equal(lines, tt.lines) {
				t.Errorf("problem lines = %v, want %v", lines, tt.lines)
			}
			checkAgainstOracle(t, tt.text, f)
		})
	}
	// The message is one sentence that names file, line, key and the fix.
	f := parseINI("/home/u/.aws/config", []byte("[profile a]\nRegion = '\n"))
	var e *Error
	if len(f.problems) != 1 || !errors.As(error(f.problems[0]), &e) {
		t.Fatalf("problems = %v", f.problems)
	}
	want := "/home/u/.aws/config:2: region = ' is a lone quote, which crashes the AWS SDK for Go when it reads this file; remove it, or write '' for an empty value"
	if e.Error() != want || e.Key != "region" {
		t.Errorf("error = %q (key %q)\nwant    %q", e.Error(), e.Key, want)
	}
}

// BenchmarkParseINIAWSConfig2000 parses a 2,000-profile ~/.aws/config
// (about 8,000 lines): the INI layer alone, without resolving profiles.
func BenchmarkParseINIAWSConfig2000(b *testing.B) {
	data := configtest.GenerateAWSConfig(2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if f := parseINI("config", data); len(f.sections) != 2001 { // [default] + 2,000 profiles
			b.Fatalf("%d sections", len(f.sections))
		}
	}
}

// bigSection is one section of n keys, each followed by lines continuation
// lines; every tenth key repeats an earlier one.
func bigSection(n, lines int) string {
	var b strings.Builder
	b.WriteString("[profile a]\n")
	for i := range n {
		key := i
		if i%10 == 9 {
			key = i / 2
		}
		fmt.Fprintf(&b, "key_%d = value %d\n", key, i)
		for j := range lines {
			fmt.Fprintf(&b, "  more %d\n", j)
		}
	}
	return b.String()
}

// TestParseINILargeSections: many keys in one section (past the point where
// a section keeps a map of its keys) and values of many lines.
func TestParseINILargeSections(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		key      string
		want     string
		wantLine int
	}{
		{name: "a key set again among many", text: bigSection(200, 0), key: "key_64", want: "value 129", wantLine: 131},
		{name: "a key set once among many", text: bigSection(200, 0), key: "key_63", want: "value 63", wantLine: 65},
		{name: "value at the line bound", text: bigSection(2, 64-1), key: "key_1",
			want: "value 1\n" + moreLines(64-1), wantLine: 2 + 64},
		{name: "value over the line bound", text: bigSection(2, 64), key: "key_1",
			want: "value 1\n" + moreLines(64), wantLine: 3 + 64},
		{name: "repeated header after many keys", text: bigSection(manyKeys, 0) + "[b]\n[profile a]\nkey_0 = again\n",
			key: "key_0", want: "again", wantLine: manyKeys + 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseINI("f", []byte(tt.text))
			checkAgainstOracle(t, tt.text, f)
			v, _ := f.byName["profile a"].value(tt.key)
			if v.str != tt.want || int(v.line) != tt.wantLine {
				t.Errorf("%s = %q (line %d), want %q (line %d)", tt.key, v.str, v.line, tt.want, tt.wantLine)
			}
		})
	}
}

func moreLines(n int) string {
	lines := make([]string, n)
	for j := range lines {
		lines[j] = fmt.Sprintf("more %d", j)
	}
	return strings.Join(lines, "\n")
}

// BenchmarkParseINIOneSection20k: 20,000 keys in one section, which ini.v1
// alone reads in quadratic time.
func BenchmarkParseINIOneSection20k(b *testing.B) {
	data := []byte(bigSection(20000, 0))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		parseINI("config", data)
	}
}

// BenchmarkParseINIContinuation20k: one value of 20,000 lines, which ini.v1
// alone (and the line-by-line string concatenation the SDK uses) reads in
// quadratic time.
func BenchmarkParseINIContinuation20k(b *testing.B) {
	data := []byte(bigSection(1, 20000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		parseINI("config", data)
	}
}

// TestAWSKeyOf: every key switchrole reads is found by its name.
func TestAWSKeyOf(t *testing.T) {
	for k := range numAWSKeys {
		if got, ok := awsKeyOf(k.String()); !ok || got != k {
			t.Errorf("awsKeyOf(%q) = %v, %v", k.String(), got, ok)
		}
	}
	if _, ok := awsKeyOf("output"); ok {
		t.Error("output is not a key switchrole reads")
	}
}

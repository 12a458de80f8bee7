package config

import (
	"testing"
)

func TestParseINI(t *testing.T) {
	tests := []struct {
		name, text    string
		section, key  string
		want          string
		wantLine      int
		wantNoSection bool
	}{
		{name: "plain", text: "[profile a]\nregion = eu-west-1\n", section: "profile a", key: "region", want: "eu-west-1", wantLine: 2},
		{name: "key case folded", text: "[profile a]\nRegion = x\n", section: "profile a", key: "region", want: "x", wantLine: 2},
		{name: "hash without space is data", text: "[a]\nk = b#c\n", section: "a", key: "k", want: "b#c", wantLine: 2},
		{name: "space hash is comment", text: "[a]\nk = b #c\n", section: "a", key: "k", want: "b", wantLine: 2},
		{name: "tab semicolon is comment", text: "[a]\nk = b\t;c\n", section: "a", key: "k", want: "b", wantLine: 2},
		{name: "double quotes removed", text: "[a]\nk = \"v w\"\n", section: "a", key: "k", want: "v w", wantLine: 2},
		{name: "single quotes removed", text: "[a]\nk = 'v'\n", section: "a", key: "k", want: "v", wantLine: 2},
		{name: "colon separator", text: "[a]\nk: v=w\n", section: "a", key: "k", want: "v=w", wantLine: 2},
		{name: "equals before colon", text: "[a]\nk = http://x\n", section: "a", key: "k", want: "http://x", wantLine: 2},
		{name: "spaced header", text: "[  profile   b  ] # c\nk=v\n", section: "profile b", key: "k", want: "v", wantLine: 2},
		{name: "tab header", text: "[profile\tb]\nk=v\n", section: "profile b", key: "k", want: "v", wantLine: 2},
		{name: "name keeps inner blanks", text: "[profile a b]\nk=v\n", section: "profile a b", key: "k", want: "v", wantLine: 2},
		{name: "comment lines skipped", text: "# x\n; y\n[a]\n  # z\nk=v\n", section: "a", key: "k", want: "v", wantLine: 5},
		{name: "continuation appended", text: "[a]\nk = one\n  two\n", section: "a", key: "k", want: "one\ntwo", wantLine: 2},
		{name: "nested block", text: "[a]\ns3 =\n  max = 10\nk = v\n", section: "a", key: "k", want: "v", wantLine: 4},
		{name: "orphan sub-key promoted", text: "[a]\n  k = v #c\n", section: "a", key: "k", want: "v", wantLine: 2},
		{name: "later value wins", text: "[a]\nk = 1\n[b]\n[a]\nk = 2\n", section: "a", key: "k", want: "2", wantLine: 5},
		{name: "key before section ignored", text: "k = v\n[a]\n", section: "a", key: "k", want: "", wantLine: 0},
		{name: "unclosed header ignored", text: "[a]\n[profile b\nk = v\n", section: "a", key: "k", want: "v", wantLine: 3},
		{name: "crlf", text: "[a]\r\nk = v\r\n", section: "a", key: "k", want: "v", wantLine: 2},
		{name: "empty", text: "", section: "a", wantNoSection: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseINI("f", []byte(tt.text))
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
			v := s.keys[tt.key]
			if v.str != tt.want || v.line != tt.wantLine {
				t.Errorf("%s = %q (line %d), want %q (line %d)", tt.key, v.str, v.line, tt.want, tt.wantLine)
			}
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
}

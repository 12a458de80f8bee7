package config

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestValidators(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) bool
		good []string
		bad  []string
	}{
		{"account id", validAccountID, []string{"123456789012", "000000000000"}, []string{"", "12345678901", "1234567890123", "12345678901a", " 23456789012"}},
		{"role name", validRoleName, []string{"Admin", "a", "A+=,.@_-z", strings.Repeat("r", 64)}, []string{"", "a b", "a/b", "a:b", strings.Repeat("r", 65)}},
		{"path", validIAMPath, []string{"/", "/a/", "/a/b/", "/a~b/"}, []string{"", "a/", "/a", "//", "/a//b/", "/a b/", "/é/"}},
		{"external id", validExternalID, []string{"ab", "ci-42:x/y=z@w", strings.Repeat("e", 1224)}, []string{"a", "a b", "a#b", strings.Repeat("e", 1225)}},
		{"session name", validSessionName, []string{"ab", "alice@example.com", strings.Repeat("s", 64)}, []string{"a", "a b", "a/b", strings.Repeat("s", 65)}},
		{"mfa serial", validMFASerial, []string{"arn:aws:iam::123456789012:mfa/alice", "arn:aws-us-gov:iam::123456789012:mfa/path/alice", "GAHT12345678", "serial:123=45"},
			[]string{"12345678", "arn:aws:iam::123456789012:user/alice", "arn:aws:iam::1234:mfa/a", "arn:aws:sts::123456789012:mfa/a", "arn:aws-iso:iam::123456789012:mfa/a", "arn:aws:iam::123456789012:mfa/", "has space 123"}},
		{"organization id", validOrgID, []string{"o-a1b2c3d4e5", "o-" + strings.Repeat("z", 32)}, []string{"", "o-", "o-a1b2c3d4e", "o-A1B2C3D4E5", "a1b2c3d4e5", "o-" + strings.Repeat("z", 33), "o-a1b2c3d4e5 "}},
		{"region", ValidRegion, []string{"eu-west-1", "us-gov-west-1", "cn-north-1", "ap-southeast-4", "us-iso-east-1", "eu-isoe-west-1"},
			[]string{"", "EU-west-1", "eu-west", "euwest-1", "eu-west-1a", "e-west-1", "eu--west-1", "eu-west-", "us-east-1 ", "eu-west--1", "eu-1-west-1", "eu-we5t-1", "eu-west-1-", "eu-west-x1"}},
	}
	for _, tt := range tests {
		for _, s := range tt.good {
			if !tt.fn(s) {
				t.Errorf("%s: %q rejected", tt.name, s)
			}
		}
		for _, s := range tt.bad {
			if tt.fn(s) {
				t.Errorf("%s: %q accepted", tt.name, s)
			}
		}
	}
}

func TestParseRoleARN(t *testing.T) {
	tests := []struct {
		arn  string
		want parsedRole
		msg  string
	}{
		{arn: "arn:aws:iam::123456789012:role/Admin", want: parsedRole{"aws", "123456789012", "/", "Admin"}},
		{arn: "arn:aws-cn:iam::123456789012:role/a/b/Admin", want: parsedRole{"aws-cn", "123456789012", "/a/b/", "Admin"}},
		{arn: "arn:aws:iam::123456789012:role/", msg: `has role name "", which is not 1-64 of letters, digits and +=,.@_-`},
		{arn: "arn:aws:iam:eu-west-1:123456789012:role/A", msg: "is not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)"},
		{arn: "arn:aws:iam::123456789012:role//A", msg: `has an invalid role path "//"`},
	}
	for _, tt := range tests {
		got, msg := parseRoleARN(tt.arn)
		if got != tt.want || msg != tt.msg {
			t.Errorf("parseRoleARN(%q) = %+v, %q; want %+v, %q", tt.arn, got, msg, tt.want, tt.msg)
		}
	}
}

func TestNormalizeColor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"red", "#f2b0a9"}, {"Red", "#f2b0a9"}, {"grey", "#c4c4c4"}, {"gray", "#c4c4c4"},
		{"#FFAAEE", "#ffaaee"}, {"ffaaee", "#ffaaee"}, {"#fae", "#ffaaee"}, {" blue ", "#83d4e8"},
		{"", ""}, {"#ffaae", ""}, {"#gggggg", ""}, {"chartreuse", ""}, {"##ffaaee", ""},
	}
	for _, tt := range tests {
		got, ok := NormalizeColor(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("NormalizeColor(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, c := range Palette {
		if hex, ok := NormalizeColor(c.Hex); !ok || hex != c.Hex {
			t.Errorf("palette %s hex %s does not normalise to itself", c.Name, c.Hex)
		}
	}
}

func TestDurations(t *testing.T) {
	tests := []struct {
		in   any
		want time.Duration
		ok   bool
	}{
		{"1h", time.Hour, true}, {"90m", 90 * time.Minute, true}, {"3600", time.Hour, true}, {int64(900), 15 * time.Minute, true},
		{"", 0, false}, {"1 hour", 0, false}, {int64(-1), 0, false}, {true, 0, false}, {3.5, 0, false},
	}
	for _, tt := range tests {
		got, ok := durationOf(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("durationOf(%v) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"region", "roles", "source", "session_duration"}
	tests := []struct{ word, want string }{
		{"regoin", "region"}, {"rolse", "roles"}, {"sorce", "source"}, {"session_duraton", "session_duration"},
		{"xyz", ""}, {"", ""}, {"completely_unrelated_key", ""},
	}
	for _, tt := range tests {
		if got := suggest(tt.word, keys); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestQuoteIsSafe(t *testing.T) {
	if got := quote("a\"b\n\x1b[31m"); got != `"a\"b??[31m"` {
		t.Errorf("quote = %s", got)
	}
	if got := quote(strings.Repeat("x", 200)); len(got) > 90 {
		t.Errorf("quote not capped: %d bytes", len(got))
	}
}

// TestValidRegionMatchesSplitRule compares ValidRegion with the rule written
// plainly (split at '-': words of lower-case letters, a final number) on
// random region-like strings.
func TestValidRegionMatchesSplitRule(t *testing.T) {
	plain := func(s string) bool {
		if len(s) < 6 || len(s) > 32 || !isLower(s[0]) || !isLower(s[1]) || s[2] != '-' {
			return false
		}
		parts := strings.Split(s[3:], "-")
		if len(parts) < 2 {
			return false
		}
		for i, p := range parts {
			if p == "" {
				return false
			}
			for j := 0; j < len(p); j++ {
				if i == len(parts)-1 && (p[j] < '0' || p[j] > '9') || i < len(parts)-1 && !isLower(p[j]) {
					return false
				}
			}
		}
		return true
	}
	const alphabet = "ab-12-zA"
	rng := rand.New(rand.NewPCG(7, 8))
	for range 200000 {
		b := []byte("eu-")
		for range rng.IntN(12) {
			b = append(b, alphabet[rng.IntN(len(alphabet))])
		}
		if s := string(b); ValidRegion(s) != plain(s) {
			t.Fatalf("ValidRegion(%q) = %v, the plain rule says %v", s, ValidRegion(s), plain(s))
		}
	}
}

package console

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// aesrProfile is a profile as aws-extend-switch-roles reads it.
type aesrProfile map[string]string

// parseAESR reads a configuration the way the extension's parser does
// (src/js/lib/load_aws_config.js): a line is cut at the first ; or #,
// trimmed; [name] starts a profile (one leading "profile " dropped); a
// key line is split at "=" into at most two parts and anything after a
// second "=" is lost; a repeated key is an error.
func parseAESR(t *testing.T, text string) []aesrProfile {
	t.Helper()
	comment := regexp.MustCompile(`[;#].*$`)
	section := regexp.MustCompile(`^\[(.+)\]$`)
	profilePrefix := regexp.MustCompile(`(?i)^profile\s+`)
	var out []aesrProfile
	var cur aesrProfile
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(comment.ReplaceAllString(line, ""))
		if line == "" {
			continue
		}
		if m := section.FindStringSubmatch(line); m != nil {
			cur = aesrProfile{"profile": profilePrefix.ReplaceAllString(strings.TrimSpace(m[1]), "")}
			out = append(out, cur)
			continue
		}
		if cur == nil {
			t.Fatalf("line %d: key before any profile", i+1)
		}
		parts := strings.Split(line, "=")
		if len(parts) < 2 {
			t.Fatalf("line %d: invalid key property definition %q", i+1, line)
		}
		key, val := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
		if _, dup := cur[key]; dup {
			t.Fatalf("line %d: duplicate definition of %s", i+1, key)
		}
		cur[key] = val
	}
	return out
}

func TestWriteAESR(t *testing.T) {
	entries := []LinkEntry{
		{Name: "prod/Admin", AccountID: "222222222222", Role: "Admin", Color: "#FF0000", Region: "eu-west-1",
			SourceAccountID: "111111111111", SourceName: "identity"},
		{Name: "sandbox", RoleARN: "arn:aws:iam::777777777777:role/dev/Sandbox", Color: "blue"},
		{Name: "prod/ReadOnly", AccountID: "222222222222", Role: "ReadOnly", Region: "not a region", SourceAccountID: "111111111111", SourceName: "identity"},
		{Name: "other/Admin", AccountID: "333333333333", Role: "Admin", SourceAccountID: "corp-alias"},
		{Name: "weird; name # [x] = y\nz", AccountID: "444444444444", Role: "R"},
		{Name: "dup", AccountID: "555555555555", Role: "A"},
		{Name: "DUP", AccountID: "555555555555", Role: "B"},
		{Name: "identity", AccountID: "666666666666", Role: "C"},
		{Name: "partner", AccountID: "888888888888", Role: "Vendor", ExternalID: "ext-1"},
		{Name: "equals", AccountID: "999999999999", Role: "a=b"},
	}
	var buf bytes.Buffer
	if err := WriteAESR(&buf, entries); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	if strings.Contains(text, "ext-1") {
		t.Errorf("external id written:\n%s", text)
	}
	for _, w := range []string{"; left out partner: the console's Switch Role cannot pass an external id", `; left out equals: its role name "a=b" contains ; # or =`} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}

	got := parseAESR(t, text)
	want := []aesrProfile{
		{"profile": "sandbox", "aws_account_id": "777777777777", "role_name": "dev/Sandbox", "color": "83d4e8"},
		{"profile": "weird- name - -x- - y z", "aws_account_id": "444444444444", "role_name": "R"},
		{"profile": "dup", "aws_account_id": "555555555555", "role_name": "A"},
		{"profile": "DUP (2)", "aws_account_id": "555555555555", "role_name": "B"},
		{"profile": "identity (2)", "aws_account_id": "666666666666", "role_name": "C"},
		{"profile": "identity", "aws_account_id": "111111111111"},
		{"profile": "prod/Admin", "aws_account_id": "222222222222", "role_name": "Admin", "color": "ff0000", "region": "eu-west-1", "source_profile": "identity"},
		{"profile": "prod/ReadOnly", "aws_account_id": "222222222222", "role_name": "ReadOnly", "source_profile": "identity"},
		{"profile": "corp-alias", "aws_account_id": "corp-alias"},
		{"profile": "other/Admin", "aws_account_id": "333333333333", "role_name": "Admin", "source_profile": "corp-alias"},
	}
	if len(got) != len(want) {
		t.Fatalf("read back %d profiles, want %d:\n%s", len(got), len(want), text)
	}
	for i := range want {
		if !equalProfiles(got[i], want[i]) {
			t.Errorf("profile %d = %v\n          want %v", i, got[i], want[i])
		}
	}
}

func equalProfiles(a, b aesrProfile) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestWriteAESRExactOutput(t *testing.T) {
	var buf bytes.Buffer
	err := WriteAESR(&buf, []LinkEntry{{Name: "prod/Admin", AccountID: "222222222222", Role: "team/Admin", Color: "#f2b0a9", Region: "us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `; aws-extend-switch-roles configuration written by switchrole.
; Paste it into the extension's Configuration page.

[profile prod/Admin]
aws_account_id = 222222222222
role_name = team/Admin
color = f2b0a9
region = us-east-1
`
	if buf.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
}

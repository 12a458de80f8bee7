package console

import (
	"errors"
	"strings"
	"testing"
)

func TestParseRoleARN(t *testing.T) {
	tests := []struct {
		arn                      string
		partition, account, role string
		ok                       bool
	}{
		{"arn:aws:iam::123456789012:role/Admin", "aws", "123456789012", "Admin", true},
		{"arn:aws:iam::123456789012:role/team/sub/Admin", "aws", "123456789012", "team/sub/Admin", true},
		{"arn:aws-cn:iam::123456789012:role/R", "aws-cn", "123456789012", "R", true},
		{"arn:aws-us-gov:iam::123456789012:role/R", "aws-us-gov", "123456789012", "R", true},
		{"arn:aws:iam::123456789012:user/alice", "", "", "", false},
		{"arn:aws:sts::123456789012:assumed-role/R/s", "", "", "", false},
		{"arn:aws:iam::123456789012:role/", "", "", "", false},
		{"not an arn", "", "", "", false},
	}
	for _, tt := range tests {
		p, a, r, err := ParseRoleARN(tt.arn)
		if (err == nil) != tt.ok || p != tt.partition || a != tt.account || r != tt.role {
			t.Errorf("ParseRoleARN(%q) = %q %q %q %v", tt.arn, p, a, r, err)
		}
	}
}

func TestLinkEntry(t *testing.T) {
	e := LinkEntry{RoleARN: "arn:aws-us-gov:iam::123456789012:role/ops/Admin", Account: "gov-prod", Color: "#0000ff"}
	if got := e.Label(); got != "ops/Admin @ gov-prod" {
		t.Errorf("Label = %q", got)
	}
	if err := e.Check(); err != nil {
		t.Errorf("Check: %v", err)
	}
	want := "https://signin.amazonaws-us-gov.com/switchrole?account=123456789012&roleName=ops%2FAdmin&displayName=ops%2FAdmin+%40+gov-prod&color=83d4e8"
	if got := e.SwitchRoleURL(); got != want {
		t.Errorf("SwitchRoleURL\n got %s\nwant %s", got, want)
	}
	named := LinkEntry{Name: "prod/Admin", AccountID: "123456789012", Role: "Admin"}
	if got := named.Label(); got != "prod/Admin" {
		t.Errorf("Label = %q", got)
	}
	if got := (LinkEntry{AccountID: "123456789012", Role: "Admin"}).Label(); got != "Admin @ 123456789012" {
		t.Errorf("Label without account name = %q", got)
	}

	tests := []struct {
		name string
		e    LinkEntry
		want string
		is   error
	}{
		{"external id", LinkEntry{Name: "partner", AccountID: "123456789012", Role: "R", ExternalID: "x-1"}, "partner: the console's Switch Role cannot pass an external id", ErrExternalID},
		{"no account", LinkEntry{Name: "x", Role: "R"}, "x: a Switch Role link needs the account id", nil},
		{"no role", LinkEntry{Name: "x", AccountID: "123456789012"}, "x: a Switch Role link needs a role name", nil},
		{"role too long", LinkEntry{Name: "x", AccountID: "123456789012", Role: strings.Repeat("p/", 30) + "Admin"}, "over the 64", nil},
	}
	for _, tt := range tests {
		err := tt.e.Check()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Check = %v, want %q", tt.name, err, tt.want)
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("%s: %v is not %v", tt.name, err, tt.is)
		}
	}
}

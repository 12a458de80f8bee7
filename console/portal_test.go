package console

import (
	"strings"
	"testing"
)

func TestPortalConsoleURL(t *testing.T) {
	for _, start := range []string{"https://d-1234567890.awsapps.com/start", "https://d-1234567890.awsapps.com/start/", "https://d-1234567890.awsapps.com/start/#"} {
		got := PortalConsoleURL(start, "222222222222", "Admin+Ops")
		if want := "https://d-1234567890.awsapps.com/start/#/console?account_id=222222222222&role_name=Admin%2BOps"; got != want {
			t.Errorf("%s: %s, want %s", start, got, want)
		}
	}
}

// TestPortalEntriesInExports: bookmarks link an Identity Center role to
// its portal; the aws-extend-switch-roles export leaves it out, saying why.
func TestPortalEntriesInExports(t *testing.T) {
	portal := PortalConsoleURL("https://d-1234567890.awsapps.com/start", "222222222222", "AdministratorAccess")
	entries := []LinkEntry{
		{Name: "prod/AdministratorAccess", Account: "prod", AccountID: "222222222222", Role: "AdministratorAccess", PortalURL: portal},
		{Name: "prod/Admin", Account: "prod", RoleARN: "arn:aws:iam::222222222222:role/Admin"},
	}
	var html strings.Builder
	if err := WriteBookmarksHTML(&html, "roles", entries); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html.String(), `HREF="`+strings.ReplaceAll(portal, "&", "&amp;")+`">prod/AdministratorAccess</A>`) ||
		!strings.Contains(html.String(), ">prod/Admin</A>") {
		t.Errorf("bookmarks:\n%s", html.String())
	}
	var aesr strings.Builder
	if err := WriteAESR(&aesr, entries); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(aesr.String(), "[prod/AdministratorAccess]") || !strings.Contains(aesr.String(), "aws-extend-switch-roles cannot switch to") {
		t.Errorf("aesr:\n%s", aesr.String())
	}
}

package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/switchrole/switchrole/sso/listfile"
)

const corpURL = "https://d-1234567890.awsapps.com/start"

// ssoAWS declares [sso-session corp] in the AWS config.
const ssoAWS = "[sso-session corp]\nsso_start_url = " + corpURL + "\nsso_region = eu-central-1\n"

// putListing caches a listing for the session with cache key key, where
// Load looks for it ($XDG_CACHE_HOME/switchrole/sso, set by isolate).
func putListing(t *testing.T, key, startURL string, as ...listfile.Assignment) {
	t.Helper()
	c := listfile.Cache{Dir: filepath.Join(os.Getenv("XDG_CACHE_HOME"), "switchrole", "sso")}
	if err := c.Write(key, listfile.Listing{StartURL: startURL, Region: "eu-central-1", Fetched: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), Assignments: as}); err != nil {
		t.Fatal(err)
	}
}

func assign(id, account, role string) listfile.Assignment {
	return listfile.Assignment{AccountID: id, AccountName: account, Role: role}
}

// loadSSO writes f, caches the listing of session key and loads.
func loadSSO(t *testing.T, f files, key, startURL string, as ...listfile.Assignment) *Config {
	t.Helper()
	opts, _ := write(t, f)
	putListing(t, key, startURL, as...)
	c, err := Load(opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	checkIndexAgrees(t, opts, c, err)
	return c
}

// TestSSOListingTargets: each role of a cached listing is a source target
// named ACCOUNT/ROLE, carrying the account, id, session, start URL and
// region, from "sso:SESSION", in account then role order.
func TestSSOListingTargets(t *testing.T) {
	c := loadSSO(t, files{aws: ssoAWS + "[profile jump]\naws_access_key_id = AKIAJUMP\naws_secret_access_key = SECRETMARKER\n"}, "corp", corpURL,
		assign("222222222222", "prod", "ReadOnly"), assign("111111111111", "dev", "Admin"), assign("222222222222", "prod", "Admin"))
	if got, want := names(c), []string{"jump", "dev/Admin", "prod/Admin", "prod/ReadOnly"}; !slices.Equal(got, want) {
		t.Fatalf("names %v, want %v", got, want)
	}
	tg := lookup(t, c, "prod/Admin")
	if tg.Kind != KindSource || tg.Account != "prod" || tg.AccountID != "222222222222" || tg.Role != "Admin" ||
		tg.SSOSession != "corp" || tg.SSOStartURL != corpURL || tg.SSORegion != "eu-central-1" || !tg.IsSSO() {
		t.Fatalf("target %+v", tg)
	}
	if tg.Region != "" {
		t.Errorf("region %q: without a lending account, none (the engine falls back to the session's after AWS_REGION)", tg.Region)
	}
	if !slices.Equal(tg.Tags, []string{"sso:corp"}) || !strings.Contains(tg.SearchText(), "sso:corp") {
		t.Errorf("tags %v: want the session's tag, searchable", tg.Tags)
	}
	if tg.From() != "sso:corp" || lookup(t, c, "jump").From() != "aws-config" {
		t.Errorf("From %q / %q", tg.From(), lookup(t, c, "jump").From())
	}
	if !strings.HasSuffix(tg.Origin.String(), "config:1") {
		t.Errorf("origin %q, want the [sso-session] line", tg.Origin)
	}
	if tg.CredentialsID == "" || tg.CredentialsID == lookup(t, c, "prod/ReadOnly").CredentialsID {
		t.Errorf("CredentialsID must tell roles apart: %q", tg.CredentialsID)
	}
	if len(c.SSO.Sessions) != 1 || c.SSO.Sessions[0].Listed.IsZero() || c.SSO.MaxAge != 24*time.Hour {
		t.Errorf("SSO %+v", c.SSO)
	}
}

// TestSSONoListingNoTargets: a session never listed gives no targets, and
// a listing made for another start URL is not used.
func TestSSONoListingNoTargets(t *testing.T) {
	c := loadSSO(t, files{aws: ssoAWS}, "corp", "https://other.awsapps.com/start", assign("222222222222", "prod", "Admin"))
	if len(c.Targets) != 0 || len(c.SSO.Sessions) != 1 || !c.SSO.Sessions[0].Listed.IsZero() {
		t.Fatalf("targets %v, sessions %+v", names(c), c.SSO.Sessions)
	}
}

// TestSSONameTemplate: [defaults] sso_name renames every SSO target; a
// session's own name template wins for its targets.
func TestSSONameTemplate(t *testing.T) {
	c := loadSSO(t, files{aws: ssoAWS, toml: "[defaults]\nsso_name = \"{session}-{account_id}-{role}\"\n"}, "corp", corpURL,
		assign("222222222222", "prod", "Admin"))
	if got := names(c); !slices.Equal(got, []string{"corp-222222222222-Admin"}) {
		t.Fatalf("names %v", got)
	}
	c = loadSSO(t, files{toml: "[defaults]\nsso_name = \"{session}-{account_id}-{role}\"\n[sso.work]\nstart_url = \"" + corpURL + "\"\nregion = \"eu-west-1\"\nname = \"{account}:{role}\"\n"},
		"work", corpURL, assign("222222222222", "prod", "Admin"))
	if got := names(c); !slices.Equal(got, []string{"prod:Admin"}) {
		t.Fatalf("names %v", got)
	}
	if tg := lookup(t, c, "prod:Admin"); tg.SSOSession != "work" || tg.From() != "sso:work" || tg.SSORegion != "eu-west-1" {
		t.Fatalf("target %+v", tg)
	}
}

// TestSSOLending: a TOML account with the same id lends its name (used in
// the target's name), colour, tags, group and region.
func TestSSOLending(t *testing.T) {
	toml := "[defaults]\nregion = \"us-west-2\"\n[[accounts]]\nname = \"production\"\nid = \"222222222222\"\ncolor = \"red\"\nregion = \"ap-south-1\"\ntags = [\"prod\"]\ngroup = \"core\"\nroles = [\"Audit\"]\nsource = \"jump\"\n"
	c := loadSSO(t, files{aws: ssoAWS + "[profile jump]\naws_access_key_id = AKIAJUMP\naws_secret_access_key = SECRETMARKER\n", toml: toml}, "corp", corpURL, assign("222222222222", "Prod Account", "Admin"), assign("333333333333", "stage", "Admin"))
	tg := lookup(t, c, "production/Admin")
	if tg.Account != "production" || tg.Color == "" || !slices.Equal(tg.Tags, []string{"prod", "core", "sso:corp"}) || tg.Group != "core" || tg.Region != "ap-south-1" {
		t.Fatalf("lent target %+v", tg)
	}
	// With [defaults] region, the session's region is not forced on the
	// others: the engine applies the default.
	if st := lookup(t, c, "stage/Admin"); st.Region != "" {
		t.Fatalf("region %q, want none (the default applies)", st.Region)
	}
}

// TestSSONameCollisions: an AWS profile or TOML target keeps its name; the
// SSO target becomes SESSION:NAME, then SESSION:ID/ROLE. Two sessions with
// the same account names do the same.
func TestSSONameCollisions(t *testing.T) {
	aws := ssoAWS + "[sso-session other]\nsso_start_url = https://other.awsapps.com/start\nsso_region = eu-central-1\n" +
		"[profile prod/ReadOnly]\nrole_arn = arn:aws:iam::222222222222:role/ReadOnly\nsource_profile = jump\n" +
		"[profile corp:prod/ReadOnly]\nrole_arn = arn:aws:iam::222222222222:role/ReadOnly\nsource_profile = jump\n" +
		"[profile jump]\naws_access_key_id = AKIAJUMP\naws_secret_access_key = SECRETMARKER\n"
	toml := "[[accounts]]\nname = \"prod\"\nid = \"222222222222\"\nroles = [\"Admin\"]\nsource = \"jump\"\n"
	opts, _ := write(t, files{aws: aws, toml: toml})
	putListing(t, "corp", corpURL, assign("222222222222", "prod", "Admin"), assign("222222222222", "prod", "ReadOnly"), assign("444444444444", "data", "Admin"))
	putListing(t, "other", "https://other.awsapps.com/start", assign("555555555555", "data", "Admin"))
	c, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	checkIndexAgrees(t, opts, c, err)
	bySession := map[string][]string{}
	for _, tg := range c.Targets {
		bySession[tg.From()] = append(bySession[tg.From()], tg.Name)
	}
	if got, want := bySession["sso:corp"], []string{"data/Admin", "corp:prod/Admin", "corp:222222222222/ReadOnly"}; !slices.Equal(got, want) {
		t.Errorf("corp targets %v, want %v", got, want)
	}
	if got, want := bySession["sso:other"], []string{"other:data/Admin"}; !slices.Equal(got, want) {
		t.Errorf("other targets %v, want %v", got, want)
	}
	if tg := lookup(t, c, "prod/Admin"); tg.From() != "toml" || tg.IsSSO() {
		t.Errorf("prod/Admin is %s, want the TOML role", tg.From())
	}
	if tg := lookup(t, c, "prod/ReadOnly"); tg.From() != "aws-config" {
		t.Errorf("prod/ReadOnly is %s, want the AWS profile", tg.From())
	}
}

// TestSSOTargetAsSource: a TOML role whose source is an SSO target is a
// role chain from the SSO role.
func TestSSOTargetAsSource(t *testing.T) {
	toml := "[[accounts]]\nname = \"app\"\nid = \"666666666666\"\nsource = \"hub/Admin\"\nroles = [\"Deploy\"]\n"
	c := loadSSO(t, files{aws: ssoAWS, toml: toml}, "corp", corpURL, assign("222222222222", "hub", "Admin"))
	tg := lookup(t, c, "app/Deploy")
	if tg.Problem != nil || tg.Source != "hub/Admin" {
		t.Fatalf("app/Deploy: source %q, problem %v", tg.Source, tg.Problem)
	}
}

// TestSSOTOMLSessions: [sso.NAME] sessions are listed with the AWS
// config's, and every mistake in them is reported in one run with its line.
func TestSSOTOMLSessions(t *testing.T) {
	c := mustLoad(t, files{aws: ssoAWS, toml: "[sso.work]\nstart_url = \"" + corpURL + "\"\nregion = \"eu-west-1\"\nscopes = [\"sso:account:access\"]\n"})
	if len(c.SSO.Sessions) != 2 || c.SSO.Sessions[0].Name != "corp" || c.SSO.Sessions[1].Name != "work" || !c.SSO.Sessions[1].InTOML ||
		!slices.Equal(c.SSO.Sessions[1].Scopes, []string{"sso:account:access"}) || c.SSO.Sessions[1].Origin.Line != 1 {
		t.Fatalf("sessions %+v", c.SSO.Sessions)
	}
	got := loadErr(t, files{aws: ssoAWS, toml: "[defaults]\nsso_name = \"{acount}/{role}\"\nsso_listing_max_age = \"soon\"\n" +
		"[sso.corp]\nstart_url = \"" + corpURL + "\"\nregion = \"eu-west-1\"\n" +
		"[sso.bad]\nstart_url = \"d-123\"\nregion = \"mars\"\nname = \"{role}\"\nscopes = [\"a b\"]\n" +
		"[sso.none]\nstrat_url = \"x\"\n"})
	for _, want := range []string{
		"switchrole.toml:2: name template \"{acount}/{role}\": unknown placeholder {acount}",
		"switchrole.toml:3: sso_listing_max_age must be a duration",
		"switchrole.toml:4: [sso.corp] has the same name as the AWS config's SSO session \"corp\"",
		"switchrole.toml:8: start_url \"d-123\" must be the AWS access portal URL",
		"switchrole.toml:9: region \"mars\" does not look like an AWS region",
		"switchrole.toml:10: name template \"{role}\" must hold {role} and {account} or {account_id}",
		"switchrole.toml:11: scopes must be scope names",
		"switchrole.toml:13: unknown key \"strat_url\" in [sso.none]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q:\n%s", want, got)
		}
	}
}

// TestSSOLegacySession: a legacy profile's listing is kept under its start
// URL, like its token.
func TestSSOLegacySession(t *testing.T) {
	aws := "[profile old]\nsso_start_url = " + corpURL + "\nsso_region = us-east-2\nsso_account_id = 111111111111\nsso_role_name = Admin\n"
	c := loadSSO(t, files{aws: aws}, corpURL, corpURL, assign("222222222222", "prod", "Admin"))
	tg := lookup(t, c, "prod/Admin")
	if !tg.SSOLegacy || tg.SSOSession != "old" {
		t.Fatalf("target %+v", tg)
	}
}

// TestSSOBrokenSessionIsAWarning: an [sso-session] without its region is
// one warning, once, and the other sessions still work.
func TestSSOBrokenSessionIsAWarning(t *testing.T) {
	aws := ssoAWS + "[sso-session half]\nsso_start_url = https://half.awsapps.com/start\n[profile p]\nsso_session = half\nsso_account_id = 111111111111\nsso_role_name = Admin\n"
	got := loadErr(t, files{aws: aws})
	if strings.Count(got, "[sso-session half] needs both sso_start_url and sso_region") != 1 {
		t.Fatalf("problems:\n%s", got)
	}
	c := mustLoad(t, files{aws: aws})
	if len(c.SSO.Sessions) != 1 || c.SSO.Sessions[0].Name != "corp" {
		t.Fatalf("sessions %+v", c.SSO.Sessions)
	}
}

// BenchmarkLoadIndexSSO2000x3 loads a configuration whose only targets are
// a cached listing of 2,000 accounts × 3 roles (see BENCHMARKS.md).
func BenchmarkLoadIndexSSO2000x3(b *testing.B) {
	opts, _ := write(b, files{aws: ssoAWS})
	var as []listfile.Assignment
	for i := range 2000 {
		for _, r := range []string{"AdministratorAccess", "ViewOnlyAccess", "PowerUserAccess"} {
			id := fmt.Sprintf("9%011d", i)
			as = append(as, listfile.Assignment{AccountID: id, AccountName: fmt.Sprintf("acct-%04d", i), Email: "aws+" + id + "@example.com", Role: r})
		}
	}
	c := listfile.Cache{Dir: filepath.Join(os.Getenv("XDG_CACHE_HOME"), "switchrole", "sso")}
	if err := c.Write("corp", listfile.Listing{StartURL: corpURL, Assignments: as}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		x, err := LoadIndex(opts)
		if err != nil || x.Len() != 6000 {
			b.Fatalf("%v %d", err, x.Len())
		}
	}
}

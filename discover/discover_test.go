package discover

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/awstest"
	"github.com/switchrole/switchrole/internal/fakeaws"
	"github.com/switchrole/switchrole/internal/fakeawstest"
)

func TestMain(m *testing.M) { os.Exit(awstest.IsolateMain(m)) }

const (
	mgmtAccount = "111111111111"
	aliceKey    = "AKIAALICE00000000001"
	aliceSecret = "alice/secret"
	aliceARN    = "arn:aws:iam::111111111111:user/alice"
)

// testOrg: nested OUs, a suspended and a closing account, tags, and two
// accounts of one name.
func testOrg() fakeaws.Organization {
	return fakeaws.Organization{
		ManagementAccountID: mgmtAccount,
		OUs:                 []string{"Workloads", "Workloads/Prod", "Workloads/Dev", "Security"},
		Accounts: []fakeaws.OrgAccount{
			{ID: mgmtAccount, Name: "management"},
			{ID: "222222222222", Name: "prod-core", OU: "Workloads/Prod", Tags: map[string]string{"env": "prod", "team": "core"}},
			{ID: "333333333333", Name: "dev-sandbox", OU: "Workloads/Dev", Tags: map[string]string{"env": "dev", "sandbox": ""}},
			{ID: "444444444444", Name: "audit", OU: "Security"},
			{ID: "555555555555", Name: "old", OU: "Workloads/Dev", State: fakeaws.AccountSuspended},
			{ID: "666666666666", Name: "closing", State: fakeaws.AccountPendingClosure},
			{ID: "777777777777", Name: "audit", OU: "Security"},
		},
	}
}

func startOrg(t *testing.T, org fakeaws.Organization) (*fakeaws.Server, Organizations) {
	t.Helper()
	s := fakeawstest.Start(t,
		fakeaws.WithUser(fakeaws.User{Name: "alice", AccountID: mgmtAccount, AccessKeyID: aliceKey, SecretAccessKey: aliceSecret}),
		fakeaws.WithOrganization(org))
	t.Setenv("AWS_ENDPOINT_URL_ORGANIZATIONS", s.URL())
	c, err := NewClient(context.Background(), sdkaws.Credentials{AccessKeyID: aliceKey, SecretAccessKey: aliceSecret}, "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func list(t *testing.T, c Organizations) *Organization {
	t.Helper()
	org, err := (&Lister{Client: c, Rate: 1000}).List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return org
}

func TestListOrganization(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		t.Run(fmt.Sprintf("legacy=%v", legacy), func(t *testing.T) {
			o := testOrg()
			// Before March 2026 AWS sent no entity paths, and after
			// September 2026 no Status: both shapes must list the same.
			o.NoPaths, o.StateOnly = legacy, !legacy
			s, c := startOrg(t, o)
			var progress []int
			org, err := (&Lister{Client: c, Rate: 1000, Progress: func(done, total int) { progress = append(progress, done*10+total) }}).List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]Account{}
			for _, a := range org.Accounts {
				got[a.ID] = a
			}
			if len(org.Accounts) != 5 || fmt.Sprint(org.Inactive) != "[{555555555555 old SUSPENDED} {666666666666 closing PENDING_CLOSURE}]" || !strings.HasPrefix(org.ID, "o-") {
				t.Fatalf("org = %+v", org)
			}
			if a := got["222222222222"]; a.OUPath != "Workloads/Prod" || fmt.Sprint(a.Tags) != "[{env prod} {team core}]" {
				t.Errorf("prod-core = %+v", a)
			}
			if a := got[mgmtAccount]; a.OUPath != "" {
				t.Errorf("management at the root has OU %q", a.OUPath)
			}
			if got["444444444444"].OUPath != "Security" || len(org.Missing) != 0 {
				t.Errorf("audit = %+v, missing %v", got["444444444444"], org.Missing)
			}
			if len(progress) != 5 || progress[4] != 55 {
				t.Errorf("progress = %v", progress)
			}
			if n := s.Calls("organizations:ListAccountsForParent"); (n > 0) != legacy {
				t.Errorf("ListAccountsForParent called %d times with legacy=%v", n, legacy)
			}
		})
	}
}

func TestListMissingPermissions(t *testing.T) {
	s, c := startOrg(t, testOrg())
	s.Deny(aliceARN, "organizations:ListTagsForResource", "organizations:ListOrganizationalUnitsForParent")
	org := list(t, c)
	if len(org.Accounts) != 5 {
		t.Fatalf("accounts = %d", len(org.Accounts))
	}
	for _, a := range org.Accounts {
		if a.OUPath != "" || a.Tags != nil {
			t.Errorf("%s has OU %q tags %v though both were denied", a.ID, a.OUPath, a.Tags)
		}
	}
	want := []Missing{{"organizations:ListOrganizationalUnitsForParent", "OU paths"}, {"organizations:ListTagsForResource", "tags"}}
	if fmt.Sprint(org.Missing) != fmt.Sprint(want) {
		t.Errorf("missing = %v", org.Missing)
	}

	s.Deny(mgmtAccount, "organizations:ListAccounts")
	_, err := (&Lister{Client: c, Rate: 1000}).List(context.Background())
	var denied *DeniedError
	if !errors.As(err, &denied) || denied.Action != "organizations:ListAccounts" {
		t.Fatalf("ListAccounts denied: %v", err)
	}
}

func TestListNotInOrganization(t *testing.T) {
	s := fakeawstest.Start(t, fakeaws.WithUser(fakeaws.User{Name: "alice", AccountID: mgmtAccount, AccessKeyID: aliceKey, SecretAccessKey: aliceSecret}))
	t.Setenv("AWS_ENDPOINT_URL_ORGANIZATIONS", s.URL())
	c, err := NewClient(context.Background(), sdkaws.Credentials{AccessKeyID: aliceKey, SecretAccessKey: aliceSecret}, "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = (&Lister{Client: c, Rate: 1000}).List(context.Background())
	if !errors.Is(err, ErrNotInOrganization) {
		t.Fatalf("err = %v", err)
	}
}

// TestListRetriesThrottling: a throttle well under the listing's pace only
// slows it down.
func TestListRetriesThrottling(t *testing.T) {
	o := testOrg()
	o.RequestsPerSecond = 5
	s, c := startOrg(t, o)
	org, err := (&Lister{Client: c, Rate: 1000, Workers: 4}).List(context.Background())
	if err != nil {
		t.Fatalf("throttled listing failed: %v", err)
	}
	if len(org.Accounts) != 5 {
		t.Fatalf("accounts = %d", len(org.Accounts))
	}
	if throttledRequests(s) == 0 {
		t.Error("the fake never throttled: the test proves nothing")
	}
}

// throttledRequests counts the requests the fake answered with its throttle.
func throttledRequests(s *fakeaws.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Code == "TooManyRequestsException" {
			n++
		}
	}
	return n
}

// throttleOnce answers the second ListAccounts call with a throttle, as
// AWS may in the middle of a listing.
type throttleOnce struct {
	Organizations
	calls int
}

func (c *throttleOnce) ListAccounts(ctx context.Context, in *organizations.ListAccountsInput, optFns ...func(*organizations.Options)) (*organizations.ListAccountsOutput, error) {
	if c.calls++; c.calls == 2 {
		return nil, &orgtypes.TooManyRequestsException{Message: sdkaws.String("slow down")}
	}
	return c.Organizations.ListAccounts(ctx, in, optFns...)
}

// TestListRetriesAPageInPlace: a throttled page is asked for again with
// its own NextToken, not from the first page.
func TestListRetriesAPageInPlace(t *testing.T) {
	o := testOrg()
	for i := range 40 {
		o.Accounts = append(o.Accounts, fakeaws.OrgAccount{ID: fmt.Sprintf("3000000000%02d", i), Name: fmt.Sprintf("more-%02d", i)})
	}
	_, c := startOrg(t, o)
	org, err := (&Lister{Client: &throttleOnce{Organizations: c}, Rate: 1000}).List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(org.Accounts) != 45 {
		t.Fatalf("listed %d accounts, want 45 (each once)", len(org.Accounts))
	}
}

// TestListFailureMidway: a failure on one account's tags fails the whole
// listing; nothing partial comes back.
func TestListFailureMidway(t *testing.T) {
	s, c := startOrg(t, testOrg())
	s.SetFault(fakeaws.Fault{Status: 500, Code: "ServiceException", Message: "boom", Count: 1, Actions: []string{"organizations:ListTagsForResource"}})
	org, err := (&Lister{Client: c, Rate: 1000}).List(context.Background())
	if err == nil || org != nil || !strings.Contains(err.Error(), "ServiceException") {
		t.Fatalf("org %v, err %v", org, err)
	}
}

// userFile is a config written by hand: comments, odd spacing, an account
// of the organization the user keeps as theirs.
const userFile = `# my accounts
[defaults]
roles = ["ReadOnly"]   # everyone

[sources.jump]
default = true

# the one I care about
[[accounts]]
name   = "core"
id     = "222222222222"
color  = "red"
`

func TestMergeKeepsUserBytes(t *testing.T) {
	_, c := startOrg(t, testOrg())
	org := list(t, c)
	p, err := Merge([]byte(userFile), org, Template{Roles: []string{"Admin", "ReadOnly"}})
	if err != nil {
		t.Fatal(err)
	}
	after := string(p.After)
	if !strings.HasPrefix(after, userFile) {
		t.Fatalf("the user's part changed:\n%s", after)
	}
	if len(p.Kept) != 1 || p.Kept[0].Name != "core" || p.Kept[0].Line != 9 || p.Added != 4 {
		t.Errorf("kept %+v added %d", p.Kept, p.Added)
	}
	if strings.Count(after, `id = "222222222222"`) != 0 {
		t.Error("prod-core generated though the user has it")
	}
	// Two accounts named audit: the second gets its id's last digits.
	if !strings.Contains(after, `name = "audit"`) || !strings.Contains(after, `name = "audit-7777"`) {
		t.Errorf("names:\n%s", after)
	}
	targets := loadTargets(t, after)
	for _, want := range []string{"core/ReadOnly", "management/Admin", "dev-sandbox/ReadOnly", "audit-7777/Admin"} {
		if _, ok := targets[want]; !ok {
			t.Errorf("no target %s in %v", want, targets)
		}
	}
	if tg := targets["dev-sandbox/Admin"]; tg.Group != "Workloads/Dev" || fmt.Sprint(tg.Tags) != "[env=dev sandbox Workloads/Dev]" {
		t.Errorf("dev-sandbox/Admin group %q tags %v", tg.Group, tg.Tags)
	}

	// A second run with nothing changed changes nothing.
	again, err := Merge(p.After, org, Template{Roles: []string{"Admin", "ReadOnly"}})
	if err != nil || again.Changed() {
		t.Fatalf("second merge changed the file (err %v):\n%s", err, again.After)
	}
}

func TestMergeUpdatesAndPrunes(t *testing.T) {
	s, c := startOrg(t, testOrg())
	first, err := Merge([]byte(userFile), list(t, c), Template{Roles: []string{"Admin"}})
	if err != nil {
		t.Fatal(err)
	}
	// The user adds their own account and a comment after the generated ones.
	edited := string(first.After) + "\n# added later, by hand\n[[accounts]]\nname = \"mine\"\nid = \"888888888888\"\n"

	o := testOrg()
	o.Accounts[2].Name = "dev-playground"                                                                       // renamed
	o.Accounts[3].State = fakeaws.AccountClosed                                                                 // audit closed
	o.Accounts = append(o.Accounts[:6:6], fakeaws.OrgAccount{ID: "999999999999", Name: "new", OU: "Workloads"}) // 777… removed
	if err := s.SetOrganization(o); err != nil {
		t.Fatal(err)
	}
	second, err := Merge([]byte(edited), list(t, c), Template{Roles: []string{"Admin"}})
	if err != nil {
		t.Fatal(err)
	}
	after := string(second.After)
	if second.Added != 1 || second.Updated != 1 || second.Removed != 2 {
		t.Errorf("added %d updated %d removed %d\n%s", second.Added, second.Updated, second.Removed, after)
	}
	if !strings.HasPrefix(after, userFile) || !strings.HasSuffix(after, "\n# added later, by hand\n[[accounts]]\nname = \"mine\"\nid = \"888888888888\"\n") {
		t.Errorf("the user's parts changed:\n%s", after)
	}
	targets := loadTargets(t, after)
	for _, gone := range []string{"dev-sandbox/Admin", "audit/Admin", "audit-7777/Admin"} {
		if _, ok := targets[gone]; ok {
			t.Errorf("%s still there", gone)
		}
	}
	for _, want := range []string{"dev-playground/Admin", "new/Admin", "mine/ReadOnly", "core/ReadOnly"} {
		if _, ok := targets[want]; !ok {
			t.Errorf("no %s", want)
		}
	}
	if strings.Contains(after, "\n\n\n") {
		t.Errorf("pruning left blank lines behind:\n%s", after)
	}
}

func TestMergeRefusesBrokenTOML(t *testing.T) {
	_, err := Merge([]byte("[defaults\nroles = 1\n"), &Organization{ID: "o-a1b2c3d4e5"}, Template{})
	var syn *SyntaxError
	if !errors.As(err, &syn) || syn.Line != 1 {
		t.Fatalf("err = %v", err)
	}
}

func TestMergeIntoNewFile(t *testing.T) {
	org := &Organization{ID: "o-a1b2c3d4e5", Accounts: []Account{{ID: "222222222222", Name: `we"ird/name`, Tags: []Tag{{"k", "v\tw\u202e"}}, OUPath: "A\u202e/B"}}}
	p, err := Merge(nil, org, Template{Roles: []string{"Admin"}, Source: "jump"})
	if err != nil {
		t.Fatal(err)
	}
	targets := loadTargets(t, string(p.After)) // jump is an AWS profile; no default source
	tg, ok := targets[`we"ird-name/Admin`]
	if !ok || tg.Tags[0] != "k=vw" || tg.Group != "A/B" || tg.Source != "jump" {
		t.Fatalf("targets %v", targets)
	}
}

// loadTargets loads a TOML file with the project's loader, failing on any
// problem, and returns its targets by name.
func loadTargets(t *testing.T, toml string) map[string]*config.Target {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "config.toml")
	aws := filepath.Join(dir, "aws")
	if err := os.WriteFile(file, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(aws, []byte("[profile jump]\naws_access_key_id = AKIAJUMP\naws_secret_access_key = x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(config.Options{File: file, AWSConfigFile: aws, AWSCredentialsFile: filepath.Join(dir, "none")})
	if err != nil {
		t.Fatalf("load:\n%s\n%v", toml, err)
	}
	if len(c.Problems) > 0 {
		t.Fatalf("problems in\n%s\n%v", toml, c.Problems)
	}
	out := map[string]*config.Target{}
	for i := range c.Targets {
		out[c.Targets[i].Name] = &c.Targets[i]
	}
	return out
}

// TestWriteFile: the merged file replaces the old one keeping its mode,
// and only when it loads as cleanly and nobody edited the file meanwhile.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "aws"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "none"))
	if err := os.WriteFile(filepath.Join(dir, "aws"), []byte("[profile jump]\naws_access_key_id = AKIAJUMP\naws_secret_access_key = x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(file, []byte(userFile), 0o640); err != nil {
		t.Fatal(err)
	}
	before, mode, err := ReadFile(file)
	if err != nil || mode != 0o640 {
		t.Fatalf("ReadFile: mode %v, %v", mode, err)
	}
	org := &Organization{ID: "o-a1b2c3d4e5", Accounts: []Account{{ID: "999999999999", Name: "new"}}}

	bad, _ := Merge(before, org, Template{Source: "nobody"})
	err = WriteFile(file, bad, mode)
	if err == nil || !strings.Contains(err.Error(), "left "+file+" unchanged: the merged file would not load") || !strings.Contains(err.Error(), "nobody") {
		t.Fatalf("a merge naming an unknown source: %v", err)
	}
	if cfgErr := (*config.Error)(nil); !errors.As(err, &cfgErr) {
		t.Errorf("a merge that would not load is %T, want a *config.Error (exit 2: the config is what to fix)", err)
	}
	if now, _ := os.ReadFile(file); string(now) != userFile {
		t.Fatal("a refused merge changed the file")
	}

	good, _ := Merge(before, org, Template{})
	if err := os.WriteFile(file, []byte(userFile+"# edited meanwhile\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(file, good, mode); err == nil || !strings.Contains(err.Error(), "changed while the organization was being listed") {
		t.Fatalf("a file edited meanwhile: %v", err)
	}
	if err := os.WriteFile(file, []byte(userFile), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(file, good, mode); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(file)
	now, _ := os.ReadFile(file)
	if st.Mode().Perm() != 0o640 || string(now) != string(good.After) {
		t.Errorf("mode %v, content:\n%s", st.Mode(), now)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// TestMergeKeepsWhatTheUserAddedToAGeneratedAccount: a colour, a region
// or a comment the user added to a generated account stays when a later
// run updates it; what discover writes (roles, tags, group...) is its own.
func TestMergeKeepsWhatTheUserAddedToAGeneratedAccount(t *testing.T) {
	_, c := startOrg(t, testOrg())
	org := list(t, c)
	first, err := Merge([]byte(userFile), org, Template{Roles: []string{"Admin"}})
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(first.After), "name = \"dev-sandbox\"\n", "name = \"dev-sandbox\"\n# my sandbox\ncolor = \"teal\"  # easy to spot\nregion = \"eu-west-2\"\n", 1)
	if edited == string(first.After) {
		t.Fatal("no dev-sandbox entry to edit")
	}
	second, err := Merge([]byte(edited), org, Template{Roles: []string{"Admin", "ReadOnly"}})
	if err != nil {
		t.Fatal(err)
	}
	after := string(second.After)
	for _, kept := range []string{"# my sandbox\n", "color = \"teal\"  # easy to spot\n", "region = \"eu-west-2\"\n"} {
		if strings.Count(after, kept) != 1 {
			t.Errorf("%q lost or doubled:\n%s", kept, after)
		}
	}
	targets := loadTargets(t, after)
	if tg := targets["dev-sandbox/ReadOnly"]; tg == nil || tg.Color == "" || tg.Region != "eu-west-2" {
		t.Errorf("dev-sandbox/ReadOnly = %+v", tg)
	}
	third, err := Merge(second.After, org, Template{Roles: []string{"Admin", "ReadOnly"}})
	if err != nil || third.Changed() {
		t.Fatalf("a run with nothing new changed the file (err %v):\n%s", err, third.After)
	}
}

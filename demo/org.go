// Package demo builds switchrole's offline demo: a sample organisation served
// by the project's fake AWS in-process, and a throw-away home whose config,
// cache and state files all point at it. Nothing here touches the user's
// real ~/.aws or the network.
package demo

import (
	"fmt"
	"strings"
	"time"

	"github.com/switchrole/switchrole/internal/fakeaws"
)

// The jump account holds the demo's only IAM user; every other account is
// reached by assuming a role from there.
const (
	JumpAccountID = "111111111111"
	UserName      = "alice"
	// MFASerial is alice's virtual MFA device.
	MFASerial = "arn:aws:iam::" + JumpAccountID + ":mfa/" + UserName
	// ExternalID is what the ci-cd/Deploy role's trust policy requires.
	ExternalID = "switchrole-demo"
	// jumpProfile is the AWS profile holding alice's (fake) long-term keys.
	jumpProfile = "demo-jump"
	// Fake long-term keys: the fake AWS knows them, nothing else does.
	accessKeyID     = "AKIADEMOALICE0000001"
	secretAccessKey = "demo/secret/for/the/offline/fake/only"
)

// mfaSecret is the TOTP seed of alice's device.
var mfaSecret = []byte("switchrole-demo-mfa-seed")

// account is one account of the sample organisation.
type account struct {
	name, id, color, region string
	tags                    []string
	group                   string
	roles                   []role
}

// role is a role in an account, with what its trust policy demands.
type role struct {
	name        string
	path        string        // IAM path, "" for "/"
	requireMFA  bool          // trust needs aws:MultiFactorAuthPresent
	externalID  string        // trust needs this ExternalId
	maxDuration time.Duration // role's MaxSessionDuration (0 = 1h)
}

func (r role) arn(accountID string) string {
	path := r.path
	if path == "" {
		path = "/"
	}
	return fmt.Sprintf("arn:aws:iam::%s:role%s%s", accountID, path, r.name)
}

var (
	admin      = role{name: "Admin", requireMFA: true, maxDuration: 12 * time.Hour}
	readOnly   = role{name: "ReadOnly"}
	powerUser  = role{name: "PowerUser", requireMFA: true}
	billing    = role{name: "Billing"}
	developer  = role{name: "Developer"}
	dataSci    = role{name: "DataScientist"}
	dbAdmin    = role{name: "DatabaseAdmin", requireMFA: true}
	network    = role{name: "NetworkAdmin", requireMFA: true}
	security   = role{name: "SecurityAudit", path: "/security/"}
	incident   = role{name: "IncidentResponder", requireMFA: true}
	support    = role{name: "SupportUser"}
	deploy     = role{name: "Deploy", path: "/ci/", externalID: ExternalID}
	logsReader = role{name: "LogReader"}
)

// organisation is the demo's sample company: 15 accounts, a dozen roles.
var organisation = []account{
	{"prod-core", "210000000001", "red", "us-east-1", []string{"prod", "core"}, "production", []role{admin, readOnly, powerUser, incident}},
	{"prod-data", "210000000002", "orange", "us-east-1", []string{"prod", "data"}, "production", []role{admin, readOnly, dbAdmin, dataSci}},
	{"prod-edge", "210000000003", "pink", "eu-west-1", []string{"prod", "network"}, "production", []role{admin, readOnly, network}},
	{"prod-payments", "210000000004", "brown", "eu-central-1", []string{"prod", "pci"}, "production", []role{readOnly, incident}},
	{"staging-core", "310000000001", "yellow", "us-east-1", []string{"staging", "core"}, "staging", []role{admin, readOnly, developer}},
	{"staging-data", "310000000002", "green", "us-east-1", []string{"staging", "data"}, "staging", []role{admin, readOnly, dataSci}},
	{"dev-sandbox", "410000000001", "teal", "eu-west-2", []string{"dev"}, "development", []role{admin, developer}},
	{"dev-tools", "410000000002", "blue", "eu-west-2", []string{"dev", "tools"}, "development", []role{admin, developer, readOnly}},
	{"ci-cd", "510000000001", "purple", "us-west-2", []string{"ci"}, "platform", []role{deploy, readOnly}},
	{"network-hub", "510000000002", "#5f87af", "us-east-1", []string{"network"}, "platform", []role{network, readOnly}},
	{"shared-services", "510000000003", "gray", "us-east-1", []string{"platform"}, "platform", []role{admin, readOnly, support}},
	{"security-audit", "610000000001", "#d75f5f", "us-east-1", []string{"security"}, "security", []role{security, readOnly, incident}},
	{"log-archive", "610000000002", "#87875f", "us-east-1", []string{"security", "logs"}, "security", []role{logsReader, readOnly}},
	{"data-lake", "710000000001", "#5fafaf", "eu-west-1", []string{"data", "analytics"}, "data", []role{dataSci, readOnly, admin}},
	{"billing", "810000000001", "#af87d7", "us-east-1", []string{"finance"}, "finance", []role{billing, readOnly}},
}

// SSOSession is the demo's IAM Identity Center session: an [sso-session]
// of its AWS config, signed in to by `switchrole demo` itself.
const (
	SSOSession  = "demo-sso"
	SSOStartURL = "https://d-9000000000.awsapps.com/start"
	ssoRegion   = "eu-west-1"
)

// ssoOrganisation is what the demo user is assigned in Identity Center:
// the analytics company bought last year, reached by SSO rather than from
// the jump account, and one account of the TOML organisation (data-lake),
// which lends its name, colour and tags to its SSO role.
var ssoOrganisation = []fakeaws.SSOAccount{
	{ID: "920000000001", Name: "analytics-web", Email: "aws+web@analytics.example", Roles: []string{"AdministratorAccess", "ViewOnlyAccess"}},
	{ID: "920000000002", Name: "analytics-ml", Email: "aws+ml@analytics.example", Roles: []string{"PowerUserAccess", "ViewOnlyAccess"}},
	{ID: "920000000003", Name: "analytics-sandbox", Email: "aws+sandbox@analytics.example", Roles: []string{"AdministratorAccess"}},
	{ID: "710000000001", Name: "Data Lake", Email: "aws+lake@example.com", Roles: []string{"ViewOnlyAccess"}},
}

// tomlConfig renders the organisation as switchrole's own config file.
func tomlConfig(federationURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# switchrole demo organisation (offline; served by the built-in fake AWS)\n\n")
	fmt.Fprintf(&b, "[defaults]\nregion = \"eu-west-1\"\nsession_duration = \"1h\"\nfederation_url = %q\n\n", federationURL)
	fmt.Fprintf(&b, "[sources.jump]\nprofile = %q\nmfa_serial = %q\nuse_session_token = true\nsession_duration = \"12h\"\ndefault = true\n", jumpProfile, MFASerial)
	for _, a := range organisation {
		fmt.Fprintf(&b, "\n[[accounts]]\nname = %q\nid = %q\ncolor = %q\nregion = %q\ngroup = %q\ntags = [", a.name, a.id, a.color, a.region, a.group)
		for i, t := range a.tags {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q", t)
		}
		b.WriteString("]\nroles = [")
		for i, r := range a.roles {
			if i > 0 {
				b.WriteString(", ")
			}
			if r.path == "" && r.externalID == "" {
				fmt.Fprintf(&b, "%q", r.name)
				continue
			}
			fmt.Fprintf(&b, "{ name = %q", r.name)
			if r.path != "" {
				fmt.Fprintf(&b, ", path = %q", r.path)
			}
			if r.externalID != "" {
				fmt.Fprintf(&b, ", external_id = %q", r.externalID)
			}
			b.WriteString(" }")
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// awsConfig and awsCredentials are the demo's ~/.aws files: the jump profile
// with alice's fake keys.
func awsConfig() string {
	return fmt.Sprintf("[profile %s]\nregion = us-east-1\n\n[sso-session %s]\nsso_start_url = %s\nsso_region = %s\nsso_registration_scopes = sso:account:access\n",
		jumpProfile, SSOSession, SSOStartURL, ssoRegion)
}

func awsCredentials() string {
	return fmt.Sprintf("[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n", jumpProfile, accessKeyID, secretAccessKey)
}

package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const jumpKeys = "[profile jump]\naws_access_key_id = AKIAJUMP\naws_secret_access_key = SECRETMARKERjump\n"

func TestAWSTargets(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", "aws", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	c := mustLoad(t, files{aws: read("tricky.config"), creds: read("tricky.credentials")})

	wantOrder := []string{"default", "spaced", "jump", "prod", "chain2", "chain3", "ec2", "selfref", "keysrole", "viakeysrole",
		"sso-dev", "sso-legacy", "from-sso", "proc", "webid", "login", "nested", "cn", "gov", "credsonly"}
	if got := strings.Join(names(c), " "); got != strings.Join(wantOrder, " ") {
		t.Errorf("targets:\n got %s\nwant %s", got, strings.Join(wantOrder, " "))
	}
	tests := []struct {
		name string
		want Target
	}{
		{"spaced", Target{Kind: KindRole, AccountID: "222222222222", Role: "Spaced", RoleARN: "arn:aws:iam::222222222222:role/Spaced",
			Source: "jump", MFASerial: "arn:aws:iam::111111111111:mfa/alice", Region: "us-east-1"}},
		{"prod", Target{Kind: KindRole, AccountID: "333333333333", Role: "Admin", RoleARN: "arn:aws:iam::333333333333:role/ops/Admin",
			Source: "jump", MFASerial: "arn:aws:iam::111111111111:mfa/alice", ExternalID: "ext:42/a=b",
			RoleSessionName: "alice@example.com", Duration: 2 * time.Hour, Region: "ap-northeast-1"}}, // region from the credentials file
		{"chain2", Target{Kind: KindRole, AccountID: "444444444444", Role: "Chain2", RoleARN: "arn:aws:iam::444444444444:role/Chain2",
			Source: "prod", MFASerial: "arn:aws:iam::111111111111:mfa/alice"}},
		{"chain3", Target{Kind: KindRole, AccountID: "555555555555", Role: "Chain3", RoleARN: "arn:aws:iam::555555555555:role/Chain3",
			Source: "chain2", MFASerial: "GAHT12345678"}},
		{"ec2", Target{Kind: KindRole, AccountID: "666666666666", Role: "FromInstance", RoleARN: "arn:aws:iam::666666666666:role/FromInstance",
			CredentialSource: "Ec2InstanceMetadata"}},
		{"selfref", Target{Kind: KindSource, AccountID: "777777777777", Role: "Self", RoleARN: "arn:aws:iam::777777777777:role/Self",
			SDKAssumesRole: true, UseSessionToken: true}},
		{"viakeysrole", Target{Kind: KindRole, AccountID: "999999999999", Role: "ViaKeysRole", RoleARN: "arn:aws:iam::999999999999:role/ViaKeysRole",
			Source: "keysrole"}},
		{"sso-dev", Target{Kind: KindSource, AccountID: "121212121212", Region: "eu-west-1", UseSessionToken: true}},
		{"from-sso", Target{Kind: KindRole, AccountID: "141414141414", Role: "FromSSO", RoleARN: "arn:aws:iam::141414141414:role/FromSSO", Source: "sso-dev"}},
		{"proc", Target{Kind: KindSource, UseSessionToken: true}},
		{"webid", Target{Kind: KindSource, AccountID: "151515151515", Role: "WebId", RoleARN: "arn:aws:iam::151515151515:role/WebId", SDKAssumesRole: true, UseSessionToken: true}},
		{"login", Target{Kind: KindSource, UseSessionToken: true}},
		{"cn", Target{Kind: KindRole, AccountID: "202020202020", Role: "China", RoleARN: "arn:aws-cn:iam::202020202020:role/China", Source: "jump",
			MFASerial: "arn:aws:iam::111111111111:mfa/alice", Region: "cn-north-1"}},
		{"credsonly", Target{Kind: KindSource, Region: "sa-east-1", UseSessionToken: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := *lookup(t, c, tt.name)
			want := tt.want
			want.Name, want.Profile = tt.name, tt.name
			got.Origin = Origin{}
			if got.Name != want.Name || got.Kind != want.Kind || got.AccountID != want.AccountID || got.Role != want.Role ||
				got.RoleARN != want.RoleARN || got.Source != want.Source || got.MFASerial != want.MFASerial ||
				got.Region != want.Region || got.ExternalID != want.ExternalID || got.RoleSessionName != want.RoleSessionName ||
				got.Duration != want.Duration || got.Profile != want.Profile || got.CredentialSource != want.CredentialSource ||
				got.SDKAssumesRole != want.SDKAssumesRole || got.UseSessionToken != want.UseSessionToken {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
	if o := lookup(t, c, "prod").Origin; !strings.HasSuffix(o.String(), "config:21") {
		t.Errorf("prod origin = %v, want …config:21", o)
	}
	if o := lookup(t, c, "credsonly").Origin; !strings.HasSuffix(o.String(), "credentials:5") {
		t.Errorf("credsonly origin = %v, want …credentials:5", o)
	}
	for _, gone := range []string{"noprefix", "capital", "Profile capital", "dropped", "region-only", "sso-session corp", "services dev"} {
		if _, ok := c.Lookup(gone); ok {
			t.Errorf("%q should not be a target", gone)
		}
	}
}

func TestProfileDefaultOverridesDefault(t *testing.T) {
	b, _ := os.ReadFile(filepath.Join("testdata", "aws", "profile-default.config"))
	c := mustLoad(t, files{aws: string(b)})
	d := lookup(t, c, "default")
	if d.Region != "us-west-2" || !strings.HasSuffix(d.Origin.String(), "config:6") {
		t.Errorf("default = region %q at %v, want us-west-2 from [profile default] at line 6", d.Region, d.Origin)
	}
	if got := strings.Join(names(c), " "); got != "default a" {
		t.Errorf("targets = %s", got)
	}
}

func TestAESRProfiles(t *testing.T) {
	b, _ := os.ReadFile(filepath.Join("testdata", "aws", "aesr.config"))
	c := mustLoad(t, files{aws: string(b)})
	m := lookup(t, c, "marketing")
	if m.RoleARN != "arn:aws:iam::123456789012:role/MarketingAdmin" || m.Source != "default" || m.Color != "#ffaaee" ||
		m.Region != "us-east-1" || m.MFASerial != "arn:aws:iam::111111111111:mfa/bob" {
		t.Errorf("marketing = %+v", *m)
	}
	p := lookup(t, c, "pathy")
	// "color = #00ff00": in the SDK's grammar " #" starts a comment, so
	// the value is empty, as the aws CLI would read it.
	if p.RoleARN != "arn:aws:iam::210987654321:role/team/ci/Deployer" || p.Role != "Deployer" || p.Color != "" {
		t.Errorf("pathy = %+v", *p)
	}
	if w := lookup(t, c, "withsource"); w.Source != "default" || w.RoleARN != "arn:aws:iam::333333333333:role/Dev" {
		t.Errorf("withsource = %+v", *w)
	}

	// Without credentials in [default] there is no implied source.
	msg := loadErr(t, files{aws: "[default]\nregion = eu-west-1\n[profile m]\naws_account_id = 123456789012\nrole_name = R\n"})
	want := `config:5: profile "m" has a role but no source_profile, credential_source or credentials of its own; add source_profile = NAME`
	if msg != want {
		t.Errorf("got  %s\nwant %s", msg, want)
	}
}

func TestAWSErrors(t *testing.T) {
	tests := []struct {
		name, aws, creds, want string
	}{
		{"loop", "[profile a]\nrole_arn = arn:aws:iam::222222222222:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::222222222222:role/B\nsource_profile = a\n", "",
			"config:6: profiles form a source_profile loop: a -> b -> a; make one of them use credentials of its own"},
		{"missing source", jumpKeys + "[profile a]\nrole_arn = arn:aws:iam::222222222222:role/A\nsource_profile = jmup\n", "",
			`config:6: profile "a": source_profile "jmup" does not exist (did you mean "jump"?)`},
		{"self without keys", "[profile a]\nrole_arn = arn:aws:iam::222222222222:role/A\nsource_profile = a\n", "",
			`config:3: profile "a" names itself as source_profile but has no credentials of its own (a loop)`},
		{"source without arn", jumpKeys + "[profile a]\nsource_profile = jump\n", "",
			`config:5: profile "a": source_profile is set but role_arn is missing; add role_arn = arn:aws:iam::ACCOUNT:role/NAME or remove source_profile`},
		{"two credential types", jumpKeys + "[profile a]\nrole_arn = arn:aws:iam::222222222222:role/A\nsource_profile = jump\ncredential_process = x\n", "",
			`config:7: profile "a": only one of source_profile, credential_source, credential_process and web_identity_token_file may be set, found source_profile and credential_process`},
		{"bad credential_source", "[profile a]\nrole_arn = arn:aws:iam::222222222222:role/A\ncredential_source = Ec2InstanceMetdata\n", "",
			`config:3: profile "a": credential_source "Ec2InstanceMetdata" must be Environment, Ec2InstanceMetadata or EcsContainer (did you mean "Ec2InstanceMetadata"?)`},
		{"bad arn", jumpKeys + "[profile a]\nrole_arn = arn:aws:s3:::bucket\nsource_profile = jump\n", "",
			`config:5: profile "a": role_arn "arn:aws:s3:::bucket" is not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)`},
		{"not an arn", jumpKeys + "[profile a]\nrole_arn = Admin\nsource_profile = jump\n", "",
			`config:5: profile "a": role_arn "Admin" is not an ARN (expected arn:aws:iam::123456789012:role/NAME)`},
		{"bad partition", jumpKeys + "[profile a]\nrole_arn = arn:aws-iso:iam::222222222222:role/A\nsource_profile = jump\n", "",
			`config:5: profile "a": role_arn "arn:aws-iso:iam::222222222222:role/A" has partition "aws-iso", expected aws, aws-cn or aws-us-gov`},
		{"short account", jumpKeys + "[profile a]\nrole_arn = arn:aws:iam::2222:role/A\nsource_profile = jump\n", "",
			`config:5: profile "a": role_arn "arn:aws:iam::2222:role/A" has account id "2222", which is not 12 digits`},
		{"user not role", jumpKeys + "[profile a]\nrole_arn = arn:aws:iam::222222222222:user/A\nsource_profile = jump\n", "",
			`config:5: profile "a": role_arn "arn:aws:iam::222222222222:user/A" is not an IAM role ARN: the resource must start with role/`},
		{"bad mfa", jumpKeys + "mfa_serial = 1234\n", "",
			`config:4: profile "jump": mfa_serial "1234" is neither an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) nor a device serial number`},
		{"escape in profile name", jumpKeys + "[profile ev\x1b[2Jil]\nrole_arn = arn:aws:iam::222222222222:role/A\nsource_profile = jump\n", "",
			`config:4: profile name "ev?[2Jil" holds control or text-direction characters, which could rewrite what your terminal shows; remove them`},
		{"bad sso account id", "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n[profile a]\nsso_session = corp\nsso_account_id = 1\x1b[31m\nsso_role_name = R\n", "",
			`config:6: profile "a": sso_account_id "1?[31m" must be 12 digits`},
		{"escape in sso_session", "[profile a]\nsso_session = co\x1brp\nsso_account_id = 222222222222\nsso_role_name = R\n", "",
			`config:2: profile "a": sso_session "co?rp" holds control or text-direction characters, which could rewrite what your terminal shows; remove them`},
		{"bad region", jumpKeys + "region = Europe\n", "",
			`config:4: profile "jump": region "Europe" does not look like an AWS region such as eu-west-1`},
		{"bad duration", jumpKeys + "[profile a]\nrole_arn = arn:aws:iam::222222222222:role/A\nsource_profile = jump\nduration_seconds = 1h\n", "",
			`config:7: profile "a": duration_seconds "1h" must be a whole number of seconds from 900 to 43200`},
		{"duration too long", jumpKeys + "[profile a]\nrole_arn = arn:aws:iam::222222222222:role/A\nsource_profile = jump\nduration_seconds = 43201\n", "",
			`config:7: profile "a": duration_seconds "43201" must be a whole number of seconds from 900 to 43200`},
		{"bad session name", jumpKeys + "[profile a]\nrole_arn = arn:aws:iam::222222222222:role/A\nsource_profile = jump\nrole_session_name = a b\n", "",
			`config:7: profile "a": role_session_name "a b" must be 2-64 characters of letters, digits and +=,.@_-`},
		{"bad external id", jumpKeys + "[profile a]\nrole_arn = arn:aws:iam::222222222222:role/A\nsource_profile = jump\nexternal_id = x\n", "",
			`config:7: profile "a": external_id must be 2-1224 characters of letters, digits and +=,.@:/_-`},
		{"partial keys", "[profile a]\naws_access_key_id = AKIA\n", "",
			`config:2: profile "a": aws_access_key_id is set without aws_secret_access_key`},
		{"secret without id", "", "[a]\naws_secret_access_key = SECRETMARKERonly\n",
			`credentials:2: profile "a": aws_secret_access_key is set without aws_access_key_id`},
		{"missing sso session", "[profile a]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = R\n", "",
			`config:2: profile "a": sso_session "corp" has no [sso-session corp] section`},
		{"incomplete sso session", "[sso-session corp]\nsso_region = eu-west-1\n[profile a]\nsso_session = corp\n", "",
			`config:1: [sso-session corp] needs both sso_start_url and sso_region`},
		{"role without any source", "[profile a]\nrole_arn = arn:aws:iam::222222222222:role/A\n", "",
			`config:2: profile "a" has a role but no source_profile, credential_source or credentials of its own; add source_profile = NAME`},
		{"bad aesr account", "[default]\naws_access_key_id=A\naws_secret_access_key=SECRETMARKERd\n[profile m]\naws_account_id = 1234\nrole_name = R\n", "",
			`config:5: profile "m": aws_account_id "1234" must be 12 digits`},
		{"bad color", jumpKeys + "color = fuchsia\n", "",
			`config:4: profile "jump": color "fuchsia" must be #rrggbb, rrggbb or one of red, orange, yellow, green, blue, teal, purple, pink, brown, gray`},
		{"bom", "\ufeff[default]\nregion = eu-west-1\n", "",
			`config:1: starts with a UTF-8 byte order mark, which the AWS SDKs do not understand; save the file as UTF-8 without BOM`},
		{"binary", "[default]\nregion = eu\x00west-1\n", "",
			`config:2: contains a NUL byte: this is a binary file, not a configuration file`},
		{"invalid utf8", "[default]\n\nregion = \xff\xfe\n", "",
			`config:3: is not valid UTF-8 text; save it as UTF-8`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := loadErr(t, files{aws: tt.aws, creds: tt.creds})
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestSecretsNeverInErrors loads broken files that hold secrets in every
// position and checks that no message repeats them.
func TestSecretsNeverInErrors(t *testing.T) {
	for _, aws := range []string{
		"[profile a]\naws_secret_access_key = SECRETMARKER1\n",
		"[profile a]\naws_access_key_id = AKIA\naws_secret_access_key = SECRETMARKER2\nrole_arn = bad\nregion = bad\n",
		"[profile a]\naws_secret_access_key = SECRETMARKER3\x00\n",
		"[profile a]\naws_secret_access_key = SECRETMARKER4\xff\n",
		"[profile a]\naws_access_key_id = AKIA\naws_secret_access_key = SECRETMARKER5\naws_session_token = SECRETMARKER6\nsource_profile = a\n",
	} {
		msg := loadErr(t, files{aws: aws})
		if strings.Contains(msg, secretMarker) {
			t.Errorf("secret in error: %s", msg)
		}
	}
}

// Found by FuzzAWSConfig: a section with no name ("[]") is no profile, in
// either file (the SDK cannot load it).
func TestUnnamedSectionsIgnored(t *testing.T) {
	c := mustLoad(t, files{aws: "[]\naws_access_key_id=A\naws_secret_access_key=SECRETMARKERa\n[ ]\nregion=eu-west-1\n",
		creds: "[]\naws_access_key_id=A\naws_secret_access_key=SECRETMARKERb\n"})
	if len(c.Targets) != 0 {
		t.Errorf("targets = %q", names(c))
	}
}

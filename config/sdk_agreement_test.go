package config

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	sdkconfig "github.com/aws/aws-sdk-go-v2/config"
)

// sdkProfile loads one profile with the AWS SDK's own shared-config loader.
func sdkProfile(t testing.TB, cfgFile, credsFile, name string) (sdkconfig.SharedConfig, error) {
	t.Helper()
	return sdkconfig.LoadSharedConfigProfile(context.Background(), name, func(o *sdkconfig.LoadSharedConfigOptions) {
		o.ConfigFiles = []string{cfgFile}
		o.CredentialsFiles = []string{credsFile}
	})
}

// sectionNames lists every profile-ish name in an INI text, so the test asks
// the SDK about names we dropped as well as names we kept.
var sectionRE = regexp.MustCompile(`(?m)^\s*\[\s*(?:profile\s+)?([^\]#;]*?)\s*\]`)

func candidateNames(texts ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, text := range texts {
		for _, m := range sectionRE.FindAllStringSubmatch(text, -1) {
			n := m[1]
			// [sso-session x] and [services x] are not profiles, though
			// the SDK would load them by their full name.
			if strings.HasPrefix(n, "sso-session ") || strings.HasPrefix(n, "services ") {
				continue
			}
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// sdkMFA is the first mfa_serial along the SDK's source chain: the device
// switchrole prompts for.
func sdkMFA(sc *sdkconfig.SharedConfig) string {
	for c := sc; c != nil; c = c.Source {
		if c.MFASerial != "" {
			return c.MFASerial
		}
	}
	return ""
}

// compareWithSDK asserts that every target from the AWS files agrees with
// the SDK, and that every profile the SDK can use for credentials is a
// target. lenient lists profiles where switchrole deliberately accepts what
// the SDK rejects (with the reason in the test table).
func compareWithSDK(t *testing.T, cfgText, credsText string, lenient map[string]string) {
	opts, _ := write(t, files{aws: cfgText, creds: credsText})
	c, err := Load(opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	for _, name := range candidateNames(cfgText, credsText) {
		sc, sdkErr := sdkProfile(t, opts.AWSConfigFile, opts.AWSCredentialsFile, name)
		tg, ours := c.Lookup(name)
		if why, ok := lenient[name]; ok {
			if !ours {
				t.Errorf("%s: lenient profile (%s) is not a target", name, why)
			}
			continue
		}
		if sdkErr != nil {
			if ours {
				t.Errorf("%s: we made a target but the SDK fails: %v", name, sdkErr)
			}
			continue
		}
		sdkUsable := sc.RoleARN != "" || sc.Credentials.HasKeys() || sc.CredentialProcess != "" ||
			sc.SSOSessionName != "" || sc.SSOStartURL != "" || sc.LoginSession != ""
		if sdkUsable != ours {
			t.Errorf("%s: SDK usable=%v, switchrole target=%v", name, sdkUsable, ours)
			continue
		}
		if !ours {
			continue
		}
		check := func(field, got, want string) {
			if got != want {
				t.Errorf("%s: %s = %q, SDK says %q", name, field, got, want)
			}
		}
		check("RoleARN", tg.RoleARN, sc.RoleARN)
		check("Region", tg.Region, sc.Region)
		check("MFASerial", tg.MFASerial, sdkMFA(&sc))
		check("ExternalID", tg.ExternalID, sc.ExternalID)
		check("RoleSessionName", tg.RoleSessionName, sc.RoleSessionName)
		if sc.RoleDurationSeconds != nil && tg.Duration != *sc.RoleDurationSeconds {
			t.Errorf("%s: Duration = %v, SDK says %v", name, tg.Duration, *sc.RoleDurationSeconds)
		}
		switch {
		case tg.Kind == KindRole && tg.CredentialSource != "":
			check("CredentialSource", tg.CredentialSource, sc.CredentialSource)
		case tg.Kind == KindRole:
			check("Source", tg.Source, sc.SourceProfileName)
			if sc.Source == nil {
				t.Errorf("%s: SDK has no source config", name)
				break
			}
			// Walk the chain: each hop must be a target named like the
			// SDK's profile, until the SDK stops (keys end the chain).
			hop := tg
			for s := sc.Source; s != nil; s = s.Source {
				next, ok := c.Lookup(hop.Source)
				if !ok {
					t.Errorf("%s: chain hop %q is not a target", name, hop.Source)
					break
				}
				check("chain", next.Name, s.Profile)
				if s.Source == nil || next.Kind != KindRole {
					break
				}
				hop = next
			}
		default: // a source
			if tg.SDKAssumesRole != (sc.RoleARN != "") {
				t.Errorf("%s: SDKAssumesRole = %v but SDK RoleARN = %q", name, tg.SDKAssumesRole, sc.RoleARN)
			}
			check("Profile", tg.Profile, name)
		}
	}
}

func TestSDKAgreement(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", "aws", name))
		if err != nil {
			if os.IsNotExist(err) {
				return ""
			}
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		name          string
		config, creds string
		lenient       map[string]string
	}{
		{name: "tricky", config: read("tricky.config"), creds: read("tricky.credentials")},
		{name: "profile default overrides default", config: read("profile-default.config")},
		{name: "aws-extend-switch-roles", config: read("aesr.config"), lenient: map[string]string{
			// The SDK ignores aws_account_id + role_name; switchrole
			// builds the role ARN from them as the extension does.
			"withsource": "SDK: source_profile requires role_arn",
			"marketing":  "SDK: not a role without role_arn; [default] is the implied source",
			"pathy":      "SDK: not a role without role_arn; [default] is the implied source",
		}},
		{name: "inline", config: `[profile a]
role_arn = arn:aws:iam::222222222222:role/A
source_profile = b
mfa_serial = arn:aws:iam::222222222222:mfa/a
[profile b]
role_arn = arn:aws:iam::333333333333:role/B
source_profile = c
[profile c]
credential_process = echo '{}'
mfa_serial = arn:aws:iam::111111111111:mfa/c
[profile d]
role_arn = arn:aws:iam::444444444444:role/D
source_profile = b
`},
		{name: "credentials only", creds: "[x]\naws_access_key_id=AKIAX\naws_secret_access_key=SECRETMARKERxxxxxxxxxx\n[y]\nrole_arn=arn:aws:iam::222222222222:role/Y\nsource_profile=x\n"},
		{name: "crlf line endings", config: strings.ReplaceAll(read("profile-default.config"), "\n", "\r\n")},
		{name: "repeated section merges", config: "[profile a]\nrole_arn = arn:aws:iam::222222222222:role/A\n[profile k]\naws_access_key_id=AKIAK\naws_secret_access_key=SECRETMARKERkkkkkkkkkk\n[profile  a]\nsource_profile = k\nregion = eu-north-1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			compareWithSDK(t, tt.config, tt.creds, tt.lenient)
		})
	}
}

package config

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestTOMLTargets(t *testing.T) {
	c := mustLoad(t, files{
		aws: "[profile jump]\naws_access_key_id = AKIAJUMP\naws_secret_access_key = SECRETMARKERjump\nmfa_serial = arn:aws:iam::111111111111:mfa/fromaws\n" +
			"[profile other]\nregion = eu-north-1\ncredential_process = /bin/creds\n" +
			"[profile legacy]\nrole_arn = arn:aws:iam::222222222222:role/Legacy\nsource_profile = jump\n" +
			"[profile cn-legacy]\nrole_arn = arn:aws-cn:iam::555555555555:role/X\nsource_profile = jump\ncolor = 00ff00\n",
		toml: `[defaults]
region = "eu-west-1"
session_duration = "2h"
role_session_name = "alice"
federation_url = "http://127.0.0.1:9/federation"
refresh_window = "10m"
roles = ["Admin", { name = "ReadOnly", tags = ["ro"] }]

[sources.jump]
mfa_serial = "arn:aws:iam::111111111111:mfa/alice"
session_duration = "8h"
mfa_process = "ykman oath accounts code -s aws"
default = true

[sources.proc]
profile = "other"
use_session_token = false

[[accounts]]
name = "prod-core"
id = "222222222222"
color = "red"
tags = ["prod"]
group = "production"

[[accounts]]
name = "dev"
id = 333333333333
region = "us-east-1"
source = "proc"
roles = [
  "team/Dev",
  { name = "Deploy", path = "ci", external_id = "ci-42", duration = 7200, session_name = "deployer", region = "eu-central-1", color = "#00FF00", source = "prod-core/Admin" },
]

[[accounts]]
name = "china"
id = "555555555555"
region = "cn-north-1"
roles = ["Admin"]
`,
	})
	// [sources.proc] (profile = "other") replaces the AWS source "other".
	want := []string{"proc", "prod-core/Admin", "prod-core/ReadOnly", "dev/Dev", "dev/Deploy", "china/Admin", "jump", "legacy", "cn-legacy"}
	if got := names(c); !reflect.DeepEqual(got, want) {
		t.Fatalf("targets = %v\nwant %v", got, want)
	}
	wantDefaults := Defaults{Region: "eu-west-1", SessionDuration: 2 * time.Hour, RoleSessionName: "alice",
		FederationURL: "http://127.0.0.1:9/federation", RefreshWindow: 10 * time.Minute, HasRoles: true}
	if c.Defaults != wantDefaults {
		t.Errorf("defaults = %+v", c.Defaults)
	}

	jump := lookup(t, c, "jump") // the AWS profile, enriched by [sources.jump]
	if jump.MFASerial != "arn:aws:iam::111111111111:mfa/alice" || jump.SessionDuration != 8*time.Hour || !jump.UseSessionToken ||
		jump.MFAProcess != "ykman oath accounts code -s aws" || jump.Profile != "jump" || !strings.HasSuffix(jump.Origin.String(), "config:1") {
		t.Errorf("jump = %+v", *jump)
	}
	proc := lookup(t, c, "proc")
	if proc.Kind != KindSource || proc.Profile != "other" || proc.UseSessionToken || proc.Region != "eu-north-1" ||
		proc.SessionDuration != 12*time.Hour || !strings.HasSuffix(proc.Origin.String(), "switchrole.toml:15") {
		t.Errorf("proc = %+v", *proc)
	}
	admin := lookup(t, c, "prod-core/Admin")
	if admin.RoleARN != "arn:aws:iam::222222222222:role/Admin" || admin.Source != "jump" || admin.Account != "prod-core" ||
		admin.Color != "#f2b0a9" || !reflect.DeepEqual(admin.Tags, []string{"prod", "production"}) || admin.Group != "production" ||
		admin.MFASerial != "arn:aws:iam::111111111111:mfa/alice" || admin.MFAProcess != "ykman oath accounts code -s aws" ||
		admin.Region != "" || admin.FederationURL != "http://127.0.0.1:9/federation" || !strings.HasSuffix(admin.Origin.String(), "switchrole.toml:19") {
		t.Errorf("prod-core/Admin = %+v", *admin)
	}
	if ro := lookup(t, c, "prod-core/ReadOnly"); !reflect.DeepEqual(ro.Tags, []string{"prod", "production", "ro"}) {
		t.Errorf("ReadOnly tags = %v", ro.Tags)
	}
	dev := lookup(t, c, "dev/Dev")
	if dev.RoleARN != "arn:aws:iam::333333333333:role/team/Dev" || dev.Role != "Dev" || dev.Source != "proc" || dev.MFASerial != "" ||
		dev.Region != "us-east-1" || !strings.HasSuffix(dev.Origin.String(), "switchrole.toml:32") {
		t.Errorf("dev/Dev = %+v", *dev)
	}
	deploy := lookup(t, c, "dev/Deploy")
	wantDeploy := Target{Name: "dev/Deploy", Kind: KindRole, Account: "dev", AccountID: "333333333333", Role: "Deploy",
		RoleARN: "arn:aws:iam::333333333333:role/ci/Deploy", Source: "prod-core/Admin",
		MFASerial: "arn:aws:iam::111111111111:mfa/alice", MFAProcess: "ykman oath accounts code -s aws",
		Region: "eu-central-1", Color: "#00ff00", ExternalID: "ci-42", RoleSessionName: "deployer", Duration: 2 * time.Hour,
		FederationURL: "http://127.0.0.1:9/federation", Origin: deploy.Origin, fromTOML: true}
	if !reflect.DeepEqual(*deploy, wantDeploy) {
		t.Errorf("dev/Deploy\n got %+v\nwant %+v", *deploy, wantDeploy)
	}
	if ch := lookup(t, c, "china/Admin"); ch.RoleARN != "arn:aws-cn:iam::555555555555:role/Admin" {
		t.Errorf("china ARN = %s", ch.RoleARN)
	}
	// The AWS profile in a TOML account borrows its name, colour, tags.
	legacy := lookup(t, c, "legacy")
	if legacy.Account != "prod-core" || legacy.Color != "#f2b0a9" || !reflect.DeepEqual(legacy.Tags, []string{"prod", "production"}) ||
		legacy.Region != "" || legacy.MFASerial != "arn:aws:iam::111111111111:mfa/alice" {
		t.Errorf("legacy = %+v", *legacy)
	}
	if cl := lookup(t, c, "cn-legacy"); cl.Color != "#00ff00" || cl.Region != "cn-north-1" || cl.Account != "china" {
		t.Errorf("cn-legacy keeps its own colour and borrows the region: %+v", *cl)
	}
}

func TestTOMLDefaultSource(t *testing.T) {
	// A single [sources] entry is the default without default = true.
	c := mustLoad(t, files{aws: jumpKeys, toml: "[sources.jump]\n[[accounts]]\nname = \"a\"\nid = \"222222222222\"\nroles = [\"R\"]\n"})
	if s := lookup(t, c, "a/R").Source; s != "jump" {
		t.Errorf("source = %q", s)
	}
	// No [sources] at all and exactly one AWS profile with credentials.
	c = mustLoad(t, files{aws: jumpKeys, toml: "[[accounts]]\nname = \"a\"\nid = \"222222222222\"\nroles = [\"R\"]\n"})
	if s := lookup(t, c, "a/R").Source; s != "jump" {
		t.Errorf("source = %q", s)
	}
	// A [sources] name that differs from its profile replaces the
	// profile's target (tested in depth by TestSourceReplacesProfile).
	c = mustLoad(t, files{aws: jumpKeys, toml: "[sources.work]\nprofile = \"jump\"\n[[accounts]]\nname = \"a\"\nid = \"222222222222\"\nroles = [\"R\"]\n"})
	if got := names(c); !reflect.DeepEqual(got, []string{"work", "a/R"}) {
		t.Errorf("targets = %v", got)
	}
}

func TestTOMLErrors(t *testing.T) {
	const acct = "[[accounts]]\nname = \"a\"\nid = \"222222222222\"\n"
	tests := []struct{ name, aws, toml, want string }{
		{"unknown top key", jumpKeys, "[defualts]\n",
			`switchrole.toml:1: unknown key "defualts" at the top level (allowed: [defaults], [sources.NAME], [[accounts]], [sso.NAME]) (did you mean "defaults"?)`},
		{"unknown account key", jumpKeys, acct + "rolse = [\"A\"]\n",
			"switchrole.toml:4: unknown key \"rolse\" in [[accounts]] (did you mean \"roles\"?)\n" +
				`switchrole.toml:1: account "a" has no roles: add roles = ["Admin", ...] to it or to [defaults]`},
		{"an unknown key hides no other mistake", jumpKeys, acct + "roles = [\"A\"]\ncolour = \"red\"\n[[accounts]]\nname = \"b\"\nid = \"12\"\nroles = [\"A\"]\n",
			"switchrole.toml:5: unknown key \"colour\" in [[accounts]] (did you mean \"color\"?)\n" +
				`switchrole.toml:8: account "b": id "12" must be 12 digits, in quotes`},
		{"unknown source key", jumpKeys, "[sources.jump]\nmfa_serail = \"x\"\n",
			`switchrole.toml:2: unknown key "mfa_serail" in [sources.jump] (did you mean "mfa_serial"?)`},
		{"unknown role key", jumpKeys, acct + "roles = [{ name = \"A\", extrnal_id = \"xx\" }]\n",
			`switchrole.toml:4: unknown key "extrnal_id" in a role (did you mean "external_id"?)`},
		{"several unknown keys", jumpKeys, "[defaults]\nregoin = \"x\"\n[sources.jump]\nmfa_serail = \"x\"\n",
			"switchrole.toml:2: unknown key \"regoin\" in [defaults] (did you mean \"region\"?)\nswitchrole.toml:4: unknown key \"mfa_serail\" in [sources.jump] (did you mean \"mfa_serial\"?)"},
		{"truncated", jumpKeys, acct + "roles = [\"Admin\", { name = \"Deploy\", external_id = \"ci\n",
			`switchrole.toml:4: invalid TOML: basic strings cannot have new lines`},
		{"truncated table header", jumpKeys, "[[accounts]\n",
			`switchrole.toml:1: invalid TOML: expected ']]' to close array table name`},
		{"wrong type", jumpKeys, "[[accounts]]\nname = 5\n",
			`switchrole.toml:2: "accounts.name" must be a string (in quotes), not a TOML integer`},
		{"sso session not a table", jumpKeys, "[sso]\ncorp = 3\n",
			`switchrole.toml:2: "sso.corp" must be a table, not a TOML integer`},
		{"accounts not a list", jumpKeys, "accounts = 3\n",
			`switchrole.toml:1: "accounts" must be a list of tables, not a TOML integer`},
		{"source not a table", jumpKeys, "[sources]\njump = \"jump\"\n",
			`switchrole.toml:2: "sources.jump" must be a table, not a TOML string`},
		{"arn as role", jumpKeys, acct + "roles = [\"Admin\",\n  \"arn:aws:iam::222222222222:role/Admin\"]\n",
			`switchrole.toml:5: roles take names such as "Admin" or "team/Admin", not ARNs; the account id comes from the account's id`},
		{"arn key in role", jumpKeys, acct + "roles = [{ arn = \"arn:aws:iam::222222222222:role/Admin\" }]\n",
			`switchrole.toml:4: roles take a name, not an ARN; write name = "ROLE" (and path = "/team/") and the account's id`},
		{"bad role name", jumpKeys, acct + "roles = [\"Ad min\"]\n",
			`switchrole.toml:4: role name "Ad min" must be 1-64 letters, digits or +=,.@_- (a path goes before a /, as in "team/Admin")`},
		{"role not string", jumpKeys, acct + "roles = [3]\n",
			`switchrole.toml:4: each role must be a name in quotes or a table such as { name = "Deploy", external_id = "ci-42" }`},
		{"duplicate role", jumpKeys, acct + "roles = [\"A\",\n \"x/A\"]\n",
			`switchrole.toml:5: account "a" lists role "A" twice (target "a/A"); role names must be unique per account (see also switchrole.toml:4)`},
		{"short id", jumpKeys, "[[accounts]]\nname = \"a\"\nid = \"12345\"\nroles = [\"A\"]\n",
			`switchrole.toml:3: account "a": id "12345" must be 12 digits, in quotes`},
		{"missing id", jumpKeys, "[[accounts]]\nname = \"a\"\nroles = [\"A\"]\n",
			`switchrole.toml:1: account "a" needs id = "123456789012"`},
		{"duplicate account name", jumpKeys, acct + "roles = [\"A\"]\n[[accounts]]\nname = \"a\"\nid = \"333333333333\"\nroles = [\"A\"]\n",
			`switchrole.toml:6: two accounts are named "a"; account names must be unique (see also switchrole.toml:2)`},
		{"duplicate account id", jumpKeys, acct + "roles = [\"A\"]\n[[accounts]]\nname = \"b\"\nid = \"222222222222\"\nroles = [\"A\"]\n",
			`switchrole.toml:7: account "b" has the same id 222222222222 as account "a"; give each account once (see also switchrole.toml:3)`},
		{"no roles", jumpKeys, acct,
			`switchrole.toml:1: account "a" has no roles: add roles = ["Admin", ...] to it or to [defaults]`},
		{"missing source", jumpKeys, acct + "source = \"jmup\"\nroles = [\"A\"]\n",
			`switchrole.toml:4: target "a/A": source "jmup" is not a [sources] entry or AWS profile (did you mean "jump"?)`},
		{"no source at all", "", acct + "roles = [\"A\"]\n",
			`switchrole.toml:1: account "a" has no source: add source = "NAME" naming a [sources.NAME] or AWS profile, or mark one source default = true`},
		{"two defaults", jumpKeys + "[profile k2]\naws_access_key_id=A\naws_secret_access_key=SECRETMARKERk2\n", "[sources.jump]\ndefault = true\n[sources.k2]\ndefault = true\n",
			`switchrole.toml:3: sources "jump" and "k2" are both marked default = true; keep one (see also switchrole.toml:1)`},
		{"source profile missing", jumpKeys, "[sources.jmp]\n",
			`switchrole.toml:1: [sources.jmp]: AWS profile "jmp" does not exist in ~/.aws/config or ~/.aws/credentials; set profile = "NAME" to an existing profile (did you mean "jump"?)`},
		{"source is a role", jumpKeys + "[profile r]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = jump\n", "[sources.x]\nprofile = \"r\"\n",
			`switchrole.toml:2: [sources.x]: AWS profile "r" is a role, not a source of credentials; use source = "r" in an account to chain through it instead`},
		{"source name clashes with role profile", jumpKeys + "[profile r]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = jump\n", "[sources.r]\nprofile = \"jump\"\n",
			`switchrole.toml:1: source "r" has the same name as an AWS profile that is not its profile; rename one of them (see also config:4)`},
		{"toml role clashes with profile", jumpKeys + "[profile a/A]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = jump\n", acct + "roles = [\"A\"]\n",
			`config:4: two targets are named "a/A"; rename one of them (see also switchrole.toml:4)`},
		{"loop", jumpKeys, acct + "roles = [{ name = \"A\", source = \"a/B\" }, { name = \"B\", source = \"a/A\" }]\n",
			`switchrole.toml:4: targets form a source loop: a/A -> a/B -> a/A`},
		{"bad durations", jumpKeys, "[defaults]\nsession_duration = \"13h\"\nrefresh_window = \"2h\"\n[sources.jump]\nsession_duration = \"37h\"\n" + acct + "roles = [{ name = \"A\", duration = \"10m\" }]\n",
			"switchrole.toml:2: session_duration must be between 15m and 12h (e.g. \"1h\")\nswitchrole.toml:3: refresh_window must be between 0s and 1h (e.g. \"5m\")\nswitchrole.toml:5: [sources.jump]: session_duration must be between 15m and 36h (e.g. \"12h\")\nswitchrole.toml:9: role duration must be between 15m and 12h (e.g. \"1h\" or 3600)"},
		{"bad color", jumpKeys, acct + "color = \"chartreuse\"\nroles = [\"A\"]\n",
			`switchrole.toml:4: account "a": color "chartreuse" must be #rrggbb or one of red, orange, yellow, green, blue, teal, purple, pink, brown, gray`},
		{"escape in account name", jumpKeys, "[[accounts]]\nname = \"pr\\u001b[2Jod\"\nid = \"222222222222\"\nroles = [\"A\"]\n",
			`switchrole.toml:2: account name "pr?[2Jod" holds control or text-direction characters, which could rewrite what your terminal shows; remove them`},
		{"escape in tag and group", jumpKeys, acct + "tags = [\"ok\", \"b\\u009bad\"]\ngroup = \"g\\u0007\"\nroles = [\"A\"]\n",
			"switchrole.toml:4: account \"a\": tag \"b?ad\" holds control or text-direction characters, which could rewrite what your terminal shows; remove them\n" +
				"switchrole.toml:5: account \"a\": group \"g?\" holds control or text-direction characters, which could rewrite what your terminal shows; remove them"},
		{"reversed account name", jumpKeys, "[[accounts]]\nname = \"prod\\u202Enimda\"\nid = \"222222222222\"\nroles = [\"A\"]\n",
			`switchrole.toml:2: account name "prod?nimda" holds control or text-direction characters, which could rewrite what your terminal shows; remove them`},
		{"escape in a role's tag", jumpKeys, acct + "roles = [{ name = \"A\", tags = [\"x\\u001by\"] }]\n",
			`switchrole.toml:4: tag "x?y" holds control or text-direction characters, which could rewrite what your terminal shows; remove them`},
		{"escape in source name", jumpKeys, "[sources.\"j\\u001bump\"]\nprofile = \"jump\"\n",
			`switchrole.toml:1: source name "j?ump" holds control or text-direction characters, which could rewrite what your terminal shows; remove them`},
		{"bad region", jumpKeys, "[defaults]\nregion = \"EU\"\n",
			`switchrole.toml:2: region "EU" does not look like an AWS region such as eu-west-1`},
		{"bad federation url", jumpKeys, "[defaults]\nfederation_url = \"localhost:8080\"\n",
			`switchrole.toml:2: federation_url must be an http:// or https:// URL`},
		{"bad mfa serial", jumpKeys, "[sources.jump]\nmfa_serial = \"arn:aws:iam::111111111111:user/alice\"\n",
			`switchrole.toml:2: [sources.jump]: mfa_serial "arn:aws:iam::111111111111:user/alice" is neither an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) nor a device serial number`},
		{"path twice", jumpKeys, acct + "roles = [{ name = \"a/A\", path = \"/b/\" }]\n",
			`switchrole.toml:4: give the role path either in name ("team/Admin") or in path, not both`},
		{"default role with bad key", jumpKeys, "[defaults]\nroles = [\n  \"A\",\n  { name = \"B\", regoin = \"x\" },\n]\n",
			`switchrole.toml:4: unknown key "regoin" in a role (did you mean "region"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := loadErr(t, files{aws: tt.aws, toml: tt.toml})
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestTOMLKeyListsMatchStructs keeps the "did you mean" key lists in step
// with the struct tags the decoder accepts.
func TestTOMLKeyListsMatchStructs(t *testing.T) {
	tags := func(v any) []string {
		var out []string
		rt := reflect.TypeOf(v)
		for i := 0; i < rt.NumField(); i++ {
			if tag := rt.Field(i).Tag.Get("toml"); tag != "" {
				out = append(out, tag)
			}
		}
		return out
	}
	for _, tt := range []struct {
		list []string
		v    any
	}{{topKeys, tomlDoc{}}, {defaultsKeys, tomlDefaults{}}, {sourceKeys, tomlSource{}}, {accountKeys, tomlAccount{}}, {ssoKeys, tomlSSO{}}} {
		if got := tags(tt.v); !reflect.DeepEqual(got, tt.list) {
			t.Errorf("%T keys %v, list %v", tt.v, got, tt.list)
		}
	}
}

// TestSourceReplacesProfile: [sources.X] with profile = "P", P an AWS source
// profile, is the one target for that identity. P is not listed, Lookup(P)
// finds X, and everything that named P as its source now names X.
func TestSourceReplacesProfile(t *testing.T) {
	aws := "[profile demo-jump]\naws_access_key_id = AKIAJUMP\naws_secret_access_key = SECRETMARKERjump\nregion = eu-north-1\ncolor = 00ff00\n" +
		"[profile legacy]\nrole_arn = arn:aws:iam::222222222222:role/Legacy\nsource_profile = demo-jump\n" +
		"[profile chained]\nrole_arn = arn:aws:iam::333333333333:role/Chained\nsource_profile = legacy\n" +
		"[profile sdk]\nrole_arn = arn:aws:iam::444444444444:role/Own\naws_access_key_id = AKIASDK\naws_secret_access_key = SECRETMARKERsdk\n"
	toml := "[sources.jump]\nprofile = \"demo-jump\"\nmfa_serial = \"arn:aws:iam::111111111111:mfa/alice\"\ndefault = true\n" +
		"[sources.sdk-src]\nprofile = \"sdk\"\n" +
		"[[accounts]]\nname = \"a\"\nid = \"222222222222\"\nroles = [\"R\", { name = \"S\", source = \"demo-jump\" }]\n" +
		"[[accounts]]\nname = \"b\"\nid = \"555555555555\"\nsource = \"demo-jump\"\nroles = [\"R\"]\n"
	c := mustLoad(t, files{aws: aws, toml: toml})
	want := []string{"jump", "sdk-src", "a/R", "a/S", "b/R", "legacy", "chained"}
	if got := names(c); !reflect.DeepEqual(got, want) {
		t.Fatalf("targets = %v\nwant %v", got, want)
	}
	jump := lookup(t, c, "jump")
	if p := lookup(t, c, "demo-jump"); p != jump {
		t.Errorf("Lookup(demo-jump) = %q, want the jump target", p.Name)
	}
	if jump.Kind != KindSource || jump.Profile != "demo-jump" || jump.Region != "eu-north-1" || jump.Color != "#00ff00" ||
		jump.MFASerial != "arn:aws:iam::111111111111:mfa/alice" || !jump.UseSessionToken || !strings.HasSuffix(jump.Origin.String(), "switchrole.toml:1") {
		t.Errorf("jump = %+v", *jump)
	}
	for name, src := range map[string]string{"legacy": "jump", "chained": "legacy", "a/R": "jump", "a/S": "jump", "b/R": "jump"} {
		tg := lookup(t, c, name)
		if tg.Source != src || tg.MFASerial != "arn:aws:iam::111111111111:mfa/alice" {
			t.Errorf("%s: source %q (want %q), mfa %q", name, tg.Source, src, tg.MFASerial)
		}
	}
	// A profile that assumes its own role stays that, under the new name.
	sdk := lookup(t, c, "sdk-src")
	if !sdk.SDKAssumesRole || sdk.RoleARN != "arn:aws:iam::444444444444:role/Own" || sdk.Profile != "sdk" {
		t.Errorf("sdk-src = %+v", *sdk)
	}
	if p, ok := c.Lookup("sdk"); !ok || p != sdk {
		t.Errorf("Lookup(sdk) does not find sdk-src")
	}
	if s := Summary(c); s.Sources != 2 {
		t.Errorf("summary counts %d sources, want 2", s.Sources)
	}
}

// TestSourceWithKeysInTheKeyring: a TOML source whose AWS profile has no
// credentials of its own (its keys moved by `switchrole keys import`, or
// added with `keys add`) is a keyring source, not "a role"; a profile
// with its own keys is not, and a profile that is a role stays refused.
func TestSourceWithKeysInTheKeyring(t *testing.T) {
	aws := "[profile jump]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n" +
		"[profile filed]\naws_access_key_id = AKIAFILED\naws_secret_access_key = SECRETMARKERfiled\n"
	toml := "[sources.jump]\nprofile = \"jump\"\n[sources.filed]\nprofile = \"filed\"\n" +
		"[[accounts]]\nname = \"a\"\nid = \"222222222222\"\nsource = \"jump\"\nroles = [\"R\"]\n"
	c := mustLoad(t, files{aws: aws, toml: toml})
	if j := lookup(t, c, "jump"); j.Kind != KindSource || !j.KeysInKeyring || j.Problem != nil {
		t.Errorf("jump: kind %v, KeysInKeyring %v, problem %v; want a keyring source", j.Kind, j.KeysInKeyring, j.Problem)
	}
	if f := lookup(t, c, "filed"); f.KeysInKeyring {
		t.Error("filed: its keys are in the file, yet KeysInKeyring")
	}
	if r := lookup(t, c, "a/R"); r.Problem != nil {
		t.Errorf("a/R: %v", r.Problem)
	}
}

// TestDiscoveredKey: the marker of generated accounts is read by both
// readers and checked, with a sentence naming the key and its line.
func TestDiscoveredKey(t *testing.T) {
	base := "[defaults]\nroles = [\"Admin\"]\n[sources.jump]\ndefault = true\n\n[[accounts]]\nname = \"gen\"\nid = \"222222222222\"\n"
	c := mustLoad(t, files{aws: jumpKeys, toml: base + "discovered = \"o-a1b2c3d4e5\"\n"})
	if _, ok := c.Lookup("gen/Admin"); !ok {
		t.Fatalf("targets = %v", names(c))
	}
	msg := loadErr(t, files{aws: jumpKeys, toml: base + "discovered = \"yes\"\n"})
	if !strings.Contains(msg, "switchrole.toml:9") || !strings.Contains(msg, `discovered "yes" must be the AWS Organization id`) {
		t.Errorf("error = %q", msg)
	}
}

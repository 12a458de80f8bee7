package config

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// problemLines is c.Problems as text, the temp dir removed.
func problemLines(c *Config, dir string) []string {
	var out []string
	for _, p := range c.Problems {
		out = append(out, strings.ReplaceAll(p.Error(), dir+string(filepath.Separator), ""))
	}
	return out
}

// TestOneBadProfileDoesNotStopTheOthers: each kind of broken profile is
// listed with its problem, warned about once, and the others work.
func TestOneBadProfileDoesNotStopTheOthers(t *testing.T) {
	const good = "[profile good]\nrole_arn = arn:aws:iam::222222222222:role/Good\nsource_profile = jump\n"
	tests := []struct {
		name, broken string
		target       string // the broken target ("" when none is listed)
		want         string // its problem, the one warning
	}{
		{"bad role_arn", "[profile b]\nrole_arn = Admin\nsource_profile = jump\n", "b",
			`config:9: profile "b": role_arn "Admin" is not an ARN (expected arn:aws:iam::123456789012:role/NAME)`},
		{"loop", "[profile b]\nrole_arn = arn:aws:iam::222222222222:role/B\nsource_profile = c\n[profile c]\nrole_arn = arn:aws:iam::222222222222:role/C\nsource_profile = b\n", "b",
			`config:13: profiles form a source_profile loop: b -> c -> b; make one of them use credentials of its own`},
		{"missing source", "[profile b]\nrole_arn = arn:aws:iam::222222222222:role/B\nsource_profile = jmup\n", "b",
			`config:10: profile "b": source_profile "jmup" does not exist (did you mean "jump"?)`},
		{"unknown credential_source", "[profile b]\nrole_arn = arn:aws:iam::222222222222:role/B\ncredential_source = Ec2\n", "b",
			`config:10: profile "b": credential_source "Ec2" must be Environment, Ec2InstanceMetadata or EcsContainer`},
		{"misspelt role_arn", "[profile b]\nrol_arn = arn:aws:iam::222222222222:role/B\nsource_profile = jump\n", "",
			`config:10: profile "b": source_profile is set but role_arn is missing; add role_arn = arn:aws:iam::ACCOUNT:role/NAME or remove source_profile (line 9 sets "rol_arn": did you mean role_arn?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, dir := write(t, files{aws: jumpKeys + good + "\n" + tt.broken})
			c, err := Load(opts)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			checkProblemsShape(t, c)
			if got := problemLines(c, dir); len(got) != 1 || got[0] != tt.want {
				t.Fatalf("problems =\n%s\nwant\n%s", strings.Join(got, "\n"), tt.want)
			}
			if g := lookup(t, c, "good"); g.Problem != nil || g.Source != "jump" {
				t.Errorf("good = %+v", *g)
			}
			if j := lookup(t, c, "jump"); j.Problem != nil {
				t.Errorf("jump has a problem: %v", j.Problem)
			}
			if tt.target != "" {
				if b := lookup(t, c, tt.target); b.Problem == nil || !strings.Contains(b.Problem.Error(), tt.want[len("config:"):]) {
					t.Errorf("%s: problem %v, want the warning's sentence", tt.target, b.Problem)
				}
			}
			checkIndexAgrees(t, opts, c, nil)
		})
	}
}

// TestMalformedHeader: "[profile y" without "]" is a problem of the profile
// the SDK files the lines below it under, never silently merged into it.
func TestMalformedHeader(t *testing.T) {
	opts, dir := write(t, files{aws: jumpKeys + "[profile x]\nrole_arn = arn:aws:iam::222222222222:role/X\nsource_profile = jump\n[profile y\nrole_arn = arn:aws:iam::333333333333:role/Y\n"})
	c, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	want := `config:7: "[profile y" is not a section header (a header is [profile NAME] on a line of its own): the AWS SDK reads the lines below it as part of profile "x"; fix the header or remove the line`
	if got := problemLines(c, dir); len(got) != 1 || got[0] != want {
		t.Fatalf("problems = %q\nwant %q", got, want)
	}
	if x := lookup(t, c, "x"); x.Problem == nil {
		t.Error("x has no problem")
	}
	if _, ok := c.Lookup("y"); ok {
		t.Error("y is a target")
	}
	if j := lookup(t, c, "jump"); j.Problem != nil {
		t.Errorf("jump: %v", j.Problem)
	}
}

// TestBrokenSourceWarnsOnce: ten roles on one broken source are all
// unusable, each saying why, with one warning.
func TestBrokenSourceWarnsOnce(t *testing.T) {
	var b strings.Builder
	b.WriteString("[profile jump]\naws_access_key_id = AKIAJUMP\naws_secret_access_key = SECRETMARKERjump\nregion = Europe\n")
	for i := range 10 {
		fmt.Fprintf(&b, "[profile r%d]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = jump\n", i)
	}
	opts, dir := write(t, files{aws: b.String()})
	c, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := problemLines(c, dir); len(got) != 1 {
		t.Fatalf("problems = %q, want one", got)
	}
	for i := range 10 {
		r := lookup(t, c, fmt.Sprintf("r%d", i))
		if r.Problem == nil || !strings.Contains(r.Problem.Msg, `region "Europe"`) {
			t.Errorf("r%d: problem %v", i, r.Problem)
		}
	}
}

// chainConfig is jump and a chain of n role profiles, c0 -> c1 -> ... ->
// c(n-1) -> jump.
func chainConfig(n int) string {
	var b strings.Builder
	b.WriteString(jumpKeys)
	for i := range n {
		src := fmt.Sprintf("c%d", i+1)
		if i == n-1 {
			src = "jump"
		}
		fmt.Fprintf(&b, "[profile c%d]\nrole_arn = arn:aws:iam::222222222222:role/C%d\nsource_profile = %s\n", i, i, src)
	}
	return b.String()
}

// TestLongChain: a chain the engine follows is fine; a longer one is one
// problem, on the profile where it grows past the limit, inherited above.
func TestLongChain(t *testing.T) {
	c := mustLoad(t, files{aws: chainConfig(MaxChain + 1)})
	if len(c.Problems) != 0 {
		t.Fatalf("a chain of %d roles: %v", MaxChain+1, c.Problems)
	}
	opts, dir := write(t, files{aws: chainConfig(20)})
	c, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	got := problemLines(c, dir)
	if len(got) != 1 || !strings.HasPrefix(got[0], "config:12: ") || !strings.Contains(got[0], `profile "c2": its role chain has 18 roles (c2 -> c3 -> c4 -> ... -> c18 -> c19 -> jump), more than the 17 switchrole follows`) {
		t.Fatalf("problems = %q", got)
	}
	for i := range 20 {
		p := lookup(t, c, fmt.Sprintf("c%d", i))
		if (p.Problem != nil) != (i <= 2) {
			t.Errorf("c%d: problem %v", i, p.Problem)
		}
	}
}

// TestCredentialProcessCallsSwitchrole: a credential_process that asks
// switchrole for its own profile directly marks a keyring source; one that
// comes back to it through a chain is a problem naming the profile; one that names another target is that
// target, not a second one.
func TestCredentialProcessCallsSwitchrole(t *testing.T) {
	self := "[profile prod-admin]\ncredential_process = switchrole credential-process prod-admin\n"
	opts, _ := write(t, files{aws: jumpKeys + self})
	c, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	p := lookup(t, c, "prod-admin")
	// Asking switchrole for itself is how `keys import --credential-process`
	// says the keys are in the keyring: a source, not a loop.
	if p.Problem != nil || !p.KeysInKeyring || p.Kind != KindSource {
		t.Errorf("self call: problem = %v, KeysInKeyring = %v, kind = %v", p.Problem, p.KeysInKeyring, p.Kind)
	}

	chain := "[profile cp]\ncredential_process = /usr/local/bin/switchrole --config x.toml credential-process r\n[profile r]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = cp\n"
	c = mustLoadProblems(t, chain)
	if p := lookup(t, c, "cp"); p.Problem == nil || !strings.Contains(p.Problem.Msg, "(cp -> r -> cp)") {
		t.Errorf("cp: problem = %v", p.Problem)
	}
	if r := lookup(t, c, "r"); r.Problem == nil {
		t.Error("r has no problem")
	}

	other := jumpKeys + "[profile r]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = jump\n[profile cp]\ncredential_process = switchrole credential-process r\n"
	c = mustLoad(t, files{aws: other})
	if got := names(c); strings.Join(got, ",") != "jump,r" {
		t.Errorf("targets = %q, want cp not listed again", got)
	}
	if p, ok := c.Lookup("cp"); !ok || p.Name != "r" {
		t.Errorf("Lookup(cp) = %v, %v; want r", p, ok)
	}
}

// mustLoadProblems loads aws, which must load with problems.
func mustLoadProblems(t *testing.T, aws string) *Config {
	t.Helper()
	opts, _ := write(t, files{aws: aws})
	c, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) == 0 {
		t.Fatal("no problems")
	}
	checkProblemsShape(t, c)
	checkIndexAgrees(t, opts, c, nil)
	return c
}

func TestSwitchroleCall(t *testing.T) {
	for cmd, want := range map[string]string{
		"switchrole credential-process a":                               "a",
		"/opt/bin/switchrole-engine credential-process --duration 1h b": "b",
		"switchrole -c x.toml credential-process --no-session-token c":  "c",
		`"switchrole" credential-process 'd'`:                           "d",
		"switchrole env a":                                              "",
		"aws-vault export a":                                            "",
		"switchrole credential-process":                                 "",
		`"/opt/my tools/switchrole" credential-process 'jump'`:          "jump",
		`"/opt/my tools/switchrole credential-process jump`:             "",
		"": "",
	} {
		got, ok := switchroleCall(cmd)
		if got != want || ok != (want != "") {
			t.Errorf("%q: %q, %v; want %q", cmd, got, ok, want)
		}
	}
}

// TestSourceProfileWithKeysInTheKeyring (issue 12): after `switchrole keys
// import jump` without --credential-process, [profile jump] keeps only its
// region and mfa_serial. Roles naming it as source_profile still work: jump
// is a source whose keys the keyring holds (the engine says so when it does
// not). A profile with nothing in it that no role names stays no target.
func TestSourceProfileWithKeysInTheKeyring(t *testing.T) {
	aws := "[profile jump]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n" +
		"[profile r]\nrole_arn = arn:aws:iam::222222222222:role/R\nsource_profile = jump\n" +
		"[profile regional]\nregion = us-east-1\n"
	c := mustLoad(t, files{aws: aws})
	if len(c.Problems) != 0 {
		t.Fatalf("problems: %v", c.Problems)
	}
	if got := strings.Join(names(c), ","); got != "jump,r" {
		t.Errorf("targets = %q, want jump,r", got)
	}
	j := lookup(t, c, "jump")
	if j.Kind != KindSource || !j.KeysInKeyring || j.KeysInFile || j.Problem != nil || j.Profile != "jump" || !j.UseSessionToken {
		t.Errorf("jump = %+v; want a keyring source", *j)
	}
	r := lookup(t, c, "r")
	if r.Problem != nil || r.Source != "jump" || r.MFASerial != "arn:aws:iam::111111111111:mfa/alice" {
		t.Errorf("r = %+v", *r)
	}
}

package config

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/switchrole/switchrole/config/configtest"
)

// checkIndexAgrees loads opts with LoadIndex and checks that it says exactly
// what Load said (c, err): the same error, and otherwise the same targets
// whether they are built one by one, looked up by name, or all at once, and
// the same search texts. mustLoad and loadErr call it, so every config test
// covers the lazy path too.
func checkIndexAgrees(t testing.TB, opts Options, c *Config, err error) {
	t.Helper()
	x, xerr := LoadIndex(opts)
	if (err == nil) != (xerr == nil) || (err != nil && err.Error() != xerr.Error()) {
		t.Fatalf("LoadIndex error %v, Load error %v", xerr, err)
	}
	if err != nil {
		return
	}
	if x.Len() != len(c.Targets) {
		t.Fatalf("LoadIndex has %d targets, Load %d", x.Len(), len(c.Targets))
	}
	texts := x.SearchTexts()
	for i := range c.Targets {
		if want := c.Targets[i].SearchText(); texts[i] != want {
			t.Fatalf("SearchTexts()[%d] = %q, want %q", i, texts[i], want)
		}
	}
	// Any range of search texts, from anywhere (inside an account's roles,
	// among the sources or AWS targets), gives the same texts in order.
	n := len(c.Targets)
	cuts := []int{0, 1, n / 3, n / 2, max(n-1, 0), n, n + 5}
	for _, r := range rand.New(rand.NewPCG(3, 4)).Perm(n)[:min(n, 8)] {
		cuts = append(cuts, r)
	}
	for _, lo := range cuts {
		for _, hi := range cuts {
			want := lo
			for k, text := range x.SearchTextRange(lo, hi) {
				if k != want || k >= hi || string(text) != texts[k] {
					t.Fatalf("SearchTextRange(%d, %d) yields %d %q, want %d %q", lo, hi, k, text, want, texts[min(want, n-1)])
				}
				want++
			}
			if end := max(lo, min(hi, n)); want != end && lo < n && lo < hi {
				t.Fatalf("SearchTextRange(%d, %d) stops before %d, want %d", lo, hi, want, end)
			}
		}
	}
	for range x.SearchTextRange(0, n) {
		break // a loop may stop early
	}

	// Fill one scratch target in a scrambled order (no field of the one
	// before may stay), before anything is built...
	var scratch Target
	perm := rand.New(rand.NewPCG(1, 2)).Perm(len(c.Targets))
	for _, i := range perm {
		if x.Fill(i, &scratch); !reflect.DeepEqual(scratch, c.Targets[i]) {
			t.Fatalf("Fill(%d) = %+v, want %+v", i, scratch, c.Targets[i])
		}
	}
	// ...then build in that order, and look names up, before building all;
	// Fill gives the built targets too.
	for _, i := range perm {
		if i%3 == 0 {
			got, ok := x.Lookup(c.Targets[i].Name)
			if !ok || !reflect.DeepEqual(*got, c.Targets[i]) {
				t.Fatalf("Lookup(%q) = %+v, %v; want %+v", c.Targets[i].Name, got, ok, c.Targets[i])
			}
			continue
		}
		if got := x.Target(i); !reflect.DeepEqual(*got, c.Targets[i]) {
			t.Fatalf("Target(%d) = %+v, want %+v", i, *got, c.Targets[i])
		}
		if x.Fill(i, &scratch); !reflect.DeepEqual(scratch, c.Targets[i]) {
			t.Fatalf("Fill(%d) after Target = %+v, want %+v", i, scratch, c.Targets[i])
		}
	}
	for alias, name := range c.aliases {
		got, ok := x.Lookup(alias)
		if !ok || got.Name != name {
			t.Fatalf("Lookup(alias %q) = %v, %v; want %q", alias, got, ok, name)
		}
	}
	if _, ok := x.Lookup("no-such/target"); ok {
		t.Fatal("Lookup found a target that does not exist")
	}
	if got := x.Config().Targets; !reflect.DeepEqual(got, c.Targets) {
		t.Fatal("Index.Config().Targets differ from Load's")
	}
}

// TestIndexAgreesOnLargeConfig covers SearchTexts' parallel split (from
// searchParallelMin roles on).
func TestIndexAgreesOnLargeConfig(t *testing.T) {
	opts, _ := write(t, files{aws: string(configtest.GenerateAWSConfig(30)), toml: string(configtest.GenerateTOML(900, 20))})
	c, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	checkIndexAgrees(t, opts, c, err)
}

// TestFillersRunAtOnce fills the two halves of a large configuration with
// two Fillers, and walks their search texts, at the same time (the race
// detector watches in CI).
func TestFillersRunAtOnce(t *testing.T) {
	opts, _ := write(t, files{aws: string(configtest.GenerateAWSConfig(30)), toml: string(configtest.GenerateTOML(200, 20))})
	c, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	x, err := LoadIndex(opts)
	if err != nil {
		t.Fatal(err)
	}
	x.Target(5) // one built on demand: Fillers read it from its chunk
	n := len(c.Targets)
	var wg sync.WaitGroup
	bad := make([]int, 2)
	for half := range 2 {
		wg.Go(func() {
			fill := x.Filler()
			var scratch Target
			lo, hi := half*n/2, (half+1)*n/2
			for i := lo; i < hi; i++ {
				if fill(i, &scratch); !reflect.DeepEqual(scratch, c.Targets[i]) {
					bad[half]++
				}
			}
			for i, text := range x.SearchTextRange(lo, hi) { // as list --filter walks them
				if string(text) != c.Targets[i].SearchText() {
					bad[half]++
				}
			}
		})
	}
	wg.Wait()
	if bad[0]+bad[1] != 0 {
		t.Errorf("%d targets filled wrong", bad[0]+bad[1])
	}
}

// TestIndexBuildsOnlyWhatIsAsked: the point of an Index is that the role
// and AWS profile targets wait until they are needed. Load builds only the
// sources that roles use (their MFA devices are the roles').
func TestIndexBuildsOnlyWhatIsAsked(t *testing.T) {
	opts, _ := write(t, files{aws: string(configtest.GenerateAWSConfig(40)), toml: string(configtest.GenerateTOML(50, 10))})
	x, err := LoadIndex(opts)
	if err != nil {
		t.Fatal(err)
	}
	built := func() (names []string) {
		for i, f := range x.b.filled {
			if f || (x.slot != nil && x.slot[i] != 0) {
				names = append(names, x.c.Targets[i].Name)
				if !f {
					names[len(names)-1] = x.Target(i).Name
				}
			}
		}
		return names
	}
	if got := built(); len(got) != 1 || got[0] != "jump" {
		t.Fatalf("after LoadIndex %q are built, want only jump, the source the roles use", got)
	}
	_ = x.SearchTexts()
	for range x.SearchTextRange(0, x.Len()) {
	}
	if got := built(); len(got) != 1 {
		t.Fatalf("search texts built %q", got[1:])
	}
	name := configtest.AccountName(7) + "/" + configtest.RoleName(3)
	if tg, ok := x.Lookup(name); !ok || tg.Name != name || tg.MFASerial == "" || tg.RoleARN == "" {
		t.Fatalf("Lookup(%q) = %+v, %v", name, tg, ok)
	}
	profile := configtest.AccountName(1) + "-" + strings.ToLower(configtest.RoleName(2))
	if tg, ok := x.Lookup(profile); !ok || tg.Name != profile || tg.MFASerial == "" || tg.Source != "jump" {
		t.Fatalf("Lookup(%q) = %+v, %v", profile, tg, ok)
	}
	if got := built(); len(got) != 3 {
		t.Fatalf("two Lookups built %q, want 2 targets", got[1:])
	}
	if again, _ := x.Lookup(name); again != x.Target(x.b.firstRole+7*10+3) || again.Name != name {
		t.Fatalf("Lookup and Target disagree on %q", name)
	}
}

// TestLoadAndLoadIndexAgreeOnAWSProfiles: on every sample AWS config, and on
// a generated 10,000-profile one holding every kind of profile (roles,
// chains, SSO, aws-extend-switch-roles, credential_source, keyring sources,
// broken profiles, a switchrole credential_process) with a TOML file that
// enriches a source and lends account names, the targets LoadIndex builds
// one by one are Load's, target by target.
func TestLoadAndLoadIndexAgreeOnAWSProfiles(t *testing.T) {
	samples, _ := filepath.Glob(filepath.Join("testdata", "aws", "*.config"))
	for _, path := range samples {
		t.Run(filepath.Base(path), func(t *testing.T) {
			cfg, _ := os.ReadFile(path)
			creds, _ := os.ReadFile(strings.TrimSuffix(path, ".config") + ".credentials")
			opts, _ := write(t, files{aws: string(cfg), creds: string(creds)})
			c, err := Load(opts)
			if err != nil {
				t.Fatal(err)
			}
			checkIndexAgrees(t, opts, c, nil)
		})
	}
	t.Run("10k", func(t *testing.T) {
		opts, _ := write(t, files{aws: mixedAWSConfig(10000), toml: mixedTOML})
		c, err := Load(opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Targets) < 10000 || len(c.Problems) == 0 {
			t.Fatalf("%d targets, %d problems: the generated file is not what this test needs", len(c.Targets), len(c.Problems))
		}
		checkIndexAgrees(t, opts, c, nil)
	})
}

// mixedTOML enriches mixedAWSConfig's jump source and lends account names
// to the profiles in two of its accounts.
const mixedTOML = `[sources.jump]
profile = "jump"
mfa_process = "echo 123456"
region = "eu-west-2"

[[accounts]]
name = "lender"
id = "100000000000"
color = "red"
tags = ["lent"]
group = "grp"
roles = ["Admin"]

[[accounts]]
name = "other"
id = "100000007919"
roles = ["ReadOnly"]
`

// mixedAWSConfig is configtest's n-profile config with, every 50 profiles,
// one of each other kind of profile.
func mixedAWSConfig(n int) string {
	var b strings.Builder
	b.Write(configtest.GenerateAWSConfig(n))
	b.WriteString("\n[profile cp-alias]\ncredential_process = switchrole credential-process jump\n")
	for i := 0; i < n/50; i++ {
		id := fmt.Sprintf("%012d", 300000000000+i)
		fmt.Fprintf(&b, `
[profile chain-%[1]d]
role_arn = arn:aws:iam::%[2]s:role/Chain
source_profile = %[3]s
[profile sso-%[1]d]
sso_session = corp
sso_account_id = %[2]s
sso_role_name = Admin
[profile aesr-%[1]d]
aws_account_id = %[2]s
role_name = path/Viewer
color = 00ff00
[profile ec2-%[1]d]
role_arn = arn:aws:iam::%[2]s:role/Ec2
credential_source = Ec2InstanceMetadata
mfa_serial = arn:aws:iam::111111111111:mfa/ec2
[profile broken-%[1]d]
role_arn = arn:aws:iam::%[2]s:user/NotARole
source_profile = jump
[profile via-broken-%[1]d]
role_arn = arn:aws:iam::%[2]s:role/Via
source_profile = broken-%[1]d
[profile keyring-%[1]d]
region = us-east-1
mfa_serial = arn:aws:iam::111111111111:mfa/k%[1]d
[profile from-keyring-%[1]d]
role_arn = arn:aws:iam::%[2]s:role/K
source_profile = keyring-%[1]d
[profile via-alias-%[1]d]
role_arn = arn:aws:iam::%[2]s:role/A
source_profile = cp-alias
`, i, id, configtest.AccountName(i%40)+"-admin")
	}
	b.WriteString("\n[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = SECRETMARKERdefault\n")
	b.WriteString("\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n")
	return b.String()
}

package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/switchrole/switchrole/config/configtest"
)

func TestPaths(t *testing.T) {
	dir := isolate(t)
	a, c, f := Paths(Options{})
	if a != filepath.Join(dir, ".aws", "config") || c != filepath.Join(dir, ".aws", "credentials") ||
		f != filepath.Join(dir, "xdg", "switchrole", "config.toml") {
		t.Errorf("defaults: %s %s %s", a, c, f)
	}
	t.Setenv("XDG_CONFIG_HOME", "relative/ignored")
	if _, _, f := Paths(Options{}); f != filepath.Join(dir, ".config", "switchrole", "config.toml") {
		t.Errorf("relative XDG_CONFIG_HOME not ignored: %s", f)
	}
	t.Setenv("AWS_CONFIG_FILE", "/env/config")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/env/creds")
	t.Setenv("SWITCHROLE_CONFIG", "/env/sr.toml")
	if a, c, f := Paths(Options{}); a != "/env/config" || c != "/env/creds" || f != "/env/sr.toml" {
		t.Errorf("env: %s %s %s", a, c, f)
	}
	if a, c, f := Paths(Options{AWSConfigFile: "/o/a", AWSCredentialsFile: "/o/c", File: "/o/f"}); a != "/o/a" || c != "/o/c" || f != "/o/f" {
		t.Errorf("options: %s %s %s", a, c, f)
	}
}

func TestZeroConfig(t *testing.T) {
	isolate(t)
	c, err := Load(Options{})
	if err != nil || len(c.Targets) != 0 || len(c.Files) != 0 {
		t.Fatalf("Load with no files = %v, %v", c, err)
	}
	// Empty files are fine too.
	c = mustLoad(t, files{aws: "\n", creds: "# nothing\n", toml: "# empty\n"})
	if len(c.Targets) != 0 || len(c.Files) != 3 {
		t.Errorf("targets %v, files %v", names(c), c.Files)
	}
}

func TestExplicitMissingFile(t *testing.T) {
	dir := isolate(t)
	want := filepath.Join(dir, "nope.toml") + ": the switchrole config file does not exist; create it with `switchrole config init` or point SWITCHROLE_CONFIG at an existing file"
	if _, err := Load(Options{File: filepath.Join(dir, "nope.toml")}); err == nil || err.Error() != want {
		t.Errorf("File option: %v", err)
	}
	t.Setenv("SWITCHROLE_CONFIG", filepath.Join(dir, "nope.toml"))
	_, err := Load(Options{})
	var ce *Error
	if !errors.As(err, &ce) || err.Error() != want {
		t.Errorf("SWITCHROLE_CONFIG: %v", err)
	}
}

func TestUnreadableFiles(t *testing.T) {
	dir := isolate(t)
	huge := filepath.Join(dir, "huge.toml")
	f, _ := os.Create(huge)
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	noread := filepath.Join(dir, "noread.toml")
	os.WriteFile(noread, []byte("[defaults]\n"), 0o000)

	tests := []struct{ name, file, want string }{
		{"huge", huge, "huge.toml: is 32 MiB; configuration files over 32 MiB are refused (is it the right file?)"},
		{"directory", dir, ": is a directory, not a file"},
	}
	if os.Geteuid() != 0 { // root reads anything
		tests = append(tests, struct{ name, file, want string }{"unreadable", noread, "noread.toml: cannot read the file: permission denied"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(Options{File: tt.file})
			if err == nil || !strings.HasSuffix(err.Error(), tt.want) {
				t.Errorf("got %v, want …%s", err, tt.want)
			}
			checkErrorShape(t, err)
		})
	}
}

func TestBinaryTOML(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"nul", "[defaults]\nregion = \"eu-west-1\"\n\x00\x01\x02", "switchrole.toml:3: contains a NUL byte: this is a binary file, not a configuration file"},
		{"latin1", "[defaults]\n# caf\xe9\n", "switchrole.toml:2: is not valid UTF-8 text; save it as UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := loadErr(t, files{toml: tt.toml}); got != tt.want {
				t.Errorf("got %s\nwant %s", got, tt.want)
			}
		})
	}
	// A byte order mark is skipped in TOML (editors add it).
	c := mustLoad(t, files{aws: jumpKeys, toml: "\ufeff[sources.jump]\n"})
	if _, ok := c.Lookup("jump"); !ok {
		t.Error("BOM TOML not loaded")
	}
}

func TestLookupAndSearchText(t *testing.T) {
	c := mustLoad(t, files{aws: jumpKeys + "[profile legacy]\nrole_arn = arn:aws:iam::333333333333:role/L\nsource_profile = jump\n",
		toml: "[[accounts]]\nname = \"prod-core\"\nid = \"222222222222\"\ntags = [\"prod\", \"core\"]\ngroup = \"production\"\nroles = [\"Admin\"]\n" +
			"[[accounts]]\nname = \"legacy-acct\"\nid = \"333333333333\"\nroles = [\"X\"]\n"})
	tests := []struct{ name, want string }{
		{"prod-core/Admin", "prod-core/Admin 222222222222 prod core production"},
		{"legacy", "legacy legacy-acct 333333333333"}, // "legacy" does not contain "legacy-acct"
		{"legacy-acct/X", "legacy-acct/X 333333333333"},
		{"jump", "jump"},
	}
	for _, tt := range tests {
		if got := lookup(t, c, tt.name).SearchText(); got != tt.want {
			t.Errorf("SearchText(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if _, ok := c.Lookup("prod-core/admin"); ok {
		t.Error("Lookup must be exact (case-sensitive)")
	}
	if _, ok := c.Lookup(""); ok {
		t.Error("Lookup(\"\") found something")
	}
	tg, _ := c.Lookup("prod-core/Admin")
	tg.Region = "changed"
	if again, _ := c.Lookup("prod-core/Admin"); again.Region != "changed" {
		t.Error("Lookup must return a pointer into Targets")
	}
}

func TestSummary(t *testing.T) {
	c := mustLoad(t, files{aws: string(configtest.GenerateAWSConfig(31)), toml: string(configtest.GenerateTOML(3, 4))})
	s := Summary(c)
	want := Stats{Targets: 43, Accounts: 3, Roles: 42, Sources: 1, MFADevices: 1, Files: c.Files}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Summary = %+v, want %+v", s, want)
	}
	if got := s.String(); got != "43 targets: 42 roles in 3 accounts, 1 source, 1 MFA device" {
		t.Errorf("String = %q", got)
	}
	if got := (Stats{Targets: 100001, Roles: 100000, Accounts: 2000, Sources: 1}).String(); got != "100,001 targets: 100,000 roles in 2,000 accounts, 1 source, 0 MFA devices" {
		t.Errorf("String = %q", got)
	}
}

func TestGeneratorsAreDeterministicAndLoad(t *testing.T) {
	if !bytes.Equal(configtest.GenerateTOML(50, 7), configtest.GenerateTOML(50, 7)) ||
		!bytes.Equal(configtest.GenerateAWSConfig(50), configtest.GenerateAWSConfig(50)) {
		t.Fatal("generators are not deterministic")
	}
	c := mustLoad(t, files{aws: string(configtest.GenerateAWSConfig(200)), toml: string(configtest.GenerateTOML(300, 20))})
	if len(c.Targets) != 300*20+200 {
		t.Errorf("got %d targets", len(c.Targets))
	}
	first := c.Targets[0] // jump is enriched in place at its AWS position, after the TOML roles
	if first.Name != "prod-core/Admin" || first.Color != "#f2b0a9" || first.Group != "production" {
		t.Errorf("first TOML role = %+v", first)
	}
	// 300 accounts wrap the 96 env×team names; the rest are numbered.
	if _, ok := c.Lookup("prod-core-2/Admin"); !ok {
		t.Error("no prod-core-2/Admin")
	}
}

func TestStarterFileLoadsAndShowsEverything(t *testing.T) {
	c := mustLoad(t, files{aws: jumpKeys, toml: string(StarterFile())})
	want := []string{"prod-core/Admin", "prod-core/ReadOnly", "prod-core/PowerUser", "prod-core/Deploy",
		"staging-data/Admin", "staging-data/ReadOnly", "prod-audit/Auditor", "jump"}
	if got := names(c); !reflect.DeepEqual(got, want) {
		t.Errorf("targets = %v", got)
	}
	text := string(StarterFile())
	for _, key := range append(append(append(append(append([]string{}, defaultsKeys...), sourceKeys...), accountKeys...), roleKeys...), ssoKeys...) {
		if !strings.Contains(text, key+" =") && !strings.Contains(text, key+"=") {
			t.Errorf("starter file does not show %q", key)
		}
	}
	StarterFile()[0] = 'X'
	if StarterFile()[0] == 'X' {
		t.Error("StarterFile returns shared bytes")
	}
}

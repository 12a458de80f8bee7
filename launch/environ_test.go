package launch

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEnvironRemovesCompetingVariables(t *testing.T) {
	base := []string{
		"PATH=/usr/bin:/bin",
		"AWS_PROFILE=old",
		"AWS_DEFAULT_PROFILE=old",
		"AWS_ACCESS_KEY_ID=AKIAOLD",
		"AWS_SECRET_ACCESS_KEY=oldsecret",
		"AWS_SESSION_TOKEN=oldtoken",
		"AWS_SECURITY_TOKEN=oldtoken",
		"AWS_ACCESS_KEY=legacy",
		"AWS_SECRET_KEY=legacy",
		"AWS_CREDENTIAL_FILE=/x",
		"AWS_SDK_LOAD_CONFIG=1",
		"AWS_ACCOUNT_ID=999999999999",
		"AWS_SESSION_EXPIRATION=2020-01-01T00:00:00Z",
		"AWS_CREDENTIAL_EXPIRATION=2020-01-01T00:00:00Z",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:1/",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN=tok",
		"AWS_CONTAINER_SOMETHING_NEW=x",
		"AWS_REGION=us-east-1",
		"AWS_DEFAULT_REGION=us-east-1",
		"SWITCHROLE_TARGET=old",
		"SWITCHROLE_ACCOUNT=old",
		"SWITCHROLE_ACCOUNT_ID=999999999999",
		"SWITCHROLE_EXPIRATION=2020-01-01T00:00:00Z",
		"SWITCHROLE_CONFIG=/keep/me.toml",
		"AWS_CONFIG_FILE=/keep/config",
		"AWS_ENDPOINT_URL_STS=http://keep",
		"HOME=/home/me",
	}
	s := Session{
		Target: "dev", Account: "acme-dev", AccountID: "111111111111",
		Credentials: Credentials{AccessKeyID: "ASIANEW", SecretAccessKey: "newsecret", SessionToken: "newtoken",
			CanExpire: true, Expires: time.Date(2030, 1, 1, 12, 0, 0, 0, time.FixedZone("CET", 3600))},
	}
	got := Environ(base, s)
	want := []string{
		"PATH=/usr/bin:/bin",
		"SWITCHROLE_CONFIG=/keep/me.toml",
		"AWS_CONFIG_FILE=/keep/config",
		"AWS_ENDPOINT_URL_STS=http://keep",
		"HOME=/home/me",
		"AWS_ACCESS_KEY_ID=ASIANEW",
		"AWS_SECRET_ACCESS_KEY=newsecret",
		"AWS_SESSION_TOKEN=newtoken",
		"AWS_CREDENTIAL_EXPIRATION=2030-01-01T11:00:00Z",
		"AWS_ACCOUNT_ID=111111111111",
		"SWITCHROLE_TARGET=dev",
		"SWITCHROLE_ACCOUNT=acme-dev",
		"SWITCHROLE_ACCOUNT_ID=111111111111",
		"SWITCHROLE_EXPIRATION=2030-01-01T11:00:00Z",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Environ:\n got %q\nwant %q", got, want)
	}
}

func TestEnvironVariants(t *testing.T) {
	keys := Credentials{AccessKeyID: "AKIA", SecretAccessKey: "secret"}
	tests := []struct {
		name    string
		base    []string
		session Session
		want    []string
	}{
		{
			name:    "long-term keys: no token, no expiry, region set twice",
			base:    []string{"A=1"},
			session: Session{Target: "src", Region: "eu-central-1", Credentials: keys},
			want: []string{"A=1", "AWS_ACCESS_KEY_ID=AKIA", "AWS_SECRET_ACCESS_KEY=secret",
				"AWS_REGION=eu-central-1", "AWS_DEFAULT_REGION=eu-central-1", "SWITCHROLE_TARGET=src"},
		},
		{
			name:    "duplicates keep first position and last value, malformed entries dropped",
			base:    []string{"A=1", "B=2", "A=3", "NOEQUALS", "", "=C:=C:\\dir", "C=x=y"},
			session: Session{Target: "t", Credentials: keys},
			want: []string{"A=3", "B=2", "=C:=C:\\dir", "C=x=y",
				"AWS_ACCESS_KEY_ID=AKIA", "AWS_SECRET_ACCESS_KEY=secret", "SWITCHROLE_TARGET=t"},
		},
		{
			name: "account id from STS wins and names the account when no name",
			session: Session{Target: "t", AccountID: "111111111111",
				Credentials: Credentials{AccessKeyID: "A", SecretAccessKey: "S", AccountID: "222222222222"}},
			want: []string{"AWS_ACCESS_KEY_ID=A", "AWS_SECRET_ACCESS_KEY=S", "AWS_ACCOUNT_ID=222222222222",
				"SWITCHROLE_TARGET=t", "SWITCHROLE_ACCOUNT=222222222222", "SWITCHROLE_ACCOUNT_ID=222222222222"},
		},
		{
			name: "extra variables sorted after the session's; base copies replaced; managed and invalid ones skipped",
			base: []string{"AWS_ENDPOINT_URL_STS=http://old", "Z=1"},
			session: Session{Target: "t", Credentials: keys, Extra: map[string]string{
				"AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9", "AWS_ENDPOINT_URL": "http://127.0.0.1:8",
				"AWS_PROFILE": "sneaky", "AWS_CONTAINER_X": "y", "BAD=NAME": "x", "1BAD": "x",
			}},
			want: []string{"Z=1", "AWS_ACCESS_KEY_ID=AKIA", "AWS_SECRET_ACCESS_KEY=secret", "SWITCHROLE_TARGET=t",
				"AWS_ENDPOINT_URL=http://127.0.0.1:8", "AWS_ENDPOINT_URL_STS=http://127.0.0.1:9"},
		},
		{
			name:    "CanExpire with zero time sets no expiration",
			session: Session{Target: "t", Credentials: Credentials{AccessKeyID: "A", SecretAccessKey: "S", CanExpire: true}},
			want:    []string{"AWS_ACCESS_KEY_ID=A", "AWS_SECRET_ACCESS_KEY=S", "SWITCHROLE_TARGET=t"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Environ(tt.base, tt.session)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Environ:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestEnvironHasNoDuplicateKeys(t *testing.T) {
	base := []string{"SR_TEST_00=old", "AWS_REGION=x", "PATH=/bin", "SR_TEST_00=older"}
	got := Environ(base, testSession())
	seen := map[string]bool{}
	for _, kv := range got {
		k, _, _ := strings.Cut(kv, "=")
		if seen[k] {
			t.Errorf("duplicate %s in %q", k, got)
		}
		seen[k] = true
	}
	if m := envMap(got); m["SR_TEST_00"] != "plain" || m["AWS_REGION"] != "eu-west-1" {
		t.Errorf("session values must win over base: %v", m)
	}
}

func TestEnvironDoesNotModifyBase(t *testing.T) {
	base := []string{"AWS_PROFILE=x", "A=1"}
	_ = Environ(base, testSession())
	if !slices.Equal(base, []string{"AWS_PROFILE=x", "A=1"}) {
		t.Errorf("base modified: %q", base)
	}
}

func TestCheckNesting(t *testing.T) {
	tests := []struct {
		env  []string
		want string
	}{
		{nil, ""},
		{[]string{"SWITCHROLE_TARGET="}, ""},
		{[]string{"AWS_VAULT="}, ""},
		{[]string{"SWITCHROLE_CONFIG=/x"}, ""},
		// Exported with `eval "$(switchrole env prod/admin)"`: not a shell.
		{[]string{"SWITCHROLE_TARGET=prod/admin"}, ""},
		{[]string{"SWITCHROLE_SHELL=prod/admin", "SWITCHROLE_TARGET=prod/admin"}, `already in a switchrole shell for prod/admin; exit it first, use --force to nest, or replace its variables in place with eval "$(switchrole env TARGET)"`},
		{[]string{"AWS_VAULT=work"}, "already in an aws-vault shell for work; exit it first or use --force"},
		{[]string{"AWS_VAULT=work", "SWITCHROLE_SHELL=dev"}, "already in a switchrole shell for dev; exit it first, use --force to nest, or replace its variables in place with eval \"$(switchrole env TARGET)\""},
		{[]string{"SWITCHROLE_SHELL=dev", "SWITCHROLE_SHELL="}, ""},
	}
	for _, tt := range tests {
		err := CheckNesting(tt.env)
		if tt.want == "" {
			if err != nil {
				t.Errorf("CheckNesting(%q) = %v, want nil", tt.env, err)
			}
			continue
		}
		var nested *NestedError
		if !errors.As(err, &nested) || err.Error() != tt.want {
			t.Errorf("CheckNesting(%q) = %v, want %q", tt.env, err, tt.want)
		}
	}
}

func TestShellEnvironMarksTheShellOnce(t *testing.T) {
	s := Session{Target: "prod/admin", Credentials: Credentials{AccessKeyID: "AKIA", SecretAccessKey: "x"}}
	env := ShellEnviron([]string{"SWITCHROLE_SHELL=dev", "PATH=/bin"}, s)
	n := 0
	for _, kv := range env {
		if strings.HasPrefix(kv, "SWITCHROLE_SHELL=") {
			n++
		}
	}
	if v, _ := Lookup(env, EnvShell); v != "prod/admin" || n != 1 {
		t.Errorf("ShellEnviron: %q", env)
	}
	if _, ok := Lookup(Environ(nil, s), EnvShell); ok {
		t.Error("Environ (exec, env output) must not mark a shell")
	}
}

func TestLookup(t *testing.T) {
	env := []string{"A=1", "B=", "A=2", "=C:=x"}
	for _, tt := range []struct {
		key, want string
		ok        bool
	}{{"A", "2", true}, {"B", "", true}, {"C", "", false}, {"=C:", "x", true}} {
		got, ok := Lookup(env, tt.key)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
}

func TestValidate(t *testing.T) {
	ok := Credentials{AccessKeyID: "A", SecretAccessKey: "S"}
	tests := []struct {
		name string
		s    Session
		want string
	}{
		{"valid", Session{Target: "t", Credentials: ok, Extra: map[string]string{"AWS_ENDPOINT_URL_STS": "x"}}, ""},
		{"no keys", Session{Target: "prod"}, `the session for "prod" has no access key; nothing to launch`},
		{"no secret", Session{Credentials: Credentials{AccessKeyID: "A"}}, "the session for this target has no access key; nothing to launch"},
		{"bad name", Session{Credentials: ok, Extra: map[string]string{"A-B": "x"}}, `extra variable "A-B": not a valid variable name (use letters, digits and _, not starting with a digit)`},
		{"empty name", Session{Credentials: ok, Extra: map[string]string{"": "x"}}, `extra variable "": not a valid variable name (use letters, digits and _, not starting with a digit)`},
		{"managed", Session{Credentials: ok, Extra: map[string]string{"AWS_SESSION_TOKEN": "x"}}, "extra variable AWS_SESSION_TOKEN is managed by switchrole and cannot be overridden"},
		{"marker", Session{Credentials: ok, Extra: map[string]string{"AWS_VAULT": "x"}}, "extra variable AWS_VAULT is managed by switchrole and cannot be overridden"},
		{"container family", Session{Credentials: ok, Extra: map[string]string{"AWS_CONTAINER_FOO": "x"}}, "extra variable AWS_CONTAINER_FOO is managed by switchrole and cannot be overridden"},
		{"NUL in extra", Session{Credentials: ok, Extra: map[string]string{"X": "a\x00b"}}, "extra variable X contains a NUL byte, which no environment can hold"},
		{"NUL in target", Session{Target: "a\x00", Credentials: ok}, "variable SWITCHROLE_TARGET contains a NUL byte, which no environment can hold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("Validate() = %q, want %q", got, tt.want)
			}
		})
	}
}

func BenchmarkEnviron(b *testing.B) {
	base := make([]string, 0, 80)
	for i := range 70 {
		base = append(base, "VAR_"+strings.Repeat("X", i%7)+string(rune('A'+i%26))+"=some value")
	}
	base = append(base, "AWS_PROFILE=old", "AWS_REGION=us-east-1")
	s := testSession()
	b.ReportAllocs()
	for b.Loop() {
		Environ(base, s)
	}
}

package launch

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEnvironWithACredentialServerHoldsNoKeys(t *testing.T) {
	base := []string{
		"PATH=/usr/bin",
		"AWS_ACCESS_KEY_ID=AKIAOLD",
		"AWS_SECRET_ACCESS_KEY=oldsecret",
		"AWS_SESSION_TOKEN=oldtoken",
		"AWS_CREDENTIAL_EXPIRATION=2020-01-01T00:00:00Z",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:1/old",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/credentials/old",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN=oldtok",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=/old",
		"SWITCHROLE_CONFIG=/keep/me.toml",
	}
	s := Session{
		Target: "prod/Admin", AccountID: "222222222222", Region: "eu-west-1",
		Credentials: Credentials{CanExpire: true, Expires: time.Date(2030, 1, 1, 21, 0, 0, 0, time.UTC)},
		Server:      &CredentialServer{URI: "http://127.0.0.1:4242/credentials", Token: "tok"},
	}
	if err := s.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	got := Environ(base, s)
	want := []string{
		"PATH=/usr/bin",
		"SWITCHROLE_CONFIG=/keep/me.toml",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:4242/credentials",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN=tok",
		"AWS_REGION=eu-west-1",
		"AWS_DEFAULT_REGION=eu-west-1",
		"AWS_ACCOUNT_ID=222222222222",
		"SWITCHROLE_TARGET=prod/Admin",
		"SWITCHROLE_ACCOUNT=222222222222",
		"SWITCHROLE_ACCOUNT_ID=222222222222",
		"SWITCHROLE_EXPIRATION=2030-01-01T21:00:00Z",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Environ:\n got %q\nwant %q", got, want)
	}
	if b := Banner(s, time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)); !strings.HasSuffix(b, "renewed until 21:00 (in 12h)") {
		t.Errorf("banner = %q", b)
	}
}

func TestValidateACredentialServer(t *testing.T) {
	s := Session{Target: "x", Server: &CredentialServer{URI: "http://127.0.0.1:1/"}}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "no address or token") {
		t.Errorf("Validate without a token = %v", err)
	}
	s.Server.Token = "tok"
	if err := s.Validate(); err != nil {
		t.Errorf("Validate = %v", err)
	}
}

package aws

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/fakeaws"
)

func TestIntegrationFederationTokenForASource(t *testing.T) {
	in := newIntegration(t)
	jump := in.targets["jump"]
	s, err := in.e.FederationToken(context.Background(), jump, 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if s.Kind != KindFederation || s.Chained || !strings.HasPrefix(s.Arn, "arn:aws:sts::111111111111:federated-user/") {
		t.Errorf("session = kind %s chained %v arn %s", s.Kind, s.Chained, s.Arn)
	}
	if d := s.Credentials.Expires.Sub(in.clock.Now()); d != 2*time.Hour {
		t.Errorf("federation token lasts %s, want 2h", d)
	}
	req := lastFakeRequest(in, "GetFederationToken")
	if req.Temporary || req.Params.Get("Policy") != allowAllPolicy || req.Params.Get("DurationSeconds") != "7200" {
		t.Errorf("GetFederationToken must use the long-term keys with the allow-all policy: %+v", req)
	}
	if in.prompts != 0 {
		t.Errorf("GetFederationToken takes no MFA, but %d prompts were made", in.prompts)
	}
	// Cached: a second console sign-in makes no call.
	if _, err := in.e.FederationToken(context.Background(), jump, 2*time.Hour); err != nil {
		t.Fatal(err)
	}
	if got := in.calls("GetFederationToken"); got != 1 {
		t.Errorf("GetFederationToken calls = %d, want 1", got)
	}
}

func TestFederationTokenRefusesRolesAndBadDurations(t *testing.T) {
	in := newIntegration(t)
	if _, err := in.e.FederationToken(context.Background(), in.targets["prod"], 0); err == nil {
		t.Error("a role target got a federation token")
	}
	if _, err := in.e.FederationToken(context.Background(), in.targets["jump"], 37*time.Hour); err == nil || !strings.Contains(err.Error(), "15m to 36h") {
		t.Errorf("37h: %v", err)
	}
	if got := in.calls("GetFederationToken"); got != 0 {
		t.Errorf("GetFederationToken calls = %d, want 0", got)
	}
}

func lastFakeRequest(in *integration, action string) (req fakeRequest) {
	reqs := in.fake.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Action == action {
			return reqs[i]
		}
	}
	return req
}

type fakeRequest = fakeaws.Request

// A profile with role_arn and its own keys (and mfa_serial) is a source the
// SDK assumes while loading it: the engine hands over the MFA code and does
// not assume the role a second time.
func TestIntegrationSDKAssumesRoleSource(t *testing.T) {
	in := newIntegration(t)
	cfgFile := os.Getenv("AWS_CONFIG_FILE")
	f, err := os.OpenFile(cfgFile, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "\n[profile direct]\nrole_arn = %s\nmfa_serial = %s\nduration_seconds = 7200\naws_access_key_id = %s\naws_secret_access_key = %s\nregion = eu-west-1\n",
		prodARN, serial, aliceKey, aliceSecret)
	f.Close()
	direct := &config.Target{Name: "direct", Kind: config.KindSource, Profile: "direct", SDKAssumesRole: true,
		RoleARN: prodARN, MFASerial: serial, Duration: 2 * time.Hour, UseSessionToken: true, Region: "eu-west-1"}
	in.targets["direct"] = direct
	s, err := in.e.Retrieve(context.Background(), direct)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Arn+s.Credentials.AccountID, "222222222222") || s.Kind != KindRole {
		t.Errorf("session = kind %s arn %q account %q", s.Kind, s.Arn, s.Credentials.AccountID)
	}
	if in.calls("AssumeRole") != 1 || in.calls("GetSessionToken") != 0 || in.prompts != 1 {
		t.Errorf("AssumeRole %d, GetSessionToken %d, prompts %d; want 1, 0, 1",
			in.calls("AssumeRole"), in.calls("GetSessionToken"), in.prompts)
	}
	if d := s.Credentials.Expires.Sub(in.clock.Now()); d != 2*time.Hour {
		t.Errorf("duration_seconds 7200 gave %s", d)
	}
	req := lastFakeRequest(in, "AssumeRole")
	if req.Temporary || req.Params.Get("SerialNumber") != serial || req.Params.Get("RoleSessionName") != "alice" {
		t.Errorf("AssumeRole by the SDK: %+v", req)
	}
}

package aws

import (
	"github.com/switchrole/switchrole/aws/fakeaws"

	"context"
	"strings"
	"testing"
	"time"
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

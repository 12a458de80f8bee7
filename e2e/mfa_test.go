package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/switchrole/switchrole/internal/fakeaws"
)

// processJSON is the credential_process output.
type processJSON struct {
	Version         int
	AccessKeyId     string
	SecretAccessKey string
	SessionToken    string
	Expiration      time.Time
	AccountId       string
}

func decodeProcess(t *testing.T, r result) processJSON {
	t.Helper()
	var p processJSON
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatalf("credential-process output is not JSON: %v\n%s", err, r)
	}
	if p.Version != 1 || !strings.HasPrefix(p.AccessKeyId, "ASIA") || p.SecretAccessKey == "" || p.SessionToken == "" {
		t.Fatalf("credential-process output incomplete: %+v", p)
	}
	return p
}

func TestOneMFASessionCoversEveryRole(t *testing.T) {
	w := newWorld(t)
	s := w.env.Server
	w.mustRun("", "env", "prod-core/Admin", "--mfa-code", w.code())
	// No code and no terminal from here on: the day's MFA session must do.
	for _, target := range []string{"prod-data/ReadOnly", "staging-core/Admin", "dev-tools/Developer"} {
		decodeProcess(t, w.mustRun("", "credential-process", target))
	}
	if got := s.Calls("GetSessionToken"); got != 1 {
		t.Errorf("GetSessionToken calls = %d, want 1", got)
	}
	if got := s.Calls("AssumeRole"); got != 4 {
		t.Errorf("AssumeRole calls = %d, want 4", got)
	}
	for _, req := range s.Requests() {
		if req.Action == "AssumeRole" && (!req.Temporary || req.Params.Get("SerialNumber") != "") {
			t.Errorf("AssumeRole should use the MFA session, not the keys or a new code: %+v", req)
		}
	}
	// Cached: the same role again makes no call at all.
	a := decodeProcess(t, w.mustRun("", "credential-process", "prod-data/ReadOnly"))
	b := decodeProcess(t, w.mustRun("", "credential-process", "prod-data/ReadOnly"))
	if s.Calls("AssumeRole") != 4 || a.AccessKeyId != b.AccessKeyId {
		t.Errorf("cached role credentials were not reused (%d AssumeRole calls)", s.Calls("AssumeRole"))
	}
	if a.AccountId != "210000000002" || time.Until(a.Expiration) > time.Hour+time.Minute {
		t.Errorf("role via session token: account %s, expires in %s (AWS caps it at 1h)", a.AccountId, time.Until(a.Expiration))
	}
}

func TestDirectMFAWhenAskedOrWhenLongerThanAnHour(t *testing.T) {
	w := newWorld(t)
	s := w.env.Server
	p := decodeProcess(t, w.mustRun("", "credential-process", "prod-core/Admin", "--duration", "4h", "--mfa-code", w.code()))
	if d := time.Until(p.Expiration); d < 3*time.Hour+50*time.Minute {
		t.Errorf("--duration 4h gave credentials for %s", d)
	}
	decodeProcess(t, w.mustRun("", "credential-process", "prod-data/Admin", "--no-session-token", "--mfa-code", w.code()))
	if got := s.Calls("GetSessionToken"); got != 0 {
		t.Errorf("direct MFA path called GetSessionToken %d times", got)
	}
	n := 0
	for _, req := range s.Requests() {
		if req.Action == "AssumeRole" {
			n++
			if req.Temporary || req.Params.Get("SerialNumber") == "" || req.Params.Get("TokenCode") != "REDACTED" {
				t.Errorf("direct AssumeRole must use long-term keys with SerialNumber and TokenCode: %+v", req)
			}
		}
	}
	if n != 2 {
		t.Errorf("AssumeRole calls = %d, want 2", n)
	}
}

func TestRoleChainsAndExternalID(t *testing.T) {
	w := newWorld(t)
	s := w.env.Server
	if err := s.AddRole(fakeaws.Role{
		ARN:   "arn:aws:iam::610000000002:role/Forensics",
		Trust: fakeaws.Trust{Principals: []string{"arn:aws:iam::610000000001:role/IncidentResponder"}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddRole(fakeaws.Role{
		ARN:   "arn:aws:iam::710000000001:role/Evidence",
		Trust: fakeaws.Trust{Principals: []string{"arn:aws:iam::610000000002:role/Forensics"}},
	}); err != nil {
		t.Fatal(err)
	}
	w.writeConfig(`
[sources.jump]
profile = "demo-jump"
mfa_serial = "arn:aws:iam::111111111111:mfa/alice"
default = true

[[accounts]]
name = "security-audit"
id = "610000000001"
roles = ["IncidentResponder"]

[[accounts]]
name = "log-archive"
id = "610000000002"
roles = [{ name = "Forensics", source = "security-audit/IncidentResponder", duration = "2h" }]

[[accounts]]
name = "data-lake"
id = "710000000001"
roles = [{ name = "Evidence", source = "log-archive/Forensics" }]

[[accounts]]
name = "ci-cd"
id = "510000000001"
roles = [{ name = "Deploy", path = "/ci/", external_id = "switchrole-demo" }] 
`)
	p := decodeProcess(t, w.mustRun("", "credential-process", "data-lake/Evidence", "--mfa-code", w.code()))
	if p.AccountId != "710000000001" {
		t.Errorf("chain ended in account %s", p.AccountId)
	}
	if d := time.Until(p.Expiration); d > time.Hour+time.Minute {
		t.Errorf("a chained role lasts at most 1h, got %s (the 2h ask must be capped up front)", d)
	}
	if got := s.Calls("AssumeRole"); got != 3 {
		t.Errorf("AssumeRole calls for a depth-3 chain = %d, want 3", got)
	}
	decodeProcess(t, w.mustRun("", "credential-process", "ci-cd/Deploy"))
	if req := lastRequest(s, "AssumeRole"); req.Params.Get("ExternalId") != "switchrole-demo" {
		t.Errorf("ExternalId not sent: %+v", req)
	}
}

// lastRequest is the fake's most recent request for action.
func lastRequest(s *fakeaws.Server, action string) fakeaws.Request {
	reqs := s.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Action == action {
			return reqs[i]
		}
	}
	return fakeaws.Request{}
}

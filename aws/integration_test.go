package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchrole/switchrole/aws/plan"
	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/awstest"
	"github.com/switchrole/switchrole/internal/fakeaws"
	"github.com/switchrole/switchrole/internal/fakeawstest"
)

// Integration tests: the real SDK (SDKBackend) against the project's fake
// STS on 127.0.0.1, with shared config files in a temporary HOME.

const (
	aliceKey    = "AKIAALICEEXAMPLE0001"
	aliceSecret = "alice-long-term-secret"
	hubARN      = "arn:aws:iam::444444444444:role/Hub"
	spokeARN    = "arn:aws:iam::555555555555:role/Spoke"
	leafARN     = "arn:aws:iam::666666666666:role/Leaf"
	partnerARN  = "arn:aws:iam::777777777777:role/Partner"
	lockedARN   = "arn:aws:iam::888888888888:role/Locked"
)

type integration struct {
	fake    *fakeaws.Server
	clock   *testClock
	e       *Engine
	targets targets
	prompts int
	mu      sync.Mutex
}

// setAWSEnv isolates the SDK: temp HOME and files, the fake's endpoint, no
// retries, no IMDS, no inherited credentials.
func setAWSEnv(t testing.TB, home, endpoint string) {
	for _, k := range awstest.LeakyVars {
		t.Setenv(k, "")
	}
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(home, ".aws", "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, ".aws", "credentials"))
	t.Setenv("AWS_ENDPOINT_URL_STS", endpoint)
	t.Setenv("AWS_MAX_ATTEMPTS", "1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("USER", "tester")
}

func writeAWSFiles(t testing.TB, home, accessKey string) {
	t.Helper()
	dir := filepath.Join(home, ".aws")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := "[profile jump]\nregion = eu-west-1\n"
	creds := fmt.Sprintf("[jump]\naws_access_key_id = %s\naws_secret_access_key = %s\n", accessKey, aliceSecret)
	if err := os.WriteFile(filepath.Join(dir, "config"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "credentials"), []byte(creds), 0o600); err != nil {
		t.Fatal(err)
	}
}

func newOrg(t testing.TB, clk *testClock) *fakeaws.Server {
	s := fakeawstest.Start(t, fakeaws.WithClock(clk.Now))
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.AddUser(fakeaws.User{Name: "alice", AccountID: "111111111111", AccessKeyID: aliceKey, SecretAccessKey: aliceSecret,
		MFA: &fakeaws.MFADevice{Serial: serial, Secret: []byte("alice-totp-seed-0123")}}))
	mfaFromAlice := fakeaws.Trust{Principals: []string{"111111111111"}, RequireMFA: true}
	must(s.AddRole(fakeaws.Role{ARN: prodARN, MaxSessionDuration: 12 * time.Hour, Trust: mfaFromAlice}))
	must(s.AddRole(fakeaws.Role{ARN: devARN, MaxSessionDuration: 4 * time.Hour, Trust: mfaFromAlice}))
	must(s.AddRole(fakeaws.Role{ARN: hubARN, Trust: mfaFromAlice}))
	must(s.AddRole(fakeaws.Role{ARN: spokeARN, MaxSessionDuration: 4 * time.Hour, Trust: fakeaws.Trust{Principals: []string{hubARN}, RequireMFA: true}}))
	must(s.AddRole(fakeaws.Role{ARN: leafARN, Trust: fakeaws.Trust{Principals: []string{spokeARN}}}))
	must(s.AddRole(fakeaws.Role{ARN: partnerARN, Trust: fakeaws.Trust{Principals: []string{"111111111111"}, ExternalID: "partner-ext-1"}}))
	must(s.AddRole(fakeaws.Role{ARN: lockedARN, Trust: fakeaws.Trust{Principals: []string{"999999999999"}}}))
	return s
}

func newIntegration(t *testing.T) *integration {
	t.Helper()
	clk := &testClock{now: time.Now().UTC().Truncate(time.Second)}
	s := newOrg(t, clk)
	home := t.TempDir()
	setAWSEnv(t, home, s.URL())
	writeAWSFiles(t, home, aliceKey)
	st, err := cache.Open(filepath.Join(home, ".cache", "switchrole"), cache.WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	ts := targets{}
	add := func(x *config.Target) { ts[x.Name] = x }
	add(jumpTarget())
	add(roleTarget("prod", prodARN, "jump"))
	add(roleTarget("dev", devARN, "jump"))
	add(roleTarget("hub", hubARN, "jump"))
	spoke := roleTarget("spoke", spokeARN, "hub")
	spoke.Duration = 3 * time.Hour // chained: must be capped to 1h up front
	add(spoke)
	add(roleTarget("leaf", leafARN, "spoke"))
	partner := roleTarget("partner", partnerARN, "jump")
	partner.MFASerial, partner.ExternalID = "", "partner-ext-1"
	add(partner)
	add(roleTarget("locked", lockedARN, "jump"))
	in := &integration{fake: s, clock: clk, targets: ts}
	in.e = &Engine{Settings: plan.Settings{Targets: ts}, Cache: st, Backend: SDKBackend{}, Now: clk.Now, MFA: in.mfa}
	return in
}

// mfa types the device's current code; a user who is asked again waits for
// the next code, as AWS refuses a code twice.
func (in *integration) mfa(_ context.Context, req MFARequest) (string, error) {
	in.mu.Lock()
	in.prompts++
	in.mu.Unlock()
	if req.Attempt > 1 {
		in.clock.Advance(30 * time.Second)
	}
	return in.fake.Code(req.Serial, in.clock.Now()), nil
}

func (in *integration) retrieve(t *testing.T, name string) *Session {
	t.Helper()
	s, err := in.e.Retrieve(context.Background(), in.targets[name])
	if err != nil {
		t.Fatalf("Retrieve(%s): %v", name, err)
	}
	return s
}

func (in *integration) calls(action string) int { return in.fake.Calls(action) }

func TestIntegrationSessionReuseAndRefresh(t *testing.T) {
	in := newIntegration(t)
	prod := in.retrieve(t, "prod")
	in.retrieve(t, "dev")
	in.retrieve(t, "hub")
	if in.calls("GetSessionToken") != 1 || in.calls("AssumeRole") != 3 || in.prompts != 1 {
		t.Fatalf("GetSessionToken %d, AssumeRole %d, prompts %d; want 1, 3, 1", in.calls("GetSessionToken"), in.calls("AssumeRole"), in.prompts)
	}
	if prod.Arn != "arn:aws:sts::222222222222:assumed-role/Admin/alice" || !prod.Chained || !prod.MFA {
		t.Errorf("prod = %+v", prod)
	}
	issued, ok := in.fake.Issued(prod.Credentials.AccessKeyID)
	if !ok || !issued.MFAAuthenticated || !issued.Chained || issued.ARN != prod.Arn {
		t.Errorf("fake says %+v", issued)
	}
	if !in.retrieve(t, "prod").FromCache || in.calls("AssumeRole") != 3 {
		t.Error("second Retrieve was not served from the cache")
	}
	for range 5 {
		in.clock.Advance(61 * time.Minute)
		if in.retrieve(t, "prod").FromCache {
			t.Fatal("stale role served from cache")
		}
	}
	if in.calls("GetSessionToken") != 1 || in.prompts != 1 || in.calls("AssumeRole") != 8 {
		t.Errorf("after 5h: GetSessionToken %d, prompts %d, AssumeRole %d; want 1, 1, 8", in.calls("GetSessionToken"), in.prompts, in.calls("AssumeRole"))
	}
}

func TestIntegrationDirectMFA(t *testing.T) {
	tests := []struct {
		name  string
		setup func(in *integration)
		want  time.Duration
	}{
		{"duration over 1h", func(in *integration) { in.targets["prod"].Duration = 8 * time.Hour }, 8 * time.Hour},
		{"use_session_token false", func(in *integration) { in.targets["jump"].UseSessionToken = false }, time.Hour},
		{"NoSessionToken", func(in *integration) { in.e.NoSessionToken = true }, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newIntegration(t)
			tt.setup(in)
			s := in.retrieve(t, "prod")
			if in.calls("GetSessionToken") != 0 || in.calls("AssumeRole") != 1 {
				t.Errorf("GetSessionToken %d AssumeRole %d", in.calls("GetSessionToken"), in.calls("AssumeRole"))
			}
			if s.Chained || !s.MFA || !s.Credentials.Expires.Equal(in.clock.Now().Add(tt.want)) {
				t.Errorf("session chained %v mfa %v expires %v", s.Chained, s.MFA, s.Credentials.Expires)
			}
			if !in.retrieve(t, "prod").FromCache || in.prompts != 1 {
				t.Error("direct-MFA role not cached per role")
			}
		})
	}
}

func TestIntegrationChains(t *testing.T) {
	in := newIntegration(t)
	leaf := in.retrieve(t, "leaf") // jump → hub → spoke → leaf
	if in.calls("AssumeRole") != 3 || in.prompts != 1 {
		t.Fatalf("AssumeRole %d prompts %d", in.calls("AssumeRole"), in.prompts)
	}
	if leaf.Arn != "arn:aws:sts::666666666666:assumed-role/Leaf/alice" || !leaf.Chained {
		t.Errorf("leaf = %+v", leaf)
	}
	spoke := in.retrieve(t, "spoke")
	if !spoke.FromCache || !spoke.Credentials.Expires.Equal(in.clock.Now().Add(time.Hour)) {
		t.Errorf("spoke (asked for 3h, chained) = %+v; want cached 1h", spoke)
	}
}

func TestIntegrationExternalID(t *testing.T) {
	in := newIntegration(t)
	s := in.retrieve(t, "partner")
	if s.Chained || s.MFA || in.prompts != 0 || in.calls("GetSessionToken") != 0 {
		t.Errorf("partner (no MFA) = %+v, prompts %d", s, in.prompts)
	}
	in.targets["partner"].ExternalID = "wrong-ext"
	_, err := in.e.Clear("partner")
	if err != nil {
		t.Fatal(err)
	}
	_, err = in.e.Retrieve(context.Background(), in.targets["partner"])
	if !errors.Is(err, ErrAccessDenied) || !strings.Contains(err.Error(), "external id") || !strings.Contains(err.Error(), "arn:aws:iam::111111111111:user/alice") {
		t.Errorf("wrong external id: %v", err)
	}
}

func TestIntegrationErrors(t *testing.T) {
	closed := func() string { // a port nobody listens on
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return "http://" + addr
	}
	tests := []struct {
		name   string
		target string
		setup  func(t *testing.T, in *integration)
		kind   error
		want   []string
	}{
		{"access denied", "locked", nil, ErrAccessDenied,
			[]string{"arn:aws:iam::111111111111:user/alice", lockedARN, "trust policy"}},
		{"bad key", "prod", func(t *testing.T, in *integration) { writeAWSFiles(t, os.Getenv("HOME"), "AKIAUNKNOWNEXAMPLE01") },
			ErrInvalidKey, []string{"profile jump", ".aws/credentials"}},
		{"region disabled", "prod", func(t *testing.T, in *integration) {
			in.fake.SetFault(fakeaws.Fault{Status: 403, Code: "RegionDisabledException", Message: "STS is not activated in this region for account:111111111111. Your account administrator can activate STS in this region using the IAM Console."})
		}, ErrRegionDisabled, []string{"eu-west-1", "111111111111"}},
		{"throttled", "prod", func(t *testing.T, in *integration) {
			in.fake.SetFault(fakeaws.Fault{Status: 400, Code: "Throttling", Message: "Rate exceeded"})
		}, ErrThrottled, []string{"throttling"}},
		{"nobody listening", "prod", func(t *testing.T, in *integration) { t.Setenv("AWS_ENDPOINT_URL_STS", closed()) },
			ErrNoAnswer, []string{"http://127.0.0.1:"}},
		{"connection dropped", "prod", func(t *testing.T, in *integration) { in.fake.SetFault(fakeaws.Fault{Drop: true}) },
			ErrNoAnswer, []string{in_url_placeholder}},
		{"a proxy's 503 page", "prod", func(t *testing.T, in *integration) {
			in.fake.SetFault(fakeaws.Fault{Status: 503, Page: "<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>"})
		}, ErrNotAWS, []string{"GetSessionToken", in_url_placeholder, "HTTP 503 Service Unavailable", "AWS or a proxy"}},
		{"a 502 page that is not even XML", "prod", func(t *testing.T, in *integration) {
			in.fake.SetFault(fakeaws.Fault{Status: 502, Page: "<html><body>Bad gateway<br></body></html>"})
		}, ErrNotAWS, []string{in_url_placeholder, "HTTP 502 Bad Gateway", "AWS or a proxy"}},
		{"a wrong URL's 404", "prod", func(t *testing.T, in *integration) {
			in.fake.SetFault(fakeaws.Fault{Status: 404, Page: "404 page not found\n"})
		}, ErrNotAWS, []string{in_url_placeholder, "HTTP 404 Not Found", "endpoint URL"}},
		{"a 200 that is not STS", "prod", func(t *testing.T, in *integration) { in.fake.SetFault(fakeaws.Fault{Malformed: true}) },
			ErrNotAWS, []string{in_url_placeholder, "HTTP 200 OK", "not an AWS answer"}},
		{"invalid MFA three times", "prod", func(t *testing.T, in *integration) {
			in.e.MFA = func(context.Context, MFARequest) (string, error) { return "000000", nil }
		}, ErrMFARejected, []string{"3 tries", "unable to validate MFA code"}},
		{"role max duration", "dev", func(t *testing.T, in *integration) { in.targets["dev"].Duration = 6 * time.Hour },
			ErrRoleDuration, []string{devARN, "sessions of 6h:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newIntegration(t)
			if tt.setup != nil {
				tt.setup(t, in)
			}
			_, err := in.e.Retrieve(context.Background(), in.targets[tt.target])
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tt.kind) {
				t.Fatalf("%T %q, want %v", err, err, tt.kind)
			}
			for _, w := range tt.want {
				if w == in_url_placeholder {
					w = in.fake.URL()
				}
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), aliceSecret) || strings.Contains(err.Error(), "operation error") || strings.Contains(err.Error(), "UnknownError") {
				t.Errorf("not a clean sentence: %q", err)
			}
			list, _ := in.e.Cache.List()
			for _, e := range list {
				if e.Target == tt.target {
					t.Errorf("failure cached an entry for %s", e.Target)
				}
			}
		})
	}
}

const in_url_placeholder = "<fake url>"

func TestIntegrationExpiredTokenRetriesOnce(t *testing.T) {
	in := newIntegration(t)
	in.retrieve(t, "prod")
	list, _ := in.e.Cache.List()
	for _, e := range list {
		if e.Kind == KindSession {
			in.fake.Expire(e.AccessKeyID) // revoked or expired behind our back
		}
	}
	in.clock.Advance(61 * time.Minute)
	s := in.retrieve(t, "prod")
	if s.FromCache || in.calls("GetSessionToken") != 2 || in.prompts != 2 {
		t.Errorf("GetSessionToken %d prompts %d; want the session dropped and re-made", in.calls("GetSessionToken"), in.prompts)
	}
}

func TestIntegrationMFAProcess(t *testing.T) {
	in := newIntegration(t)
	in.e.MFA = nil
	codeFile := filepath.Join(t.TempDir(), "code")
	os.WriteFile(codeFile, []byte(in.fake.Code(serial, in.clock.Now())+"\n"), 0o600)
	in.targets["jump"].MFAProcess = "cat " + codeFile
	if s := in.retrieve(t, "prod"); !s.MFA {
		t.Error("no MFA session")
	}
}

func TestIntegrationCorruptCacheIsReplaced(t *testing.T) {
	in := newIntegration(t)
	in.retrieve(t, "prod")
	dir := in.e.Cache.Dir()
	names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, n := range names {
		os.WriteFile(n, []byte(`{"version":1,"key":`), 0o644)
	}
	in.clock.Advance(30 * time.Second) // the next MFA code
	s := in.retrieve(t, "prod")
	if s.FromCache || in.prompts != 2 {
		t.Errorf("corrupt cache: fromCache %v prompts %d", s.FromCache, in.prompts)
	}
	if !in.retrieve(t, "prod").FromCache {
		t.Error("the corrupt entry was not replaced")
	}
	for _, n := range names {
		if fi, err := os.Stat(n); err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v", n, fi.Mode().Perm())
		}
	}
}

func TestIntegrationWhoAmI(t *testing.T) {
	in := newIntegration(t)
	s := in.retrieve(t, "prod")
	t.Setenv("AWS_ACCESS_KEY_ID", s.Credentials.AccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", s.Credentials.SecretAccessKey)
	t.Setenv("AWS_SESSION_TOKEN", s.Credentials.SessionToken)
	id, err := in.e.WhoAmI(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if id.Arn != s.Arn || id.Account != "222222222222" {
		t.Errorf("WhoAmI = %+v, want %s", id, s.Arn)
	}
}

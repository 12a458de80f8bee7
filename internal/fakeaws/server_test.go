package fakeaws

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestStartRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{":0", "0.0.0.0:0", "[::]:0", "192.168.1.10:0", "example.com:80", "nonsense"} {
		t.Run(addr, func(t *testing.T) {
			s := New(WithAddr(addr))
			if err := s.Start(); err == nil {
				s.Close()
				t.Fatalf("Start(%q) succeeded", addr)
			}
		})
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:0", "127.0.0.2:0"} {
		t.Run(addr, func(t *testing.T) {
			s := New(WithAddr(addr))
			if err := s.Start(); err != nil {
				t.Skipf("loopback %s not usable here: %v", addr, err)
			}
			defer s.Close()
			if !strings.HasPrefix(s.URL(), "http://127.") && !strings.HasPrefix(s.URL(), "http://[::1]") {
				t.Errorf("URL = %q", s.URL())
			}
		})
	}
}

func TestLifecycle(t *testing.T) {
	s := New()
	if s.URL() != "" || s.FederationURL() != "" {
		t.Errorf("URL before Start = %q / %q", s.URL(), s.FederationURL())
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(); err == nil {
		t.Error("second Start succeeded")
	}
	if got := s.FederationURL(); got != s.URL()+"/federation" {
		t.Errorf("FederationURL = %q", got)
	}
	url := s.URL()
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if resp, err := http.Get(url); err == nil {
		resp.Body.Close()
		t.Error("server still answers after Close")
	}
}

func TestInvalidModel(t *testing.T) {
	okUser := User{Name: "alice", AccountID: identityAccount, AccessKeyID: aliceKey, SecretAccessKey: aliceSecret}
	tests := []struct {
		name string
		opt  Option
		want string
	}{
		{"short account", WithUser(User{Name: "a", AccountID: "123", AccessKeyID: aliceKey, SecretAccessKey: "s"}), "account id"},
		{"bad user name", WithUser(User{Name: "a b", AccountID: identityAccount, AccessKeyID: aliceKey, SecretAccessKey: "s"}), "name"},
		{"ASIA user key", WithUser(User{Name: "a", AccountID: identityAccount, AccessKeyID: "ASIAAAAAAAAAAAAAAAAA", SecretAccessKey: "s"}), "ASIA"},
		{"no secret", WithUser(User{Name: "a", AccountID: identityAccount, AccessKeyID: aliceKey}), "secret"},
		{"bad path", WithUser(User{Name: "a", AccountID: identityAccount, AccessKeyID: aliceKey, SecretAccessKey: "s", Path: "eng"}), "path"},
		{"MFA without seed", WithUser(User{Name: "a", AccountID: identityAccount, AccessKeyID: aliceKey, SecretAccessKey: "s", MFA: &MFADevice{Serial: aliceSerial}}), "TOTP"},
		{"duplicate key", func(s *Server) { WithUser(okUser)(s); WithUser(okUser)(s) }, "already in use"},
		{"bad role ARN", WithRole(Role{ARN: "arn:aws:iam::1:role/x"}), "ARN"},
		{"max session too long", WithRole(Role{ARN: adminARN, MaxSessionDuration: 13 * time.Hour}), "MaxSessionDuration"},
		{"max session too short", WithRole(Role{ARN: adminARN, MaxSessionDuration: 30 * time.Minute}), "MaxSessionDuration"},
		{"bad principal", WithRole(Role{ARN: adminARN, Trust: Trust{Principals: []string{"alice"}}}), "principal"},
		{"bad external id", WithRole(Role{ARN: adminARN, Trust: Trust{ExternalID: "x"}}), "external id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := New(tt.opt).Start()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Start error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

// TestTOTPVectors checks the RFC 6238 SHA1 test vectors (last 6 digits).
func TestTOTPVectors(t *testing.T) {
	seed := []byte("12345678901234567890")
	tests := []struct {
		unix int64
		want string
	}{
		{59, "287082"}, {1111111109, "081804"}, {1111111111, "050471"},
		{1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"},
	}
	for _, tt := range tests {
		if got := TOTP(seed, time.Unix(tt.unix, 0)); got != tt.want {
			t.Errorf("TOTP(%d) = %s, want %s", tt.unix, got, tt.want)
		}
	}
	s := New(WithUser(User{Name: "v", AccountID: identityAccount, AccessKeyID: "AKIAVECTOR0000000000", SecretAccessKey: "s",
		MFA: &MFADevice{Serial: "GAHT12345678", Secret: seed}}))
	if got := s.Code("GAHT12345678", time.Unix(59, 0)); got != "287082" {
		t.Errorf("Code = %s, want 287082", got)
	}
}

func TestRequestsAreRecordedWithoutSecrets(t *testing.T) {
	s, clk := newOrg(t)
	code := s.Code(aliceSerial, clk.Now())
	out, err := alice(t, s).GetSessionToken(ctx, &sts.GetSessionTokenInput{SerialNumber: sdkaws.String(aliceSerial), TokenCode: sdkaws.String(code)})
	wantNoError(t, err)
	_, err = using(t, s, out.Credentials).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(adminARN), RoleSessionName: sdkaws.String("alice")})
	wantNoError(t, err)

	reqs := s.Requests()
	if len(reqs) != 2 {
		t.Fatalf("recorded %d requests, want 2", len(reqs))
	}
	first, second := reqs[0], reqs[1]
	if first.Action != "GetSessionToken" || first.AccessKeyID != aliceKey || first.Temporary || first.Status != 200 || first.Code != "" {
		t.Errorf("first = %+v", first)
	}
	if first.Params.Get("TokenCode") != redacted || first.Params.Get("SerialNumber") != aliceSerial {
		t.Errorf("first params = %v", first.Params)
	}
	if second.Action != "AssumeRole" || second.AccessKeyID != *out.Credentials.AccessKeyId || !second.Temporary || second.Params.Get("RoleArn") != adminARN {
		t.Errorf("second = %+v", second)
	}
	dump := fmt.Sprintf("%+v", reqs)
	for _, secret := range []string{code, aliceSecret, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken} {
		if strings.Contains(dump, secret) {
			t.Errorf("recorded requests contain a secret %q", secret[:4])
		}
	}
	// Requests returns a copy.
	reqs[0].Params.Set("TokenCode", "tampered")
	if s.Requests()[0].Params.Get("TokenCode") != redacted {
		t.Error("Requests exposes internal state")
	}
	if s.Calls("GetSessionToken") != 1 || s.Calls("AssumeRole") != 1 || s.Calls("GetCallerIdentity") != 0 {
		t.Errorf("calls = %d %d %d", s.Calls("GetSessionToken"), s.Calls("AssumeRole"), s.Calls("GetCallerIdentity"))
	}
}

// TestConcurrentCallers runs 50 SDK callers at once (meaningful under -race).
func TestConcurrentCallers(t *testing.T) {
	s, _ := newOrg(t)
	const n = 50
	var wg sync.WaitGroup
	keys := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			c := alice(t, s)
			out, err := c.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(readOnlyARN), RoleSessionName: sdkaws.String(fmt.Sprintf("worker-%d", i))})
			if err != nil {
				errs[i] = err
				return
			}
			keys[i] = *out.Credentials.AccessKeyId
			id, err := using(t, s, out.Credentials).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			if err != nil {
				errs[i] = err
				return
			}
			if want := fmt.Sprintf("arn:aws:sts::222222222222:assumed-role/ReadOnly/worker-%d", i); *id.Arn != want {
				errs[i] = fmt.Errorf("caller %d is %s", i, *id.Arn)
			}
			if i%10 == 0 {
				s.SetFault(Fault{}) // concurrent control calls are safe too
				_ = s.Requests()
			}
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Errorf("caller %d: %v", i, errs[i])
		}
		if seen[keys[i]] {
			t.Errorf("access key %s issued twice", keys[i])
		}
		seen[keys[i]] = true
	}
	if s.Calls("AssumeRole") != n || s.Calls("GetCallerIdentity") != n || len(s.Requests()) != 2*n {
		t.Errorf("calls %d/%d, requests %d", s.Calls("AssumeRole"), s.Calls("GetCallerIdentity"), len(s.Requests()))
	}
}

func TestHandlerWithoutListener(t *testing.T) {
	s := New(orgOptions()...)
	rec := newRecorder()
	req, _ := http.NewRequest(http.MethodGet, "http://fake/?Action=GetCallerIdentity&Version=2011-06-15", nil)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+aliceKey+"/20260102/us-east-1/sts/aws4_request, Signature=x")
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "user/alice") {
		t.Errorf("got %d %s", rec.Code, rec.Body.String())
	}
}

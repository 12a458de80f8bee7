package fakeaws

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"

	"github.com/switchrole/switchrole/internal/awstest"
)

// TestMain isolates the SDK from the machine: no shared config, no real
// credentials, no IMDS, one attempt per call.
func TestMain(m *testing.M) {
	os.Exit(awstest.IsolateMain(m))
}

// The fixture organisation: identities live in 111111111111, roles in
// 222222222222 and 333333333333.
const (
	identityAccount = "111111111111"
	prodAccount     = "222222222222"
	otherAccount    = "333333333333"

	aliceKey    = "AKIAALICE00000000001"
	aliceSecret = "alice/secret/key/000000000000000000000001"
	aliceSerial = "arn:aws:iam::111111111111:mfa/alice"
	bobKey      = "AKIABOB0000000000002"
	bobSecret   = "bob/secret/key/00000000000000000000000002"
	eveKey      = "AKIAEVE0000000000003"
	eveSecret   = "eve/secret/key/00000000000000000000000003"

	adminARN    = "arn:aws:iam::222222222222:role/Admin"
	readOnlyARN = "arn:aws:iam::222222222222:role/ReadOnly"
	partnerARN  = "arn:aws:iam::222222222222:role/Partner"
	deployARN   = "arn:aws:iam::333333333333:role/ci/Deploy"
	longARN     = "arn:aws:iam::222222222222:role/LongSessions"
)

var aliceSeed = []byte("alice-totp-seed-0123")

// start is the fixed instant the fixture clock starts at.
var start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// clock is a settable clock for WithClock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: start} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func orgOptions() []Option {
	return []Option{
		WithUser(User{Name: "alice", AccountID: identityAccount, AccessKeyID: aliceKey, SecretAccessKey: aliceSecret,
			MFA: &MFADevice{Serial: aliceSerial, Secret: aliceSeed}}),
		WithUser(User{Name: "bob", AccountID: identityAccount, AccessKeyID: bobKey, SecretAccessKey: bobSecret, Path: "/contractors/"}),
		WithUser(User{Name: "eve", AccountID: "999999999999", AccessKeyID: eveKey, SecretAccessKey: eveSecret}),
		// Admin: anyone in the identity account, with MFA.
		WithRole(Role{ARN: adminARN, MaxSessionDuration: 12 * time.Hour,
			Trust: Trust{Principals: []string{identityAccount}, RequireMFA: true}}),
		// ReadOnly: alice by ARN, no MFA, default one-hour maximum.
		WithRole(Role{ARN: readOnlyARN, Trust: Trust{Principals: []string{"arn:aws:iam::111111111111:user/alice"}}}),
		// Partner: an external id is required.
		WithRole(Role{ARN: partnerARN, Trust: Trust{Principals: []string{identityAccount}, ExternalID: "ext-123"}}),
		// Deploy: only ReadOnly's sessions may chain into it.
		WithRole(Role{ARN: deployARN, Trust: Trust{Principals: []string{readOnlyARN}}}),
		// LongSessions: up to 12 h, no MFA, for SessionDuration tests.
		WithRole(Role{ARN: longARN, MaxSessionDuration: 12 * time.Hour, Trust: Trust{Principals: []string{identityAccount}}}),
	}
}

// newOrg starts the fixture fake on a settable clock.
func newOrg(t testing.TB, extra ...Option) (*Server, *clock) {
	t.Helper()
	clk := newClock()
	opts := append(orgOptions(), WithClock(clk.Now))
	return startTest(t, append(opts, extra...)...), clk
}

// startTest starts a fake and closes it when the test ends. (Tests outside
// this package use internal/fakeawstest, which cannot be imported here
// without an import cycle.)
func startTest(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := New(opts...)
	if err := s.Start(); err != nil {
		t.Fatalf("start fake AWS: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// client builds a real SDK STS client signing with the given credentials.
func client(t testing.TB, s *Server, akid, secret, token string) *sts.Client {
	t.Helper()
	return clientWith(t, s, credentials.NewStaticCredentialsProvider(akid, secret, token))
}

func clientWith(t testing.TB, s *Server, creds sdkaws.CredentialsProvider) *sts.Client {
	t.Helper()
	return sts.NewFromConfig(sdkConfig(t, s, creds))
}

// sdkConfig is the SDK configuration of the tests' signed clients (STS,
// IAM, Organizations): the fake as every service's endpoint, one attempt.
func sdkConfig(t testing.TB, s *Server, creds sdkaws.CredentialsProvider) sdkaws.Config {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion("us-east-1"),
		config.WithBaseEndpoint(s.URL()),
		config.WithRetryMaxAttempts(1),
		config.WithCredentialsProvider(creds),
	)
	if err != nil {
		t.Fatalf("load SDK config: %v", err)
	}
	return cfg
}

func alice(t testing.TB, s *Server) *sts.Client { return client(t, s, aliceKey, aliceSecret, "") }

// using builds a client that signs with temporary credentials the fake issued.
func using(t testing.TB, s *Server, c *types.Credentials) *sts.Client {
	t.Helper()
	if c == nil {
		t.Fatal("no credentials in response")
	}
	return client(t, s, *c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
}

// wantAPIError asserts err is an AWS API error with this status, code and
// (when non-empty) exact message.
func wantAPIError(t testing.TB, err error, status int, code, message string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %d %s", status, code)
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is not an API error", err)
	}
	if apiErr.ErrorCode() != code {
		t.Errorf("code = %q, want %q (message %q)", apiErr.ErrorCode(), code, apiErr.ErrorMessage())
	}
	if message != "" && apiErr.ErrorMessage() != message {
		t.Errorf("message = %q, want %q", apiErr.ErrorMessage(), message)
	}
	var respErr *awshttp.ResponseError
	if !errors.As(err, &respErr) {
		t.Fatalf("error %v carries no HTTP response", err)
	}
	if respErr.HTTPStatusCode() != status {
		t.Errorf("status = %d, want %d", respErr.HTTPStatusCode(), status)
	}
	if respErr.ServiceRequestID() == "" {
		t.Errorf("error has no request id")
	}
}

func wantNoError(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

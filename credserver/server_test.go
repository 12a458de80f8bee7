package credserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials/endpointcreds"
	"github.com/aws/smithy-go"
)

// source is a Source issuing numbered credentials that live lifetime; fail,
// when set, is returned instead (as when the MFA session has ended).
type source struct {
	mu       sync.Mutex
	lifetime time.Duration
	n        int
	renews   int
	cached   Credentials
	fail     error
}

func (s *source) issue() Credentials {
	s.n++
	return Credentials{
		AccessKeyID:     fmt.Sprintf("ASIA%016d", s.n),
		SecretAccessKey: fmt.Sprintf("secret-%d", s.n),
		SessionToken:    fmt.Sprintf("token-%d", s.n),
		Expires:         time.Now().Add(s.lifetime),
		AccountID:       "222222222222",
	}
}

func (s *source) Retrieve(context.Context) (Credentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return Credentials{}, s.fail
	}
	return s.cached, nil
}

func (s *source) Renew(context.Context) (Credentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return Credentials{}, s.fail
	}
	s.renews++
	s.cached = s.issue()
	return s.cached, nil
}

func (s *source) setFail(err error) { s.mu.Lock(); s.fail = err; s.mu.Unlock() }

func (s *source) renewCount() int { s.mu.Lock(); defer s.mu.Unlock(); return s.renews }

func start(t *testing.T, src *source, opts Options) *Server {
	t.Helper()
	src.mu.Lock()
	src.cached = src.issue()
	first := src.cached
	src.mu.Unlock()
	s, err := Start(src, first, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func get(t *testing.T, s *Server, method, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestOnlyTheTokenGetsAnything(t *testing.T) {
	s := start(t, &source{lifetime: time.Hour}, Options{})
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Errorf("URL %q is not on 127.0.0.1", s.URL())
	}
	if len(s.Token()) != 64 {
		t.Errorf("token has %d hex digits, want 64 (256 bits)", len(s.Token()))
	}
	wrong := strings.Repeat("0", 64)
	for _, c := range []struct{ method, token string }{
		{http.MethodGet, ""},
		{http.MethodGet, wrong},
		{http.MethodGet, s.Token()[:63]},
		{http.MethodGet, s.Token() + "0"},
		{http.MethodPost, ""},
		{http.MethodDelete, wrong},
	} {
		status, body := get(t, s, c.method, c.token)
		if status != http.StatusForbidden || body != "" {
			t.Errorf("%s with token %q… = %d %q, want 403 and nothing else", c.method, c.token[:min(4, len(c.token))], status, body)
		}
	}
	if status, _ := get(t, s, http.MethodPost, s.Token()); status != http.StatusMethodNotAllowed {
		t.Errorf("POST with the token = %d, want 405", status)
	}
	status, body := get(t, s, http.MethodGet, s.Token())
	if status != http.StatusOK {
		t.Fatalf("GET with the token = %d %s", status, body)
	}
	var r map[string]string
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	if r["AccessKeyId"] != "ASIA0000000000000001" || r["SecretAccessKey"] != "secret-1" || r["Token"] != "token-1" || r["AccountId"] != "222222222222" {
		t.Errorf("answer = %s", body)
	}
	if _, err := time.Parse(time.RFC3339, r["Expiration"]); err != nil {
		t.Errorf("Expiration %q is not RFC 3339", r["Expiration"])
	}
	if env := s.Env(); env[EnvFullURI] != s.URL() || env[EnvAuthToken] != s.Token() || len(env) != 2 {
		t.Errorf("Env = %v", env)
	}
}

// sdkProvider is aws-sdk-go-v2's own container-credentials provider
// pointed at s, as a child's default chain builds it.
func sdkProvider(s *Server) *endpointcreds.Provider {
	return endpointcreds.New(s.URL(), func(o *endpointcreds.Options) { o.AuthorizationToken = s.Token() })
}

func TestTheSDKProviderReadsTheAnswer(t *testing.T) {
	s := start(t, &source{lifetime: time.Hour}, Options{})
	c, err := sdkProvider(s).Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cur := s.Current()
	if c.AccessKeyID != cur.AccessKeyID || c.SecretAccessKey != cur.SecretAccessKey || c.SessionToken != cur.SessionToken ||
		!c.CanExpire || !c.Expires.Equal(cur.Expires.Truncate(time.Second)) || c.AccountID != "222222222222" {
		t.Errorf("SDK read %+v, server holds %+v", c, cur)
	}
}

// waitFor polls cond (bounded); timing is never asserted, only the outcome.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestRenewsAheadOfExpirySoEveryAnswerIsValid(t *testing.T) {
	src := &source{lifetime: 400 * time.Millisecond}
	s := start(t, src, Options{})
	p := sdkProvider(s)
	seen := map[string]bool{}
	for len(seen) < 5 {
		c, err := p.Retrieve(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !c.Expires.After(time.Now().Add(-time.Second)) {
			t.Fatalf("served credentials that expired at %s", c.Expires)
		}
		seen[c.AccessKeyID] = true
		time.Sleep(20 * time.Millisecond)
	}
	if src.renewCount() < 4 {
		t.Errorf("renewed %d times for 5 sets of credentials", src.renewCount())
	}
}

func TestPrefersCredentialsAnotherProcessRenewed(t *testing.T) {
	src := &source{lifetime: 400 * time.Millisecond}
	s := start(t, src, Options{})
	src.mu.Lock()
	src.lifetime = time.Hour
	src.cached = src.issue() // as if `switchrole credential-process` had just renewed them
	other := src.cached.AccessKeyID
	src.mu.Unlock()
	waitFor(t, "the server to take the cache's credentials", func() bool { return s.Current().AccessKeyID == other })
	if n := src.renewCount(); n != 0 {
		t.Errorf("Renew called %d times although the cache had newer credentials", n)
	}
}

var errLogin = errors.New("the MFA session of jump has ended: run `switchrole login jump` in any terminal")

func TestSaysToLoginThenPicksTheNewSessionUp(t *testing.T) {
	src := &source{lifetime: 300 * time.Millisecond}
	s := start(t, src, Options{RetryEvery: time.Hour})
	src.setFail(errLogin)
	first := s.Current()
	waitFor(t, "the first credentials to expire", func() bool { return time.Now().After(first.Expires) })

	_, err := sdkProvider(s).Retrieve(context.Background())
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "CredentialsUnavailable" || !strings.Contains(apiErr.ErrorMessage(), "switchrole login jump") {
		t.Fatalf("SDK error = %v, want the server's message saying to log in", err)
	}
	status, body := get(t, s, http.MethodGet, s.Token())
	if status != http.StatusServiceUnavailable || !strings.Contains(body, `"code":"CredentialsUnavailable"`) {
		t.Errorf("raw answer = %d %s", status, body)
	}

	src.setFail(nil) // `switchrole login` in another terminal
	c, err := sdkProvider(s).Retrieve(context.Background())
	if err != nil {
		t.Fatalf("after login: %v", err)
	}
	if c.AccessKeyID == first.AccessKeyID || !c.Expires.After(time.Now().Add(-time.Second)) { // sent to the second
		t.Errorf("after login the server serves %+v", c)
	}
}

func TestCloseStopsServingAndRenewing(t *testing.T) {
	src := &source{lifetime: 200 * time.Millisecond}
	s := start(t, src, Options{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	n := src.renewCount()
	if _, err := http.Get(s.URL()); err == nil {
		t.Error("server still answers after Close")
	}
	time.Sleep(300 * time.Millisecond)
	if src.renewCount() != n {
		t.Error("server renewed after Close")
	}
}

func TestRefusesToStartWithoutCredentials(t *testing.T) {
	if _, err := Start(&source{}, Credentials{}, Options{}); err == nil {
		t.Error("Start accepted empty credentials")
	}
}

package console

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/internal/fakeaws"
)

// followLogin opens a login URL like a browser would (cookies, redirects)
// and returns the page.
func followLogin(t *testing.T, loginURL string) string {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := c.Get(loginURL)
	if err != nil {
		t.Fatalf("follow login URL: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login answered %d: %s", resp.StatusCode, body)
	}
	return string(body)
}

// lastSigninRequest is the fake's record of the latest getSigninToken.
func lastSigninRequest(t *testing.T, s *fakeaws.Server) fakeaws.Request {
	t.Helper()
	reqs := s.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Action == "getSigninToken" {
			return reqs[i]
		}
	}
	t.Fatal("the fake saw no getSigninToken request")
	return fakeaws.Request{}
}

func TestSigninURLAgainstFake(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		region     string
		service    string
		duration   time.Duration
		wantMethod string
		wantDest   string
	}{
		{"default is POST", "", "", "", 0, http.MethodPost, "https://console.aws.amazon.com/console/home"},
		{"GET", "get", "eu-west-1", "", 0, http.MethodGet, "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1"},
		{"POST with duration", "POST", "us-east-1", "s3", 2 * time.Hour, http.MethodPost, "https://us-east-1.console.aws.amazon.com/s3/home?region=us-east-1"},
		{"GET with duration", "GET", "", "", 12 * time.Hour, http.MethodGet, "https://console.aws.amazon.com/console/home"},
		{"minimum duration", "", "", "", 15 * time.Minute, http.MethodPost, "https://console.aws.amazon.com/console/home"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFake(t)
			creds := assumeAsAlice(t, s, adminARN)
			login, err := SigninURL(context.Background(), SigninOptions{
				Credentials: creds, Partition: "aws", Region: tt.region, Service: tt.service,
				SessionDuration: tt.duration, FederationURL: s.FederationURL(), Method: tt.method,
			})
			if err != nil {
				t.Fatalf("SigninURL: %v", err)
			}

			req := lastSigninRequest(t, s)
			if req.Method != tt.wantMethod || req.Status != http.StatusOK {
				t.Errorf("getSigninToken went as %s and got %d, want %s and 200", req.Method, req.Status, tt.wantMethod)
			}
			if got, has := req.Params["SessionDuration"]; tt.duration == 0 && has {
				t.Errorf("SessionDuration %v sent, want none", got)
			} else if tt.duration != 0 && req.Params.Get("SessionDuration") != strconv.Itoa(int(tt.duration/time.Second)) {
				t.Errorf("SessionDuration = %q, want %d", req.Params.Get("SessionDuration"), int(tt.duration/time.Second))
			}

			u, err := url.Parse(login)
			if err != nil {
				t.Fatal(err)
			}
			if got := u.Scheme + "://" + u.Host + u.Path; got != s.FederationURL() {
				t.Errorf("login URL base = %s, want %s", got, s.FederationURL())
			}
			q := u.Query()
			if q.Get("Action") != "login" || q.Get("Issuer") != "switchrole" || q.Get("SigninToken") == "" {
				t.Errorf("login params = %v", q)
			}
			if q.Get("Destination") != tt.wantDest {
				t.Errorf("Destination = %q, want %q", q.Get("Destination"), tt.wantDest)
			}
			page := followLogin(t, login)
			if !strings.Contains(page, "Signed in as assumed-role/Admin/alice in "+prodAccount) {
				t.Errorf("console page does not show the role:\n%s", page)
			}
		})
	}
}

func TestSigninURLGovUsesGETAndGovHosts(t *testing.T) {
	s := newFake(t)
	creds := assumeAsAlice(t, s, adminARN)
	login, err := SigninURL(context.Background(), SigninOptions{
		Credentials: creds, Partition: "aws-us-gov", Region: "us-gov-west-1", FederationURL: s.FederationURL(),
	})
	if err != nil {
		t.Fatalf("SigninURL: %v", err)
	}
	if m := lastSigninRequest(t, s).Method; m != http.MethodGet {
		t.Errorf("aws-us-gov used %s, want GET", m)
	}
	u, _ := url.Parse(login)
	if d := u.Query().Get("Destination"); d != "https://us-gov-west-1.console.amazonaws-us-gov.com/console/home?region=us-gov-west-1" {
		t.Errorf("Destination = %s", d)
	}
}

func TestSigninURLPartitionFromRegion(t *testing.T) {
	s := newFake(t)
	login, err := SigninURL(context.Background(), SigninOptions{
		Credentials: assumeAsAlice(t, s, adminARN), Region: "cn-north-1", FederationURL: s.FederationURL(), Path: "ec2/home#Instances",
	})
	if err != nil {
		t.Fatalf("SigninURL: %v", err)
	}
	u, _ := url.Parse(login)
	if d := u.Query().Get("Destination"); d != "https://cn-north-1.console.amazonaws.cn/ec2/home?region=cn-north-1#Instances" {
		t.Errorf("Destination = %s", d)
	}
	if got := u.Query().Get("Issuer"); got != DefaultIssuer {
		t.Errorf("Issuer = %q", got)
	}
}

func TestSigninURLCustomIssuer(t *testing.T) {
	s := newFake(t)
	login, err := SigninURL(context.Background(), SigninOptions{
		Credentials: assumeAsAlice(t, s, adminARN), FederationURL: s.FederationURL(), Issuer: "https://sso.example.com/start",
	})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(login)
	if got := u.Query().Get("Issuer"); got != "https://sso.example.com/start" {
		t.Errorf("Issuer = %q", got)
	}
}

// TestSigninRefusedByAWS covers the answers of the real federation rules,
// as the fake enforces them.
func TestSigninRefusedByAWS(t *testing.T) {
	s := newFake(t)
	tests := []struct {
		name     string
		creds    func() sdkaws.Credentials
		duration time.Duration
		want     []string
	}{
		{"chained role with SessionDuration", func() sdkaws.Credentials { return chainedCreds(t, s) }, time.Hour,
			[]string{"AWS refused the credentials for console sign-in (HTTP 400: Invalid credentials parameter)", "SessionDuration is refused for chained roles"}},
		{"session-token credentials", func() sdkaws.Credentials { return sessionCreds(t, s) }, 0,
			[]string{"HTTP 400: Invalid credentials parameter", "GetSessionToken"}},
		{"unknown credentials", func() sdkaws.Credentials {
			return sdkaws.Credentials{AccessKeyID: "ASIAUNKNOWN000000000", SecretAccessKey: "unknown-secret-0000000000", SessionToken: "unknown-token-0000000000"}
		}, 0, []string{"HTTP 400", "switch to the role again"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			creds := tt.creds()
			_, err := SigninURL(context.Background(), SigninOptions{Credentials: creds, SessionDuration: tt.duration, FederationURL: s.FederationURL()})
			var fe *FederationError
			if !errors.As(err, &fe) || fe.Status != http.StatusBadRequest {
				t.Fatalf("got %v, want a 400 FederationError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			wantNoSecrets(t, err.Error(), creds)
		})
	}
	// Chained credentials do sign in once SessionDuration is left out, as
	// AllowsSessionDuration advises.
	creds := chainedCreds(t, s)
	d := time.Hour
	if !AllowsSessionDuration("role", true) {
		d = 0
	}
	if _, err := SigninURL(context.Background(), SigninOptions{Credentials: creds, SessionDuration: d, FederationURL: s.FederationURL()}); err != nil {
		t.Errorf("chained credentials without SessionDuration: %v", err)
	}
}

// TestSigninRefusedBeforeNetwork covers what is refused without calling AWS.
func TestSigninRefusedBeforeNetwork(t *testing.T) {
	s := newFake(t)
	live := sdkaws.Credentials{AccessKeyID: "ASIATEMP000000000001", SecretAccessKey: "temp-secret-000000000000000000000001",
		SessionToken: "temp-token-000000000000000000000001", CanExpire: true, Expires: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	now := func() time.Time { return time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC) }
	with := func(f func(*SigninOptions)) SigninOptions {
		o := SigninOptions{Credentials: live, FederationURL: s.FederationURL(), Now: now}
		f(&o)
		return o
	}
	tests := []struct {
		name string
		o    SigninOptions
		want string
		is   error
	}{
		{"long-term keys", with(func(o *SigninOptions) { o.Credentials.SessionToken = "" }), "long-term access keys", ErrLongTermCredentials},
		{"no secret", with(func(o *SigninOptions) { o.Credentials.SecretAccessKey = "" }), "secret access key is empty", nil},
		{"expired", with(func(o *SigninOptions) { o.Now = func() time.Time { return live.Expires.Add(time.Second) } }), "expired at", nil},
		{"duration too short", with(func(o *SigninOptions) { o.SessionDuration = 14 * time.Minute }), "outside what AWS allows (15m to 12h)", nil},
		{"duration too long", with(func(o *SigninOptions) { o.SessionDuration = 12*time.Hour + time.Second }), "outside what AWS allows", nil},
		{"negative duration", with(func(o *SigninOptions) { o.SessionDuration = -time.Hour }), "outside what AWS allows", nil},
		{"isolated partition", with(func(o *SigninOptions) { o.Partition = "aws-iso" }), `partition "aws-iso"`, nil},
		{"region of another partition", with(func(o *SigninOptions) { o.Region = "cn-north-1"; o.Partition = "aws" }), "region cn-north-1 belongs to partition aws-cn", nil},
		{"bad method", with(func(o *SigninOptions) { o.Method = "PUT" }), `method "PUT"`, nil},
		{"http off loopback", with(func(o *SigninOptions) { o.FederationURL = "http://signin.example.com/federation" }), "must use https", nil},
		{"not http", with(func(o *SigninOptions) { o.FederationURL = "ftp://127.0.0.1/federation" }), "is not an http(s) URL", nil},
		{"no host", with(func(o *SigninOptions) { o.FederationURL = "federation" }), "is not an http(s) URL", nil},
		{"query in override", with(func(o *SigninOptions) { o.FederationURL = s.FederationURL() + "?x=1" }), "must not carry", nil},
		{"user in override", with(func(o *SigninOptions) { o.FederationURL = "https://me:pw@signin.example.com/federation" }), "must not carry", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.Calls("getSigninToken")
			_, err := SigninURL(context.Background(), tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if s.Calls("getSigninToken") != before {
				t.Errorf("a request was sent")
			}
			wantNoSecrets(t, err.Error(), live, "pw@")
		})
	}
}

// TestSigninServiceFailures covers broken or unexpected answers.
func TestSigninServiceFailures(t *testing.T) {
	tests := []struct {
		name   string
		fault  fakeaws.Fault
		status int
		want   string
	}{
		{"500", fakeaws.Fault{Status: 500, Message: "Internal Server Error"}, 500, "failed (HTTP 500: Internal Server Error), so AWS or a proxy in between failed; try again"},
		{"a proxy's 503 page", fakeaws.Fault{Status: 503, Page: "<html><head><title>503 Service Unavailable</title></head><body>squid</body></html>"}, 503,
			"the sign-in service at 127.0.0.1"},
		{"503 without reason", fakeaws.Fault{Status: 503}, 503, "(HTTP 503: Service Unavailable)"},
		{"429", fakeaws.Fault{Status: 429, Message: "Rate exceeded"}, 429, "throttling requests (HTTP 429: Rate exceeded)"},
		{"403", fakeaws.Fault{Status: 403, Message: "Forbidden"}, 403, "may have expired or been revoked"},
		{"404", fakeaws.Fault{Status: 404, Message: "Not Found"}, 404, "answered HTTP 404: Not Found instead of a sign-in token; check the federation URL"},
		{"truncated JSON", fakeaws.Fault{Malformed: true}, 200, "not the expected JSON (it is cut short)"},
		{"dropped connection", fakeaws.Fault{Drop: true}, 0, "could not reach the sign-in service at 127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFake(t)
			creds := assumeAsAlice(t, s, adminARN)
			tt.fault.Actions = []string{"getSigninToken"}
			s.SetFault(tt.fault)
			_, err := SigninURL(context.Background(), SigninOptions{Credentials: creds, FederationURL: s.FederationURL()})
			var fe *FederationError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a FederationError", err)
			}
			if fe.Status != tt.status || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got status %d %q, want %d containing %q", fe.Status, err, tt.status, tt.want)
			}
			wantNoSecrets(t, err.Error(), creds)
		})
	}
}

func TestSigninTimeout(t *testing.T) {
	s := newFake(t)
	creds := assumeAsAlice(t, s, adminARN)
	s.SetFault(fakeaws.Fault{Latency: 5 * time.Second, Actions: []string{"getSigninToken"}})

	t.Run("client timeout", func(t *testing.T) {
		_, err := SigninURL(context.Background(), SigninOptions{Credentials: creds, FederationURL: s.FederationURL(),
			HTTPClient: &http.Client{Timeout: 100 * time.Millisecond}})
		var fe *FederationError
		if !errors.As(err, &fe) || !fe.Timeout || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v, want a timeout", err)
		}
		if !strings.Contains(err.Error(), "did not answer in time") {
			t.Errorf("message %q", err)
		}
		wantNoSecrets(t, err.Error(), creds)
	})
	t.Run("context deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, err := SigninURL(ctx, SigninOptions{Credentials: creds, FederationURL: s.FederationURL()})
		var fe *FederationError
		if !errors.As(err, &fe) || !fe.Timeout {
			t.Fatalf("got %v, want a timeout", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		go func() { time.Sleep(50 * time.Millisecond); cancel() }()
		_, err := SigninURL(ctx, SigninOptions{Credentials: creds, FederationURL: s.FederationURL()})
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "cancelled") {
			t.Fatalf("got %v, want cancellation", err)
		}
	})
}

// testCreds are credentials for servers that are not the fake.
var testCreds = sdkaws.Credentials{AccessKeyID: "ASIAFAKE000000000001", SecretAccessKey: "s3cr3t/Key+With=Odd/Chars0000000000001",
	SessionToken: "T0KEN/with+odd=chars" + strings.Repeat("x", 40)}

// TestSigninOddAnswers uses hand-made servers for answers the fake never
// gives.
func TestSigninOddAnswers(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"HTML page at 200", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html><head><title>Hotel WiFi Login</title></head><body>Please accept</body></html>")
		}, `answered with a web page ("Hotel WiFi Login") instead of a sign-in token`},
		{"HTML without content type", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "  <!doctype html><p>hi</p>")
		}, "answered with a web page instead of a sign-in token"},
		{"not JSON", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "SigninToken=abc")
		}, "not the expected JSON (invalid JSON at byte 1)"},
		{"token not a string", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"SigninToken":42}`)
		}, "SigninToken is a JSON number, not a string"},
		{"empty token", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"SigninToken":""}`)
		}, "answered without a sign-in token"},
		{"no token", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, `{"Other":"x"}`)
		}, "answered without a sign-in token"},
		{"redirect not followed", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://elsewhere.example.com/federation", http.StatusFound)
		}, "answered with a redirect (HTTP 302)"},
		{"error page echoing the secret", func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, "<title>HTTP Status 400 – Bad Session "+r.Form.Get("Session")+"</title>")
		}, "HTTP 400: Bad Session"},
		{"long reason cut", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, "<h1>"+strings.Repeat("very long reason ", 30)+"</h1>")
		}, "…)"},
		{"SessionDuration reason", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, "<title>HTTP Status 400 &ndash; Invalid SessionDuration parameter</title>")
		}, "AWS refused the console session duration (HTTP 400: Invalid SessionDuration parameter)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			_, err := SigninURL(context.Background(), SigninOptions{Credentials: testCreds, FederationURL: srv.URL + "/federation"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			wantNoSecrets(t, err.Error(), testCreds, url.QueryEscape(testCreds.SecretAccessKey), testCreds.SessionToken[:20])
		})
	}
}

// TestSigninWire checks the exact request: the Session JSON keys and, for
// POST, that no secret is in the URL.
func TestSigninWire(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		t.Run(method, func(t *testing.T) {
			var got *http.Request
			var form url.Values
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_ = r.ParseForm()
				got, form = r, r.Form
				io.WriteString(w, `{"SigninToken":"tok-123/+="}`)
			}))
			defer srv.Close()
			login, err := SigninURL(context.Background(), SigninOptions{Credentials: testCreds, FederationURL: srv.URL + "/federation",
				Method: method, SessionDuration: 90 * time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			if got.Method != method {
				t.Errorf("method %s", got.Method)
			}
			if method == http.MethodPost {
				if got.URL.RawQuery != "" {
					t.Errorf("POST put parameters in the URL: %q", got.URL.RawQuery)
				}
				if ct := got.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
					t.Errorf("Content-Type %q", ct)
				}
			}
			want := `{"sessionId":"` + testCreds.AccessKeyID + `","sessionKey":"` + testCreds.SecretAccessKey + `","sessionToken":"` + testCreds.SessionToken + `"}`
			if form.Get("Session") != want {
				t.Errorf("Session = %s\nwant      %s", form.Get("Session"), want)
			}
			if form.Get("Action") != "getSigninToken" || form.Get("SessionDuration") != "5400" {
				t.Errorf("params %v", form)
			}
			u, _ := url.Parse(login)
			if u.Query().Get("SigninToken") != "tok-123/+=" {
				t.Errorf("token not carried intact: %s", u.RawQuery)
			}
		})
	}
}

func TestSigninConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	for _, method := range []string{"GET", "POST"} {
		_, err = SigninURL(context.Background(), SigninOptions{Credentials: testCreds, FederationURL: "http://" + addr + "/federation", Method: method})
		if err == nil || !strings.Contains(err.Error(), "could not reach the sign-in service at "+addr) {
			t.Fatalf("%s: got %v", method, err)
		}
		wantNoSecrets(t, err.Error(), testCreds, url.QueryEscape(testCreds.SecretAccessKey), "Session=")
	}
}

func TestAllowsSessionDuration(t *testing.T) {
	tests := []struct {
		kind    string
		chained bool
		want    bool
	}{
		{cache.KindRole, false, true},
		{cache.KindRole, true, false},
		{cache.KindSession, false, false},
		{cache.KindFederation, false, false},
		{cache.KindSSO, false, false},
		{cache.KindProcess, false, false},
		{"external", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := AllowsSessionDuration(tt.kind, tt.chained); got != tt.want {
			t.Errorf("AllowsSessionDuration(%q, %v) = %v, want %v", tt.kind, tt.chained, got, tt.want)
		}
	}
}

package fakeaws

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// sessionParam is the federation Session JSON for issued credentials.
func sessionParam(c *types.Credentials) string {
	b, _ := json.Marshal(map[string]string{"sessionId": *c.AccessKeyId, "sessionKey": *c.SecretAccessKey, "sessionToken": *c.SessionToken})
	return string(b)
}

// federate calls getSigninToken by GET or POST and returns status and body.
func federate(t testing.TB, s *Server, method string, params url.Values) (int, string) {
	t.Helper()
	params.Set("Action", "getSigninToken")
	var resp *http.Response
	var err error
	if method == http.MethodPost {
		resp, err = http.PostForm(s.FederationURL(), params)
	} else {
		resp, err = http.Get(s.FederationURL() + "?" + params.Encode())
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// signinToken federates and decodes the token, failing the test otherwise.
func signinToken(t testing.TB, s *Server, c *types.Credentials, extra url.Values) string {
	t.Helper()
	p := url.Values{"Session": {sessionParam(c)}}
	for k, v := range extra {
		p[k] = v
	}
	status, body := federate(t, s, http.MethodGet, p)
	if status != 200 {
		t.Fatalf("getSigninToken = %d %s", status, body)
	}
	var out struct{ SigninToken string }
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.SigninToken == "" {
		t.Fatalf("getSigninToken body %q: %v", body, err)
	}
	return out.SigninToken
}

// federationFixture issues one set of credentials of every kind.
type federationFixture struct {
	role, chained, session, federated *types.Credentials
}

func newFederationFixture(t *testing.T, s *Server) federationFixture {
	t.Helper()
	var f federationFixture
	out, err := alice(t, s).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(longARN), RoleSessionName: sdkaws.String("alice")})
	wantNoError(t, err)
	f.role = out.Credentials
	hop, err := alice(t, s).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(readOnlyARN), RoleSessionName: sdkaws.String("hop")})
	wantNoError(t, err)
	chained, err := using(t, s, hop.Credentials).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(deployARN), RoleSessionName: sdkaws.String("ci")})
	wantNoError(t, err)
	f.chained = chained.Credentials
	gst, err := alice(t, s).GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	wantNoError(t, err)
	f.session = gst.Credentials
	fed, err := alice(t, s).GetFederationToken(ctx, &sts.GetFederationTokenInput{Name: sdkaws.String("alice")})
	wantNoError(t, err)
	f.federated = fed.Credentials
	return f
}

func TestGetSigninToken(t *testing.T) {
	s, _ := newOrg(t)
	f := newFederationFixture(t, s)
	longTerm := &types.Credentials{AccessKeyId: sdkaws.String(aliceKey), SecretAccessKey: sdkaws.String(aliceSecret), SessionToken: sdkaws.String("")}
	expired, err := alice(t, s).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(longARN), RoleSessionName: sdkaws.String("old")})
	wantNoError(t, err)
	s.Expire(*expired.Credentials.AccessKeyId)
	wrongSecret := *f.role
	wrongSecret.SecretAccessKey = sdkaws.String("not-the-secret")
	const badCreds = "HTTP Status 400 – Invalid credentials parameter"

	tests := []struct {
		name     string
		session  string
		duration string // "" = omitted
		status   int
		wantBody string
	}{
		{"role credentials", sessionParam(f.role), "", 200, `"SigninToken"`},
		{"role credentials with SessionDuration", sessionParam(f.role), "43200", 200, `"SigninToken"`},
		{"minimum SessionDuration", sessionParam(f.role), "900", 200, `"SigninToken"`},
		{"SessionDuration too short", sessionParam(f.role), "899", 400, "Invalid SessionDuration parameter"},
		{"SessionDuration too long", sessionParam(f.role), "43201", 400, "Invalid SessionDuration parameter"},
		{"SessionDuration not a number", sessionParam(f.role), "1h", 400, "Invalid SessionDuration parameter"},
		{"chained role credentials", sessionParam(f.chained), "", 200, `"SigninToken"`},
		{"chained role credentials with SessionDuration", sessionParam(f.chained), "3600", 400, badCreds},
		{"federation token credentials", sessionParam(f.federated), "", 200, `"SigninToken"`},
		{"federation token credentials with SessionDuration", sessionParam(f.federated), "3600", 400, badCreds},
		{"session token credentials", sessionParam(f.session), "", 400, badCreds},
		{"long-term keys", sessionParam(longTerm), "", 400, badCreds},
		{"expired credentials", sessionParam(expired.Credentials), "", 400, badCreds},
		{"wrong secret", sessionParam(&wrongSecret), "", 400, badCreds},
		{"extra key", `{"sessionId":"a","sessionKey":"b","sessionToken":"c","sessionType":"json"}`, "", 400, "Invalid Session parameter"},
		{"missing key", `{"sessionId":"a","sessionKey":"b"}`, "", 400, "Invalid Session parameter"},
		{"misspelt key", `{"sessionId":"a","sessionKey":"b","SessionToken":"c"}`, "", 400, "Invalid Session parameter"},
		{"number instead of string", `{"sessionId":"a","sessionKey":"b","sessionToken":1}`, "", 400, "Invalid Session parameter"},
		{"not JSON", `sessionId=a`, "", 400, "Invalid Session parameter"},
		{"missing Session", "", "", 400, "Invalid Session parameter"},
	}
	for _, tt := range tests {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			t.Run(tt.name+"/"+method, func(t *testing.T) {
				p := url.Values{}
				if tt.session != "" {
					p.Set("Session", tt.session)
				}
				if tt.duration != "" {
					p.Set("SessionDuration", tt.duration)
				}
				status, body := federate(t, s, method, p)
				if status != tt.status || !strings.Contains(body, tt.wantBody) {
					t.Errorf("got %d %q, want %d containing %q", status, body, tt.status, tt.wantBody)
				}
				if status != 200 && !strings.Contains(body, "<title>") {
					t.Errorf("error body is not an HTML page: %q", body)
				}
			})
		}
	}

	// Secrets never reach the request log.
	for _, r := range s.Requests() {
		for _, v := range r.Params["Session"] {
			if strings.Contains(v, *f.role.SecretAccessKey) || strings.Contains(v, *f.role.SessionToken) {
				t.Fatalf("recorded Session leaks a secret: %s", v)
			}
		}
	}
}

// noRedirect is an HTTP client that keeps cookies and stops at redirects.
func noRedirect(t testing.TB) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func loginURL(s *Server, token, destination string) string {
	return s.FederationURL() + "?" + url.Values{"Action": {"login"}, "Issuer": {"https://example.com/switchrole"},
		"Destination": {destination}, "SigninToken": {token}}.Encode()
}

func get(t testing.TB, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestLoginRedirectsToConsole(t *testing.T) {
	s, _ := newOrg(t)
	f := newFederationFixture(t, s)
	tests := []struct {
		name, destination string
		creds             *types.Credentials
		extra             url.Values
		wantTitle         string
		wantExpires       time.Time
	}{
		{"assumed role, session as long as the credentials", "https://console.aws.amazon.com/", f.role, nil,
			"Signed in as assumed-role/LongSessions/alice in 222222222222", start.Add(time.Hour)},
		{"assumed role with SessionDuration, regional destination", "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1", f.role,
			url.Values{"SessionDuration": {"43200"}}, "Signed in as assumed-role/LongSessions/alice in 222222222222", start.Add(12 * time.Hour)},
		{"federated user", "https://console.aws.amazon.com/s3/home", f.federated, nil,
			"Signed in as federated-user/alice in 111111111111", start.Add(12 * time.Hour)},
		{"chained role", "", f.chained, nil, "Signed in as assumed-role/Deploy/ci in 333333333333", start.Add(time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := signinToken(t, s, tt.creds, tt.extra)
			browser := noRedirect(t)
			resp, _ := get(t, browser, loginURL(s, token, tt.destination))
			if resp.StatusCode != http.StatusFound {
				t.Fatalf("login status = %d, want 302", resp.StatusCode)
			}
			loc, err := url.Parse(resp.Header.Get("Location"))
			if err != nil || loc.Path != "/console" {
				t.Fatalf("Location = %q", resp.Header.Get("Location"))
			}
			wantDest := tt.destination
			if wantDest == "" {
				wantDest = "https://console.aws.amazon.com/"
			}
			if got := loc.Query().Get("destination"); got != wantDest {
				t.Errorf("destination = %q, want %q", got, wantDest)
			}
			// The browser follows the redirect with the session cookie only.
			page, body := get(t, browser, s.URL()+"/console")
			if page.StatusCode != 200 {
				t.Fatalf("console = %d %s", page.StatusCode, body)
			}
			for _, want := range []string{"<title>" + tt.wantTitle + "</title>", tt.wantTitle, tt.wantExpires.Format(time.RFC3339)} {
				if !strings.Contains(body, want) {
					t.Errorf("console page lacks %q:\n%s", want, body)
				}
			}
			// A cookie-less client can follow the Location as given.
			_, plain := get(t, http.DefaultClient, s.URL()+resp.Header.Get("Location"))
			if !strings.Contains(plain, tt.wantTitle) {
				t.Errorf("Location alone does not open the console: %s", plain)
			}
			// A token works once.
			again, body := get(t, noRedirect(t), loginURL(s, token, tt.destination))
			if again.StatusCode != 400 || !strings.Contains(body, "Invalid SigninToken parameter") {
				t.Errorf("reused token: %d %s", again.StatusCode, body)
			}
		})
	}
	if n := s.Calls("login"); n != 8 {
		t.Errorf("Calls(login) = %d, want 8", n)
	}
}

func TestLoginRejections(t *testing.T) {
	s, clk := newOrg(t)
	f := newFederationFixture(t, s)
	for _, dest := range []string{
		"http://console.aws.amazon.com/",
		"https://console.aws.amazon.com.evil.example/",
		"https://evil.example/?https://console.aws.amazon.com/",
		"https://console.amazonaws-us-gov.com/",
		"https://us-east-1.console.aws.amazon.com:8443/",
		"https://user@console.aws.amazon.com/",
		"javascript:alert(1)",
	} {
		t.Run(dest, func(t *testing.T) {
			token := signinToken(t, s, f.role, nil)
			resp, body := get(t, noRedirect(t), loginURL(s, token, dest))
			if resp.StatusCode != 400 || !strings.Contains(body, "Invalid Destination parameter") {
				t.Errorf("got %d %s, want 400 Invalid Destination parameter", resp.StatusCode, body)
			}
		})
	}
	t.Run("the fake's own console is a valid destination", func(t *testing.T) {
		token := signinToken(t, s, f.role, nil)
		resp, _ := get(t, noRedirect(t), loginURL(s, token, s.URL()+"/console"))
		if resp.StatusCode != http.StatusFound {
			t.Errorf("status %d, want 302", resp.StatusCode)
		}
	})
	t.Run("unknown token", func(t *testing.T) {
		resp, body := get(t, noRedirect(t), loginURL(s, "nope", ""))
		if resp.StatusCode != 400 || !strings.Contains(body, "HTTP Status 400 – Invalid SigninToken parameter") {
			t.Errorf("got %d %s", resp.StatusCode, body)
		}
	})
	t.Run("token older than 15 minutes", func(t *testing.T) {
		token := signinToken(t, s, f.role, nil)
		clk.Advance(15 * time.Minute)
		resp, _ := get(t, noRedirect(t), loginURL(s, token, ""))
		if resp.StatusCode != 400 {
			t.Errorf("status %d, want 400", resp.StatusCode)
		}
	})
	t.Run("unknown federation action", func(t *testing.T) {
		resp, body := get(t, noRedirect(t), s.FederationURL()+"?Action=logout")
		if resp.StatusCode != 400 || !strings.Contains(body, "Invalid Action parameter") {
			t.Errorf("got %d %s", resp.StatusCode, body)
		}
	})
}

func TestConsoleSessionEnds(t *testing.T) {
	s, clk := newOrg(t)
	out, err := alice(t, s).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(longARN), RoleSessionName: sdkaws.String("alice")})
	wantNoError(t, err)
	token := signinToken(t, s, out.Credentials, url.Values{"SessionDuration": {"900"}})
	browser := noRedirect(t)
	if resp, _ := get(t, browser, loginURL(s, token, "")); resp.StatusCode != http.StatusFound {
		t.Fatalf("login = %d", resp.StatusCode)
	}
	clk.Advance(14 * time.Minute)
	if resp, _ := get(t, browser, s.URL()+"/console"); resp.StatusCode != 200 {
		t.Errorf("console before the end = %d", resp.StatusCode)
	}
	clk.Advance(time.Minute)
	resp, body := get(t, browser, s.URL()+"/console")
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `href="https://example.com/switchrole"`) {
		t.Errorf("console after the end = %d %s, want 401 linking to the Issuer", resp.StatusCode, body)
	}
	if resp, _ := get(t, noRedirect(t), s.URL()+"/console"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("console without a session = %d, want 401", resp.StatusCode)
	}
}

func TestConsolePageEscapesInput(t *testing.T) {
	s, _ := newOrg(t)
	out, err := alice(t, s).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(longARN), RoleSessionName: sdkaws.String("alice")})
	wantNoError(t, err)
	token := signinToken(t, s, out.Credentials, nil)
	browser := noRedirect(t)
	get(t, browser, loginURL(s, token, `https://console.aws.amazon.com/"><script>alert(1)</script>`))
	_, body := get(t, browser, s.URL()+"/console")
	if strings.Contains(body, "<script>") {
		t.Errorf("destination is not escaped:\n%s", body)
	}
}

package sso

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	sdkconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sso"

	engine "github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/awstest"
	"github.com/switchrole/switchrole/internal/fakeaws"
	"github.com/switchrole/switchrole/internal/fakeawstest"
)

func TestMain(m *testing.M) {
	os.Exit(awstest.IsolateMain(m))
}

const startURL = "https://d-1234567890.awsapps.com/start"

// corp is configured as `aws configure sso-session` writes it.
var corp = Session{Name: "corp", StartURL: startURL, Region: "eu-west-1", Scopes: []string{DefaultScope}}

func center() fakeaws.IdentityCenter {
	return fakeaws.IdentityCenter{StartURL: startURL, UserName: "alice@example.com", Accounts: []fakeaws.SSOAccount{
		{ID: "222222222222", Name: "prod", Roles: []string{"Admin", "ReadOnly"}},
		{ID: "333333333333", Name: "dev", Roles: []string{"Admin"}},
	}}
}

// approver is the user's terminal: it reads the code switchrole printed
// and approves it on the fake, as the user would in the browser.
type approver struct {
	mu  sync.Mutex
	buf bytes.Buffer
	s   *fakeaws.Server
}

var userCode = regexp.MustCompile(`\b[A-Z]{4}-[A-Z]{4}\b`)

func (a *approver) Write(p []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.buf.Write(p)
	if c := userCode.FindString(string(p)); c != "" && a.s != nil {
		a.s.ApproveDevice(c)
	}
	return len(p), nil
}

func (a *approver) String() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.buf.String()
}

// newSigner points a Signer at the fake through the SDK's own endpoint
// variables, with a cache in a temporary directory.
func newSigner(t *testing.T, s *fakeaws.Server, out *approver) *Signer {
	t.Helper()
	t.Setenv("AWS_ENDPOINT_URL_SSO", s.URL())
	t.Setenv("AWS_ENDPOINT_URL_SSO_OIDC", s.URL())
	return signerFor(t, s, out)
}

// newSignerB is newSigner for benchmarks (testing.B has Setenv too, but
// the signer only needs the variables while its clients are built).
func newSignerB(b *testing.B, s *fakeaws.Server) *Signer {
	b.Helper()
	b.Setenv("AWS_ENDPOINT_URL_SSO", s.URL())
	b.Setenv("AWS_ENDPOINT_URL_SSO_OIDC", s.URL())
	return signerFor(b, s, &approver{s: s})
}

func signerFor(t testing.TB, s *fakeaws.Server, out *approver) *Signer {
	t.Helper()
	c, err := NewClients(context.Background(), "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	if c.AuthorizeURL != s.URL()+"/authorize" {
		t.Fatalf("AuthorizeURL = %q: AWS_ENDPOINT_URL_SSO_OIDC not honoured", c.AuthorizeURL)
	}
	return &Signer{Clients: c, Cache: Cache{Dir: filepath.Join(t.TempDir(), ".aws", "sso", "cache")}, Out: out}
}

// approveInBrowser is a browser that approves the authorize page with one
// POST and follows the redirect to switchrole's loopback listener.
func approveInBrowser(u string) error {
	resp, err := http.Post(u, "application/x-www-form-urlencoded", nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

func TestDeviceLoginCachesAsTheCLI(t *testing.T) {
	s := fakeawstest.Start(t, fakeaws.WithIdentityCenter(center()))
	out := &approver{s: s}
	g := newSigner(t, s, out)
	tok, err := g.Login(context.Background(), corp, true)
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken == "" || tok.ClientID == "" {
		t.Fatalf("token lacks a refresh token or client: refresh %t client %t", tok.RefreshToken != "", tok.ClientID != "")
	}
	checkTokenFile(t, g.Cache, corp, tok)
	if !strings.Contains(out.String(), s.URL()+"/device?user_code=") {
		t.Errorf("the verification URL was not shown:\n%s", out)
	}
	// The registration is in the CLI's registration file.
	reg := filepath.Join(g.Cache.Dir, "c6a06e42182fb324db02aec3d36dc183754bc04e.json")
	data, err := os.ReadFile(reg)
	if err != nil {
		t.Fatalf("registration cache: %v", err)
	}
	if !regexp.MustCompile(`^\{"clientId": "[^"]+", "clientSecret": "[^"]+", "expiresAt": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "scopes": \["sso:account:access"\]\}$`).Match(data) {
		t.Errorf("registration file is not the CLI's format: %s", strings.ReplaceAll(string(data), tok.ClientSecret, "SECRET"))
	}
	// A second sign-in reuses the registration.
	if _, err := g.Login(context.Background(), corp, true); err != nil {
		t.Fatal(err)
	}
	if n := s.Calls("RegisterClient"); n != 1 {
		t.Errorf("RegisterClient called %d times, want 1 (cached registration)", n)
	}
	for _, secret := range []string{tok.AccessToken, tok.RefreshToken, tok.ClientSecret} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("a secret was printed")
		}
	}
}

// checkTokenFile checks the token file byte for byte against what the AWS
// CLI writes, and its permissions.
func checkTokenFile(t *testing.T, c Cache, s Session, tok Token) {
	t.Helper()
	path := c.TokenPath(s)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"startUrl": "` + s.StartURL + `", "region": "` + s.Region + `", "accessToken": "` + tok.AccessToken +
		`", "expiresAt": "` + tok.ExpiresAt.UTC().Format("2006-01-02T15:04:05Z") + `", "clientId": "` + tok.ClientID +
		`", "clientSecret": "` + tok.ClientSecret + `", "registrationExpiresAt": "` + tok.RegistrationExpiresAt.UTC().Format("2006-01-02T15:04:05Z") +
		`", "refreshToken": "` + tok.RefreshToken + `"}`
	if string(data) != want {
		t.Errorf("token file differs from the CLI's format")
	}
	if filepath.Base(path) != "ee0bfd2552fbd840c02cc48b6e823320543c450f.json" && s.Name == "corp" {
		t.Errorf("token file %s is not sha1(\"corp\")", path)
	}
	for p, mode := range map[string]fs.FileMode{path: 0o600, c.Dir: 0o700} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != mode {
			t.Errorf("%s: mode %v, want %v", p, fi.Mode().Perm(), mode)
		}
	}
}

func TestAuthCodeLoginAndRefresh(t *testing.T) {
	s := fakeawstest.Start(t, fakeaws.WithIdentityCenter(center()))
	g := newSigner(t, s, &approver{s: s})
	var opened []string
	g.Open = func(u string) error {
		opened = append(opened, u)
		return approveInBrowser(u)
	}
	tok, err := g.Login(context.Background(), corp, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(opened) != 1 || !strings.Contains(opened[0], "code_challenge_method=S256") || !strings.Contains(opened[0], "redirect_uri=http%3A%2F%2F127.0.0.1%3A") {
		t.Fatalf("opened %q", opened)
	}
	checkTokenFile(t, g.Cache, corp, tok)
	if s.Calls("StartDeviceAuthorization") != 0 {
		t.Errorf("the authorization-code sign-in used the device flow")
	}

	// Nine hours later the access token has expired: Token refreshes it.
	s.ExpireSSOTokens()
	later := time.Now().Add(9 * time.Hour)
	g.Now = func() time.Time { return later }
	fresh, err := g.Token(context.Background(), corp)
	if err != nil {
		t.Fatal(err)
	}
	if fresh.AccessToken == tok.AccessToken || !s.SSOTokenValid(fresh.AccessToken) {
		t.Fatal("the token was not refreshed")
	}
	if got, _, _ := g.Cache.ReadToken(corp); got.AccessToken != fresh.AccessToken {
		t.Error("the refreshed token was not cached")
	}
}

func TestNoBrowserFallsBackToDeviceCode(t *testing.T) {
	s := fakeawstest.Start(t, fakeaws.WithIdentityCenter(center()))
	out := &approver{s: s}
	g := newSigner(t, s, out)
	g.Open = func(string) error { return errors.New("no display") }
	if _, err := g.Login(context.Background(), corp, false); err != nil {
		t.Fatal(err)
	}
	if s.Calls("StartDeviceAuthorization") != 1 || !strings.Contains(out.String(), "no display") {
		t.Errorf("no fallback to the device code:\n%s", out)
	}
}

func TestLoginTimesOutAndCancels(t *testing.T) {
	s := fakeawstest.Start(t, fakeaws.WithIdentityCenter(center()))
	g := newSigner(t, s, &approver{}) // nobody approves
	g.Wait = 1500 * time.Millisecond
	_, err := g.Login(context.Background(), corp, true)
	if !errors.Is(err, engine.ErrSignIn) || !strings.Contains(err.Error(), "not approved within 2s") {
		t.Fatalf("err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g.Wait = 0
	if _, err := g.Login(ctx, corp, true); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}

func TestTokenStates(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	g := &Signer{Cache: c}
	_, err := g.Token(context.Background(), corp)
	if err == nil || err.Error() != `SSO session "corp" is not signed in; sign in with `+"`switchrole sso login corp`" {
		t.Fatalf("no token: %v", err)
	}
	exp := time.Date(2026, 1, 1, 20, 0, 0, 0, time.UTC)
	if err := c.WriteToken(corp, Token{StartURL: startURL, Region: "eu-west-1", AccessToken: "tok", ExpiresAt: exp}); err != nil {
		t.Fatal(err)
	}
	g.Now = func() time.Time { return exp.Add(time.Hour) }
	_, err = g.Token(context.Background(), corp)
	if err == nil || err.Error() != `the sign-in to SSO session "corp" expired at 2026-01-01 20:00 UTC; sign in with `+"`switchrole sso login corp`" {
		t.Fatalf("expired: %v", err)
	}
	// A garbled file is a missing sign-in: the error offers the sign-in
	// (which replaces the file), not a chore.
	os.WriteFile(c.TokenPath(corp), []byte("not json"), 0o600)
	_, err = g.Token(context.Background(), corp)
	want := `SSO session "corp": ` + c.TokenPath(corp) + " is not an SSO token file; sign in with `switchrole sso login corp`"
	if !errors.Is(err, engine.ErrSignIn) || err.Error() != want {
		t.Fatalf("garbage: %v\nwant %s", err, want)
	}
}

// TestLogoutOfAGarbledToken: signing out of a session whose token file is
// not a token removes the file (there is nothing to tell the portal).
func TestLogoutOfAGarbledToken(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	g := &Signer{Cache: c}
	os.WriteFile(c.TokenPath(corp), []byte("{\"startUrl\": 3"), 0o600)
	if was, err := g.Logout(context.Background(), corp); !was || err != nil {
		t.Fatalf("logout: %t %v", was, err)
	}
	if _, err := os.Stat(c.TokenPath(corp)); !errors.Is(err, fs.ErrNotExist) {
		t.Error("the garbled token file is still there")
	}
}

// TestReadsTheCLIsTokenFile uses a token file exactly as the AWS CLI
// writes it (json.dumps, strftime %Y-%m-%dT%H:%M:%SZ) for a legacy
// profile, keyed by the start URL.
func TestReadsTheCLIsTokenFile(t *testing.T) {
	s := fakeawstest.Start(t, fakeaws.WithIdentityCenter(center()))
	g := newSigner(t, s, &approver{s: s})
	tok, err := g.Login(context.Background(), corp, true) // a real token from the fake
	if err != nil {
		t.Fatal(err)
	}
	legacy := Session{Name: "old-profile", StartURL: startURL, Region: "eu-west-1", Legacy: true}
	exp := time.Now().Add(2 * time.Hour).UTC().Format("2006-01-02T15:04:05Z")
	cli := `{"startUrl": "` + startURL + `", "region": "eu-west-1", "accessToken": "` + tok.AccessToken + `", "expiresAt": "` + exp + `"}`
	if err := os.WriteFile(g.Cache.TokenPath(legacy), []byte(cli), 0o600); err != nil {
		t.Fatal(err)
	}
	if filepath.Base(g.Cache.TokenPath(legacy)) != "7487b5b67d5fa1132cf33fa93ae51ef38cc37752.json" {
		t.Errorf("legacy token file %s is not the sha1 of the start URL", g.Cache.TokenPath(legacy))
	}
	got, err := g.Token(context.Background(), legacy)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Clients.Portal.ListAccounts(context.Background(), &sso.ListAccountsInput{AccessToken: &got.AccessToken}); err != nil {
		t.Fatalf("the CLI's token did not work: %v", err)
	}
}

// TestSDKProviderUsesOurToken is the point of caching as the CLI does: the
// SDK's own SSO credential provider reads the token switchrole wrote and
// gets role credentials from the portal.
func TestSDKProviderUsesOurToken(t *testing.T) {
	s := fakeawstest.Start(t, fakeaws.WithIdentityCenter(center()))
	g := newSigner(t, s, &approver{s: s})
	home := filepath.Dir(filepath.Dir(filepath.Dir(g.Cache.Dir)))
	t.Setenv("HOME", home)
	if _, err := g.Login(context.Background(), corp, true); err != nil {
		t.Fatal(err)
	}
	cfgFile := filepath.Join(home, "config")
	os.WriteFile(cfgFile, []byte("[profile prod]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\nregion = eu-west-1\n\n[sso-session corp]\nsso_start_url = "+startURL+"\nsso_region = eu-west-1\n"), 0o600)
	cfg, err := sdkconfig.LoadDefaultConfig(context.Background(), sdkconfig.WithSharedConfigProfile("prod"), sdkconfig.WithSharedConfigFiles([]string{cfgFile}))
	if err != nil {
		t.Fatal(err)
	}
	creds, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil {
		t.Fatalf("the SDK's SSO provider: %v", err)
	}
	if !strings.HasPrefix(creds.AccessKeyID, "ASIA") || creds.Source != "SSOProvider" {
		t.Errorf("credentials %s from %s", creds.AccessKeyID, creds.Source)
	}
	if s.Calls("GetRoleCredentials") != 1 {
		t.Errorf("GetRoleCredentials calls = %d", s.Calls("GetRoleCredentials"))
	}
}

func TestLogout(t *testing.T) {
	s := fakeawstest.Start(t, fakeaws.WithIdentityCenter(center()))
	g := newSigner(t, s, &approver{s: s})
	tok, err := g.Login(context.Background(), corp, true)
	if err != nil {
		t.Fatal(err)
	}
	was, err := g.Logout(context.Background(), corp)
	if err != nil || !was {
		t.Fatalf("logout: %t %v", was, err)
	}
	if s.SSOTokenValid(tok.AccessToken) {
		t.Error("the portal still accepts the token")
	}
	if _, err := os.Stat(g.Cache.TokenPath(corp)); !errors.Is(err, fs.ErrNotExist) {
		t.Error("the token file is still there")
	}
	if was, err := g.Logout(context.Background(), corp); was || err != nil {
		t.Errorf("second logout: %t %v", was, err)
	}
}

func TestSessionsOf(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config")
	os.WriteFile(path, []byte(`[sso-session corp]
sso_start_url = `+startURL+`
sso_region = eu-west-1
sso_registration_scopes = sso:account:access, other:scope

[profile old]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin

[profile old2]
sso_start_url = https://old.awsapps.com/start
sso_region = us-east-1

[profile new]
sso_session = corp
`), 0o600)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("SWITCHROLE_CONFIG", "")
	c, err := config.Load(config.Options{AWSConfigFile: path, AWSCredentialsFile: filepath.Join(home, "none")})
	if err != nil {
		t.Fatal(err)
	}
	got := SessionsOf(c.SSO.Sessions)
	if len(got) != 2 || got[0].Name != "corp" || len(got[0].Scopes) != 2 || !got[1].Legacy || got[1].Name != "old" {
		t.Fatalf("sessions = %+v", got)
	}
	if _, err := Find(got, "", path); err == nil || !strings.Contains(err.Error(), "has 2 SSO sessions (corp, old)") {
		t.Errorf("ambiguous: %v", err)
	}
	if s, err := Find(got, "corp", path); err != nil || s.Name != "corp" {
		t.Errorf("find corp: %v", err)
	}
	if _, err := Find(got, "nope", path); err == nil || !strings.Contains(err.Error(), `no SSO session "nope"`) {
		t.Errorf("missing: %v", err)
	}
}

func TestRegistrationKeyMatchesBotocore(t *testing.T) {
	// Computed with Python: sha1(json.dumps({...}, sort_keys=True)).
	if k := registrationKey(corp, []string{DefaultScope}); k != "c6a06e42182fb324db02aec3d36dc183754bc04e" {
		t.Errorf("sso-session key = %s", k)
	}
	legacy := Session{Name: "old", StartURL: startURL, Region: "eu-west-1", Legacy: true}
	if k := registrationKey(legacy, nil); k != "8ba5c4795fa8538a47da089266d94d19d06fe7f6" {
		t.Errorf("legacy key = %s", k)
	}
	if pyString("é/\"x\U0001F600") != `"\u00e9/\"x\ud83d\ude00"` {
		t.Errorf("pyString = %s", pyString("é/\"x\U0001F600"))
	}
}

// TestAuthCodeRefusedAndForgedState: a redirect with someone else's state
// is turned away without ending the wait; the user's refusal ends it with
// one sentence.
func TestAuthCodeRefusedAndForgedState(t *testing.T) {
	s := fakeawstest.Start(t, fakeaws.WithIdentityCenter(center()))
	g := newSigner(t, s, &approver{s: s})
	g.Open = func(u string) error {
		parsed, _ := url.Parse(u)
		redirect := parsed.Query().Get("redirect_uri")
		forged, err := http.Get(redirect + "?code=stolen&state=forged")
		if err != nil {
			return err
		}
		forged.Body.Close()
		if forged.StatusCode != http.StatusBadRequest {
			t.Errorf("forged state: status %d", forged.StatusCode)
		}
		refused, err := http.Get(redirect + "?error=access_denied&state=" + url.QueryEscape(parsed.Query().Get("state")))
		if err != nil {
			return err
		}
		refused.Body.Close()
		return nil
	}
	_, err := g.Login(context.Background(), corp, false)
	if err == nil || err.Error() != `SSO session "corp": the sign-in was refused (access_denied); sign in with `+"`switchrole sso login corp`" {
		t.Fatalf("err = %v", err)
	}
	if s.Calls("CreateToken") != 0 {
		t.Error("a forged or refused redirect reached CreateToken")
	}
}

// TestTokenDirectoryIsPrivate: the AWS CLI creates ~/.aws/sso/cache with
// the umask's mode (0755); the directory that holds switchrole's sign-in
// is 0700 once switchrole writes to it.
func TestTokenDirectoryIsPrivate(t *testing.T) {
	c := Cache{Dir: filepath.Join(t.TempDir(), "cache")}
	if err := os.Mkdir(c.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Chmod(c.Dir, 0o755)
	if err := c.WriteToken(corp, Token{StartURL: startURL, Region: "eu-west-1", AccessToken: "tok", ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{c.Dir, c.TokenPath(corp)} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		want := fs.FileMode(0o600)
		if st.IsDir() {
			want = 0o700
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, st.Mode().Perm(), want)
		}
	}
}

// TestAuthCodeRegistrationIsTheCLIs: the AWS CLI (2.22+) keeps one
// registration file per session for both flows, marks an
// authorization-code client with "grantTypes", and registers again when
// the cached client is for the other flow. switchrole does the same, so
// `aws sso login` and `switchrole sso login` reuse each other's client.
func TestAuthCodeRegistrationIsTheCLIs(t *testing.T) {
	s := fakeawstest.Start(t, fakeaws.WithIdentityCenter(center()))
	g := newSigner(t, s, &approver{s: s})
	g.Open = approveInBrowser
	reg := filepath.Join(g.Cache.Dir, "c6a06e42182fb324db02aec3d36dc183754bc04e.json")
	readReg := func() string {
		data, err := os.ReadFile(reg)
		if err != nil {
			t.Fatalf("registration cache: %v", err)
		}
		return string(data)
	}
	if _, err := g.Login(context.Background(), corp, false); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^\{"clientId": "[^"]+", "clientSecret": "[^"]+", "expiresAt": "[^"]+", "scopes": \["sso:account:access"\], "grantTypes": \["authorization_code", "refresh_token"\]\}$`).MatchString(readReg()) {
		t.Errorf("authorization-code registration is not the CLI's: %s", regexp.MustCompile(`"clientSecret": "[^"]+"`).ReplaceAllString(readReg(), `"clientSecret": "SECRET"`))
	}
	if _, err := g.Login(context.Background(), corp, false); err != nil {
		t.Fatal(err)
	}
	if n := s.Calls("RegisterClient"); n != 1 {
		t.Errorf("RegisterClient called %d times for two authorization-code sign-ins, want 1", n)
	}
	// The device flow cannot use an authorization-code client: a new
	// registration replaces it, without grantTypes, as the CLI's does.
	if _, err := g.Login(context.Background(), corp, true); err != nil {
		t.Fatal(err)
	}
	if n := s.Calls("RegisterClient"); n != 2 || strings.Contains(readReg(), "grantTypes") {
		t.Errorf("after a device sign-in: RegisterClient %d times, registration %t grantTypes", n, strings.Contains(readReg(), "grantTypes"))
	}
}

package sso

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	oidctypes "github.com/aws/aws-sdk-go-v2/service/ssooidc/types"

	engine "github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/internal/english"
)

// OAuth grant types.
const (
	grantDeviceCode = "urn:ietf:params:oauth:grant-type:device_code"
	grantAuthCode   = "authorization_code"
	grantRefresh    = "refresh_token"
)

// redirectURI is the registered loopback redirect: no port, as RFC 8252
// §7.3 lets the browser come back on any port of 127.0.0.1.
const redirectURI = "http://127.0.0.1/oauth/callback"

// refreshWindow is how early before expiry a token is refreshed (the Go
// SDK's own window), so a token handed out lasts a few minutes at least.
const refreshWindow = 5 * time.Minute

// DefaultWait is how long a sign-in waits for the user to approve it in
// the browser (the device code's own lifetime, ten minutes).
const DefaultWait = 10 * time.Minute

// Signer signs in to Identity Center and keeps the sign-in in the cache.
type Signer struct {
	Clients Clients
	Cache   Cache
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Open opens a URL in the user's browser. An error means there is no
	// browser to use, and Login falls back to the device code.
	Open func(url string) error
	// Out gets the instructions for the user (the terminal's stderr).
	Out io.Writer
	// Wait bounds how long Login waits for approval; 0 means DefaultWait.
	Wait time.Duration
}

func (g *Signer) now() time.Time {
	if g.Now != nil {
		return g.Now()
	}
	return time.Now()
}

func (g *Signer) say(format string, args ...any) {
	if g.Out != nil {
		fmt.Fprintf(g.Out, format, args...)
	}
}

// Token returns a live sign-in for s: the cached one, refreshed with its
// refresh token when it is about to expire. Without one it returns a
// *aws.Error of kind aws.ErrSignIn; it never starts a sign-in.
func (g *Signer) Token(ctx context.Context, s Session) (Token, error) {
	t, found, err := g.Cache.ReadToken(s)
	var bad *badTokenFile
	if errors.As(err, &bad) {
		return Token{}, engine.SignInNeeded(s.Name, time.Time{}, bad.path+" "+bad.what)
	}
	if err != nil {
		return Token{}, err
	}
	if !found {
		return Token{}, engine.SignInNeeded(s.Name, time.Time{}, "")
	}
	if g.now().Add(refreshWindow).Before(t.ExpiresAt) {
		return t, nil
	}
	if fresh, ok, err := g.refresh(ctx, s, t); err != nil || ok {
		return fresh, err
	}
	if g.now().Before(t.ExpiresAt) {
		return t, nil // within the window and not refreshable: still usable
	}
	return Token{}, engine.SignInNeeded(s.Name, t.ExpiresAt, "")
}

// refresh trades t's refresh token for a new access token and caches it.
// ok is false when t cannot be refreshed (no refresh token, registration
// expired, or the refresh token refused).
func (g *Signer) refresh(ctx context.Context, s Session, t Token) (Token, bool, error) {
	if t.RefreshToken == "" || t.ClientID == "" || !g.now().Before(t.RegistrationExpiresAt) {
		return Token{}, false, nil
	}
	out, err := g.Clients.OIDC.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId: &t.ClientID, ClientSecret: &t.ClientSecret, GrantType: sdkaws.String(grantRefresh), RefreshToken: &t.RefreshToken,
	})
	var grant *oidctypes.InvalidGrantException
	var client *oidctypes.InvalidClientException
	switch {
	case errors.As(err, &grant) || errors.As(err, &client):
		return Token{}, false, nil
	case err != nil:
		return Token{}, false, fmt.Errorf("refresh the sign-in to SSO session %q: %w", s.Name, err)
	}
	fresh := g.fromResponse(s, out, Registration{ClientID: t.ClientID, ClientSecret: t.ClientSecret, ExpiresAt: t.RegistrationExpiresAt})
	if fresh.RefreshToken == "" {
		fresh.RefreshToken = t.RefreshToken // AWS may not rotate it
	}
	if err := g.Cache.WriteToken(s, fresh); err != nil {
		return Token{}, false, err
	}
	return fresh, true, nil
}

func (g *Signer) fromResponse(s Session, out *ssooidc.CreateTokenOutput, reg Registration) Token {
	return Token{
		StartURL: s.StartURL, Region: s.Region,
		AccessToken: sdkaws.ToString(out.AccessToken), ExpiresAt: g.now().Add(time.Duration(out.ExpiresIn) * time.Second).Truncate(time.Second),
		ClientID: reg.ClientID, ClientSecret: reg.ClientSecret, RegistrationExpiresAt: reg.ExpiresAt,
		RefreshToken: sdkaws.ToString(out.RefreshToken),
	}
}

// scopes are the session's registration scopes: as configured
// (sso_registration_scopes), none otherwise, which is what the AWS CLI
// asks for and keys its registration file by.
func (s Session) scopes() []string {
	if s.Legacy {
		return nil
	}
	return s.Scopes
}

// registration returns the cached client registration for the flow, or
// registers a new client and caches it. As the AWS CLI, it keeps one file
// for both flows and registers again when the cached client is for the
// other one.
func (g *Signer) registration(ctx context.Context, s Session, authCode, force bool) (Registration, error) {
	scopes := s.scopes()
	if !force {
		if r, ok := g.Cache.readRegistration(s, scopes); ok && r.forAuthCode() == authCode && g.now().Add(15*time.Minute).Before(r.ExpiresAt) {
			return r, nil
		}
	}
	in := &ssooidc.RegisterClientInput{ClientName: sdkaws.String("switchrole-" + clientSuffix(s)), ClientType: sdkaws.String("public"), Scopes: scopes}
	if authCode {
		in.GrantTypes = []string{grantAuthCode, grantRefresh}
		in.RedirectUris = []string{redirectURI}
		in.IssuerUrl = sdkaws.String(s.StartURL)
		if len(scopes) == 0 {
			in.Scopes = []string{DefaultScope} // as the CLI asks
		}
	} else if !s.Legacy {
		in.GrantTypes = []string{grantDeviceCode, grantRefresh}
	}
	out, err := g.Clients.OIDC.RegisterClient(ctx, in)
	if err != nil {
		return Registration{}, fmt.Errorf("register with IAM Identity Center in %s: %w", s.Region, err)
	}
	r := Registration{ClientID: sdkaws.ToString(out.ClientId), ClientSecret: sdkaws.ToString(out.ClientSecret),
		ExpiresAt: time.Unix(out.ClientSecretExpiresAt, 0).UTC(), Scopes: in.Scopes, GrantTypes: in.GrantTypes}
	if err := g.Cache.writeRegistration(s, scopes, r); err != nil {
		return Registration{}, err
	}
	return r, nil
}

func clientSuffix(s Session) string {
	if s.Legacy {
		return "legacy"
	}
	return s.Name
}

// Login signs in to s in the browser and caches the sign-in: with the
// authorization code and PKCE through a loopback redirect, or with the
// device code when device is true or no browser can be opened. It waits
// for approval at most Wait, and returns ctx's error when cancelled.
func (g *Signer) Login(ctx context.Context, s Session, device bool) (Token, error) {
	wait := g.Wait
	if wait <= 0 {
		wait = DefaultWait
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	var t Token
	var err error
	if !device {
		t, err = g.authCodeLogin(ctx, s)
		var nb *noBrowser
		if errors.As(err, &nb) {
			g.say("Cannot open a browser (%v); signing in with a code instead.\n", nb.err)
			device = true
		}
	}
	if device {
		t, err = g.deviceLogin(ctx, s, false)
	}
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		return Token{}, engine.SignInNeeded(s.Name, time.Time{}, "the sign-in was not approved within "+english.Duration(wait))
	}
	if err != nil {
		return Token{}, err
	}
	if err := g.Cache.WriteToken(s, t); err != nil {
		return Token{}, err
	}
	return t, nil
}

// noBrowser wraps the failure to open a browser.
type noBrowser struct{ err error }

func (e *noBrowser) Error() string { return "open a browser: " + e.err.Error() }

func (g *Signer) authCodeLogin(ctx context.Context, s Session) (Token, error) {
	if g.Open == nil {
		return Token{}, &noBrowser{errors.New("no browser configured")}
	}
	reg, err := g.registration(ctx, s, true, false)
	if err != nil {
		return Token{}, err
	}
	// Listen before the browser opens, or it may come back to a closed port.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Token{}, fmt.Errorf("listen for the sign-in's redirect on 127.0.0.1: %w", err)
	}
	redirect := fmt.Sprintf("http://%s/oauth/callback", ln.Addr())
	verifier, state := randomString(48), randomString(24)
	type result struct {
		code string
		err  error
	}
	got := make(chan result, 1)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/oauth/callback" {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		var res result
		switch {
		case q.Get("state") != state:
			http.Error(w, "This sign-in link is not the one switchrole is waiting for.", http.StatusBadRequest)
			return
		case q.Get("error") != "":
			res.err = engine.SignInNeeded(s.Name, time.Time{}, "the sign-in was refused ("+q.Get("error")+")")
		case q.Get("code") == "":
			res.err = engine.SignInNeeded(s.Name, time.Time{}, "the browser came back without an authorization code")
		default:
			res.code = q.Get("code")
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if res.err != nil {
			fmt.Fprint(w, "<!DOCTYPE html><title>switchrole</title><p>Sign-in failed. Return to the terminal.</p>")
		} else {
			fmt.Fprint(w, "<!DOCTYPE html><title>switchrole</title><p>Signed in. You can close this window and return to the terminal.</p>")
		}
		select {
		case got <- res:
		default:
		}
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	q := url.Values{
		"response_type": {"code"}, "client_id": {reg.ClientID}, "redirect_uri": {redirect}, "state": {state},
		"code_challenge": {challenge(verifier)}, "code_challenge_method": {"S256"}, "scopes": reg.Scopes,
	}
	authorize := g.Clients.AuthorizeURL + "?" + q.Encode()
	if err := g.Open(authorize); err != nil {
		return Token{}, &noBrowser{err}
	}
	g.say("Signing in to %s in your browser. If it did not open, visit:\n\n%s\n\n", s.StartURL, authorize)
	var res result
	select {
	case res = <-got:
	case <-ctx.Done():
		return Token{}, ctx.Err()
	}
	if res.err != nil {
		return Token{}, res.err
	}
	out, err := g.Clients.OIDC.CreateToken(ctx, &ssooidc.CreateTokenInput{
		ClientId: &reg.ClientID, ClientSecret: &reg.ClientSecret, GrantType: sdkaws.String(grantAuthCode),
		Code: &res.code, CodeVerifier: &verifier, RedirectUri: &redirect,
	})
	if err != nil {
		return Token{}, fmt.Errorf("finish the sign-in to SSO session %q: %w", s.Name, err)
	}
	return g.fromResponse(s, out, reg), nil
}

func (g *Signer) deviceLogin(ctx context.Context, s Session, reregistered bool) (Token, error) {
	reg, err := g.registration(ctx, s, false, reregistered)
	if err != nil {
		return Token{}, err
	}
	dev, err := g.Clients.OIDC.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{
		ClientId: &reg.ClientID, ClientSecret: &reg.ClientSecret, StartUrl: &s.StartURL,
	})
	var client *oidctypes.InvalidClientException
	if errors.As(err, &client) && !reregistered {
		return g.deviceLogin(ctx, s, true) // the cached registration was revoked
	}
	if err != nil {
		return Token{}, fmt.Errorf("start the sign-in to SSO session %q: %w", s.Name, err)
	}
	g.say("To sign in to %s, open this page on any device:\n\n  %s\n\nand check that it shows the code:\n\n  %s\n\nWaiting for approval (Ctrl-C to cancel)...\n",
		s.StartURL, sdkaws.ToString(dev.VerificationUriComplete), sdkaws.ToString(dev.UserCode))
	interval := time.Duration(dev.Interval) * time.Second
	if interval <= 0 {
		interval = 5 * time.Second
	}
	in := &ssooidc.CreateTokenInput{ClientId: &reg.ClientID, ClientSecret: &reg.ClientSecret, DeviceCode: dev.DeviceCode, GrantType: sdkaws.String(grantDeviceCode)}
	for {
		out, err := g.Clients.OIDC.CreateToken(ctx, in)
		var pending *oidctypes.AuthorizationPendingException
		var slow *oidctypes.SlowDownException
		var expired *oidctypes.ExpiredTokenException
		var denied *oidctypes.AccessDeniedException
		switch {
		case err == nil:
			return g.fromResponse(s, out, reg), nil
		case errors.As(err, &slow):
			interval += 5 * time.Second
		case errors.As(err, &pending):
		case errors.As(err, &expired):
			return Token{}, engine.SignInNeeded(s.Name, time.Time{}, "the sign-in code expired before it was approved")
		case errors.As(err, &denied):
			return Token{}, engine.SignInNeeded(s.Name, time.Time{}, "the sign-in was denied in the browser")
		case ctx.Err() != nil:
			return Token{}, ctx.Err()
		default:
			return Token{}, fmt.Errorf("sign in to SSO session %q: %w", s.Name, err)
		}
		timer := time.NewTimer(interval)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return Token{}, ctx.Err()
		}
	}
}

// Logout signs s out of the portal and removes its cached token. It
// reports whether there was a sign-in to end.
func (g *Signer) Logout(ctx context.Context, s Session) (bool, error) {
	t, found, err := g.Cache.ReadToken(s)
	var bad *badTokenFile
	if errors.As(err, &bad) {
		return true, g.Cache.RemoveToken(s) // no token to tell the portal of
	}
	if err != nil || !found {
		return false, err
	}
	if g.now().Before(t.ExpiresAt) {
		_, err := g.Clients.Portal.Logout(ctx, &sso.LogoutInput{AccessToken: &t.AccessToken})
		var unauth *ssotypes.UnauthorizedException
		if err != nil && !errors.As(err, &unauth) {
			return false, fmt.Errorf("sign out of SSO session %q: %w", s.Name, err)
		}
	}
	return true, g.Cache.RemoveToken(s)
}

// challenge is the PKCE S256 code challenge of verifier (RFC 7636).
func challenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// randomString is n random bytes, base64url: a PKCE verifier of 64
// characters from 48 bytes (RFC 7636 asks for 43–128), or a state.
func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

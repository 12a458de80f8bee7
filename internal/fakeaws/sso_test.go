package fakeaws

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"
	oidctypes "github.com/aws/aws-sdk-go-v2/service/ssooidc/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

const testStartURL = "https://d-1234567890.awsapps.com/start"

func testCenter(accounts int, roles ...string) IdentityCenter {
	ic := IdentityCenter{StartURL: testStartURL, UserName: "alice@example.com"}
	for i := range accounts {
		n := i + 1
		ic.Accounts = append(ic.Accounts, SSOAccount{ID: fmt.Sprintf("%012d", n), Name: fmt.Sprintf("acct-%d", n), Email: fmt.Sprintf("a%d@example.com", n), Roles: roles})
	}
	return ic
}

// ssoClients are the SDK's own clients pointed at the fake.
func ssoClients(t testing.TB, s *Server) (*ssooidc.Client, *sso.Client) {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("eu-west-1"), config.WithRetryMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	return ssooidc.NewFromConfig(cfg, func(o *ssooidc.Options) { o.BaseEndpoint = sdkaws.String(s.URL()) }),
		sso.NewFromConfig(cfg, func(o *sso.Options) { o.BaseEndpoint = sdkaws.String(s.URL()) })
}

// deviceToken runs the device flow, approving through the fake's page with
// one POST, and returns the token response.
func deviceToken(t *testing.T, s *Server, oidc *ssooidc.Client, grants ...string) (*ssooidc.RegisterClientOutput, *ssooidc.CreateTokenOutput) {
	t.Helper()
	ctx := context.Background()
	reg, err := oidc.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: sdkaws.String("test"), ClientType: sdkaws.String("public"),
		Scopes: []string{"sso:account:access"}, GrantTypes: grants})
	wantNoError(t, err)
	dev, err := oidc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: sdkaws.String(testStartURL)})
	wantNoError(t, err)
	in := &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, DeviceCode: dev.DeviceCode, GrantType: sdkaws.String(grantDeviceCode)}
	_, err = oidc.CreateToken(ctx, in)
	var pending *oidctypes.AuthorizationPendingException
	if !errors.As(err, &pending) {
		t.Fatalf("CreateToken before approval: %v, want AuthorizationPendingException", err)
	}
	resp, err := http.PostForm(*dev.VerificationUri, url.Values{"user_code": {*dev.UserCode}})
	wantNoError(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("approve: status %d", resp.StatusCode)
	}
	tok, err := oidc.CreateToken(ctx, in)
	wantNoError(t, err)
	return reg, tok
}

func TestSSODeviceFlowAndPortal(t *testing.T) {
	s := startTest(t, WithIdentityCenter(testCenter(45, "Admin", "ReadOnly")))
	oidc, portal := ssoClients(t, s)
	ctx := context.Background()
	reg, tok := deviceToken(t, s, oidc)
	if tok.RefreshToken != nil {
		t.Errorf("a client registered without grant types got a refresh token")
	}
	if tok.ExpiresIn != 28800 || *tok.TokenType != "Bearer" {
		t.Errorf("token: expiresIn %d type %q", tok.ExpiresIn, *tok.TokenType)
	}
	// The device code is used up.
	_, err := oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		DeviceCode: sdkaws.String("nope"), GrantType: sdkaws.String(grantDeviceCode)})
	var bad *oidctypes.InvalidGrantException
	if !errors.As(err, &bad) {
		t.Errorf("unknown device code: %v, want InvalidGrantException", err)
	}

	var accounts []string
	p := sso.NewListAccountsPaginator(portal, &sso.ListAccountsInput{AccessToken: tok.AccessToken, MaxResults: sdkaws.Int32(10)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		wantNoError(t, err)
		pages++
		for _, a := range out.AccountList {
			accounts = append(accounts, *a.AccountId+"="+*a.AccountName)
		}
	}
	if len(accounts) != 45 || pages != 5 || accounts[44] != "000000000045=acct-45" {
		t.Fatalf("ListAccounts: %d accounts in %d pages, last %q", len(accounts), pages, accounts[len(accounts)-1])
	}
	roles, err := portal.ListAccountRoles(ctx, &sso.ListAccountRolesInput{AccessToken: tok.AccessToken, AccountId: sdkaws.String("000000000007"), MaxResults: sdkaws.Int32(1)})
	wantNoError(t, err)
	if len(roles.RoleList) != 1 || *roles.RoleList[0].RoleName != "Admin" || roles.NextToken == nil {
		t.Fatalf("ListAccountRoles page 1: %+v", roles)
	}
	_, err = portal.ListAccountRoles(ctx, &sso.ListAccountRolesInput{AccessToken: tok.AccessToken, AccountId: sdkaws.String("000000000007"), NextToken: sdkaws.String("garbage")})
	wantAPIError(t, err, 400, "InvalidRequestException", "Invalid next token")

	creds, err := portal.GetRoleCredentials(ctx, &sso.GetRoleCredentialsInput{AccessToken: tok.AccessToken, AccountId: sdkaws.String("000000000007"), RoleName: sdkaws.String("Admin")})
	wantNoError(t, err)
	rc := creds.RoleCredentials
	if exp := time.UnixMilli(rc.Expiration); exp.Sub(time.Now()) < 50*time.Minute || exp.Sub(time.Now()) > 61*time.Minute {
		t.Errorf("expiration %v is not an hour away (epoch milliseconds)", exp)
	}
	// The credentials work against the fake's STS.
	id, err := client(t, s, *rc.AccessKeyId, *rc.SecretAccessKey, *rc.SessionToken).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantNoError(t, err)
	if !strings.Contains(*id.Arn, ":assumed-role/AWSReservedSSO_Admin_") || !strings.HasSuffix(*id.Arn, "/alice@example.com") || *id.Account != "000000000007" {
		t.Errorf("caller = %s in %s", *id.Arn, *id.Account)
	}
	_, err = portal.GetRoleCredentials(ctx, &sso.GetRoleCredentialsInput{AccessToken: tok.AccessToken, AccountId: sdkaws.String("000000000007"), RoleName: sdkaws.String("Owner")})
	wantAPIError(t, err, 403, "ForbiddenException", "No access")

	_, err = portal.Logout(ctx, &sso.LogoutInput{AccessToken: tok.AccessToken})
	wantNoError(t, err)
	_, err = portal.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: tok.AccessToken})
	wantAPIError(t, err, 401, "UnauthorizedException", "Session token not found or invalid")
	if s.Calls("ListAccounts") != 6 || s.Calls("CreateToken") != 3 {
		t.Errorf("calls: ListAccounts %d CreateToken %d", s.Calls("ListAccounts"), s.Calls("CreateToken"))
	}
}

func TestSSOAuthorizationCodePKCEAndRefresh(t *testing.T) {
	s := startTest(t, WithIdentityCenter(testCenter(1, "Admin")))
	oidc, portal := ssoClients(t, s)
	ctx := context.Background()
	reg, err := oidc.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: sdkaws.String("test"), ClientType: sdkaws.String("public"),
		Scopes: []string{"sso:account:access"}, GrantTypes: []string{grantAuthCode, grantRefresh},
		RedirectUris: []string{"http://127.0.0.1/oauth/callback"}, IssuerUrl: sdkaws.String(testStartURL)})
	wantNoError(t, err)
	verifier := "a-verifier-of-at-least-forty-three-characters-0123456789"
	redirect := "http://127.0.0.1:54321/oauth/callback"
	q := url.Values{"response_type": {"code"}, "client_id": {*reg.ClientId}, "redirect_uri": {redirect}, "state": {"st8"},
		"code_challenge": {pkceChallenge(verifier)}, "code_challenge_method": {"S256"}, "scopes": {"sso:account:access"}}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	page, err := noFollow.Get(s.URL() + "/authorize?" + q.Encode())
	wantNoError(t, err)
	page.Body.Close()
	if page.StatusCode != http.StatusOK {
		t.Fatalf("authorize page: %d", page.StatusCode)
	}
	approve := func() string {
		resp, err := noFollow.Post(s.URL()+"/authorize?"+q.Encode(), "application/x-www-form-urlencoded", nil)
		wantNoError(t, err)
		resp.Body.Close()
		loc, err := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusFound || err != nil || loc.Query().Get("state") != "st8" || !strings.HasPrefix(loc.String(), redirect+"?") {
			t.Fatalf("approve: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		return loc.Query().Get("code")
	}
	tokenIn := func(code, v string) *ssooidc.CreateTokenInput {
		return &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, GrantType: sdkaws.String(grantAuthCode),
			Code: sdkaws.String(code), CodeVerifier: sdkaws.String(v), RedirectUri: sdkaws.String(redirect)}
	}
	var bad *oidctypes.InvalidGrantException
	// A wrong verifier fails, and burns the code.
	code := approve()
	if _, err := oidc.CreateToken(ctx, tokenIn(code, verifier+"x")); !errors.As(err, &bad) {
		t.Fatalf("wrong verifier: %v", err)
	}
	if _, err := oidc.CreateToken(ctx, tokenIn(code, verifier)); !errors.As(err, &bad) {
		t.Fatalf("reused code: %v", err)
	}
	tok, err := oidc.CreateToken(ctx, tokenIn(approve(), verifier))
	wantNoError(t, err)
	if tok.RefreshToken == nil {
		t.Fatal("no refresh token for a client registered with refresh_token")
	}
	s.ExpireSSOTokens()
	_, err = portal.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: tok.AccessToken})
	wantAPIError(t, err, 401, "UnauthorizedException", "")
	fresh, err := oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: sdkaws.String(grantRefresh), RefreshToken: tok.RefreshToken})
	wantNoError(t, err)
	if _, err := portal.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: fresh.AccessToken}); err != nil {
		t.Fatalf("refreshed token: %v", err)
	}
	// Refresh tokens rotate.
	if _, err := oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret,
		GrantType: sdkaws.String(grantRefresh), RefreshToken: tok.RefreshToken}); !errors.As(err, &bad) {
		t.Fatalf("reused refresh token: %v", err)
	}
	// A bad client secret is 401 InvalidClientException.
	_, err = oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: sdkaws.String("wrong"),
		GrantType: sdkaws.String(grantRefresh), RefreshToken: fresh.RefreshToken})
	var inv *oidctypes.InvalidClientException
	if !errors.As(err, &inv) {
		t.Fatalf("wrong secret: %v", err)
	}
}

func TestSSOAutoApproveAndDeny(t *testing.T) {
	ic := testCenter(1, "Admin")
	ic.AutoApprove = true
	s := startTest(t, WithIdentityCenter(ic))
	oidc, _ := ssoClients(t, s)
	ctx := context.Background()
	reg, err := oidc.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: sdkaws.String("t"), ClientType: sdkaws.String("public")})
	wantNoError(t, err)
	dev, err := oidc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: sdkaws.String(testStartURL)})
	wantNoError(t, err)
	if _, err := oidc.CreateToken(ctx, &ssooidc.CreateTokenInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, DeviceCode: dev.DeviceCode, GrantType: sdkaws.String(grantDeviceCode)}); err != nil {
		t.Fatalf("auto-approved device code: %v", err)
	}
	_, err = oidc.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{ClientId: reg.ClientId, ClientSecret: reg.ClientSecret, StartUrl: sdkaws.String("https://other.awsapps.com/start")})
	var invReq *oidctypes.InvalidRequestException
	if !errors.As(err, &invReq) {
		t.Fatalf("wrong start URL: %v", err)
	}

	s2, clk := newOrg(t, WithIdentityCenter(testCenter(1, "Admin")))
	oidc2, _ := ssoClients(t, s2)
	reg2, err := oidc2.RegisterClient(ctx, &ssooidc.RegisterClientInput{ClientName: sdkaws.String("t"), ClientType: sdkaws.String("public")})
	wantNoError(t, err)
	dev2, err := oidc2.StartDeviceAuthorization(ctx, &ssooidc.StartDeviceAuthorizationInput{ClientId: reg2.ClientId, ClientSecret: reg2.ClientSecret, StartUrl: sdkaws.String(testStartURL)})
	wantNoError(t, err)
	in := &ssooidc.CreateTokenInput{ClientId: reg2.ClientId, ClientSecret: reg2.ClientSecret, DeviceCode: dev2.DeviceCode, GrantType: sdkaws.String(grantDeviceCode)}
	resp, err := http.PostForm(s2.URL()+"/device", url.Values{"user_code": {*dev2.UserCode}, "action": {"deny"}})
	wantNoError(t, err)
	resp.Body.Close()
	var denied *oidctypes.AccessDeniedException
	if _, err := oidc2.CreateToken(ctx, in); !errors.As(err, &denied) {
		t.Fatalf("denied: %v", err)
	}
	clk.Advance(11 * time.Minute)
	var expired *oidctypes.ExpiredTokenException
	if _, err := oidc2.CreateToken(ctx, in); !errors.As(err, &expired) {
		t.Fatalf("expired device code: %v", err)
	}
}

func TestSSOThrottle(t *testing.T) {
	ic := testCenter(1, "Admin")
	ic.RequestsPerSecond = 5
	s := startTest(t, WithIdentityCenter(ic))
	oidc, portal := ssoClients(t, s)
	_, tok := deviceToken(t, s, oidc)
	throttled := 0
	for range 12 {
		_, err := portal.ListAccounts(context.Background(), &sso.ListAccountsInput{AccessToken: tok.AccessToken})
		if err != nil {
			wantAPIError(t, err, 429, "TooManyRequestsException", "")
			throttled++
		}
	}
	if throttled == 0 {
		t.Fatal("12 back-to-back requests at 5 per second were never throttled")
	}
}

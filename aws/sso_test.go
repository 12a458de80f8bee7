package aws

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/switchrole/switchrole/config"
)

// ssoFunc is an SSOProvider made of a function.
type ssoFunc func(ctx context.Context, t *config.Target) (sdkaws.Credentials, error)

func (f ssoFunc) RoleCredentials(ctx context.Context, t *config.Target) (sdkaws.Credentials, error) {
	return f(ctx, t)
}

// TestSSOUnreachableNamesItsVariables: no answer from Identity Center's
// portal names the variables that point it elsewhere, not STS's.
func TestSSOUnreachableNamesItsVariables(t *testing.T) {
	tg := &config.Target{Name: "corp/Admin", Kind: config.KindSource, AccountID: "222222222222", Role: "Admin",
		SSOSession: "corp", SSOStartURL: "https://d-1234567890.awsapps.com/start", SSORegion: "eu-west-1", CredentialsID: "sso corp 222222222222 Admin"}
	f := newFixture(t, tg)
	f.e.SSO = ssoFunc(func(context.Context, *config.Target) (sdkaws.Credentials, error) {
		return sdkaws.Credentials{}, &url.Error{Op: "Get", URL: "http://127.0.0.1:9/federation/credentials", Err: errors.New("connection refused")}
	})
	_, err := f.e.Retrieve(context.Background(), tg)
	if !errors.Is(err, ErrNoAnswer) || !strings.Contains(err.Error(), "AWS_ENDPOINT_URL_SSO") || strings.Contains(err.Error(), "AWS_ENDPOINT_URL_STS") {
		t.Errorf("unreachable portal: %v", err)
	}
}

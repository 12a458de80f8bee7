package sso

import (
	"context"
	"strings"
	"time"

	sdkconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/ssooidc"

	engine "github.com/switchrole/switchrole/aws"
)

// OIDC is the part of the SSO-OIDC client that signing in uses; it copies
// the SDK's signatures, so *ssooidc.Client satisfies it.
type OIDC interface {
	RegisterClient(ctx context.Context, in *ssooidc.RegisterClientInput, optFns ...func(*ssooidc.Options)) (*ssooidc.RegisterClientOutput, error)
	StartDeviceAuthorization(ctx context.Context, in *ssooidc.StartDeviceAuthorizationInput, optFns ...func(*ssooidc.Options)) (*ssooidc.StartDeviceAuthorizationOutput, error)
	CreateToken(ctx context.Context, in *ssooidc.CreateTokenInput, optFns ...func(*ssooidc.Options)) (*ssooidc.CreateTokenOutput, error)
}

// Portal is the part of the Identity Center portal client switchrole
// uses; *sso.Client satisfies it.
type Portal interface {
	ListAccounts(ctx context.Context, in *sso.ListAccountsInput, optFns ...func(*sso.Options)) (*sso.ListAccountsOutput, error)
	ListAccountRoles(ctx context.Context, in *sso.ListAccountRolesInput, optFns ...func(*sso.Options)) (*sso.ListAccountRolesOutput, error)
	GetRoleCredentials(ctx context.Context, in *sso.GetRoleCredentialsInput, optFns ...func(*sso.Options)) (*sso.GetRoleCredentialsOutput, error)
	Logout(ctx context.Context, in *sso.LogoutInput, optFns ...func(*sso.Options)) (*sso.LogoutOutput, error)
}

// Clients are the SDK clients for one session's region.
type Clients struct {
	OIDC   OIDC
	Portal Portal
	// AuthorizeURL is the OIDC service's /authorize page, where the
	// browser goes for the authorization-code grant.
	AuthorizeURL string
}

// httpTimeout bounds each call to Identity Center; connecting is bounded
// as for STS (aws.ConnectTimeout).
const httpTimeout = 10 * time.Second

// NewClients builds the real clients for region with LoadDefaultConfig, so
// AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO (and the config
// file's services sections) apply as in every SDK. Both services are
// unsigned: no credentials are loaded or needed.
func NewClients(ctx context.Context, region string, opts ...func(*sdkconfig.LoadOptions) error) (Clients, error) {
	httpClient := engine.NewHTTPClient(httpTimeout)
	all := append([]func(*sdkconfig.LoadOptions) error{sdkconfig.WithRegion(region), sdkconfig.WithHTTPClient(httpClient)}, opts...)
	cfg, err := sdkconfig.LoadDefaultConfig(ctx, all...)
	if err != nil {
		return Clients{}, err
	}
	oidc := ssooidc.NewFromConfig(cfg)
	base := "https://oidc." + region + ".amazonaws.com"
	if b := oidc.Options().BaseEndpoint; b != nil && *b != "" {
		base = *b
	} else if ep, err := ssooidc.NewDefaultEndpointResolverV2().ResolveEndpoint(ctx, ssooidc.EndpointParameters{Region: &region}); err == nil {
		base = ep.URI.String()
	}
	return Clients{OIDC: oidc, Portal: sso.NewFromConfig(cfg), AuthorizeURL: strings.TrimRight(base, "/") + "/authorize"}, nil
}

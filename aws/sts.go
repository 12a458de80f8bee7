package aws

import (
	"context"
	"net"
	"net/http"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	sdkconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	smithymw "github.com/aws/smithy-go/middleware"
)

// STSAPI is the part of the STS client the engine uses. It copies the SDK's
// method signatures, so *sts.Client satisfies it and tests hand in a fake.
type STSAPI interface {
	AssumeRole(ctx context.Context, in *sts.AssumeRoleInput, optFns ...func(*sts.Options)) (*sts.AssumeRoleOutput, error)
	GetSessionToken(ctx context.Context, in *sts.GetSessionTokenInput, optFns ...func(*sts.Options)) (*sts.GetSessionTokenOutput, error)
	GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, optFns ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
	GetFederationToken(ctx context.Context, in *sts.GetFederationTokenInput, optFns ...func(*sts.Options)) (*sts.GetFederationTokenOutput, error)
}

// Backend loads AWS configuration the way the SDK does. The engine never
// builds SDK clients itself; SDKBackend is the real thing and tests pass a
// fake. It is only used on the slow path (nothing cached).
type Backend interface {
	// Load resolves a shared-config profile ("" for the default chain: env
	// keys, AWS_PROFILE, ...) as config.LoadDefaultConfig would.
	Load(ctx context.Context, req LoadRequest) (Loaded, error)
}

// LoadRequest says which profile to load and how.
type LoadRequest struct {
	// Profile is the shared-config profile; "" means the SDK's default chain.
	Profile string
	// Region is the region STS is called in (always set by the engine).
	Region string
	// TokenProvider answers MFA prompts when the profile itself assumes a
	// role with mfa_serial (credential_source roles).
	TokenProvider func() (string, error)
	// RoleDuration and RoleSessionName apply when the profile itself assumes
	// a role; empty values leave the profile's own settings.
	RoleDuration    time.Duration
	RoleSessionName string
	// OnRequest, when set, is told of each HTTP request the SDK sends for
	// this profile (service and operation, "SSO" "GetRoleCredentials") and
	// returns a function called when it is answered: the engine announces
	// the waits inside the SDK's own providers with it.
	OnRequest func(service, op string) (answered func())
}

// Loaded is a resolved profile.
type Loaded interface {
	// Credentials returns the profile's own credentials (keys, SSO,
	// credential_process, or the role the SDK assumed for it).
	Credentials(ctx context.Context) (sdkaws.Credentials, error)
	// STS returns a client that calls the profile's STS endpoint (honouring
	// AWS_ENDPOINT_URL_STS and friends) in region, signing with creds, or
	// with the profile's own credentials when creds is nil.
	STS(creds *sdkaws.Credentials, region string) STSAPI
}

// SDKBackend loads configuration with aws-sdk-go-v2's LoadDefaultConfig.
type SDKBackend struct {
	// Options are extra LoadDefaultConfig options (tests: shared files,
	// retry attempts).
	Options []func(*sdkconfig.LoadOptions) error
}

// Load implements Backend.
func (b SDKBackend) Load(ctx context.Context, req LoadRequest) (Loaded, error) {
	httpClient := NewHTTPClient(DefaultCallTimeout)
	// Requests are watched by a middleware, not a wrapper of the client
	// (see NewHTTPClient).
	opts := []func(*sdkconfig.LoadOptions) error{
		sdkconfig.WithRegion(req.Region),
		sdkconfig.WithHTTPClient(httpClient),
	}
	if req.OnRequest != nil {
		opts = append(opts, sdkconfig.WithAPIOptions([]func(*smithymw.Stack) error{watchRequests(req.OnRequest)}))
	}
	if req.Profile != "" {
		opts = append(opts, sdkconfig.WithSharedConfigProfile(req.Profile))
	}
	opts = append(opts, sdkconfig.WithAssumeRoleCredentialOptions(func(o *stscreds.AssumeRoleOptions) {
		if req.TokenProvider != nil {
			o.TokenProvider = req.TokenProvider
		}
		if req.RoleDuration > 0 {
			o.Duration = req.RoleDuration
		}
		if o.RoleSessionName == "" {
			o.RoleSessionName = req.RoleSessionName
		}
	}))
	opts = append(opts, b.Options...)
	cfg, err := sdkconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, err
	}
	return sdkLoaded{cfg: cfg}, nil
}

// NewHTTPClient is the HTTP client of every AWS call switchrole makes: it
// gives up connecting (TCP, then TLS) after ConnectTimeout and on the whole
// request after call. It is the SDK's own *BuildableClient, unwrapped:
// LoadDefaultConfig adds a custom CA bundle (AWS_CA_BUNDLE, ca_bundle) only
// to that type, and fails for any other.
func NewHTTPClient(call time.Duration) *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().
		WithTimeout(call).
		WithDialerOptions(func(d *net.Dialer) { d.Timeout = ConnectTimeout }).
		WithTransportOptions(func(tr *http.Transport) { tr.TLSHandshakeTimeout = ConnectTimeout })
}

// watchRequests tells on of every call a client built from the loaded
// configuration makes (the SDK's own credential providers included), naming
// its service and operation, for as long as the call and its retries last.
func watchRequests(on func(service, op string) func()) func(*smithymw.Stack) error {
	return func(st *smithymw.Stack) error {
		return st.Finalize.Add(smithymw.FinalizeMiddlewareFunc("switchroleWatchRequests",
			func(ctx context.Context, in smithymw.FinalizeInput, next smithymw.FinalizeHandler) (smithymw.FinalizeOutput, smithymw.Metadata, error) {
				if !announced(ctx) { // else the engine's call already says it waits
					if answered := on(awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)); answered != nil {
						defer answered()
					}
				}
				return next.HandleFinalize(ctx, in)
			}), smithymw.Before)
	}
}

type sdkLoaded struct{ cfg sdkaws.Config }

func (l sdkLoaded) Credentials(ctx context.Context) (sdkaws.Credentials, error) {
	if l.cfg.Credentials == nil {
		return sdkaws.Credentials{}, errProfileYieldsNothing
	}
	return l.cfg.Credentials.Retrieve(ctx)
}

func (l sdkLoaded) STS(creds *sdkaws.Credentials, region string) STSAPI {
	return sts.NewFromConfig(l.cfg, func(o *sts.Options) {
		if region != "" {
			o.Region = region
		}
		if creds != nil {
			c := *creds
			o.Credentials = sdkaws.CredentialsProviderFunc(func(context.Context) (sdkaws.Credentials, error) { return c, nil })
		}
	})
}

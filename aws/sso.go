package aws

import (
	"context"
	"errors"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/switchrole/switchrole/config"
)

// SSOProvider gets the credentials of an SSO target (config.Target.IsSSO)
// from IAM Identity Center: GetRoleCredentials with the session's cached
// sign-in. Package sso implements it (sso.Provider); the engine takes it
// as an interface because sso builds on this package. Errors it returns
// that are *Error (SignInNeeded, SSOFailed) reach the user as they are.
type SSOProvider interface {
	RoleCredentials(ctx context.Context, t *config.Target) (sdkaws.Credentials, error)
}

// ssoNetworkAdvice is networkAdvice for the Identity Center portal, which
// AWS_ENDPOINT_URL_SSO (not STS's variable) points elsewhere.
const ssoNetworkAdvice = "check your network, VPN or proxy and AWS_ENDPOINT_URL_SSO, then try again"

// ssoBase gets src's role credentials from Identity Center, uncached (the
// caller, source, caches them like any source's session).
func (r *run) ssoBase(ctx context.Context, src *config.Target) (*creds, error) {
	if r.e.SSO == nil {
		return nil, newError(ErrSSO, nil, "%s is an IAM Identity Center role, and nothing here can reach Identity Center", src.Name)
	}
	var v sdkaws.Credentials
	err := r.e.awsCall(ctx, Wait{"IAM Identity Center", "GetRoleCredentials", src.Name}, func(ctx context.Context) error {
		var err error
		v, err = r.e.SSO.RoleCredentials(ctx, src)
		return err
	})
	if err != nil {
		var timedOut *callTimedOut
		_, unreachable := networkEndpoint(err, src.SSORegion)
		switch {
		case ownError(err), errors.Is(err, context.Canceled):
			return nil, err
		case errors.As(err, &timedOut), unreachable:
			return nil, newError(ErrNoAnswer, err, "no answer from IAM Identity Center in %s (GetRoleCredentials for %s): %s", src.SSORegion, src.Name, ssoNetworkAdvice)
		}
		return nil, SSOFailed(src.Name, ShortCause(err), err)
	}
	if !v.HasKeys() || v.SessionToken == "" {
		return nil, newError(ErrBadCredentials, nil, "IAM Identity Center answered for %s without credentials", src.Name)
	}
	return &creds{value: v, kind: KindSSO, root: src.Name, targetName: src.Name}, nil
}

package aws

import (
	"context"
	"strings"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/switchrole/switchrole/config"
)

// source returns temporary credentials for the jump identity src: an MFA
// session from GetSessionToken when it has long-term keys (with serial when
// set), else the temporary credentials its profile yields (SSO,
// credential_process, ...). Long-term keys are never handed out.
func (r *run) source(ctx context.Context, src *config.Target, serial string) (*creds, error) {
	return r.cached(ctx, r.e.rules().SessionKey(src, serial), src, func(ctx context.Context) (*creds, error) {
		base, err := r.base(ctx, src)
		if err != nil {
			return nil, err
		}
		if base.temporary() {
			return base, nil
		}
		return r.getSessionToken(ctx, src, serial, base)
	})
}

// base loads the source profile through the SDK and returns its own
// credentials, uncached.
func (r *run) base(ctx context.Context, src *config.Target) (*creds, error) {
	if src.IsSSO() {
		return r.ssoBase(ctx, src)
	}
	if c, ok, err := r.keyringBase(ctx, src); ok || err != nil {
		return c, err
	}
	region := r.e.rules().RegionOf(src)
	req := LoadRequest{Profile: src.Profile, Region: region}
	if src.SDKAssumesRole {
		// The profile has role_arn and credentials of its own: the SDK
		// assumes the role while loading it, with these settings.
		req.RoleDuration = src.Duration
		req.RoleSessionName = r.e.sessionName(src, nil)
	}
	if src.MFASerial != "" && (src.CredentialSource != "" || src.SDKAssumesRole) {
		// The source profile assumes a role itself (credential_source, or
		// role_arn with its own keys, plus mfa_serial): the SDK asks for
		// the code through us.
		req.TokenProvider = func() (string, error) {
			return r.e.mfaCode(ctx, MFARequest{Serial: src.MFASerial, Target: r.top.Name, Source: src.Name, Attempt: 1}, src.MFAProcess)
		}
	}
	if r.e.OnWait != nil {
		// The SDK's own providers (SSO, a role it assumes, container or
		// instance credentials) may wait on the network: announce each
		// request. A credential_process is not announced: it may be
		// talking to the user on the terminal.
		req.OnRequest = func(service, op string) func() {
			return r.e.OnWait(Wait{Service: service, Op: op, Target: src.Name})
		}
	}
	l, err := r.load(ctx, req)
	if err != nil {
		return nil, err
	}
	v, err := l.Credentials(ctx)
	if err != nil {
		return nil, r.e.credentialsError(src, err)
	}
	if !v.HasKeys() {
		return nil, r.e.credentialsError(src, errProfileYieldsNothing)
	}
	kind := kindOfProvider(v.Source)
	return &creds{
		value:      v,
		kind:       kind,
		profile:    src.Profile,
		root:       src.Name,
		targetName: src.Name,
		arn:        "",
	}, nil
}

// getSessionToken turns src's long-term keys into an MFA session.
func (r *run) getSessionToken(ctx context.Context, src *config.Target, serial string, base *creds) (*creds, error) {
	region := r.e.rules().RegionOf(src)
	l, err := r.load(ctx, LoadRequest{Profile: src.Profile, Region: region})
	if err != nil {
		return nil, err
	}
	client := l.STS(&base.value, region)
	in := &sts.GetSessionTokenInput{DurationSeconds: sdkaws.Int32(int32(r.e.rules().SessionDurationOf(src) / time.Second))}
	var out *sts.GetSessionTokenOutput
	call := func(code string) error {
		if code != "" {
			in.SerialNumber, in.TokenCode = sdkaws.String(serial), sdkaws.String(code)
		}
		return r.e.awsCall(ctx, Wait{"STS", "GetSessionToken", src.Name}, func(ctx context.Context) error {
			var err error
			out, err = client.GetSessionToken(ctx, in)
			return err
		})
	}
	if serial != "" {
		err = r.e.withMFA(ctx, MFARequest{Serial: serial, Target: r.top.Name, Source: src.Name}, src.MFAProcess, call)
	} else {
		err = call("")
	}
	if err != nil {
		return nil, r.e.sessionError(src, region, err)
	}
	if out.Credentials == nil {
		return nil, stsFailure("GetSessionToken", src.Name, "", "AWS returned no credentials", nil)
	}
	account := base.value.AccountID
	if account == "" {
		account = accountOfARN(serial)
	}
	value := credentialsOf(out.Credentials, account)
	if err := r.checkIssued("GetSessionToken", src.Name, &value, r.e.rules().SessionDurationOf(src), out.ResultMetadata); err != nil {
		return nil, err
	}
	return &creds{
		value:      value,
		kind:       KindSession,
		arn:        userARNOfSerial(serial),
		mfa:        serial != "",
		profile:    src.Profile,
		root:       src.Name,
		targetName: src.Name,
	}, nil
}

// kindOfProvider names temporary credentials by the SDK provider that made
// them (aws.Credentials.Source).
func kindOfProvider(source string) string {
	s := strings.ToLower(source)
	switch {
	case strings.Contains(s, "sso"):
		return KindSSO
	case strings.Contains(s, "process"):
		return KindProcess
	case strings.Contains(s, "assumerole"), strings.Contains(s, "webidentity"):
		return KindRole
	default:
		return KindExternal
	}
}

package aws

import (
	"context"
	"errors"
	"fmt"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/switchrole/switchrole/aws/plan"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/english"
)

// allowAllPolicy is passed to GetFederationToken: without a session policy a
// federated user has no permissions at all. With it, the session gets the
// intersection of this policy and the IAM user's own policies, i.e. what the
// user may do.
const allowAllPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// DefaultFederationDuration is how long a jump identity's console session
// lasts unless asked otherwise.
const DefaultFederationDuration = 12 * time.Hour

// FederationLimits says what a GetFederationToken console session can and
// cannot do, for the CLI to tell the user.
const FederationLimits = "a federated session has your IAM user's permissions but no MFA context " +
	"(actions that require MFA are denied), cannot call IAM, and can call STS only for GetCallerIdentity"

// FederationToken returns console-capable credentials for a source target
// (the jump identity itself): GetSessionToken credentials cannot sign in to
// the console, so the user's long-term keys call GetFederationToken instead.
// Sources whose own credentials are already role credentials (SSO) are
// returned as they are. duration 0 means DefaultFederationDuration.
func (e *Engine) FederationToken(ctx context.Context, t *config.Target, duration time.Duration) (*Session, error) {
	if t == nil || t.IsRole() {
		return nil, errors.New("federation tokens are for source targets; roles sign in with their own credentials")
	}
	if t.Problem != nil {
		return nil, t.Problem
	}
	if duration == 0 {
		duration = DefaultFederationDuration
	}
	if duration < 15*time.Minute || duration > 36*time.Hour {
		return nil, fmt.Errorf("a console session for %s can last 15m to 36h, not %s", t.Name, english.Duration(duration))
	}
	r := &run{e: e, top: t, loaded: map[string]Loaded{}}
	key := plan.FederationKey(t, duration)
	c, err := r.cached(ctx, key, t, func(ctx context.Context) (*creds, error) {
		base, err := r.base(ctx, t)
		if err != nil {
			return nil, err
		}
		if base.temporary() {
			if base.kind == KindSSO || base.kind == KindRole {
				return base, nil
			}
			return nil, fmt.Errorf("%s's credentials are temporary %s credentials, which cannot sign in to the console; "+
				"use a role target instead", t.Name, base.kind)
		}
		return r.getFederationToken(ctx, t, base, duration)
	})
	if err != nil {
		return nil, err
	}
	return &Session{
		Target: t, Credentials: c.value, Region: e.rules().RegionOf(t), Kind: c.kind,
		Chained: c.chained, MFA: c.mfa, FromCache: c.fromCache, Arn: c.arn,
	}, nil
}

func (r *run) getFederationToken(ctx context.Context, t *config.Target, base *creds, duration time.Duration) (*creds, error) {
	region := r.e.rules().RegionOf(t)
	l, err := r.load(ctx, LoadRequest{Profile: t.Profile, Region: region})
	if err != nil {
		return nil, err
	}
	name := federatedName(r.e.sessionName(t, base))
	var out *sts.GetFederationTokenOutput
	err = r.e.awsCall(ctx, Wait{"STS", "GetFederationToken", t.Name}, func(ctx context.Context) error {
		var err error
		out, err = l.STS(&base.value, region).GetFederationToken(ctx, &sts.GetFederationTokenInput{
			Name:            sdkaws.String(name),
			DurationSeconds: sdkaws.Int32(int32(duration / time.Second)),
			Policy:          sdkaws.String(allowAllPolicy),
		})
		return err
	})
	if err != nil {
		return nil, r.e.stsError("GetFederationToken", t, &creds{profile: t.Profile, root: t.Name}, region, err)
	}
	if out.Credentials == nil {
		return nil, stsFailure("GetFederationToken", t.Name, "", "AWS returned no credentials", nil)
	}
	arn := ""
	if out.FederatedUser != nil {
		arn = sdkaws.ToString(out.FederatedUser.Arn)
	}
	value := credentialsOf(out.Credentials, accountOfARN(arn))
	if err := r.checkIssued("GetFederationToken", t.Name, &value, duration, out.ResultMetadata); err != nil {
		return nil, err
	}
	return &creds{
		value:      value,
		kind:       KindFederation,
		arn:        arn,
		profile:    t.Profile,
		root:       t.Name,
		targetName: t.Name,
	}, nil
}

// federatedName fits a session name into GetFederationToken's Name (2-32
// characters of the same set).
func federatedName(s string) string {
	if len(s) > 32 {
		s = s[:32]
	}
	return s
}

package aws

import (
	"context"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/switchrole/switchrole/aws/plan"
	"github.com/switchrole/switchrole/config"
)

// assumePlan is how one AssumeRole call is made.
type assumePlan struct {
	duration time.Duration
	// serial, when set, is sent with a TokenCode (the caller's credentials
	// carry no MFA of their own).
	serial     string
	mfaProcess string
	// source names the jump identity in MFA prompts.
	source string
}

// role returns credentials for the role target t; depth counts the links
// already followed so a loop in the configuration cannot recurse forever.
func (r *run) role(ctx context.Context, t *config.Target, depth int) (*creds, error) {
	key, err := r.e.rules().RoleKey(t, depth)
	if err != nil {
		return nil, err
	}
	return r.cached(ctx, key, t, func(ctx context.Context) (*creds, error) {
		return r.assumeFresh(ctx, t, depth)
	})
}

// assumeFresh calls AWS for t. When the caller's credentials came from the
// cache and AWS says they expired (or no longer exist), that entry is dropped
// and the call retried once with fresh ones.
func (r *run) assumeFresh(ctx context.Context, t *config.Target, depth int) (*creds, error) {
	if t.Source == "" {
		return r.assumeViaProfile(ctx, t)
	}
	parent, err := r.e.rules().Source(t, t.Source)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		caller, plan, err := r.callerFor(ctx, t, parent, depth)
		if err != nil {
			return nil, err
		}
		c, err := r.assume(ctx, t, caller, plan)
		if err != nil && attempt == 0 && caller.fromCache && caller.key != "" && staleCredentials(err) {
			if derr := r.e.Cache.Delete(caller.key); derr != nil {
				return nil, derr
			}
			continue
		}
		return c, err
	}
}

// callerFor returns the credentials that assume t and how to call AssumeRole:
// a parent role's (chain), the source's MFA session, or the source's own.
func (r *run) callerFor(ctx context.Context, t, parent *config.Target, depth int) (*creds, assumePlan, error) {
	d, err := r.e.rules().RoleDurationOf(t)
	if err != nil {
		return nil, assumePlan{}, err
	}
	plan := assumePlan{duration: d, mfaProcess: firstNonEmpty(t.MFAProcess, parent.MFAProcess), source: parent.Name}
	var caller *creds
	switch {
	case parent.IsRole():
		caller, err = r.role(ctx, parent, depth+1)
		if err == nil {
			plan.source = caller.root
		}
	case parent.IsSSO():
		// Identity Center's role credentials are temporary: cached under
		// the SSO target's own key, shared with every role chained from it.
		caller, err = r.source(ctx, parent, "")
	case r.e.rules().UseSession(parent, t.MFASerial, d):
		caller, err = r.source(ctx, parent, t.MFASerial)
	default:
		caller, err = r.base(ctx, parent)
	}
	if err != nil {
		return nil, assumePlan{}, err
	}
	if caller.temporary() && plan.duration > chainedMax {
		plan.duration = chainedMax // AWS refuses more for chained roles: cap up front
	}
	if t.MFASerial != "" && !caller.mfa {
		plan.serial = t.MFASerial
	}
	return caller, plan, nil
}

// assume makes the AssumeRole call for t with caller's credentials.
func (r *run) assume(ctx context.Context, t *config.Target, caller *creds, plan assumePlan) (*creds, error) {
	region := r.e.rules().RegionOf(t)
	l, err := r.load(ctx, LoadRequest{Profile: caller.profile, Region: region})
	if err != nil {
		return nil, err
	}
	client := l.STS(&caller.value, region)
	name := r.e.sessionName(t, caller)
	in := &sts.AssumeRoleInput{
		RoleArn:         sdkaws.String(t.RoleARN),
		RoleSessionName: sdkaws.String(name),
		DurationSeconds: sdkaws.Int32(int32(plan.duration / time.Second)),
	}
	if t.ExternalID != "" {
		in.ExternalId = sdkaws.String(t.ExternalID)
	}
	if r.e.SourceIdentity != "" {
		in.SourceIdentity = sdkaws.String(r.e.SourceIdentity)
	}
	var out *sts.AssumeRoleOutput
	call := func(code string) error {
		if code != "" {
			in.SerialNumber, in.TokenCode = sdkaws.String(plan.serial), sdkaws.String(code)
		}
		return r.e.awsCall(ctx, Wait{"STS", "AssumeRole", t.Name}, func(ctx context.Context) error {
			var err error
			out, err = client.AssumeRole(ctx, in)
			return err
		})
	}
	if plan.serial != "" {
		req := MFARequest{Serial: plan.serial, Target: r.top.Name, Source: plan.source}
		err = r.e.withMFA(ctx, req, plan.mfaProcess, call)
	} else {
		err = call("")
	}
	if err != nil {
		return nil, r.e.assumeError(t, caller, region, plan.duration, err)
	}
	if out.Credentials == nil {
		return nil, stsFailure("AssumeRole", t.Name, "", "AWS returned no credentials", nil)
	}
	arn := ""
	if out.AssumedRoleUser != nil {
		arn = sdkaws.ToString(out.AssumedRoleUser.Arn)
	}
	value := credentialsOf(out.Credentials, accountOfARN(arn))
	if err := r.checkIssued("AssumeRole", t.Name, &value, plan.duration, out.ResultMetadata); err != nil {
		return nil, err
	}
	return &creds{
		value:      value,
		kind:       KindRole,
		arn:        arn,
		mfa:        caller.mfa || plan.serial != "",
		chained:    caller.temporary(),
		profile:    caller.profile,
		root:       caller.root,
		targetName: t.Name,
	}, nil
}

// assumeViaProfile lets the SDK assume a role whose base credentials the
// profile itself names (credential_source, web identity): the engine loads
// the role's own profile with an MFA token provider and the duration.
func (r *run) assumeViaProfile(ctx context.Context, t *config.Target) (*creds, error) {
	if t.Profile == "" {
		return nil, &plan.SourceError{Target: t.Name, Origin: t.Origin}
	}
	d, err := r.e.rules().RoleDurationOf(t)
	if err != nil {
		return nil, err
	}
	chained := credentialSourceIsTemporary(t.CredentialSource)
	if chained && d > chainedMax {
		d = chainedMax
	}
	name := r.e.sessionName(t, nil)
	region := r.e.rules().RegionOf(t)
	var pending string
	req := LoadRequest{Profile: t.Profile, Region: region, RoleDuration: d, RoleSessionName: name}
	if t.MFASerial != "" {
		req.TokenProvider = func() (string, error) { return pending, nil }
	}
	l, err := r.load(ctx, req)
	if err != nil {
		return nil, err
	}
	var v sdkaws.Credentials
	get := func(code string) error {
		pending = code
		return r.e.awsCall(ctx, Wait{"STS", "AssumeRole", t.Name}, func(ctx context.Context) error {
			var err error
			v, err = l.Credentials(ctx)
			return err
		})
	}
	if t.MFASerial != "" {
		err = r.e.withMFA(ctx, MFARequest{Serial: t.MFASerial, Target: r.top.Name, Source: t.Profile}, t.MFAProcess, get)
	} else {
		err = get("")
	}
	self := &creds{profile: t.Profile, root: t.Name}
	if err != nil {
		return nil, r.e.assumeError(t, self, region, d, err)
	}
	return &creds{
		value:      v,
		kind:       KindRole,
		arn:        assumedRoleARN(t.RoleARN, v.AccountID, name),
		mfa:        t.MFASerial != "",
		chained:    chained,
		profile:    t.Profile,
		root:       t.Name,
		targetName: t.Name,
	}, nil
}

// credentialSourceIsTemporary reports whether a credential_source yields
// temporary credentials (so AWS treats the AssumeRole as chaining).
func credentialSourceIsTemporary(src string) bool {
	switch src {
	case "Environment":
		return envSessionToken() != ""
	case "":
		return false
	default: // Ec2InstanceMetadata, EcsContainer
		return true
	}
}

func credentialsOf(c *types.Credentials, account string) sdkaws.Credentials {
	return sdkaws.Credentials{
		AccessKeyID:     sdkaws.ToString(c.AccessKeyId),
		SecretAccessKey: sdkaws.ToString(c.SecretAccessKey),
		SessionToken:    sdkaws.ToString(c.SessionToken),
		Source:          "switchrole",
		CanExpire:       c.Expiration != nil,
		Expires:         sdkaws.ToTime(c.Expiration),
		AccountID:       account,
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

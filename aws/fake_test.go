package aws

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"
)

// memSTS is an in-memory STS for unit tests: it issues credentials with real
// expiry from the test clock, enforces the rules the engine relies on (MFA
// codes, the chaining cap, GetSessionToken needing long-term keys) and
// records every call with the caller's access key id.
type memSTS struct {
	mu    sync.Mutex
	now   func() time.Time
	code  string // the one valid MFA code
	seq   int
	calls []stsCall
	fail  map[string][]error // queued errors per operation
	// expired access key ids: calls with them get ExpiredToken
	expired map[string]bool
	account string
}

type stsCall struct {
	Op, Caller, RoleArn, Serial, Code, ExternalID, SessionName, SourceIdentity, Region string
	Temporary                                                                          bool
	Duration                                                                           int32
}

func newMemSTS(now func() time.Time) *memSTS {
	return &memSTS{now: now, code: "123456", fail: map[string][]error{}, expired: map[string]bool{}, account: "111111111111"}
}

func (m *memSTS) failNext(op string, errs ...error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fail[op] = append(m.fail[op], errs...)
}

func (m *memSTS) count(op string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, c := range m.calls {
		if c.Op == op {
			n++
		}
	}
	return n
}

func (m *memSTS) last(op string) stsCall {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(m.calls) - 1; i >= 0; i-- {
		if m.calls[i].Op == op {
			return m.calls[i]
		}
	}
	return stsCall{}
}

func (m *memSTS) all(op string) []stsCall {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []stsCall
	for _, c := range m.calls {
		if c.Op == op {
			out = append(out, c)
		}
	}
	return out
}

func apiErr(code, msg string) error { return &smithy.GenericAPIError{Code: code, Message: msg} }

const (
	msgMFAAssume  = "MultiFactorAuthentication failed with invalid MFA one time pass code. "
	msgMFASession = "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user."
)

// record logs the call and returns a queued failure, if any.
func (m *memSTS) record(c stsCall) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, c)
	if q := m.fail[c.Op]; len(q) > 0 {
		m.fail[c.Op] = q[1:]
		return fmt.Errorf("operation error STS: %s, https response error StatusCode: 400, api error: %w", c.Op, q[0])
	}
	if m.expired[c.Caller] {
		return apiErr("ExpiredToken", "The security token included in the request is expired")
	}
	return nil
}

func (m *memSTS) issue(prefix string, d time.Duration) *types.Credentials {
	m.mu.Lock()
	m.seq++
	n := m.seq
	m.mu.Unlock()
	exp := m.now().Add(d).UTC()
	return &types.Credentials{
		AccessKeyId:     sdkaws.String(fmt.Sprintf("ASIA%s%04d", prefix, n)),
		SecretAccessKey: sdkaws.String(fmt.Sprintf("secret-%d", n)),
		SessionToken:    sdkaws.String(fmt.Sprintf("token-%d", n)),
		Expiration:      &exp,
	}
}

// bound is memSTS seen through one set of credentials (what signing does).
type bound struct {
	m      *memSTS
	creds  sdkaws.Credentials
	region string
}

func (b bound) base(op string) stsCall {
	return stsCall{Op: op, Caller: b.creds.AccessKeyID, Temporary: b.creds.SessionToken != "", Region: b.region}
}

func (b bound) AssumeRole(_ context.Context, in *sts.AssumeRoleInput, _ ...func(*sts.Options)) (*sts.AssumeRoleOutput, error) {
	c := b.base("AssumeRole")
	c.RoleArn, c.Serial, c.Code = sdkaws.ToString(in.RoleArn), sdkaws.ToString(in.SerialNumber), sdkaws.ToString(in.TokenCode)
	c.ExternalID, c.SessionName, c.SourceIdentity = sdkaws.ToString(in.ExternalId), sdkaws.ToString(in.RoleSessionName), sdkaws.ToString(in.SourceIdentity)
	c.Duration = sdkaws.ToInt32(in.DurationSeconds)
	if err := b.m.record(c); err != nil {
		return nil, err
	}
	if c.Serial != "" && c.Code != b.m.code {
		return nil, apiErr("AccessDenied", msgMFAAssume)
	}
	if c.Temporary && c.Duration > 3600 {
		return nil, apiErr("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	}
	d := time.Duration(c.Duration) * time.Second
	if d == 0 {
		d = time.Hour
	}
	role := c.RoleArn[strings.LastIndexByte(c.RoleArn, '/')+1:]
	acct := accountOfARN(c.RoleArn)
	return &sts.AssumeRoleOutput{
		Credentials:     b.m.issue("R", d),
		AssumedRoleUser: &types.AssumedRoleUser{Arn: sdkaws.String(fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", acct, role, c.SessionName))},
	}, nil
}

func (b bound) GetSessionToken(_ context.Context, in *sts.GetSessionTokenInput, _ ...func(*sts.Options)) (*sts.GetSessionTokenOutput, error) {
	c := b.base("GetSessionToken")
	c.Serial, c.Code, c.Duration = sdkaws.ToString(in.SerialNumber), sdkaws.ToString(in.TokenCode), sdkaws.ToInt32(in.DurationSeconds)
	if err := b.m.record(c); err != nil {
		return nil, err
	}
	if c.Temporary {
		return nil, apiErr("AccessDenied", "Cannot call GetSessionToken with session credentials")
	}
	if c.Serial != "" && c.Code != b.m.code {
		return nil, apiErr("AccessDenied", msgMFASession)
	}
	return &sts.GetSessionTokenOutput{Credentials: b.m.issue("S", time.Duration(c.Duration)*time.Second)}, nil
}

func (b bound) GetCallerIdentity(_ context.Context, _ *sts.GetCallerIdentityInput, _ ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	if err := b.m.record(b.base("GetCallerIdentity")); err != nil {
		return nil, err
	}
	return &sts.GetCallerIdentityOutput{
		Account: sdkaws.String(b.m.account),
		Arn:     sdkaws.String("arn:aws:iam::" + b.m.account + ":user/alice"),
		UserId:  sdkaws.String("AIDAEXAMPLE"),
	}, nil
}

func (b bound) GetFederationToken(_ context.Context, _ *sts.GetFederationTokenInput, _ ...func(*sts.Options)) (*sts.GetFederationTokenOutput, error) {
	if err := b.m.record(b.base("GetFederationToken")); err != nil {
		return nil, err
	}
	return &sts.GetFederationTokenOutput{Credentials: b.m.issue("F", time.Hour)}, nil
}

// memProfile is what memBackend knows about one profile.
type memProfile struct {
	creds sdkaws.Credentials
	err   error
	// assumes, when set, makes the profile a role profile the "SDK" assumes
	// itself (credential_source): with creds, asking for a code when serial.
	assumes string
	serial  string
}

// memBackend stands in for LoadDefaultConfig.
type memBackend struct {
	mu       sync.Mutex
	sts      *memSTS
	profiles map[string]memProfile
	loads    []LoadRequest
	loadErr  error
}

func (b *memBackend) Load(_ context.Context, req LoadRequest) (Loaded, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.loads = append(b.loads, req)
	if b.loadErr != nil {
		return nil, b.loadErr
	}
	p, ok := b.profiles[req.Profile]
	if !ok {
		return nil, fmt.Errorf("profile %q not found", req.Profile)
	}
	return memLoaded{b: b, p: p, req: req}, nil
}

func (b *memBackend) loadCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.loads)
}

type memLoaded struct {
	b   *memBackend
	p   memProfile
	req LoadRequest
}

func (l memLoaded) Credentials(ctx context.Context) (sdkaws.Credentials, error) {
	if l.p.err != nil {
		return sdkaws.Credentials{}, l.p.err
	}
	if l.p.assumes == "" {
		return l.p.creds, nil
	}
	in := &sts.AssumeRoleInput{RoleArn: sdkaws.String(l.p.assumes), RoleSessionName: sdkaws.String(l.req.RoleSessionName),
		DurationSeconds: sdkaws.Int32(int32(l.req.RoleDuration / time.Second))}
	if l.p.serial != "" {
		if l.req.TokenProvider == nil {
			return sdkaws.Credentials{}, errors.New("assume role with MFA enabled, but AssumeRoleTokenProvider session option not set")
		}
		code, err := l.req.TokenProvider()
		if err != nil {
			return sdkaws.Credentials{}, err
		}
		in.SerialNumber, in.TokenCode = sdkaws.String(l.p.serial), sdkaws.String(code)
	}
	out, err := l.STS(nil, l.req.Region).AssumeRole(ctx, in)
	if err != nil {
		return sdkaws.Credentials{}, err
	}
	v := credentialsOf(out.Credentials, accountOfARN(l.p.assumes))
	v.Source = "AssumeRoleProvider"
	return v, nil
}

func (l memLoaded) STS(creds *sdkaws.Credentials, region string) STSAPI {
	c := l.p.creds
	if creds != nil {
		c = *creds
	}
	return bound{m: l.b.sts, creds: c, region: region}
}

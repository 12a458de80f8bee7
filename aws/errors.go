package aws

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	sdkconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/switchrole/switchrole/aws/plan"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/english"
)

// Every error the engine makes for the user is one of the types below: its
// Error() is one sentence saying what went wrong and what to do, and Unwrap
// keeps the SDK's error for logs and errors.As.

// switchroleError marks the engine's own errors so they are never
// re-classified on the way up a chain.
type switchroleError interface{ sentence() }

// ownError reports whether err is one of the engine's sentences, including
// the configuration errors package plan returns.
func ownError(err error) bool {
	var (
		own   switchroleError
		dur   *DurationError
		src   *SourceError
		chain *ChainError
	)
	return errors.As(err, &own) || errors.As(err, &dur) || errors.As(err, &src) || errors.As(err, &chain)
}

// AccessDeniedError: the caller may not assume the role.
type AccessDeniedError struct {
	Caller, Role, Target string
	ExternalID           bool
	Err                  error
}

func (e *AccessDeniedError) Error() string {
	conds := "its MFA condition"
	if e.ExternalID {
		conds = "its MFA and external id conditions"
	}
	return fmt.Sprintf("%s may not assume %s (target %s): check that the role's trust policy allows this caller (and %s) and that the caller has sts:AssumeRole permission on the role",
		e.Caller, e.Role, e.Target, conds)
}
func (e *AccessDeniedError) Unwrap() error { return e.Err }
func (*AccessDeniedError) sentence()       {}

// MFAError: AWS rejected every MFA code offered.
type MFAError struct {
	Serial, Target string
	Tries          int
	// Reason is AWS's last message (or the format note).
	Reason string
	Err    error
}

func (e *MFAError) Error() string {
	why := ""
	if e.Reason != "" {
		why = fmt.Sprintf(" (last answer: %s)", strings.TrimSpace(e.Reason))
	}
	return fmt.Sprintf("MFA code for %s was not accepted after %d tries%s: check that %s is your device and that its clock is right, then try again",
		e.Target, e.Tries, why, e.Serial)
}
func (e *MFAError) Unwrap() error { return e.Err }
func (*MFAError) sentence()       {}

// MFAUnavailableError: a code is needed but nothing can ask for one.
type MFAUnavailableError struct{ Serial, Target string }

func (e *MFAUnavailableError) Error() string {
	return fmt.Sprintf("target %s needs an MFA code for %s but there is no way to ask for it here: run switchrole in a terminal, pass the code with --mfa-code, or set mfa_process", e.Target, e.Serial)
}
func (*MFAUnavailableError) sentence() {}

// MFAProcessError: the mfa_process command did not give a code. It names
// the target, not the command line (which may hold a TOTP seed, as in
// `oathtool --totp -b SEED`), and never its output beyond a masked stderr
// line.
type MFAProcessError struct {
	Target, Problem, Stderr string
	Err                     error
}

func (e *MFAProcessError) Error() string {
	s := fmt.Sprintf("the mfa_process of %s %s", e.Target, e.Problem)
	if e.Stderr != "" {
		s += ": " + e.Stderr
	}
	return s + ": fix the command so it prints the current 6-digit code"
}
func (e *MFAProcessError) Unwrap() error { return e.Err }
func (*MFAProcessError) sentence()       {}

// InvalidKeyError: AWS does not know the source profile's access key.
type InvalidKeyError struct {
	Profile, File string
	Err           error
}

func (e *InvalidKeyError) Error() string {
	return fmt.Sprintf("AWS rejected the access key of profile %s (deleted, deactivated or mistyped): fix aws_access_key_id and aws_secret_access_key of [%s] in %s",
		e.Profile, e.Profile, e.File)
}
func (e *InvalidKeyError) Unwrap() error { return e.Err }
func (*InvalidKeyError) sentence()       {}

// RegionDisabledError: STS is not activated in the region for the account.
type RegionDisabledError struct {
	Region, Account, Target string
	Err                     error
}

func (e *RegionDisabledError) Error() string {
	acct := ""
	if e.Account != "" {
		acct = " for account " + e.Account
	}
	return fmt.Sprintf("STS is not activated in region %s%s: activate it in the IAM console (Account settings, Security Token Service endpoints) or set another region for target %s",
		e.Region, acct, e.Target)
}
func (e *RegionDisabledError) Unwrap() error { return e.Err }
func (*RegionDisabledError) sentence()       {}

// ThrottledError: AWS kept throttling after the SDK's retries.
type ThrottledError struct {
	Op, Target string
	Err        error
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("AWS is throttling STS %s calls for %s even after retries: wait a minute and try again", e.Op, e.Target)
}
func (e *ThrottledError) Unwrap() error { return e.Err }
func (*ThrottledError) sentence()       {}

// NetworkError: the STS endpoint did not answer.
type NetworkError struct {
	Op, Target, Endpoint string
	Err                  error
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("no answer from STS at %s (%s for %s): check your network, VPN or proxy and AWS_ENDPOINT_URL_STS, then try again", e.Endpoint, e.Op, e.Target)
}
func (e *NetworkError) Unwrap() error { return e.Err }
func (*NetworkError) sentence()       {}

// RoleDurationError: the role does not allow the duration asked for.
type RoleDurationError struct {
	Role, Target string
	Duration     time.Duration
	Origin       config.Origin
	Err          error
}

func (e *RoleDurationError) Error() string {
	return fmt.Sprintf("role %s does not allow sessions of %s: lower the duration of target %s%s or raise the role's maximum session duration",
		e.Role, english.Duration(e.Duration), e.Target, e.Origin.At())
}
func (e *RoleDurationError) Unwrap() error { return e.Err }
func (*RoleDurationError) sentence()       {}

// The errors of a target's configuration come from package plan, which
// decides durations and keys without the SDK.
type (
	DurationError = plan.DurationError
	SourceError   = plan.SourceError
	ChainError    = plan.ChainError
)

// CredentialsError: the SDK could not produce a profile's credentials.
type CredentialsError struct {
	Profile, Target, Hint string
	Err                   error
}

func (e *CredentialsError) Error() string {
	s := fmt.Sprintf("could not get the credentials of profile %s for %s: %s", e.Profile, e.Target, shortCause(e.Err))
	if e.Hint != "" {
		s += ": " + e.Hint
	}
	return s
}
func (e *CredentialsError) Unwrap() error { return e.Err }
func (*CredentialsError) sentence()       {}

// ProfileError: LoadDefaultConfig failed for a profile.
type ProfileError struct {
	Profile string
	Files   []string
	Err     error
}

func (e *ProfileError) Error() string {
	var nf sdkconfig.SharedConfigProfileNotExistError
	if errors.As(e.Err, &nf) {
		return fmt.Sprintf("AWS profile %s is not defined in %s: add [profile %s] there or fix the name", e.Profile, strings.Join(nf.Filename, " or "), e.Profile)
	}
	return fmt.Sprintf("could not load AWS profile %s: %s", e.Profile, shortCause(e.Err))
}
func (e *ProfileError) Unwrap() error { return e.Err }
func (*ProfileError) sentence()       {}

// STSError is any other answer from STS, reduced to its code and message.
type STSError struct {
	Op, Target, Code, Message string
	Err                       error
}

func (e *STSError) Error() string {
	msg := strings.TrimSpace(e.Message)
	if e.Code != "" {
		msg = e.Code + ": " + msg
	}
	return fmt.Sprintf("STS %s for %s failed: %s", e.Op, e.Target, msg)
}
func (e *STSError) Unwrap() error { return e.Err }
func (*STSError) sentence()       {}

var errNoCredentials = errors.New("the profile yields no credentials")

// apiCode and apiMessage read the AWS error code and message of err.
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func apiMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorMessage()
	}
	return ""
}

// invalidMFA reports AWS's answer to a wrong or reused MFA code.
func invalidMFA(err error) bool {
	msg := apiMessage(err)
	return strings.EqualFold(apiCode(err), "AccessDenied") &&
		strings.Contains(msg, "MultiFactorAuthentication failed") &&
		!strings.Contains(msg, "must provide both")
}

// staleCredentials reports an answer meaning the caller's temporary
// credentials are no longer good, so a cached copy should be dropped.
func staleCredentials(err error) bool {
	switch strings.ToLower(apiCode(err)) {
	case "expiredtoken", "expiredtokenexception", "invalidclienttokenid", "requestexpired":
		return true
	}
	return false
}

func throttled(code string) bool {
	switch strings.ToLower(code) {
	case "throttling", "throttlingexception", "requestlimitexceeded", "toomanyrequestsexception", "slowdown":
		return true
	}
	return false
}

// deniedCaller finds the caller in an AccessDenied message. It is compiled
// on first use: every switchrole run links this package, and start-up
// (credential-process, exec) should not pay for patterns only an error needs.
var deniedCaller = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`User: (\S+) is not authorized`) })

// assumeError turns an AssumeRole failure into its sentence.
func (e *Engine) assumeError(t *config.Target, caller *creds, region string, d time.Duration, err error) error {
	code := apiCode(err)
	switch {
	case strings.EqualFold(code, "AccessDenied") && !invalidMFA(err):
		who := caller.arn
		if m := deniedCaller().FindStringSubmatch(apiMessage(err)); m != nil {
			who = m[1]
		}
		if who == "" {
			who = "profile " + firstNonEmpty(caller.profile, caller.root)
		}
		return &AccessDeniedError{Caller: who, Role: t.RoleARN, Target: t.Name, ExternalID: t.ExternalID != "", Err: err}
	case strings.EqualFold(code, "ValidationError") && strings.Contains(apiMessage(err), "MaxSessionDuration"):
		return &RoleDurationError{Role: t.RoleARN, Target: t.Name, Duration: d, Origin: t.Origin, Err: err}
	}
	return e.stsError("AssumeRole", t, caller, region, err)
}

// sessionError turns a GetSessionToken failure into its sentence.
func (e *Engine) sessionError(src *config.Target, region string, err error) error {
	return e.stsError("GetSessionToken", src, &creds{profile: src.Profile, root: src.Name}, region, err)
}

// stsError handles the failures any STS call can meet.
func (e *Engine) stsError(op string, t *config.Target, caller *creds, region string, err error) error {
	if ownError(err) {
		return err
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("%s for %s: %w", op, t.Name, err)
	}
	code := apiCode(err)
	var rd *types.RegionDisabledException
	switch {
	case errors.As(err, &rd) || strings.EqualFold(code, "RegionDisabledException"):
		return &RegionDisabledError{Region: region, Account: firstNonEmpty(t.AccountID, accountInMessage(apiMessage(err))), Target: t.Name, Err: err}
	case throttled(code):
		return &ThrottledError{Op: op, Target: t.Name, Err: err}
	case (strings.EqualFold(code, "InvalidClientTokenId") || strings.EqualFold(code, "SignatureDoesNotMatch")) && caller != nil && !caller.temporary():
		return &InvalidKeyError{Profile: firstNonEmpty(caller.profile, "default"), File: credentialsFile(), Err: err}
	case code != "":
		return &STSError{Op: op, Target: t.Name, Code: code, Message: apiMessage(err), Err: err}
	}
	if ep, ok := networkEndpoint(err, region); ok {
		return &NetworkError{Op: op, Target: t.Name, Endpoint: ep, Err: err}
	}
	var de *smithy.DeserializationError
	if errors.As(err, &de) {
		return &STSError{Op: op, Target: t.Name, Err: err, Message: fmt.Sprintf(
			"the answer from %s was not an STS response; check AWS_ENDPOINT_URL_STS, endpoint_url or a proxy in between",
			stsEndpoint(region))}
	}
	return &STSError{Op: op, Target: t.Name, Message: shortCause(err), Err: err}
}

// credentialsError explains why a profile's own credentials failed.
func (e *Engine) credentialsError(src *config.Target, err error) error {
	if ownError(err) || errors.Is(err, context.Canceled) {
		return err
	}
	if invalidMFA(err) {
		return &MFAError{Target: src.Name, Serial: src.MFASerial, Tries: 1, Reason: apiMessage(err), Err: err}
	}
	if apiCode(err) != "" {
		return e.stsError("AssumeRole", src, nil, e.rules().RegionOf(src), err)
	}
	if ep, ok := networkEndpoint(err, e.rules().RegionOf(src)); ok {
		return &NetworkError{Op: "credentials", Target: src.Name, Endpoint: ep, Err: err}
	}
	hint := ""
	msg := err.Error()
	switch {
	case strings.Contains(msg, "SSO") || strings.Contains(msg, "sso"):
		hint = fmt.Sprintf("sign in again with `aws sso login --profile %s`", src.Profile)
	case strings.Contains(msg, "credential_process") || strings.Contains(msg, "process"):
		hint = "check the profile's credential_process command"
	case errors.Is(err, errNoCredentials) || strings.Contains(msg, "no EC2 IMDS") || strings.Contains(msg, "failed to refresh cached credentials"):
		hint = fmt.Sprintf("add aws_access_key_id and aws_secret_access_key for [%s] to %s or configure SSO", src.Profile, credentialsFile())
	}
	return &CredentialsError{Profile: firstNonEmpty(src.Profile, "default"), Target: src.Name, Hint: hint, Err: err}
}

func loadError(profile string, err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return &ProfileError{Profile: firstNonEmpty(profile, "default"), Err: err}
}

// networkEndpoint reports whether err is a transport failure (refused,
// unreachable, timed out) and names the endpoint that did not answer.
func networkEndpoint(err error, region string) (string, bool) {
	var se *smithyhttp.RequestSendError
	var ue *url.Error
	var ne net.Error
	if !errors.As(err, &se) && !errors.As(err, &ue) && !errors.As(err, &ne) && !errors.Is(err, context.DeadlineExceeded) {
		return "", false
	}
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			return u.Scheme + "://" + u.Host, true
		}
	}
	return stsEndpoint(region), true
}

// stsEndpoint is the STS endpoint the SDK talks to for region.
func stsEndpoint(region string) string {
	if ep := firstNonEmpty(os.Getenv("AWS_ENDPOINT_URL_STS"), os.Getenv("AWS_ENDPOINT_URL")); ep != "" {
		return ep
	}
	return "https://sts." + region + ".amazonaws.com"
}

// accountInMessage returns the first account id in msg: the first word
// (a run of ASCII letters, digits and underscores, like regexp's \b) that
// is exactly twelve digits; "" if there is none.
func accountInMessage(msg string) string {
	for i := 0; i < len(msg); {
		if !isWordByte(msg[i]) {
			i++
			continue
		}
		start, digits := i, true
		for ; i < len(msg) && isWordByte(msg[i]); i++ {
			digits = digits && '0' <= msg[i] && msg[i] <= '9'
		}
		if digits && i-start == 12 {
			return msg[start:i]
		}
	}
	return ""
}

func isWordByte(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

// credentialsFile is where long-term keys normally live.
func credentialsFile() string {
	if f := os.Getenv("AWS_SHARED_CREDENTIALS_FILE"); f != "" {
		return f
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "~/.aws/credentials"
	}
	return filepath.Join(home, ".aws", "credentials")
}

// shortCause is err's message without the SDK's "operation error …,"
// preamble and request ids, keeping the part a person can act on.
func shortCause(err error) string {
	if err == nil {
		return ""
	}
	if m := apiMessage(err); m != "" {
		return m
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, "api error "); i >= 0 {
		msg = msg[i+len("api error "):]
	}
	return strings.TrimSpace(msg)
}

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

// Error is every failure the engine explains to the user. Error() is one
// sentence saying what went wrong and what to do; Kind says which failure it
// is, so callers tell failures apart with errors.Is(err, ErrThrottled) and
// the like; Unwrap keeps the SDK's error for logs and errors.As.
type Error struct {
	// Kind is one of the Err* values below.
	Kind error
	// Err is the cause (the SDK's error), nil when there is none.
	Err error
	msg string
}

func (e *Error) Error() string { return e.msg }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is e's kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// The kinds of Error.
var (
	// ErrAccessDenied: the caller may not assume the role.
	ErrAccessDenied = errors.New("access denied")
	// ErrMFARejected: AWS rejected every MFA code offered.
	ErrMFARejected = errors.New("MFA code rejected")
	// ErrMFAUnavailable: a code is needed but nothing can ask for one.
	ErrMFAUnavailable = errors.New("no way to ask for an MFA code")
	// ErrMFAProcess: the mfa_process command did not give a code.
	ErrMFAProcess = errors.New("mfa_process failed")
	// ErrInvalidKey: AWS does not know the source profile's access key.
	ErrInvalidKey = errors.New("access key rejected")
	// ErrRegionDisabled: STS is not activated in the region.
	ErrRegionDisabled = errors.New("STS region disabled")
	// ErrThrottled: AWS kept throttling after the SDK's retries.
	ErrThrottled = errors.New("throttled")
	// ErrNoAnswer: an endpoint did not answer (refused, unreachable, timed out).
	ErrNoAnswer = errors.New("no answer")
	// ErrNotAWS: an endpoint answered with something that is not an AWS
	// answer (a proxy's page, a wrong URL's 404).
	ErrNotAWS = errors.New("not an AWS answer")
	// ErrRoleDuration: the role does not allow the duration asked for.
	ErrRoleDuration = errors.New("duration above the role's maximum")
	// ErrCredentials: the SDK could not produce a profile's credentials.
	ErrCredentials = errors.New("no credentials from profile")
	// ErrNoCredentials: the environment holds no AWS credentials at all.
	ErrNoCredentials = errors.New("no AWS credentials")
	// ErrProfile: the SDK could not load a profile.
	ErrProfile = errors.New("profile not loadable")
	// ErrBadCredentials: AWS answered with credentials that cannot be
	// used (already expired, or without a session token).
	ErrBadCredentials = errors.New("unusable credentials")
	// ErrSTS: any other answer from STS.
	ErrSTS = errors.New("STS failed")
	// ErrKeysMissing: a source hands its credentials to switchrole
	// (Target.KeysInKeyring), and the keyring holds no keys for it.
	ErrKeysMissing = errors.New("keys not in the keyring")
	// ErrNoMFASession: a target that is not assumed through its source's
	// day's MFA session, so there is no session to log in to or out of.
	ErrNoMFASession = errors.New("no MFA session for the target")
	// ErrSignIn: an SSO target's Identity Center sign-in is missing,
	// expired, revoked, or was not completed.
	ErrSignIn = errors.New("SSO sign-in needed")
	// ErrSSO: Identity Center refused or failed to give an SSO target's
	// credentials for another reason.
	ErrSSO = errors.New("SSO failed")
)

// SignInNeeded says that SSO session has no usable sign-in, and how to
// get one. expired is when the last one ran out (zero: there was none);
// reason, when set, says what went wrong instead.
func SignInNeeded(session string, expired time.Time, reason string) error {
	what := fmt.Sprintf("SSO session %q is not signed in", session)
	switch {
	case reason != "":
		what = fmt.Sprintf("SSO session %q: %s", session, reason)
	case !expired.IsZero():
		what = fmt.Sprintf("the sign-in to SSO session %q expired at %s", session, expired.UTC().Format("2006-01-02 15:04 UTC"))
	}
	return newError(ErrSignIn, nil, "%s; sign in with `switchrole sso login %s`", what, session)
}

// SSOFailed says that Identity Center did not give target's credentials;
// cause is the SDK's error, kept for errors.As and never shown whole.
func SSOFailed(target, what string, cause error) error {
	return newError(ErrSSO, cause, "IAM Identity Center gave no credentials for %s: %s", target, what)
}

// KeysMissing says that src's keys are neither in the files nor in where.
func KeysMissing(src, where string) error {
	return newError(ErrKeysMissing, nil, "the keys of %q are neither in ~/.aws/credentials nor in the %s, where switchrole looks for them because its profile has no credentials of its own or a credential_process that runs switchrole for it; add them with `switchrole keys add %s`", src, where, src)
}

// NoMFASession says that target asks for a code each time: there is no
// day's session to log in to; its source's is meant.
func NoMFASession(target string) error {
	return newError(ErrNoMFASession, nil, "%s is not assumed through a day's MFA session (it asks for a code each time); log in to its source instead", target)
}

func newError(kind, cause error, format string, args ...any) *Error {
	return &Error{Kind: kind, Err: cause, msg: fmt.Sprintf(format, args...)}
}

// ownError reports whether err is one of the engine's sentences, including
// the configuration errors package plan returns, so it is never
// re-classified on the way up a chain.
func ownError(err error) bool {
	var (
		own   *Error
		dur   *plan.DurationError
		src   *plan.SourceError
		chain *plan.ChainError
	)
	return errors.As(err, &own) || errors.As(err, &dur) || errors.As(err, &src) || errors.As(err, &chain)
}

func accessDeniedError(caller, role, target string, externalID bool, err error) error {
	conds := "its MFA condition"
	if externalID {
		conds = "its MFA and external id conditions"
	}
	return newError(ErrAccessDenied, err, "%s may not assume %s (target %s): check that the role's trust policy allows this caller (and %s) and that the caller has sts:AssumeRole permission on the role",
		caller, role, target, conds)
}

// mfaError: reason is AWS's last message (or the format note).
func mfaError(serial, target string, tries int, reason string, err error) error {
	why := ""
	if reason != "" {
		why = fmt.Sprintf(" (last answer: %s)", strings.TrimSpace(reason))
	}
	return newError(ErrMFARejected, err, "MFA code for %s was not accepted after %d tries%s: check that %s is your device and that its clock is right, then try again",
		target, tries, why, serial)
}

func mfaUnavailableError(serial, target string) error {
	return newError(ErrMFAUnavailable, nil, "target %s needs an MFA code for %s but there is no way to ask for it here: run switchrole in a terminal, pass the code with --mfa-code, or set mfa_process", target, serial)
}

// mfaProcessError names the target, not the command line (which may hold a
// TOTP seed, as in `oathtool --totp -b SEED`), and never the command's
// output beyond a masked stderr line. It keeps no cause: the command's
// *exec.ExitError would carry its exit status out as switchrole's.
func mfaProcessError(target, problem, stderr string) error {
	s := fmt.Sprintf("the mfa_process of %s %s", target, problem)
	if stderr != "" {
		s += ": " + stderr
	}
	return newError(ErrMFAProcess, nil, "%s: fix the command so it prints the current 6-digit code", s)
}

func invalidKeyError(profile, file string, err error) error {
	return newError(ErrInvalidKey, err, "AWS rejected the access key of profile %s (deleted, deactivated or mistyped): fix aws_access_key_id and aws_secret_access_key of [%s] in %s",
		profile, profile, file)
}

func regionDisabledError(region, account, target string, err error) error {
	acct := ""
	if account != "" {
		acct = " for account " + account
	}
	return newError(ErrRegionDisabled, err, "STS is not activated in region %s%s: activate it in the IAM console (Account settings, Security Token Service endpoints) or set another region for target %s",
		region, acct, target)
}

func throttledError(op, target string, err error) error {
	return newError(ErrThrottled, err, "AWS is throttling STS %s calls for %s even after retries: wait a minute and try again", op, target)
}

const networkAdvice = "check your network, VPN or proxy and AWS_ENDPOINT_URL_STS, then try again"

// networkError says which time-out ran out, if one did, and after how long.
func networkError(op, target, endpoint string, err error) error {
	var whole *callTimedOut
	var ue *url.Error
	switch {
	case errors.As(err, &whole):
		return newError(ErrNoAnswer, err, "STS at %s did not answer %s for %s within %s (the time-out for the whole call, retries included): %s",
			endpoint, op, target, english.Duration(whole.after), networkAdvice)
	case connectTimedOut(err):
		return newError(ErrNoAnswer, err, "could not connect to STS at %s within %s (the connect time-out) for %s for %s: %s",
			endpoint, english.Duration(ConnectTimeout), op, target, networkAdvice)
	case errors.As(err, &ue) && ue.Timeout():
		return newError(ErrNoAnswer, err, "STS at %s did not answer %s for %s within %s (the time-out for one request): %s",
			endpoint, op, target, english.Duration(DefaultCallTimeout), networkAdvice)
	}
	return newError(ErrNoAnswer, err, "no answer from STS at %s (%s for %s): %s", endpoint, op, target, networkAdvice)
}

// connectTimedOut reports that a connection (TCP or TLS) was not made
// within ConnectTimeout.
func connectTimedOut(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" && op.Timeout() {
		return true
	}
	return strings.Contains(err.Error(), "TLS handshake timeout")
}

func roleDurationError(role, target string, d time.Duration, origin config.Origin, err error) error {
	return newError(ErrRoleDuration, err, "role %s does not allow sessions of %s: lower the duration of target %s%s or raise the role's maximum session duration",
		role, english.Duration(d), target, origin.At())
}

func credentialsErrorOf(profile, target, hint string, err error) error {
	s := fmt.Sprintf("could not get the credentials of profile %s for %s: %s", profile, target, ShortCause(err))
	if hint != "" {
		s += ": " + hint
	}
	return newError(ErrCredentials, err, "%s", s)
}

func profileError(profile string, err error) error {
	var nf sdkconfig.SharedConfigProfileNotExistError
	if errors.As(err, &nf) {
		return newError(ErrProfile, err, "AWS profile %s is not defined in %s: add [profile %s] there or fix the name", profile, strings.Join(nf.Filename, " or "), profile)
	}
	return newError(ErrProfile, err, "could not load AWS profile %s: %s", profile, ShortCause(err))
}

// stsFailure is any other answer from STS, reduced to its code and message.
func stsFailure(op, target, code, message string, err error) error {
	msg := strings.TrimSpace(message)
	if code != "" {
		msg = code + ": " + msg
	}
	return newError(ErrSTS, err, "STS %s for %s failed: %s", op, target, msg)
}

var errProfileYieldsNothing = errors.New("the profile yields no credentials")

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
		return accessDeniedError(who, t.RoleARN, t.Name, t.ExternalID != "", err)
	case strings.EqualFold(code, "ValidationError") && strings.Contains(apiMessage(err), "MaxSessionDuration"):
		return roleDurationError(t.RoleARN, t.Name, d, t.Origin, err)
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
	if phrase, ok := foreignAnswer(err); ok {
		return newError(ErrNotAWS, err, "STS %s for %s failed: %s", op, t.Name, phrase)
	}
	code := apiCode(err)
	var rd *types.RegionDisabledException
	switch {
	case errors.As(err, &rd) || strings.EqualFold(code, "RegionDisabledException"):
		return regionDisabledError(region, firstNonEmpty(t.AccountID, accountInMessage(apiMessage(err))), t.Name, err)
	case throttled(code):
		return throttledError(op, t.Name, err)
	case (strings.EqualFold(code, "InvalidClientTokenId") || strings.EqualFold(code, "SignatureDoesNotMatch")) && caller != nil && !caller.temporary():
		return invalidKeyError(firstNonEmpty(caller.profile, "default"), credentialsFile(), err)
	case code != "":
		return stsFailure(op, t.Name, code, apiMessage(err), err)
	}
	if ep, ok := networkEndpoint(err, region); ok {
		return networkError(op, t.Name, ep, err)
	}
	return stsFailure(op, t.Name, "", ShortCause(err), err)
}

// credentialsError explains why a profile's own credentials failed.
func (e *Engine) credentialsError(src *config.Target, err error) error {
	if ownError(err) || errors.Is(err, context.Canceled) {
		return err
	}
	if phrase, ok := foreignAnswer(err); ok {
		return newError(ErrNotAWS, err, "could not get the credentials of profile %s for %s: %s", firstNonEmpty(src.Profile, "default"), src.Name, phrase)
	}
	if invalidMFA(err) {
		return mfaError(src.MFASerial, src.Name, 1, apiMessage(err), err)
	}
	if apiCode(err) != "" {
		return e.stsError("AssumeRole", src, nil, e.rules().RegionOf(src), err)
	}
	if ep, ok := networkEndpoint(err, e.rules().RegionOf(src)); ok {
		return networkError("credentials", src.Name, ep, err)
	}
	hint := ""
	msg := err.Error()
	switch {
	case strings.Contains(msg, "SSO") || strings.Contains(msg, "sso"):
		hint = fmt.Sprintf("sign in again with `aws sso login --profile %s`", src.Profile)
	case strings.Contains(msg, "credential_process") || strings.Contains(msg, "process"):
		hint = "check the profile's credential_process command"
	case errors.Is(err, errProfileYieldsNothing) || strings.Contains(msg, "no EC2 IMDS") || strings.Contains(msg, "failed to refresh cached credentials"):
		hint = fmt.Sprintf("add aws_access_key_id and aws_secret_access_key for [%s] to %s or configure SSO", src.Profile, credentialsFile())
	}
	return credentialsErrorOf(firstNonEmpty(src.Profile, "default"), src.Name, hint, err)
}

func loadError(profile string, err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return profileError(firstNonEmpty(profile, "default"), err)
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

// ShortCause is err's message without the SDK's "operation error …,"
// preamble and request ids, keeping the part a person can act on.
func ShortCause(err error) string {
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

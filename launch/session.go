package launch

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/switchrole/switchrole/config"
)

// Session is what a launch needs: temporary credentials plus who they belong
// to. It is a plain value so that every output (environment, export lines,
// credential_process JSON, banner) is derived from the same facts.
type Session struct {
	// Target is the name the user picked (e.g. "prod/admin").
	Target string
	// Account is the account's display name and AccountID its 12-digit id;
	// either may be "" when unknown.
	Account   string
	AccountID string
	// Region is the target's region, "" when none is configured.
	Region string
	// Credentials are the session's keys. CanExpire and Expires drive the
	// expiration variables; Credentials.AccountID, when set, wins over
	// AccountID because it comes from STS itself.
	Credentials Credentials
	// Extra holds additional variables to set (e.g. AWS_ENDPOINT_URL_STS for
	// the demo). They cannot replace a variable this package manages.
	Extra map[string]string
	// Server, when set, points the child at a local credential server
	// instead of handing it keys: the environment then holds the server's
	// address and token and no AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or
	// AWS_SESSION_TOKEN (SDKs prefer those to the server, and they would
	// expire). Credentials then carry no keys; their Expires, when set, is
	// when the server can no longer renew them (the day's MFA session
	// ends).
	Server *CredentialServer
}

// CredentialServer is where a child gets renewing credentials from, in the
// AWS container-credentials protocol (see package credserver).
type CredentialServer struct {
	// URI is AWS_CONTAINER_CREDENTIALS_FULL_URI, Token
	// AWS_CONTAINER_AUTHORIZATION_TOKEN.
	URI, Token string
}

// NewSession is the session of target t with credentials c, working in
// region: what the CLI and the fast front both launch with.
func NewSession(t *config.Target, c Credentials, region string) Session {
	return Session{
		Target:      t.Name,
		Account:     t.Account,
		AccountID:   cmp.Or(t.AccountID, c.AccountID),
		Region:      region,
		Credentials: c,
	}
}

// Credentials are a session's keys. The fields are those of aws-sdk-go-v2's
// aws.Credentials that an output uses, so the engine converts with one
// literal; launch itself does not import the SDK, because the fast front
// (cmd/switchrole) links it and must start in a few milliseconds.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	// SessionToken is "" for long-term keys.
	SessionToken string
	// CanExpire and Expires say when the keys stop working.
	CanExpire bool
	Expires   time.Time
	// AccountID is the account STS issued the keys in, "" when unknown.
	AccountID string
}

// Names of the variables a session sets. They are exported so that the CLI
// and the UI can refer to them (e.g. a prompt reading SWITCHROLE_TARGET).
const (
	EnvAccessKeyID          = "AWS_ACCESS_KEY_ID"
	EnvSecretAccessKey      = "AWS_SECRET_ACCESS_KEY"
	EnvSessionToken         = "AWS_SESSION_TOKEN"
	EnvCredentialExpiration = "AWS_CREDENTIAL_EXPIRATION"
	EnvRegion               = "AWS_REGION"
	EnvDefaultRegion        = "AWS_DEFAULT_REGION"
	EnvAccountID            = "AWS_ACCOUNT_ID"
	// EnvContainerURI and EnvContainerToken point SDKs at a credential
	// server (Session.Server).
	EnvContainerURI   = "AWS_CONTAINER_CREDENTIALS_FULL_URI"
	EnvContainerToken = "AWS_CONTAINER_AUTHORIZATION_TOKEN"

	// EnvTarget names the session's target, for prompts. It is set by
	// shells, commands and exported environments alike.
	EnvTarget = "SWITCHROLE_TARGET"
	// EnvShell marks a switchrole shell (its value is the shell's target);
	// only ShellEnviron sets it, never `env` output, so CheckNesting can
	// tell a shell from variables exported into one.
	EnvShell = "SWITCHROLE_SHELL"
	// EnvAccount is the account's display name, else its id, for prompts.
	EnvAccount = "SWITCHROLE_ACCOUNT"
	// EnvAccountIDMarker is the 12-digit account id, when known.
	EnvAccountIDMarker = "SWITCHROLE_ACCOUNT_ID"
	// EnvExpiration is the session's expiry (RFC 3339, UTC) for prompts.
	EnvExpiration = "SWITCHROLE_EXPIRATION"

	// EnvAWSVault marks an aws-vault subshell.
	EnvAWSVault = "AWS_VAULT"
)

// clearedVars are removed from the environment before a session's variables
// are added: credentials, profile selectors and expiry hints that would
// otherwise compete with (or lie about) the session. AWS_ACCESS_KEY and
// AWS_SECRET_KEY are legacy names the Go SDK still reads; the AWS_CONTAINER_*
// variables would make SDKs fetch credentials from another endpoint.
var clearedVars = []string{
	EnvAccessKeyID, EnvSecretAccessKey, EnvSessionToken, "AWS_SECURITY_TOKEN",
	"AWS_CREDENTIAL_FILE", "AWS_DEFAULT_PROFILE", "AWS_PROFILE", "AWS_SDK_LOAD_CONFIG",
	"AWS_ACCESS_KEY", "AWS_SECRET_KEY", EnvAccountID,
	"AWS_SESSION_EXPIRATION", EnvCredentialExpiration,
	"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", EnvContainerURI,
	EnvContainerToken, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
	EnvRegion, EnvDefaultRegion,
	EnvTarget, EnvAccount, EnvAccountIDMarker, EnvExpiration,
}

// clearedPrefix names a family of variables that is removed whole from an
// environment (Environ can see them all; the export formats can only name the
// members listed in clearedVars).
const clearedPrefix = "AWS_CONTAINER_"

// managedVars are the variables Extra may not override.
var managedVars = append(slices.Clone(clearedVars), EnvAWSVault)

// envVar is one variable to set, kept in a slice so that output order is
// stable and readable (keys first, markers next, extras last).
type envVar struct {
	Key, Value string
}

// Validate reports, in one sentence, why a session cannot be launched: keys
// missing, or an Extra variable that is not a valid name or that would
// replace one switchrole manages. WriteEnv and WriteProcessJSON call it; the
// CLI should call it before Environ, which silently skips invalid extras.
func (s Session) Validate() error {
	switch {
	case s.Server != nil && (s.Server.URI == "" || s.Server.Token == ""):
		return fmt.Errorf("the credential server for %s has no address or token; nothing to launch", s.displayTarget())
	case s.Server == nil && (s.Credentials.AccessKeyID == "" || s.Credentials.SecretAccessKey == ""):
		return fmt.Errorf("the session for %s has no access key; nothing to launch", s.displayTarget())
	}
	for _, k := range slices.Sorted(maps.Keys(s.Extra)) {
		if err := checkExtra(k, s.Extra[k]); err != nil {
			return err
		}
	}
	for _, v := range s.vars() {
		if strings.ContainsRune(v.Value, 0) {
			return fmt.Errorf("variable %s contains a NUL byte, which no environment can hold", v.Key)
		}
	}
	return nil
}

func (s Session) displayTarget() string {
	if s.Target == "" {
		return "this target"
	}
	return fmt.Sprintf("%q", s.Target)
}

var errInvalidName = errors.New("not a valid variable name")

// checkExtra reports whether an Extra variable can be set: a portable shell
// name that switchrole does not manage itself.
func checkExtra(key, value string) error {
	if !validName(key) {
		return fmt.Errorf("extra variable %q: %w (use letters, digits and _, not starting with a digit)", key, errInvalidName)
	}
	if isManaged(key) {
		return fmt.Errorf("extra variable %s is managed by switchrole and cannot be overridden", key)
	}
	if strings.ContainsRune(value, 0) {
		return fmt.Errorf("extra variable %s contains a NUL byte, which no environment can hold", key)
	}
	return nil
}

func isManaged(key string) bool {
	k := foldKey(key)
	if strings.HasPrefix(k, clearedPrefix) {
		return true
	}
	return slices.ContainsFunc(managedVars, func(m string) bool { return foldKey(m) == k })
}

// validName reports whether key is a name every supported shell accepts.
func validName(key string) bool {
	if key == "" {
		return false
	}
	for i, r := range key {
		switch {
		case r == '_', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// accountID prefers the id STS returned with the credentials.
func (s Session) accountID() string {
	if s.Credentials.AccountID != "" {
		return s.Credentials.AccountID
	}
	return s.AccountID
}

// expiration is the RFC 3339 UTC form every output uses, "" when the
// credentials cannot expire.
func (s Session) expiration() string {
	if !s.Credentials.CanExpire || s.Credentials.Expires.IsZero() {
		return ""
	}
	return s.Credentials.Expires.UTC().Format(time.RFC3339)
}

// vars lists the variables the session sets, in output order. Invalid Extra
// entries are skipped (Validate reports them).
func (s Session) vars() []envVar {
	c := s.Credentials
	var vs []envVar
	exp := s.expiration()
	if s.Server != nil {
		vs = append(vs, envVar{EnvContainerURI, s.Server.URI}, envVar{EnvContainerToken, s.Server.Token})
	} else {
		vs = append(vs, envVar{EnvAccessKeyID, c.AccessKeyID}, envVar{EnvSecretAccessKey, c.SecretAccessKey})
		if c.SessionToken != "" {
			vs = append(vs, envVar{EnvSessionToken, c.SessionToken})
		}
		if exp != "" {
			vs = append(vs, envVar{EnvCredentialExpiration, exp})
		}
	}
	if s.Region != "" {
		vs = append(vs, envVar{EnvRegion, s.Region}, envVar{EnvDefaultRegion, s.Region})
	}
	id := s.accountID()
	if id != "" {
		vs = append(vs, envVar{EnvAccountID, id})
	}
	if s.Target != "" {
		vs = append(vs, envVar{EnvTarget, s.Target})
	}
	if account := cmp.Or(s.Account, id); account != "" {
		vs = append(vs, envVar{EnvAccount, account})
	}
	if id != "" {
		vs = append(vs, envVar{EnvAccountIDMarker, id})
	}
	if exp != "" {
		vs = append(vs, envVar{EnvExpiration, exp})
	}
	for _, k := range slices.Sorted(maps.Keys(s.Extra)) {
		if checkExtra(k, s.Extra[k]) == nil {
			vs = append(vs, envVar{k, s.Extra[k]})
		}
	}
	return vs
}

// unsetVars lists the cleared variables the session does not set again, in
// a stable order: what export formats emit as unset lines.
func (s Session) unsetVars() []string {
	set := make(map[string]bool)
	for _, v := range s.vars() {
		set[foldKey(v.Key)] = true
	}
	var out []string
	for _, k := range clearedVars {
		if !set[foldKey(k)] {
			out = append(out, k)
		}
	}
	return out
}

package config

import (
	"fmt"
	"time"
)

// Kind says how a target is reached.
type Kind string

const (
	// KindRole is an IAM role assumed through a source (or another role).
	KindRole Kind = "role"
	// KindSource is a jump identity itself: an AWS profile with keys, SSO,
	// credential_process or credential_source.
	KindSource Kind = "source"
)

// Origin is the place in a file where a target, account or key was defined.
// Errors and `switchrole list --json` show it as FILE:LINE.
type Origin struct {
	File string
	Line int
}

// At is " at FILE:LINE", to end a sentence with, or "" when unknown.
func (o Origin) At() string {
	if o.File == "" {
		return ""
	}
	return " at " + o.String()
}

func (o Origin) String() string {
	if o.File == "" {
		return ""
	}
	if o.Line <= 0 {
		return o.File
	}
	return fmt.Sprintf("%s:%d", o.File, o.Line)
}

// Target is one thing the user can switch to. Targets come from the AWS shared
// config files and from switchrole's own TOML file, merged into one list.
//
// Every field that the credentials engine needs is resolved here, so the
// engine never re-reads configuration: a role target names its Source (the
// target whose credentials call AssumeRole), and a source target names the AWS
// Profile whose credentials the SDK loads.
type Target struct {
	// Name is unique across all targets: the profile name for targets from
	// ~/.aws/config, "account/role" for roles from the TOML file, the source
	// key for TOML sources.
	Name string
	Kind Kind

	// Account is the account's display name ("" when unknown), AccountID its
	// 12-digit id ("" when unknown, e.g. a keys-only source).
	Account   string
	AccountID string

	// Role is the role name without path (""for sources); RoleARN the full
	// ARN, partition and path included.
	Role    string
	RoleARN string

	// Source is the Name of the target whose credentials assume this role;
	// it may itself be a role (a chain). "" for sources, and for roles whose
	// base credentials come from credential_source (see CredentialSource).
	Source string

	// MFASerial is the effective MFA device (ARN or hardware serial): the
	// role's own mfa_serial, else the one of the source it is reached through.
	MFASerial string
	// MFAProcess is a shell command that prints a 6-digit code.
	MFAProcess string

	Region string
	// Color is "#rrggbb" or "".
	Color string
	// Tags are free-form labels (TOML tags and group); they take part in
	// fuzzy matching. Targets of one account may share the backing array:
	// treat it as read-only (appending is safe, it always copies).
	Tags []string
	// Group is the TOML account's group ("" when none); it is also in Tags.
	Group string

	// AssumeRole parameters (roles only). Duration 0 means the default (1h).
	ExternalID      string
	RoleSessionName string
	Duration        time.Duration

	// Profile is the AWS shared-config profile behind this target: for a
	// source, the profile whose credentials the SDK resolves; for a role
	// defined in ~/.aws/config, the profile name itself ("" for TOML roles).
	Profile string
	// SDKAssumesRole marks a source target whose profile has a role_arn and
	// its own base credentials (static keys, SSO, credential_process, web
	// identity, or source_profile naming itself): loading Profile with the
	// SDK already assumes RoleARN, so the engine must hand the SDK an MFA
	// token provider when MFASerial is set and must not assume RoleARN
	// again. RoleARN, AccountID, Role, ExternalID, RoleSessionName and
	// Duration describe that role. Such a target may be another role's
	// Source: the SDK, too, assumes this role first and chains from it.
	SDKAssumesRole bool

	// CredentialsID is a digest of which credentials Profile holds itself
	// (sources only): its access key id, credential_process, SSO account
	// and role. Cache keys include it, so new keys in ~/.aws/credentials
	// never reuse a session made with the old ones.
	CredentialsID string
	// KeysInKeyring: switchrole reads this source's long-term keys from the
	// OS keyring. Its profile has no credentials of its own (its keys moved
	// by `switchrole keys import`, or added with `keys add`), or its
	// credential_process is switchrole's own for this source (`keys import
	// --credential-process`), which switchrole must not run: it would call
	// switchrole again forever.
	KeysInKeyring bool
	// KeysInFile: the profile has static keys in the AWS files, which win
	// over any the keyring holds for it (`config check` notes the overlap).
	KeysInFile bool

	// CredentialSource is the profile's credential_source (Environment,
	// Ec2InstanceMetadata, EcsContainer) for a role with no source target.
	CredentialSource string

	// Session settings (sources only): whether to take an MFA session with
	// GetSessionToken first (default true) and how long it lasts (0: 12h).
	UseSessionToken bool
	SessionDuration time.Duration

	// FederationURL overrides the console federation endpoint (tests, demo).
	FederationURL string

	// Origin is where the defining section starts.
	Origin Origin

	// SSO targets are the roles of an IAM Identity Center listing (see
	// ssotargets.go): Kind source, AccountID and Role name the account and
	// permission-set role, Origin is the session's section. SSOSession is
	// the session that signs in ("" for every other target), SSOStartURL
	// and SSORegion its portal, SSOLegacy marks a legacy profile's session
	// (its token is cached under the start URL).
	SSOSession  string
	SSOStartURL string
	SSORegion   string
	SSOLegacy   bool
	// fromTOML marks a target defined in switchrole's TOML file (see From).
	fromTOML bool

	// Problem, when set, is why switchrole cannot use this target: a
	// mistake in its AWS profile, or in a profile its source chain goes
	// through. ~/.aws/config is shared with every AWS tool, so one broken
	// profile does not stop the others: the target is listed, marked,
	// and using it fails with this error (see Config.Problems).
	Problem *Error
}

// Where a target came from, as From says it and `list --json` shows it.
const (
	FromAWSConfig = "aws-config"
	FromTOML      = "toml"
	// FromSSO is followed by the session's name: "sso:corp".
	FromSSO = "sso:"
)

// From says which configuration defined the target: the AWS files, the
// TOML file, or an SSO session's listing ("sso:NAME").
func (t *Target) From() string {
	switch {
	case t.SSOSession != "":
		return FromSSO + t.SSOSession
	case t.fromTOML:
		return FromTOML
	}
	return FromAWSConfig
}

// IsSSO reports whether the target is a role of an SSO listing, whose
// credentials come from Identity Center's GetRoleCredentials.
func (t *Target) IsSSO() bool { return t.SSOSession != "" }

// IsRole reports whether the target is an IAM role.
func (t *Target) IsRole() bool { return t.Kind == KindRole }

// KeyringNames are the names a source's keys may be stored under in the
// keyring, in the order they are looked up: the target's name, then its
// profile's when that differs (`keys import` stores under the profile).
func (t *Target) KeyringNames() []string {
	if t.Profile != "" && t.Profile != t.Name {
		return []string{t.Name, t.Profile}
	}
	return []string{t.Name}
}

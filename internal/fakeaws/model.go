package fakeaws

import (
	"fmt"
	"strings"
	"time"
)

// User is an IAM user with long-term access keys: the identity every chain
// of temporary credentials starts from.
type User struct {
	// Name is the user name, e.g. "alice".
	Name string
	// AccountID is the 12-digit account that owns the user.
	AccountID string
	// AccessKeyID and SecretAccessKey are the user's long-term keys
	// (AKIA…). Signatures are not verified, but the id must be known.
	AccessKeyID     string
	SecretAccessKey string
	// MFA is the user's virtual or hardware MFA device, nil for none.
	MFA *MFADevice
	// Path is the IAM path, "/" when empty (e.g. "/engineering/").
	Path string
	// Partition is the ARN partition, "aws" when empty.
	Partition string
}

// ARN is the user's IAM ARN, as GetCallerIdentity reports it.
func (u User) ARN() string {
	return fmt.Sprintf("arn:%s:iam::%s:user%s%s", partitionOr(u.Partition), u.AccountID, pathOr(u.Path), u.Name)
}

// MFADevice is an MFA device attached to a user. Codes are RFC 6238 TOTP
// values of Secret (SHA1, 6 digits, 30-second steps), which is what virtual
// MFA apps compute from the QR code's seed.
type MFADevice struct {
	// Serial is the device's serial number as STS expects it: an ARN
	// arn:aws:iam::ACCT:mfa/NAME for virtual devices, or a hardware serial
	// such as GAHT12345678.
	Serial string
	// Secret is the TOTP seed (raw bytes, not base32).
	Secret []byte
}

// Role is an IAM role that callers may assume if its trust policy allows.
type Role struct {
	// ARN is arn:PARTITION:iam::ACCT:role[/PATH]/NAME.
	ARN string
	// MaxSessionDuration caps AssumeRole's DurationSeconds; 0 means the
	// AWS default of one hour. AWS allows 1h–12h.
	MaxSessionDuration time.Duration
	// Trust is the role's trust policy, reduced to what the fake models.
	Trust Trust
}

// Trust is the subset of a role trust policy that matters to a
// role-switching tool: who may assume, whether MFA must be present, and
// which external id must be passed.
type Trust struct {
	// Principals lists who may assume the role: a 12-digit account id (or
	// arn:aws:iam::ACCT:root), meaning any user or role of that account;
	// the ARN of an IAM user; the ARN of an IAM role (its sessions may
	// chain into this role); or "*" for any AWS principal.
	Principals []string
	// RequireMFA adds the condition aws:MultiFactorAuthPresent=true.
	RequireMFA bool
	// ExternalID, when set, must be passed as ExternalId.
	ExternalID string
}

var (
	accountIDPattern = lazyRegexp(`^[0-9]{12}$`)
	// roleARNPattern() splits arn:PART:iam::ACCT:role/PATH/NAME.
	roleARNPattern  = lazyRegexp(`^arn:([a-z-]+):iam::([0-9]{12}):role(/(?:[\x21-\x7e]+/)?)?([\w+=,.@-]{1,64})$`)
	userNamePattern = lazyRegexp(`^[\w+=,.@-]{1,64}$`)
	iamPathPattern  = lazyRegexp(`^/(?:[\x21-\x7e]*/)?$`)
)

// role is a validated Role with its parsed parts.
type role struct {
	Role
	partition, account, path, name, id string
}

func (u *User) validate() error {
	switch {
	case !userNamePattern().MatchString(u.Name):
		return fmt.Errorf("user %q: name must be 1–64 characters of letters, digits and +=,.@_-", u.Name)
	case !accountIDPattern().MatchString(u.AccountID):
		return fmt.Errorf("user %q: account id %q must be 12 digits", u.Name, u.AccountID)
	case len(u.AccessKeyID) < 16 || len(u.AccessKeyID) > 128:
		return fmt.Errorf("user %q: access key id must be 16–128 characters (AWS uses AKIA plus 16)", u.Name)
	case strings.HasPrefix(u.AccessKeyID, "ASIA"):
		return fmt.Errorf("user %q: access key id %s starts with ASIA, which AWS reserves for temporary credentials", u.Name, u.AccessKeyID)
	case u.SecretAccessKey == "":
		return fmt.Errorf("user %q: secret access key is empty", u.Name)
	case u.Path != "" && !iamPathPattern().MatchString(u.Path):
		return fmt.Errorf("user %q: path %q must start and end with /", u.Name, u.Path)
	}
	if u.MFA != nil {
		if !serialPattern().MatchString(u.MFA.Serial) || len(u.MFA.Serial) < 9 || len(u.MFA.Serial) > 256 {
			return fmt.Errorf("user %q: MFA serial %q must be an mfa ARN or a 9–256 character hardware serial", u.Name, u.MFA.Serial)
		}
		if len(u.MFA.Secret) == 0 {
			return fmt.Errorf("user %q: MFA device %s has no TOTP secret", u.Name, u.MFA.Serial)
		}
	}
	return nil
}

func parseRole(r Role) (*role, error) {
	m := roleARNPattern().FindStringSubmatch(r.ARN)
	if m == nil {
		return nil, fmt.Errorf("role %q: ARN must look like arn:aws:iam::123456789012:role/NAME", r.ARN)
	}
	if r.MaxSessionDuration == 0 {
		r.MaxSessionDuration = time.Hour
	}
	if r.MaxSessionDuration < time.Hour || r.MaxSessionDuration > 12*time.Hour {
		return nil, fmt.Errorf("role %s: MaxSessionDuration %s must be between 1h and 12h", r.ARN, r.MaxSessionDuration)
	}
	for _, p := range r.Trust.Principals {
		if p != "*" && !accountIDPattern().MatchString(p) && !strings.HasPrefix(p, "arn:") {
			return nil, fmt.Errorf("role %s: trust principal %q must be an account id, an ARN or *", r.ARN, p)
		}
	}
	if x := r.Trust.ExternalID; x != "" && (len(x) < 2 || len(x) > 1224 || !externalIDPattern().MatchString(x)) {
		return nil, fmt.Errorf("role %s: external id must be 2–1224 characters of letters, digits and +=,.@:/_-", r.ARN)
	}
	r.Trust.Principals = append([]string(nil), r.Trust.Principals...)
	path := m[3]
	if path == "" {
		path = "/"
	}
	return &role{Role: r, partition: m[1], account: m[2], path: path, name: m[4], id: stableID("AROA", r.ARN)}, nil
}

func partitionOr(p string) string {
	if p == "" {
		return "aws"
	}
	return p
}

func pathOr(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

package fakeaws

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// CredentialKind says which STS call issued temporary credentials, because
// AWS treats them differently: session-token credentials cannot sign in to
// the console, federation credentials can only call GetCallerIdentity, and
// chained role credentials are capped at one hour.
type CredentialKind string

const (
	// KindSession marks GetSessionToken credentials.
	KindSession CredentialKind = "session"
	// KindRole marks AssumeRole credentials.
	KindRole CredentialKind = "role"
	// KindFederation marks GetFederationToken credentials.
	KindFederation CredentialKind = "federation"
)

// IssuedCredential is the public, secret-free view of credentials the fake
// issued; see Server.Issued.
type IssuedCredential struct {
	AccessKeyID string
	Kind        CredentialKind
	// ARN is what GetCallerIdentity reports for these credentials.
	ARN     string
	Expires time.Time
	// MFAAuthenticated is true when MFA was presented when these (or the
	// credentials that obtained them) were issued.
	MFAAuthenticated bool
	// Chained is true for role credentials obtained with temporary
	// credentials (role chaining); the console refuses SessionDuration for them.
	Chained bool
	// SourceIdentity is the source identity carried by a role session.
	SourceIdentity string
	// Policy is the session policy passed to AssumeRole or
	// GetFederationToken, "" for none.
	Policy string
}

// issued is the fake's record of temporary credentials.
type issued struct {
	akid, secret, token string
	kind                CredentialKind
	expires             time.Time
	user                *User // the IAM user at the root of the chain
	mfa                 bool
	chained             bool
	role                *role
	sessionName         string
	fedName             string
	policy              string
	hasPolicy           bool
	sourceIdentity      string
}

func (c *issued) public() IssuedCredential {
	return IssuedCredential{
		AccessKeyID:      c.akid,
		Kind:             c.kind,
		ARN:              c.arn(),
		Expires:          c.expires,
		MFAAuthenticated: c.mfa,
		Chained:          c.chained,
		SourceIdentity:   c.sourceIdentity,
		Policy:           c.policy,
	}
}

// arn is the identity ARN these credentials act as.
func (c *issued) arn() string {
	switch c.kind {
	case KindRole:
		return fmt.Sprintf("arn:%s:sts::%s:assumed-role/%s/%s", c.role.partition, c.role.account, c.role.name, c.sessionName)
	case KindFederation:
		return fmt.Sprintf("arn:%s:sts::%s:federated-user/%s", partitionOr(c.user.Partition), c.user.AccountID, c.fedName)
	default:
		return c.user.ARN()
	}
}

// userID is GetCallerIdentity's UserId for these credentials.
func (c *issued) userID() string {
	switch c.kind {
	case KindRole:
		return c.role.id + ":" + c.sessionName
	case KindFederation:
		return c.user.AccountID + ":" + c.fedName
	default:
		return userID(c.user)
	}
}

func (c *issued) account() string {
	if c.kind == KindRole {
		return c.role.account
	}
	return c.user.AccountID
}

// consoleName is how the console names the identity, e.g.
// "assumed-role/Admin/alice" or "federated-user/bob".
func (c *issued) consoleName() string {
	a := c.arn()
	head, _, _ := strings.Cut(a, "/")
	if i := strings.LastIndex(head, ":"); i >= 0 {
		return a[i+1:]
	}
	return a
}

// caller is the authenticated principal of a request: an IAM user with
// long-term keys (cred == nil) or temporary credentials.
type caller struct {
	user *User
	cred *issued
}

func (c caller) temporary() bool { return c.cred != nil }

func (c caller) arn() string {
	if c.cred != nil {
		return c.cred.arn()
	}
	return c.user.ARN()
}

func (c caller) account() string {
	if c.cred != nil {
		return c.cred.account()
	}
	return c.user.AccountID
}

// principals are the trust-policy principals this caller matches: its
// account, its user ARN, or — for a role session — the role's ARN.
func (c caller) principals() []string {
	acct := c.account()
	part := partitionOr(c.user.Partition)
	if c.cred != nil && c.cred.kind == KindRole {
		part = c.cred.role.partition
	}
	p := []string{"*", acct, fmt.Sprintf("arn:%s:iam::%s:root", part, acct)}
	switch {
	case c.cred == nil || c.cred.kind == KindSession:
		p = append(p, c.user.ARN())
	case c.cred.kind == KindRole:
		p = append(p, c.cred.role.ARN, c.cred.arn())
	case c.cred.kind == KindFederation:
		p = append(p, c.cred.arn())
	}
	return p
}

// userID derives the stable AIDA… id of an IAM user.
func userID(u *User) string { return stableID("AIDA", u.ARN()) }

// stableID derives an AWS-looking unique id (prefix + 17 characters) from a
// name, so the same role or user always has the same id.
func stableID(prefix, name string) string {
	sum := sha256.Sum256([]byte(name))
	return prefix + base32.StdEncoding.EncodeToString(sum[:])[:17]
}

// newAccessKeyID returns a fresh temporary access key id, ASIA + 16.
func newAccessKeyID() string {
	return "ASIA" + base32.StdEncoding.EncodeToString(randomBytes(10))[:16]
}

// newSecret returns a 40-character secret access key like AWS's.
func newSecret() string {
	return base64.StdEncoding.EncodeToString(randomBytes(30))
}

// newSessionToken returns an opaque session token. Like AWS tokens it uses
// the standard base64 alphabet (+, / and =), which catches clients that
// forget to URL-encode it.
func newSessionToken() string {
	return "FwoGZXIvYXdzE" + base64.StdEncoding.EncodeToString(randomBytes(181))
}

// newRequestID returns a random UUID-shaped request id.
func newRequestID() string {
	b := randomBytes(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return b
}

package aws

import (
	"fmt"
	"os"
	"os/user"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/switchrole/switchrole/config"
)

// sessionName is the RoleSessionName for t: configured (engine override,
// target, engine default), else the IAM user name (from the MFA device ARN
// "…:mfa/NAME" or the caller's ARN), else the OS user. CloudTrail shows it,
// so a person's name beats an SDK default like "aws-go-sdk-1700000000".
func (e *Engine) sessionName(t *config.Target, caller *creds) string {
	if n := e.rules().ConfiguredSessionName(t); n != "" {
		return cleanSessionName(n)
	}
	if n := nameAfter(t.MFASerial, ":mfa/"); n != "" {
		return cleanSessionName(n)
	}
	if caller != nil {
		if n := nameOfPrincipal(caller.arn); n != "" {
			return cleanSessionName(n)
		}
	}
	if n := os.Getenv("USER"); n != "" {
		return cleanSessionName(n)
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return cleanSessionName(u.Username)
	}
	return "switchrole"
}

// cleanSessionName maps s onto STS's RoleSessionName rules: characters
// [\w+=,.@-], 2 to 64 of them.
func cleanSessionName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("_+=,.@-", r):
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	out := b.String()
	if len(out) > 64 {
		out = out[:64]
	}
	for len(out) < 2 {
		out += "-"
	}
	return out
}

// nameAfter returns the last path element after marker in s ("" if absent):
// "arn:aws:iam::1:mfa/path/alice" → "alice".
func nameAfter(s, marker string) string {
	i := strings.Index(s, marker)
	if i < 0 {
		return ""
	}
	rest := s[i+len(marker):]
	if j := strings.LastIndexByte(rest, '/'); j >= 0 {
		rest = rest[j+1:]
	}
	return rest
}

// nameOfPrincipal is the user name of an IAM user ARN or the session name of
// an assumed-role ARN, so chains keep the person's name.
func nameOfPrincipal(a string) string {
	if n := nameAfter(a, ":user/"); n != "" {
		return n
	}
	if i := strings.Index(a, ":assumed-role/"); i >= 0 {
		parts := strings.Split(a[i+len(":assumed-role/"):], "/")
		if len(parts) >= 2 {
			return parts[len(parts)-1]
		}
	}
	return ""
}

// accountOfARN returns the account field of an ARN ("" if not an ARN).
func accountOfARN(s string) string {
	a, err := arn.Parse(s)
	if err != nil {
		return ""
	}
	return a.AccountID
}

// userARNOfSerial guesses the IAM user behind a virtual MFA device named
// after its user (the console's default): arn:…:mfa/alice → arn:…:user/alice.
func userARNOfSerial(serial string) string {
	a, err := arn.Parse(serial)
	if err != nil || !strings.HasPrefix(a.Resource, "mfa/") {
		return ""
	}
	a.Resource = "user/" + nameAfter(serial, ":mfa/")
	return a.String()
}

// assumedRoleARN builds the ARN STS gives a role session, for roles the SDK
// assumed (its provider does not return it).
func assumedRoleARN(roleARN, account, session string) string {
	a, err := arn.Parse(roleARN)
	if err != nil {
		return ""
	}
	if account == "" {
		account = a.AccountID
	}
	name := a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]
	return fmt.Sprintf("arn:%s:sts::%s:assumed-role/%s/%s", a.Partition, account, name, session)
}

func envSessionToken() string { return os.Getenv("AWS_SESSION_TOKEN") }

package config

import (
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// The validators below are hand-written byte loops rather than regular
// expressions: Load runs them for every one of up to 100,000 targets, and a
// loop over a short string costs nanoseconds where a regexp costs a
// microsecond. Each one follows the IAM or STS limit named in its comment.

// Duration limits AWS enforces; Load checks them up front so the user hears
// about a typo when switching roles is not yet urgent.
const (
	MinRoleDuration    = 15 * time.Minute
	MaxRoleDuration    = 12 * time.Hour
	MinSessionDuration = 15 * time.Minute
	MaxSessionDuration = 36 * time.Hour
	MaxRefreshWindow   = time.Hour
)

// isWordByte reports whether c is in \w (ASCII letters, digits, underscore).
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// hasControl reports whether s holds a control character (C0, DEL or C1)
// or a bidirectional override (U+202A-U+202E, U+2066-U+2069). Names are
// printed to terminals, where the first could move the cursor, recolour the
// screen or hide what is written, and the second show a name reversed; tags
// and groups are held to the same rule.
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return true
		}
	}
	return false
}

// controlHint ends the message about a value that hasControl refuses.
const controlHint = " holds control or text-direction characters, which could rewrite what your terminal shows; remove them"

// allBytes reports whether s is between min and max bytes long and every byte
// is a word byte or one of extra.
func allBytes(s string, min, max int, extra string) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isWordByte(c) && strings.IndexByte(extra, c) < 0 {
			return false
		}
	}
	return true
}

// validOrgID reports whether s is an AWS Organization id: o- and 10 to 32
// lower-case letters or digits.
func validOrgID(s string) bool {
	rest, ok := strings.CutPrefix(s, "o-")
	if !ok || len(rest) < 10 || len(rest) > 32 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if (rest[i] < 'a' || rest[i] > 'z') && (rest[i] < '0' || rest[i] > '9') {
			return false
		}
	}
	return true
}

// validAccountID: exactly 12 ASCII digits.
func validAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validRoleName: IAM role names are [\w+=,.@-]{1,64}.
func validRoleName(s string) bool { return allBytes(s, 1, 64, "+=,.@-") }

// validIAMPath: "/" or "/segment/.../" with printable ASCII (IAM allows
// \u0021-\u007E), at most 512 characters.
func validIAMPath(s string) bool {
	if len(s) == 0 || len(s) > 512 || s[0] != '/' || s[len(s)-1] != '/' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return !strings.Contains(s, "//")
}

// validExternalID: STS ExternalId is [\w+=,.@:\/-]{2,1224}.
func validExternalID(s string) bool { return allBytes(s, 2, 1224, "+=,.@:/-") }

// validSessionName: STS RoleSessionName is [\w+=,.@-]{2,64}.
func validSessionName(s string) bool { return allBytes(s, 2, 64, "+=,.@-") }

// validPartition: the partitions whose IAM ARNs switchrole can assume into.
func validPartition(p string) bool { return p == "aws" || p == "aws-cn" || p == "aws-us-gov" }

// validMFASerial: either a virtual device ARN arn:PARTITION:iam::ACCOUNT:mfa/NAME
// or a hardware token serial ([\w+=/:,.@-]{9,256}, the STS SerialNumber
// limit).
func validMFASerial(s string) bool {
	if strings.HasPrefix(s, "arn:") {
		a, err := arn.Parse(s)
		if err != nil || !validPartition(a.Partition) || a.Service != "iam" || a.Region != "" || !validAccountID(a.AccountID) {
			return false
		}
		name, ok := strings.CutPrefix(a.Resource, "mfa/")
		return ok && allBytes(name, 1, 256, "+=,.@-/") && name[0] != '/' && name[len(name)-1] != '/'
	}
	return allBytes(s, 9, 256, "+=/:,.@-")
}

// ValidRegion accepts region-shaped names: two lower-case letters, one or
// more -word parts, and a trailing -number (eu-west-1, us-gov-west-1,
// cn-north-1, ap-southeast-4), at most 32 bytes. New regions need no
// release of switchrole.
func ValidRegion(s string) bool {
	if len(s) < 6 || len(s) > 32 {
		return false
	}
	if !isLower(s[0]) || !isLower(s[1]) || s[2] != '-' {
		return false
	}
	// Lower-case words, then the number after the last '-'.
	rest := s[3:]
	dash := strings.LastIndexByte(rest, '-')
	if dash <= 0 || dash == len(rest)-1 || rest[dash-1] == '-' {
		return false
	}
	for i := 0; i < dash; i++ {
		if c := rest[i]; c == '-' && (i == 0 || rest[i-1] == '-') || c != '-' && !isLower(c) {
			return false
		}
	}
	for i := dash + 1; i < len(rest); i++ {
		if rest[i] < '0' || rest[i] > '9' {
			return false
		}
	}
	return true
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

// partitionForRegion maps a region to its partition, for building role ARNs
// from an account id and a role name.
func partitionForRegion(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// roleARN builds arn:PARTITION:iam::ACCOUNT:role/PATH/NAME without fmt (it
// runs once per target). path is "" or "/.../".
func roleARN(partition, account, path, name string) string {
	var b strings.Builder
	writeRoleARN(&b, partition, account, path, name)
	return b.String()
}

// writeRoleARN appends the role ARN to b.
func writeRoleARN(b *strings.Builder, partition, account, path, name string) {
	if path == "" {
		path = "/"
	}
	b.Grow(len(partition) + len(account) + len(path) + len(name) + 15)
	b.WriteString("arn:")
	b.WriteString(partition)
	b.WriteString(":iam::")
	b.WriteString(account)
	b.WriteString(":role")
	b.WriteString(path)
	b.WriteString(name)
}

// parsedRole is a role ARN taken apart.
type parsedRole struct {
	Partition, AccountID, Path, Name string
}

// parseRoleARN checks that s is an IAM role ARN in a supported partition and
// returns its parts, or a sentence saying what is wrong.
func parseRoleARN(s string) (parsedRole, string) {
	a, ok := splitARN(s)
	if !ok {
		return parsedRole{}, "is not an ARN (expected arn:aws:iam::123456789012:role/NAME)"
	}
	if !validPartition(a.Partition) {
		return parsedRole{}, "has partition " + quote(a.Partition) + ", expected aws, aws-cn or aws-us-gov"
	}
	if a.Service != "iam" || a.Region != "" {
		return parsedRole{}, "is not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)"
	}
	if !validAccountID(a.AccountID) {
		return parsedRole{}, "has account id " + quote(a.AccountID) + ", which is not 12 digits"
	}
	rest, ok := strings.CutPrefix(a.Resource, "role/")
	if !ok {
		return parsedRole{}, "is not an IAM role ARN: the resource must start with role/"
	}
	path, name := "/", rest
	if i := strings.LastIndexByte(rest, '/'); i >= 0 {
		path, name = "/"+rest[:i+1], rest[i+1:]
	}
	if !validRoleName(name) {
		return parsedRole{}, "has role name " + quote(name) + ", which is not 1-64 of letters, digits and +=,.@_-"
	}
	if !validIAMPath(path) {
		return parsedRole{}, "has an invalid role path " + quote(path)
	}
	return parsedRole{Partition: a.Partition, AccountID: a.AccountID, Path: path, Name: name}, ""
}

// splitARN splits an ARN into its parts as arn.Parse does, without the
// allocation of its strings.SplitN: Load parses one per role profile.
func splitARN(s string) (a arn.ARN, ok bool) {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return a, false
	}
	var parts [4]string
	for i := range parts {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return a, false
		}
		parts[i], rest = rest[:j], rest[j+1:]
	}
	return arn.ARN{Partition: parts[0], Service: parts[1], Region: parts[2], AccountID: parts[3], Resource: rest}, true
}

// RoleNameProblem says what is wrong with a role given by name, as in a
// roles list or discover's --role ("Admin", "team/Admin"): one sentence,
// or "" when it names a role. Flags and the TOML file check with it, so
// that a role a flag accepts is one the file accepts.
func RoleNameProblem(s string) string {
	if strings.HasPrefix(s, "arn:") {
		return "roles take names such as \"Admin\" or \"team/Admin\", not ARNs; the account id comes from the account's id"
	}
	msg, _ := roleProblem(splitRolePath(s))
	return msg
}

// roleProblem says what is wrong with a role's IAM path and name, as
// RoleNameProblem and a roles list's table entries say it, or "" when
// nothing is; inPath is whether the path is at fault.
func roleProblem(path, name string) (msg string, inPath bool) {
	if !validRoleName(name) {
		return "role name " + quote(name) + " must be 1-64 letters, digits or +=,.@_- (a path goes before a /, as in \"team/Admin\")", false
	}
	if !validIAMPath(path) {
		return "role path " + quote(path) + " must look like /team/ (printable characters, no //)", true
	}
	return "", false
}

// splitRolePath splits "team/ci/Deploy" or "/team/ci/Deploy" into the IAM path
// "/team/ci/" and the name "Deploy"; a bare name has path "/".
func splitRolePath(s string) (path, name string) {
	s = strings.TrimPrefix(s, "/")
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		return "/", s
	}
	return "/" + s[:i+1], s[i+1:]
}

// normalizePath turns "ci", "/ci", "ci/" or "/ci/" into "/ci/" so users need
// not remember IAM's slash rules; "" stays "".
func normalizePath(p string) string {
	if p == "" || p == "/" {
		return p
	}
	if p[0] != '/' {
		p = "/" + p
	}
	if p[len(p)-1] != '/' {
		p += "/"
	}
	return p
}

// parseDuration accepts Go durations ("1h", "90m", "1h30m") and, for people
// used to duration_seconds, a bare number of seconds ("3600").
func parseDuration(s string) (time.Duration, bool) {
	if s == "" {
		return 0, false
	}
	if n, ok := atoiSmall(s); ok {
		return time.Duration(n) * time.Second, true
	}
	d, err := time.ParseDuration(s)
	return d, err == nil
}

// atoiSmall parses a non-negative decimal of at most 9 digits.
func atoiSmall(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// quote is strconv.Quote for short user values in messages, capped so a huge
// value cannot flood the terminal.
func quote(s string) string {
	const max = 80
	if len(s) > max {
		s = s[:max] + "…"
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == 0xfffd || hasControl(string(r)):
			b.WriteString("?")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

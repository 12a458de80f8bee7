package config

// This file holds what the AWS shared config and credentials files are read
// into: sections of flat records, the keys switchrole reads as fields (by
// awsKey) and every other key in a side list, which "did you mean" and the
// SDK-agreement tests read. The parser is the line pass (awsini_lines.go),
// which applies the rules of the AWS SDK for Go v2 (config/internal/ini,
// which cannot be imported) in one reading of the file.
//
// gopkg.in/ini.v1 is not used: no ini.v1 option reads these files as the SDK
// does (TestINIV1DivergesFromSDK shows each rule on a raw file), and a
// profile read differently from the SDK could assume the wrong role.
// TestSDKAgreement, FuzzAWSConfig and FuzzParseINI check the reading against
// the SDK.

// awsKey is a key of a profile section that switchrole reads.
type awsKey uint8

// The keys switchrole reads, in no particular order.
const (
	keyRoleARN awsKey = iota
	keySourceProfile
	keyCredentialSource
	keyExternalID
	keyMFASerial
	keySessionName
	keyDuration
	keyRegion
	keyProcess
	keyWebIdentity
	keyAccessKeyID
	keySecretKey
	keySessionToken
	keySSOSession
	keySSOAccountID
	keySSORoleName
	keySSOStartURL
	keySSORegion
	keyLoginSession
	// aws-extend-switch-roles (AESR) keys.
	keyAccountID
	keyRoleName
	keyColor
	numAWSKeys
)

// awsKeyNames are the keys as the files spell them (lower case: the SDK
// lower-cases keys).
var awsKeyNames = [numAWSKeys]string{
	keyRoleARN:          "role_arn",
	keySourceProfile:    "source_profile",
	keyCredentialSource: "credential_source",
	keyExternalID:       "external_id",
	keyMFASerial:        "mfa_serial",
	keySessionName:      "role_session_name",
	keyDuration:         "duration_seconds",
	keyRegion:           "region",
	keyProcess:          "credential_process",
	keyWebIdentity:      "web_identity_token_file",
	keyAccessKeyID:      "aws_access_key_id",
	keySecretKey:        "aws_secret_access_key",
	keySessionToken:     "aws_session_token",
	keySSOSession:       "sso_session",
	keySSOAccountID:     "sso_account_id",
	keySSORoleName:      "sso_role_name",
	keySSOStartURL:      "sso_start_url",
	keySSORegion:        "sso_region",
	keyLoginSession:     "login_session",
	keyAccountID:        "aws_account_id",
	keyRoleName:         "role_name",
	keyColor:            "color",
}

func (k awsKey) String() string { return awsKeyNames[k] }

// awsKeyOf finds a key switchrole reads by its lower-case name (a switch:
// cheaper than hashing, once per key of a 60,000-line file).
func awsKeyOf(name string) (awsKey, bool) {
	switch name {
	case "role_arn":
		return keyRoleARN, true
	case "source_profile":
		return keySourceProfile, true
	case "credential_source":
		return keyCredentialSource, true
	case "external_id":
		return keyExternalID, true
	case "mfa_serial":
		return keyMFASerial, true
	case "role_session_name":
		return keySessionName, true
	case "duration_seconds":
		return keyDuration, true
	case "region":
		return keyRegion, true
	case "credential_process":
		return keyProcess, true
	case "web_identity_token_file":
		return keyWebIdentity, true
	case "aws_access_key_id":
		return keyAccessKeyID, true
	case "aws_secret_access_key":
		return keySecretKey, true
	case "aws_session_token":
		return keySessionToken, true
	case "sso_session":
		return keySSOSession, true
	case "sso_account_id":
		return keySSOAccountID, true
	case "sso_role_name":
		return keySSORoleName, true
	case "sso_start_url":
		return keySSOStartURL, true
	case "sso_region":
		return keySSORegion, true
	case "login_session":
		return keyLoginSession, true
	case "aws_account_id":
		return keyAccountID, true
	case "role_name":
		return keyRoleName, true
	case "color":
		return keyColor, true
	}
	return 0, false
}

// iniValue is one key's value and the line it was set on.
type iniValue struct {
	str    string
	line   int32
	nested bool // the value is a block of indented sub-keys
}

// iniKey is a key with its value, in a section's list of the keys
// switchrole does not read.
type iniKey struct {
	name string
	iniValue
}

// iniSection is one section, merged over repeated headers as the SDK does:
// a key set again takes the later value and line (and keeps its place).
// It is a flat record: the keys switchrole reads are found by awsKey, the
// others are a side list for "did you mean" and the SDK-agreement tests.
type iniSection struct {
	name string // "profile x", "default", "sso-session corp", "x" in credentials
	line int32  // line of the first header
	// known[k] is 1 + the place of awsKey k's value in vals (0: absent);
	// a section holds at most numAWSKeys of them.
	known [numAWSKeys]uint8
	vals  []iniValue
	// unread are the keys switchrole does not read (nil: none).
	unread *unreadKeys
	// profile is the AWS profile the section defines or adds to (see
	// buildAWSSet), nil for the others.
	profile *awsProfile
}

// unreadKeys are a section's keys that switchrole does not read, in order
// of first appearance; at finds one by name once there are many. Few
// sections have any: they cost a pointer in the others.
type unreadKeys struct {
	list []iniKey
	at   map[string]int32
}

// manyKeys is how many unread keys a section holds before it keeps a map
// of them: a scan is cheaper below it.
const manyKeys = 16

func (s *iniSection) get(k awsKey) string {
	if i := s.known[k]; i > 0 {
		return s.vals[i-1].str
	}
	return ""
}

func (s *iniSection) has(k awsKey) bool { return s.known[k] > 0 }

// at is the value of k and whether it is set.
func (s *iniSection) at(k awsKey) (iniValue, bool) {
	if i := s.known[k]; i > 0 {
		return s.vals[i-1], true
	}
	return iniValue{}, false
}

// numKeys is how many keys the section has.
func (s *iniSection) numKeys() int { return len(s.vals) + len(s.unknownKeys()) }

// value finds any key by its lower-case name.
func (s *iniSection) value(name string) (iniValue, bool) {
	if k, ok := awsKeyOf(name); ok {
		return s.at(k)
	}
	if i := s.findOther(name); i >= 0 {
		return s.unread.list[i].iniValue, true
	}
	return iniValue{}, false
}

// findOther is the place of key name in s.unread.list, or -1.
func (s *iniSection) findOther(name string) int {
	u := s.unread
	switch {
	case u == nil:
		return -1
	case u.at != nil:
		if i, ok := u.at[name]; ok {
			return int(i)
		}
		return -1
	}
	for i := range u.list {
		if u.list[i].name == name {
			return i
		}
	}
	return -1
}

// set records key name (lower case) with v, replacing an earlier value.
func (s *iniSection) set(name string, v iniValue) {
	if k, ok := awsKeyOf(name); ok {
		s.setKnown(k, v)
		return
	}
	if i := s.findOther(name); i >= 0 {
		s.unread.list[i].iniValue = v
		return
	}
	if s.unread == nil {
		s.unread = new(unreadKeys)
	}
	u := s.unread
	if u.at != nil {
		u.at[name] = int32(len(u.list))
	}
	u.list = append(u.list, iniKey{name: name, iniValue: v})
	if u.at == nil && len(u.list) > manyKeys {
		u.at = make(map[string]int32, 2*len(u.list))
		for j := range u.list {
			u.at[u.list[j].name] = int32(j)
		}
	}
}

// setKnown records key k with v, replacing an earlier value.
func (s *iniSection) setKnown(k awsKey, v iniValue) {
	if i := s.known[k]; i > 0 {
		s.vals[i-1] = v
		return
	}
	s.vals = append(s.vals, v)
	s.known[k] = uint8(len(s.vals))
}

// unknownKeys are the keys of s that switchrole does not read, for "did
// you mean" when a key it needs is missing.
func (s *iniSection) unknownKeys() []iniKey {
	if s.unread == nil {
		return nil
	}
	return s.unread.list
}

// iniFile is a parsed file: its sections in order of first appearance.
type iniFile struct {
	path     string
	sections []*iniSection
	byName   map[string]*iniSection
	// problems are lines the AWS SDK for Go cannot read at all (it
	// crashes on them). Load must report them: the SDK, and with it
	// switchrole's credentials engine, fails on the whole file.
	problems []*Error
	// malformed are lines that look like a section header but are none
	// ("[profile y" without "]"): the SDK ignores them and files the keys
	// below under the section above, which then means something its
	// author did not write. Each makes that section a problem.
	malformed []malformedLine
}

// malformedLine is a header-like line the SDK ignores, and the section it
// falls in (nil before the first section).
type malformedLine struct {
	line    int
	text    string
	section *iniSection
}

// parseINI parses data (already checked for size and encoding), which must
// not be written afterwards: the values are slices of it.
func parseINI(path string, data []byte) *iniFile {
	return runLinePass(path, data)
}

package sso

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/switchrole/switchrole/internal/atomicfile"
)

// Token is a cached sign-in, field for field the AWS CLI's token file.
// The secrets in it (AccessToken, RefreshToken, ClientSecret) are never
// formatted: Token has no String method and errors never include it.
type Token struct {
	StartURL              string
	Region                string
	AccessToken           string
	ExpiresAt             time.Time
	ClientID              string
	ClientSecret          string
	RegistrationExpiresAt time.Time
	RefreshToken          string
}

// Registration is a cached OIDC client registration, as the AWS CLI
// caches it.
type Registration struct {
	ClientID     string
	ClientSecret string
	ExpiresAt    time.Time
	Scopes       []string
	// GrantTypes are the grants the client was registered for; the CLI's
	// file has them for an authorization-code client only.
	GrantTypes []string
}

// Cache is the AWS CLI's SSO cache directory (~/.aws/sso/cache).
type Cache struct{ Dir string }

// DefaultCache is ~/.aws/sso/cache, where the AWS CLI and the SDKs look;
// $SWITCHROLE_SSO_TOKEN_CACHE replaces it (the demo keeps its sign-in out
// of the real one with it; the AWS CLI does not read it).
func DefaultCache() (Cache, error) {
	if dir := os.Getenv("SWITCHROLE_SSO_TOKEN_CACHE"); dir != "" {
		return Cache{Dir: dir}, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return Cache{}, fmt.Errorf("find the SSO token cache: %w", err)
	}
	return Cache{Dir: filepath.Join(home, ".aws", "sso", "cache")}, nil
}

// cliTime is the AWS CLI's timestamp format (strftime %Y-%m-%dT%H:%M:%SZ,
// UTC), which the Go SDK also reads (it requires RFC 3339).
const cliTime = "2006-01-02T15:04:05Z"

// parseCLITime reads the CLI's timestamps; older botocore wrote "UTC"
// instead of "Z", and some writers add fractions or offsets.
func parseCLITime(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true
	}
	if t, err := time.Parse("2006-01-02T15:04:05UTC", s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// TokenPath is the token file of session s.
func (c Cache) TokenPath(s Session) string { return filepath.Join(c.Dir, s.TokenFile()) }

// ReadToken reads the cached sign-in of s; found is false when there is
// none. A file that is not a token is an error naming it.
func (c Cache) ReadToken(s Session) (t Token, found bool, err error) {
	path := c.TokenPath(s)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Token{}, false, nil
	}
	if err != nil {
		return Token{}, false, fmt.Errorf("read SSO token cache: %w", err)
	}
	var raw struct {
		StartURL              string `json:"startUrl"`
		Region                string `json:"region"`
		AccessToken           string `json:"accessToken"`
		ExpiresAt             string `json:"expiresAt"`
		ClientID              string `json:"clientId"`
		ClientSecret          string `json:"clientSecret"`
		RegistrationExpiresAt string `json:"registrationExpiresAt"`
		RefreshToken          string `json:"refreshToken"`
	}
	if json.Unmarshal(data, &raw) != nil {
		return Token{}, false, &badTokenFile{path, "is not an SSO token file"}
	}
	exp, ok := parseCLITime(raw.ExpiresAt)
	if raw.AccessToken == "" || !ok {
		return Token{}, false, &badTokenFile{path, "has no access token or expiry"}
	}
	regExp, _ := parseCLITime(raw.RegistrationExpiresAt)
	return Token{StartURL: raw.StartURL, Region: raw.Region, AccessToken: raw.AccessToken, ExpiresAt: exp,
		ClientID: raw.ClientID, ClientSecret: raw.ClientSecret, RegistrationExpiresAt: regExp, RefreshToken: raw.RefreshToken}, true, nil
}

// badTokenFile is a token file that holds no sign-in switchrole can use.
// A new sign-in replaces it and a sign-out removes it, so it reaches the
// user as a missing sign-in (Signer.Token), not as a file to mend.
type badTokenFile struct{ path, what string }

func (e *badTokenFile) Error() string {
	return e.path + " " + e.what + "; delete it and sign in again"
}

// WriteToken writes the sign-in of s atomically, 0600 in a 0700
// directory, exactly as the AWS CLI writes it (key order, separators,
// timestamps).
func (c Cache) WriteToken(s Session, t Token) error {
	f := pyObject{}
	f.str("startUrl", t.StartURL)
	f.str("region", t.Region)
	f.str("accessToken", t.AccessToken)
	f.str("expiresAt", t.ExpiresAt.UTC().Format(cliTime))
	if t.ClientID != "" {
		f.str("clientId", t.ClientID)
		f.str("clientSecret", t.ClientSecret)
		f.str("registrationExpiresAt", t.RegistrationExpiresAt.UTC().Format(cliTime))
	}
	if t.RefreshToken != "" {
		f.str("refreshToken", t.RefreshToken)
	}
	return c.write(c.TokenPath(s), f.bytes())
}

// RemoveToken deletes the sign-in of s; a missing file is not an error.
func (c Cache) RemoveToken(s Session) error {
	if err := os.Remove(c.TokenPath(s)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove SSO token: %w", err)
	}
	return nil
}

// registrationKey is the AWS CLI's registration cache key: the SHA-1 of
// json.dumps({tool, startUrl, region, scopes, session_name},
// sort_keys=True) (botocore BaseSSOTokenFetcher._registration_cache_key),
// with scopes as configured (null when none). A legacy profile has no
// session name (null). Both flows share it: the file's grantTypes say
// which flow its client is for.
func registrationKey(s Session, scopes []string) string {
	f := pyObject{}
	f.str("region", s.Region)
	if len(scopes) == 0 {
		f.raw("scopes", "null")
	} else {
		f.raw("scopes", pyList(scopes))
	}
	if s.Legacy {
		f.raw("session_name", "null")
	} else {
		f.str("session_name", s.Name)
	}
	f.str("startUrl", s.StartURL)
	f.str("tool", "botocore")
	sum := sha1.Sum(f.bytes())
	return hex.EncodeToString(sum[:])
}

// pyList is a list of strings as Python's json.dumps writes it.
func pyList(list []string) string {
	parts := make([]string, len(list))
	for i, v := range list {
		parts[i] = pyString(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// registrationPath is the CLI's registration cache file for s, keyed by
// the configured scopes.
func (c Cache) registrationPath(s Session, scopes []string) string {
	return filepath.Join(c.Dir, registrationKey(s, scopes)+".json")
}

func (c Cache) readRegistration(s Session, scopes []string) (Registration, bool) {
	data, err := os.ReadFile(c.registrationPath(s, scopes))
	if err != nil {
		return Registration{}, false
	}
	var raw struct {
		ClientID     string   `json:"clientId"`
		ClientSecret string   `json:"clientSecret"`
		ExpiresAt    string   `json:"expiresAt"`
		Scopes       []string `json:"scopes"`
		GrantTypes   []string `json:"grantTypes"`
	}
	if json.Unmarshal(data, &raw) != nil || raw.ClientID == "" || raw.ClientSecret == "" {
		return Registration{}, false
	}
	exp, ok := parseCLITime(raw.ExpiresAt)
	if !ok {
		return Registration{}, false
	}
	return Registration{ClientID: raw.ClientID, ClientSecret: raw.ClientSecret, ExpiresAt: exp, Scopes: raw.Scopes, GrantTypes: raw.GrantTypes}, true
}

// writeRegistration writes r as the CLI does: its scopes when it has
// any, and grantTypes for an authorization-code client only (the CLI's
// device-flow registrations have none).
func (c Cache) writeRegistration(s Session, scopes []string, r Registration) error {
	f := pyObject{}
	f.str("clientId", r.ClientID)
	f.str("clientSecret", r.ClientSecret)
	f.str("expiresAt", r.ExpiresAt.UTC().Format(cliTime))
	if len(r.Scopes) > 0 {
		f.raw("scopes", pyList(r.Scopes))
	}
	if r.forAuthCode() {
		f.raw("grantTypes", pyList(r.GrantTypes))
	}
	return c.write(c.registrationPath(s, scopes), f.bytes())
}

// forAuthCode reports whether the client was registered for the
// authorization-code grant (the CLI's _is_registration_for_auth_code).
func (r Registration) forAuthCode() bool { return slices.Contains(r.GrantTypes, grantAuthCode) }

// write replaces path atomically with a 0600 file in a 0700 directory.
// The AWS CLI creates the directory with the umask's mode (usually 0755):
// it is narrowed, as it holds sign-ins.
func (c Cache) write(path string, data []byte) error {
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return fmt.Errorf("create SSO cache directory: %w", err)
	}
	if fi, err := os.Stat(c.Dir); err == nil && fi.Mode().Perm() != 0o700 {
		if err := os.Chmod(c.Dir, 0o700); err != nil {
			return fmt.Errorf("SSO cache directory %s has mode %v and cannot be restricted to 0700: %w", c.Dir, fi.Mode().Perm(), err)
		}
	}
	if err := atomicfile.Write(path, data, 0o600); err != nil {
		return fmt.Errorf("write SSO cache in %s: %w", c.Dir, err)
	}
	return nil
}

// pyObject writes a JSON object as Python's json.dumps does by default:
// keys in insertion order, ", " and ": " separators, non-ASCII escaped.
type pyObject struct {
	b bytes.Buffer
	n int
}

func (o *pyObject) raw(key, value string) {
	if o.n == 0 {
		o.b.WriteByte('{')
	} else {
		o.b.WriteString(", ")
	}
	o.n++
	o.b.WriteString(pyString(key))
	o.b.WriteString(": ")
	o.b.WriteString(value)
}

func (o *pyObject) str(key, value string) { o.raw(key, pyString(value)) }

func (o *pyObject) bytes() []byte {
	if o.n == 0 {
		return []byte("{}")
	}
	return append(o.b.Bytes(), '}')
}

// pyString quotes s as json.dumps does (ensure_ascii: every non-ASCII
// character as \uXXXX, surrogate pairs above the BMP; "/" unescaped).
func pyString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20 || (r >= 0x7f && r < 0x10000):
			fmt.Fprintf(&b, `\u%04x`, r)
		case r >= 0x10000:
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Package cache keeps temporary AWS sessions on disk so that one MFA prompt
// covers a working day and a warm `switchrole credential-process` answers in
// milliseconds.
//
// Entries live as one JSON file per key in a private directory (0700, files
// 0600), are written atomically (temp file, fsync, rename) and are guarded by a
// per-key advisory lock so that many processes asking for the same session at
// once make a single STS call. Anything the store cannot trust — a corrupt,
// truncated, foreign or unreadable file, a symbolic link, a FIFO, a
// directory — reads as "missing" without being followed or blocking, and is
// replaced on the next write. Long-term access keys are refused: only credentials with a
// session token are ever stored.
package cache

import (
	"errors"
	"time"
)

// FormatVersion is the on-disk format of an entry. Files with another version
// are treated as missing (and overwritten), so a downgrade or upgrade of
// switchrole never misreads a cache written by another release.
const FormatVersion = 1

// Kinds of cached credentials: what produced them. The picker and
// `switchrole clear` show them; the engine uses them to decide what the
// credentials may do (GetSessionToken credentials cannot open the console).
const (
	KindSession    = "session"    // sts:GetSessionToken (the MFA session of a source)
	KindRole       = "role"       // sts:AssumeRole
	KindFederation = "federation" // sts:GetFederationToken
	KindSSO        = "sso"        // IAM Identity Center role credentials
	KindProcess    = "process"    // credential_process output
)

// ErrLongTermKeys is returned when asked to store credentials without a
// session token: long-term IAM user keys must never land in a cache file.
var ErrLongTermKeys = errors.New("refusing to cache credentials without a session token (long-term keys are never cached)")

// Entry is one cached session. The JSON field names are the file format.
type Entry struct {
	// Version is FormatVersion; set by the store on write.
	Version int `json:"version"`
	// Key is the cache key the entry was stored under; a file whose Key does
	// not match the one asked for is foreign and ignored.
	Key string `json:"key"`

	// Kind is one of the Kind* constants.
	Kind string `json:"kind"`

	AccessKeyID     string    `json:"access_key_id"`
	SecretAccessKey string    `json:"secret_access_key"`
	SessionToken    string    `json:"session_token"`
	Expiration      time.Time `json:"expiration"`
	AccountID       string    `json:"account_id,omitempty"`

	// Arn is the principal the credentials act as: the assumed-role ARN for
	// roles, the IAM user ARN for sessions when known.
	Arn string `json:"arn,omitempty"`
	// MFA reports that the credentials were obtained with an MFA code (or
	// from credentials that were).
	MFA bool `json:"mfa,omitempty"`
	// Chained reports that AssumeRole was called with temporary credentials
	// (AWS then caps the role session at one hour and the console refuses a
	// SessionDuration).
	Chained bool `json:"chained,omitempty"`

	// Target is the name of the target these credentials are for, Source the
	// name of the source (jump identity) at the root of its chain. They let
	// `switchrole clear NAME` and the picker find entries without knowing keys.
	Target string `json:"target,omitempty"`
	Source string `json:"source,omitempty"`

	// Created is when the entry was written (by the store's clock).
	Created time.Time `json:"created"`
}

// Remaining is how long the credentials stay valid at now (negative once
// expired).
func (e Entry) Remaining(now time.Time) time.Duration {
	return e.Expiration.Sub(now)
}

// valid reports whether a decoded entry is complete enough to hand out.
func (e *Entry) valid(key string) bool {
	return e.Version == FormatVersion &&
		e.Key == key &&
		e.Kind != "" &&
		e.AccessKeyID != "" &&
		e.SecretAccessKey != "" &&
		e.SessionToken != "" &&
		!e.Expiration.IsZero()
}

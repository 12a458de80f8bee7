// Package listfile is the file format of an IAM Identity Center listing:
// the accounts and roles a sign-in gave when it was last listed, kept in
// $XDG_CACHE_HOME/switchrole/sso so that config can offer them as targets
// without calling the portal. It is the one reader and writer of those
// files, for package sso (which lists and writes) and package config
// (which reads). It imports nothing of the AWS SDK: the front, which answers
// `switchrole list`, must stay free of it.
//
// A listing holds no token: only account ids, names, e-mails and role names.
//
// The file is one line of JSON (start URL, region, when it was listed),
// then one line per role: account id, account name, e-mail and role name,
// separated by tabs. `switchrole list` reads it on every call, and 6,000
// roles decode ten times faster from lines than from JSON objects. AWS
// allows no tab or newline in any of the four; Write replaces one with a
// space all the same. A file of one JSON object with "assignments" (what
// switchrole wrote before) is read too.
package listfile

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/switchrole/switchrole/internal/atomicfile"
)

// Assignment is one role the signed-in user may take: an account of the
// portal and a permission-set role name in it.
type Assignment struct {
	AccountID   string `json:"account_id"`
	AccountName string `json:"account_name"`
	Email       string `json:"email,omitempty"`
	Role        string `json:"role"`
}

// Listing is a session's accounts and roles as last listed.
type Listing struct {
	StartURL    string       `json:"start_url"`
	Region      string       `json:"region"`
	Fetched     time.Time    `json:"fetched"`
	Assignments []Assignment `json:"assignments,omitempty"`
}

// DefaultMaxAge is how old a listing may get before the engine lists the
// session again by itself (`[defaults] sso_listing_max_age` changes it).
const DefaultMaxAge = 24 * time.Hour

// Cache is the directory of listings, one file per session, named like the
// session's token file in the AWS CLI's cache (FileName), 0600 in a 0700
// directory.
type Cache struct{ Dir string }

// DefaultCache is $XDG_CACHE_HOME/switchrole/sso (~/.cache/switchrole/sso).
func DefaultCache() (Cache, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return Cache{}, fmt.Errorf("find the cache directory: %w", err)
	}
	return Cache{Dir: filepath.Join(dir, "switchrole", "sso")}, nil
}

// FileName is the file of the session whose cache key (its name, or the
// start URL of a legacy profile) is key: the lower-case hex SHA-1 of the
// key and ".json", as the AWS CLI names its token files.
func FileName(key string) string {
	sum := sha1.Sum([]byte(key))
	return hex.EncodeToString(sum[:]) + ".json"
}

// Read returns the listing of the session with cache key key and start URL
// startURL; found is false when there is none, it is unreadable, or it
// belongs to another start URL (a listing is only ever a cache).
func (c Cache) Read(key, startURL string) (l Listing, found bool) {
	data, err := os.ReadFile(filepath.Join(c.Dir, FileName(key)))
	if err != nil {
		return Listing{}, false
	}
	return parse(data, startURL)
}

// parse reads a listing file (see the package comment).
func parse(data []byte, startURL string) (l Listing, ok bool) {
	header, rest, _ := bytes.Cut(data, []byte{'\n'})
	if json.Unmarshal(header, &l) != nil || l.StartURL != startURL {
		return Listing{}, false
	}
	if len(rest) == 0 {
		return l, true
	}
	// One string for every field: substrings share it, no copy each.
	text := string(rest)
	l.Assignments = make([]Assignment, 0, strings.Count(text, "\n")+1)
	for line := range strings.SplitSeq(text, "\n") {
		if line == "" {
			continue
		}
		id, line, ok1 := strings.Cut(line, "\t")
		name, line, ok2 := strings.Cut(line, "\t")
		email, role, ok3 := strings.Cut(line, "\t")
		if !ok1 || !ok2 || !ok3 {
			return Listing{}, false // not a listing switchrole wrote
		}
		l.Assignments = append(l.Assignments, Assignment{AccountID: id, AccountName: name, Email: email, Role: role})
	}
	return l, true
}

// Write replaces the listing of the session with cache key key atomically.
// Only a complete listing is ever written, so a failed refresh keeps the
// last good one.
func (c Cache) Write(key string, l Listing) error {
	as := l.Assignments
	l.Assignments = nil
	data, err := json.Marshal(l)
	if err != nil {
		return fmt.Errorf("encode the SSO listing: %w", err)
	}
	buf := bytes.NewBuffer(make([]byte, 0, len(data)+1+len(as)*64))
	buf.Write(data)
	buf.WriteByte('\n')
	for _, a := range as {
		for i, f := range [4]string{a.AccountID, a.AccountName, a.Email, a.Role} {
			if i > 0 {
				buf.WriteByte('\t')
			}
			buf.WriteString(oneField.Replace(f))
		}
		buf.WriteByte('\n')
	}
	data = buf.Bytes()
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return fmt.Errorf("create the SSO listing directory: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(c.Dir, FileName(key)), data, 0o600); err != nil {
		return fmt.Errorf("write the SSO listing in %s: %w", c.Dir, err)
	}
	_ = os.Remove(c.triedPath(key))
	return nil
}

// Tried records that the session with cache key key is being listed
// again now (in the background, by `switchrole sso sync --background`),
// so that the commands after it do not start another listing at once. A
// listing written later forgets it.
func (c Cache) Tried(key string) error {
	return c.mark(key, "")
}

// Failed records that listing the session with cache key key again has
// failed, and why (one sentence, no secret), for the next command to say
// once (TakeFailure). It counts as a try: none is made again at once
// (offline, each would fail the same way).
func (c Cache) Failed(key, why string) error {
	return c.mark(key, why)
}

func (c Cache) mark(key, why string) error {
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return err
	}
	return atomicfile.Write(c.triedPath(key), []byte(why), 0o600)
}

// LastTried is when listing the session again was last tried (zero: not
// since its listing was written).
func (c Cache) LastTried(key string) time.Time {
	fi, err := os.Lstat(c.triedPath(key))
	if err != nil || !fi.Mode().IsRegular() {
		return time.Time{}
	}
	return fi.ModTime()
}

// TakeFailure returns why the last try failed, once: the sentence is
// forgotten (the time of the try is kept). "" when there is none.
func (c Cache) TakeFailure(key string) string {
	path := c.triedPath(key)
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
		return ""
	}
	why, err := os.ReadFile(path)
	if err != nil || len(why) == 0 {
		return ""
	}
	if c.mark(key, "") != nil {
		return "" // said on every command rather than never
	}
	_ = os.Chtimes(path, fi.ModTime(), fi.ModTime())
	return string(why)
}

func (c Cache) triedPath(key string) string {
	return filepath.Join(c.Dir, strings.TrimSuffix(FileName(key), ".json")+".tried")
}

// oneField keeps a field on its line and in its column.
var oneField = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")

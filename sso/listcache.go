package sso

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Listing is a session's accounts and roles as last listed, kept so that
// config can offer them as targets without calling the portal each time.
// It holds no token: only account ids, names, e-mails and role names.
type Listing struct {
	StartURL    string       `json:"start_url"`
	Region      string       `json:"region"`
	Fetched     time.Time    `json:"fetched"`
	Assignments []Assignment `json:"assignments"`
}

// ListingCache keeps listings in $XDG_CACHE_HOME/switchrole/sso, one file
// per session (named like the token file), 0600 in a 0700 directory.
type ListingCache struct{ Dir string }

// DefaultListingCache is $XDG_CACHE_HOME/switchrole/sso (~/.cache/…).
func DefaultListingCache() (ListingCache, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ListingCache{}, fmt.Errorf("find the cache directory: %w", err)
	}
	return ListingCache{Dir: filepath.Join(dir, "switchrole", "sso")}, nil
}

// Read returns the cached listing of s; found is false when there is none
// or it is unreadable (a listing is only ever a cache).
func (c ListingCache) Read(s Session) (Listing, bool) {
	data, err := os.ReadFile(filepath.Join(c.Dir, s.TokenFile()))
	if err != nil {
		return Listing{}, false
	}
	var l Listing
	if json.Unmarshal(data, &l) != nil || l.StartURL != s.StartURL {
		return Listing{}, false
	}
	return l, true
}

// Write replaces the listing of s atomically. Only a complete listing is
// ever written, so a failed refresh keeps the last good one.
func (c ListingCache) Write(s Session, l Listing) error {
	data, err := json.Marshal(l)
	if err != nil {
		return fmt.Errorf("encode the SSO listing: %w", err)
	}
	return Cache{Dir: c.Dir}.write(filepath.Join(c.Dir, s.TokenFile()), data)
}

// Remove forgets the listing of s.
func (c ListingCache) Remove(s Session) error {
	if err := os.Remove(filepath.Join(c.Dir, s.TokenFile())); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

package sso

import (
	"github.com/switchrole/switchrole/sso/listfile"
)

// Listing is a session's accounts and roles as last listed (the file
// format is package listfile's, which config reads too).
type Listing = listfile.Listing

// Assignment is one role the signed-in user may take.
type Assignment = listfile.Assignment

// ListingCache keeps listings in $XDG_CACHE_HOME/switchrole/sso, one file
// per session, named like the session's token file.
type ListingCache struct{ Files listfile.Cache }

// DefaultListingCache is $XDG_CACHE_HOME/switchrole/sso (~/.cache/…).
func DefaultListingCache() (ListingCache, error) {
	c, err := listfile.DefaultCache()
	return ListingCache{Files: c}, err
}

// Read returns the cached listing of s; found is false when there is none
// or it is unreadable.
func (c ListingCache) Read(s Session) (Listing, bool) { return c.Files.Read(s.CacheKey(), s.StartURL) }

// Write replaces the listing of s atomically.
func (c ListingCache) Write(s Session, l Listing) error { return c.Files.Write(s.CacheKey(), l) }

// Remove forgets the listing of s.
func (c ListingCache) Remove(s Session) error { return c.Files.Remove(s.CacheKey()) }

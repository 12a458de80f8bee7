package sso

import (
	"github.com/switchrole/switchrole/sso/listfile"
)

// Listing is a session's accounts and roles as last listed (the file
// format is package listfile's, which config reads too).
type Listing = listfile.Listing

// Assignment is one role the signed-in user may take.
type Assignment = listfile.Assignment

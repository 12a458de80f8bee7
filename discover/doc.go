// Package discover learns accounts from AWS Organizations, for `switchrole
// discover org`: every ACTIVE account of the organization with its OU path
// and tags, rendered as switchrole's TOML [[accounts]] and merged into its
// config file.
//
// Listing (Lister) runs as the management account or a delegated
// administrator, through Organizations, an interface that copies the SDK
// client's method signatures. The account list comes page by page; OU names
// come top-down from the root (a handful of calls for the whole tree), each
// account's OU from the entity path ListAccounts gives (or
// ListAccountsForParent per OU where AWS sends no paths), and tags from one
// ListTagsForResource per account, concurrently under a request rate, with
// throttled calls retried. A permission missing for OUs or tags leaves those
// out with a Note; a missing ListAccounts is an error.
//
// Merge writes the result into the TOML file so that a later run finds its
// own entries again: each generated account carries
// discovered = "<organization id>", and only those are updated or pruned;
// every other byte of the file — the user's own accounts, comments and
// layout — is kept as it was, and so are the lines the user added to a
// generated account (keys discover does not write, comments).
package discover

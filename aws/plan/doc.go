// Package plan decides, without the AWS SDK, how a target's credentials are
// asked for and where they are cached: the region, the role and MFA-session
// durations, whether a role goes through its source's MFA session, the
// configured RoleSessionName, and the cache keys built from all of these.
//
// The engine (package aws) follows these decisions with STS calls. The fast
// front (package front) uses the same decisions to find a warm cache entry,
// so both always agree on which entry serves a target. Keeping the SDK out
// of this package is what lets the front start in a few milliseconds.
package plan

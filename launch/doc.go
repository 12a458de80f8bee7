// Package launch hands a session's temporary credentials to the thing the
// user asked for: an interactive shell, a command, export lines for the
// current shell (sh, fish, PowerShell, dotenv, JSON) or the JSON that an AWS
// SDK reads from a credential_process.
//
// Everything here is about getting the environment exactly right, because a
// stale AWS_PROFILE or a leftover AWS_ACCESS_KEY (which the Go SDK still
// reads) silently sends a command to the wrong account. Environ removes every
// variable that could compete with the session before adding the session's
// own, and the shell formats quote values so that evaluating them can never
// run code.
//
// The package never writes to stderr itself: secrets only go to the writer or
// environment the caller passes in.
package launch

// Package console turns AWS credentials and targets into ways of reaching
// the AWS web console: a federation sign-in URL that opens a console already
// signed in as the role (aws-wire.md §1.1–1.3), a credential-free "Switch
// Role" link for people who sign in through the console themselves (§1.4),
// browser bookmarks and an aws-extend-switch-roles configuration built from
// those links, and a careful way to open a URL in the user's browser.
//
// A sign-in URL is a bearer secret for fifteen minutes and the request that
// makes it carries the secret access key, so nothing in this package puts
// either into an error message, a log or a command line it controls.
//
// The package knows no configuration files and makes no STS calls: the
// caller hands in credentials it already has, and decides from how it got
// them whether AWS allows a console SessionDuration (AllowsSessionDuration).
package console

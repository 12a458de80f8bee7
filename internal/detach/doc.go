// Package detach starts programs that outlive switchrole: a browser for
// the console, and a background `switchrole sso sync` that lists an IAM
// Identity Center session again while the user works.
package detach

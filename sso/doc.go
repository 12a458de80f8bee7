// Package sso signs in to IAM Identity Center (AWS SSO) and keeps the
// sign-in where the AWS CLI keeps it, so `aws sso login`, `switchrole sso
// login` and every SDK's SSO credential provider share one sign-in.
//
// A sign-in is an OIDC access token for an Identity Center session: a
// [sso-session NAME] section of ~/.aws/config, a legacy profile with
// sso_start_url, or an [sso.NAME] table of switchrole's TOML file (cached
// as an [sso-session NAME] would be). Login gets one with the authorization-code grant (PKCE,
// a 127.0.0.1 loopback redirect) or the device-code grant, and writes it to
// ~/.aws/sso/cache/<sha1 of the session name or start URL>.json in the
// CLI's exact format; the OIDC client registration goes to the CLI's
// registration cache file beside it. Tokens are refreshed with their
// refresh token when they expire. Token, refresh token and client secret
// never leave those files: no error, log line or argument carries them.
//
// Lister lists the accounts and roles a sign-in gives, under Identity
// Center's request rate; the list is kept by package listfile, which config
// reads to offer each role as a target. Provider gets those targets'
// credentials for the engine (aws.SSOProvider): GetRoleCredentials with the
// cached sign-in, refreshed when it ran out, never a new sign-in.
//
// The SDK's clients (service/ssooidc, service/sso) sit behind OIDC and
// Portal, interfaces that copy their method signatures; NewClients builds
// the real ones with config.LoadDefaultConfig, which honours
// AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO.
package sso

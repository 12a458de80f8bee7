// Package fakeaws is an honest, in-process model of AWS STS and the console
// federation endpoint (signin.aws.amazon.com/federation), served on
// 127.0.0.1 for switchrole's tests, its offline demo and a headless-browser
// test of console sign-in.
//
// It is not a stub that says yes: it knows users, MFA devices, roles and
// their trust rules, issues temporary credentials with real expiry, and
// answers with the same status codes, error codes, messages and XML shapes
// that AWS uses (see docs/aws-wire.md §1, §2 and §8). The point is that code
// which works against this fake should work against AWS, and code that
// would fail against AWS fails here too, with the same error.
//
// Point the real SDK at it with AWS_ENDPOINT_URL_STS=s.URL() (or
// config.WithBaseEndpoint) and the federation client at s.FederationURL().
//
// What is modelled:
//   - SigV4 callers are identified by the access key id in the
//     Authorization header (signatures are not checked); temporary callers
//     must present the matching X-Amz-Security-Token.
//   - GetCallerIdentity, GetSessionToken, AssumeRole and GetFederationToken
//     with AWS's parameter constraints, MFA (RFC 6238 TOTP), role trust,
//     external ids, the role-chaining one-hour cap and credential expiry.
//   - getSigninToken and login on /federation, and a stand-in console page
//     on /console that names the signed-in identity.
//   - IAM Identity Center (WithIdentityCenter): SSO-OIDC's RegisterClient,
//     StartDeviceAuthorization and CreateToken (device code, authorization
//     code with PKCE S256, refresh token), the /authorize and /device pages
//     a browser would show, and the portal's ListAccounts,
//     ListAccountRoles, GetRoleCredentials and Logout, optionally
//     throttled like the real ~20 requests per second. Point the SDK at it
//     with AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC = URL().
//   - AWS Organizations (WithOrganization): ListAccounts (with State, the
//     retired Status and entity Paths), ListAccountsForParent, ListRoots,
//     ListOrganizationalUnitsForParent, DescribeOrganizationalUnit,
//     ListParents and ListTagsForResource over AWS JSON 1.1, paged as AWS
//     pages them, callable by the management account and delegated
//     administrators only, with per-principal denials (Deny) and an
//     optional throttle. Point the SDK at it with
//     AWS_ENDPOINT_URL_ORGANIZATIONS = URL().
//   - Fault injection (latency, error statuses, malformed bodies, dropped
//     connections) for exercising client error paths.
//
// Protocol choices where AWS is not documented: a missing or wrong Version
// gets 400 InvalidAction "Could not find operation X for version Y" (with
// NO_VERSION_SPECIFIED when missing), as AWS query services answer; a
// missing Action gets 400 MissingAction; MFA codes are never echoed in
// validation messages. Requests() redacts every secret.
//
// Where AWS's behaviour is not documented otherwise the fake picks the most
// AWS-looking answer and says so in a comment.
package fakeaws

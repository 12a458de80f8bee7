// Package credserver serves one role's temporary credentials to one child
// process over the AWS container-credentials protocol, and renews them in
// the background, so a shell or a long command started with one MFA code
// keeps working for as long as the day's MFA session lasts.
//
// Fixed keys in a child's environment die with their one-hour role session
// (AWS caps roles assumed with an MFA session at one hour); every AWS SDK
// and the AWS CLI instead re-read credentials from
// AWS_CONTAINER_CREDENTIALS_FULL_URI whenever theirs near expiry. The server
// listens on 127.0.0.1 on a free port, answers only requests that carry its
// random 256-bit token (compared in constant time; anything else gets a bare
// 403), and answers from memory: renewal happens ahead of expiry in its own
// goroutine, never while a client waits for an answer it could have had.
//
// The server knows nothing of AWS, MFA or caches: a Source gives it
// credentials. When the Source cannot (the day's MFA session ended and no
// mfa_process can supply a code), the server keeps serving what it has while
// it is valid, then answers with the Source's error message in the
// protocol's error shape, and keeps retrying, so a `switchrole login` in
// another terminal brings the child back without restarting it.
package credserver

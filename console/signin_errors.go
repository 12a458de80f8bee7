package console

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// FederationError is a failed getSigninToken exchange, already phrased as
// one sentence with the likely cause. It never contains the credentials,
// the session JSON or a sign-in token: the reason text from the server is
// scrubbed of them, and transport errors are unwrapped from *url.Error,
// whose message would quote the request URL.
type FederationError struct {
	// Status is the HTTP status, 0 when no answer arrived.
	Status int
	// Reason is the server's own reason (e.g. "Invalid credentials
	// parameter"), "" when it gave none.
	Reason string
	// Timeout reports that the service did not answer in time.
	Timeout bool
	// Msg is the sentence Error returns.
	Msg string
	// Err is the underlying transport error, if any (never a *url.Error).
	Err error
}

func (e *FederationError) Error() string { return e.Msg }

// Unwrap gives the transport cause, so errors.Is(err,
// context.DeadlineExceeded) works.
func (e *FederationError) Unwrap() error { return e.Err }

// fail builds a FederationError whose cause is described but scrubbed.
func (r *signinRequest) fail(status int, reason, what string, cause error) *FederationError {
	msg := what
	if cause != nil {
		msg = fmt.Sprintf("%s: %s", what, r.scrub(cause.Error()))
	}
	return &FederationError{Status: status, Reason: reason, Msg: msg, Err: cause}
}

// transportError explains a request that got no usable answer.
func (r *signinRequest) transportError(ctx context.Context, err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err // its message quotes the URL, which may hold the session
	}
	host := r.endpoint.Host
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled):
		return &FederationError{Msg: "console sign-in was cancelled", Err: context.Canceled}
	case isTimeout(err) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return &FederationError{Timeout: true, Err: context.DeadlineExceeded,
			Msg: fmt.Sprintf("the sign-in service at %s did not answer in time; check your network or proxy and try again", host)}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return r.fail(0, "", fmt.Sprintf("could not find the sign-in service %s (DNS lookup failed); check your network or the federation URL", host), nil)
	}
	return r.fail(0, "", fmt.Sprintf("could not reach the sign-in service at %s; check your network, proxy or the federation URL", host), err)
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

// statusError explains a non-200 answer.
func (r *signinRequest) statusError(resp *http.Response, body []byte) error {
	status := resp.StatusCode
	reason := r.reason(body)
	shown := http.StatusText(status)
	if reason != "" {
		shown = reason
	}
	code := fmt.Sprintf("HTTP %d: %s", status, shown)
	var msg string
	switch {
	case status == http.StatusBadRequest && strings.Contains(strings.ToLower(reason), "sessionduration"):
		msg = fmt.Sprintf("AWS refused the console session duration (%s); it must be between 15m and 12h, and is refused for chained roles and GetFederationToken credentials", code)
	case status == http.StatusBadRequest && r.seconds > 0:
		msg = fmt.Sprintf("AWS refused the credentials for console sign-in (%s); session-token or long-term credentials can't be federated, and SessionDuration is refused for chained roles", code)
	case status == http.StatusBadRequest:
		msg = fmt.Sprintf("AWS refused the credentials for console sign-in (%s); session-token (GetSessionToken) or long-term credentials can't be federated, and expired credentials are refused, so switch to the role again", code)
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		msg = fmt.Sprintf("AWS refused console sign-in (%s); the credentials may have expired or been revoked, so switch to the role again", code)
	case status == http.StatusTooManyRequests:
		msg = fmt.Sprintf("the AWS sign-in service is throttling requests (%s); wait a moment and try again", code)
	case status >= 500:
		msg = fmt.Sprintf("the sign-in service at %s failed (%s), so AWS or a proxy in between failed; try again in a moment, or check your proxy", r.endpoint.Host, code)
	case status >= 300 && status < 400:
		msg = fmt.Sprintf("the sign-in service at %s answered with a redirect (HTTP %d) instead of a sign-in token; check the federation URL", r.endpoint.Host, status)
	default:
		msg = fmt.Sprintf("the sign-in service at %s answered %s instead of a sign-in token; check the federation URL", r.endpoint.Host, code)
	}
	return &FederationError{Status: status, Reason: reason, Msg: msg}
}

// pagePatterns read a reason out of an error page.
type pagePatterns struct {
	title, h1, tag *regexp.Regexp
	// statusPrefix is Tomcat's "HTTP Status 400 – " in front of the reason.
	statusPrefix *regexp.Regexp
	spaces       *regexp.Regexp
}

// errorPagePatterns are compiled on first use, not at start-up: every
// switchrole run links this package, and only a failed sign-in needs them.
var errorPagePatterns = sync.OnceValue(func() *pagePatterns {
	return &pagePatterns{
		title:        regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`),
		h1:           regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`),
		tag:          regexp.MustCompile(`<[^>]*>`),
		statusPrefix: regexp.MustCompile(`^HTTP Status \d{3}\s*[–—-]\s*`),
		spaces:       regexp.MustCompile(`\s+`),
	}
})

// maxReason caps a server reason shown to the user.
const maxReason = 120

// pageReason extracts a short reason from an error page: the AWS sign-in
// endpoint answers with an HTML page titled "HTTP Status 400 – Invalid
// credentials parameter". A body that is not HTML gives "" (it could be
// anything, including a token).
func pageReason(body []byte) string {
	p := errorPagePatterns()
	var raw string
	if m := p.title.FindSubmatch(body); m != nil {
		raw = string(m[1])
	} else if m := p.h1.FindSubmatch(body); m != nil {
		raw = string(m[1])
	} else {
		return ""
	}
	s := html.UnescapeString(p.tag.ReplaceAllString(raw, " "))
	s = strings.TrimSpace(p.spaces.ReplaceAllString(s, " "))
	s = p.statusPrefix.ReplaceAllString(s, "")
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if len([]rune(s)) > maxReason {
		s = string([]rune(s)[:maxReason-1]) + "…"
	}
	return s
}

// reason is the scrubbed reason of an answer's page, scrubbed again after
// HTML entities are decoded.
func (r *signinRequest) reason(body []byte) string {
	return r.scrub(pageReason([]byte(r.scrub(string(body)))))
}

// scrub removes the credentials from text that came from outside, in
// case a server or proxy echoes them.
func (r *signinRequest) scrub(s string) string {
	for _, secret := range []string{r.creds.SecretAccessKey, r.creds.SessionToken, r.creds.AccessKeyID} {
		if len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, "REDACTED")
			s = strings.ReplaceAll(s, url.QueryEscape(secret), "REDACTED")
		}
	}
	return s
}

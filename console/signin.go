package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/switchrole/switchrole/internal/english"
)

// Console session limits for SessionDuration (aws-wire.md §1.1).
const (
	MinSessionDuration = 15 * time.Minute
	MaxSessionDuration = 12 * time.Hour
)

// DefaultIssuer is sent as the login URL's Issuer when none is set.
const DefaultIssuer = "switchrole"

// DefaultTimeout bounds the getSigninToken exchange when the caller does
// not provide its own HTTP client.
const DefaultTimeout = 10 * time.Second

// Doer sends an HTTP request; *http.Client satisfies it. Tests and the
// offline demo hand in their own.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// SigninOptions describes one console sign-in. Only Credentials is
// required.
type SigninOptions struct {
	// Credentials are temporary credentials (with a session token) from
	// AssumeRole*, IAM Identity Center or GetFederationToken.
	Credentials sdkaws.Credentials
	// Partition is the ARN partition of the credentials (arn.Parse of the
	// role or caller ARN). "" means the partition of Region, else aws.
	Partition string
	// Region is the console region; "" opens the console's default.
	Region string
	// Service opens that service's home page, e.g. "s3" → /s3/home.
	Service string
	// Path is a raw console path such as "ec2/home#Instances"; it wins
	// over Service.
	Path string
	// SessionDuration sets the console session length (15m–12h); 0 omits
	// it, so the session lasts as long as the credentials. AWS refuses it
	// for chained roles and GetFederationToken credentials: ask
	// AllowsSessionDuration first.
	SessionDuration time.Duration
	// FederationURL overrides the federation endpoint (tests, the offline
	// demo's SWITCHROLE_FEDERATION_URL). It must be https, or http on a
	// loopback host.
	FederationURL string
	// Issuer is the login URL's Issuer; "" means DefaultIssuer.
	Issuer string
	// Method is "GET" or "POST" for getSigninToken; "" picks POST for the
	// aws and aws-cn partitions and GET for aws-us-gov (see SigninURL).
	Method string
	// HTTPClient sends the getSigninToken request; nil means a client with
	// a DefaultTimeout timeout that does not follow redirects.
	HTTPClient Doer
	// Now is the clock used to refuse expired credentials before any
	// network call; nil means time.Now.
	Now func() time.Time
}

// ErrLongTermCredentials is returned, before any network call, for
// credentials without a session token: AWS never federates long-term keys.
var ErrLongTermCredentials = errors.New("console sign-in needs temporary credentials, but these are long-term access keys with no session token; sign in through a role (or IAM Identity Center) instead")

// AllowsSessionDuration reports whether AWS accepts a console
// SessionDuration for credentials of this kind — the Kind of an
// aws.Session or cache entry ("role", "session", "federation", "sso",
// "process", "external") — and whether they came from role chaining.
//
// Only AssumeRole credentials obtained with long-term keys qualify: AWS
// answers 400 "Invalid credentials parameter" for chained roles and for
// GetFederationToken credentials, and session-token credentials cannot
// sign in at all. IAM Identity Center credentials are reported false too:
// whether AWS accepts it for them is undocumented, and leaving it out only
// means the console session lasts as long as the credentials do.
func AllowsSessionDuration(kind string, chained bool) bool {
	return kind == "role" && !chained
}

// SigninURL exchanges temporary credentials for a sign-in token at the
// federation endpoint (getSigninToken) and returns the login URL that opens
// the console at the destination. The URL is a bearer secret for 15
// minutes: show it only to its owner, never log it.
//
// The request is a POST with a form body for the aws and aws-cn
// partitions, as AWS's own JetBrains toolkit does, so the secret key never
// sits in a URL where proxies and access logs keep it; aws-us-gov gets the
// documented GET, which is the only form known to work there.
//
// Errors are one sentence with the likely cause and never contain the
// credentials, the token or the URL; see FederationError.
func SigninURL(ctx context.Context, o SigninOptions) (string, error) {
	req, err := o.prepare()
	if err != nil {
		return "", err
	}
	token, err := req.fetchToken(ctx)
	if err != nil {
		return "", err
	}
	login := url.Values{
		"Action":      {"login"},
		"Issuer":      {req.issuer},
		"Destination": {Destination(req.partition, o.Region, o.Service, o.Path)},
		"SigninToken": {token},
	}
	return req.endpoint.String() + "?" + login.Encode(), nil
}

// signinRequest is a validated SigninOptions.
type signinRequest struct {
	creds     sdkaws.Credentials
	partition string
	endpoint  *url.URL
	method    string
	issuer    string
	seconds   int // SessionDuration in seconds, 0 for none
	client    Doer
}

// prepare checks everything that can be checked without the network.
func (o SigninOptions) prepare() (*signinRequest, error) {
	c := o.Credentials
	if c.AccessKeyID == "" || c.SecretAccessKey == "" {
		return nil, errors.New("console sign-in needs credentials, but the access key id or secret access key is empty")
	}
	if c.SessionToken == "" {
		return nil, ErrLongTermCredentials
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	if c.CanExpire && !c.Expires.IsZero() && !now().Before(c.Expires) {
		return nil, fmt.Errorf("console sign-in needs live credentials, but these expired at %s; switch to the role again", c.Expires.Local().Format("15:04 MST on Jan 2"))
	}

	partition := o.Partition
	if partition == "" {
		partition = PartitionForRegion(o.Region)
	}
	if !SupportsConsole(partition) {
		return nil, fmt.Errorf("console sign-in is not available for partition %q: only aws, aws-us-gov and aws-cn have a public console", partition)
	}
	if o.Region != "" {
		if rp := PartitionForRegion(o.Region); rp != partition {
			return nil, fmt.Errorf("region %s belongs to partition %s, but the credentials are from partition %s; pick a region of %s", o.Region, rp, partition, partition)
		}
	}

	r := &signinRequest{creds: c, partition: partition, issuer: o.Issuer, client: o.HTTPClient}
	if r.issuer == "" {
		r.issuer = DefaultIssuer
	}
	if d := o.SessionDuration; d != 0 {
		if d < MinSessionDuration || d > MaxSessionDuration {
			return nil, fmt.Errorf("console session duration %s is outside what AWS allows (15m to 12h)", english.Duration(d))
		}
		r.seconds = int(d / time.Second)
	}

	endpoint, err := federationEndpointURL(o.FederationURL, partition)
	if err != nil {
		return nil, err
	}
	r.endpoint = endpoint

	switch strings.ToUpper(o.Method) {
	case "":
		r.method = http.MethodPost
		if partition == PartitionGov {
			r.method = http.MethodGet
		}
	case http.MethodGet, http.MethodPost:
		r.method = strings.ToUpper(o.Method)
	default:
		return nil, fmt.Errorf("console sign-in method %q is not GET or POST", o.Method)
	}
	if r.client == nil {
		r.client = defaultClient()
	}
	return r, nil
}

// federationEndpointURL parses an override, or gives the partition's
// endpoint. Secrets must not travel in clear text, so plain http is only
// accepted for a server on this machine.
func federationEndpointURL(override, partition string) (*url.URL, error) {
	if override == "" {
		return url.Parse(FederationEndpoint(partition))
	}
	u, err := url.Parse(override)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("federation URL %q is not an http(s) URL such as https://signin.aws.amazon.com/federation", redactURL(override))
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("federation URL %s must not carry a user, query or fragment", redactURL(override))
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("federation URL %s must use https: plain http is only allowed for 127.0.0.1 or localhost", u.Redacted())
	}
	return u, nil
}

// redactURL keeps only scheme, host and path of a URL for an error
// message, or a placeholder when it does not parse.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(unparsable)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// defaultClient uses the environment's proxy settings, gives up after
// DefaultTimeout and never follows a redirect: a redirected GET would
// carry the credentials to whatever host the redirect names.
func defaultClient() *http.Client {
	return &http.Client{
		Timeout: DefaultTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// sessionJSON is the federation Session parameter; AWS wants exactly these
// three keys.
type sessionJSON struct {
	ID    string `json:"sessionId"`
	Key   string `json:"sessionKey"`
	Token string `json:"sessionToken"`
}

// maxBody caps how much of a federation answer is read: a token is under
// 2 KB, an error page a few KB.
const maxBody = 256 << 10

// fetchToken runs getSigninToken and returns the SigninToken.
func (r *signinRequest) fetchToken(ctx context.Context) (string, error) {
	session, err := json.Marshal(sessionJSON{r.creds.AccessKeyID, r.creds.SecretAccessKey, r.creds.SessionToken})
	if err != nil {
		return "", fmt.Errorf("console sign-in: encode session: %w", err)
	}
	params := url.Values{"Action": {"getSigninToken"}, "Session": {string(session)}}
	if r.seconds > 0 {
		params.Set("SessionDuration", strconv.Itoa(r.seconds))
	}

	var req *http.Request
	if r.method == http.MethodPost {
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, r.endpoint.String(), strings.NewReader(params.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	} else {
		u := *r.endpoint
		u.RawQuery = params.Encode()
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	}
	if err != nil {
		// The error would quote the request URL, which holds the session for GET.
		return "", &FederationError{Msg: "console sign-in could not build its request to " + r.endpoint.Host}
	}
	req.Header.Set("Accept", "application/json")

	resp, err := r.client.Do(req)
	if err != nil {
		return "", r.transportError(ctx, err)
	}
	defer resp.Body.Close()
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if resp.StatusCode != http.StatusOK {
		return "", r.statusError(resp, body)
	}
	if readErr != nil {
		return "", r.transportError(ctx, readErr)
	}
	return r.decodeToken(resp, body)
}

// decodeToken reads {"SigninToken":"…"} from a 200 answer.
func (r *signinRequest) decodeToken(resp *http.Response, body []byte) (string, error) {
	if looksLikeHTML(resp, body) {
		msg := fmt.Sprintf("the sign-in service at %s answered with a web page instead of a sign-in token; check the federation URL, or whether a proxy or captive portal is in the way", r.endpoint.Host)
		if title := r.reason(body); title != "" {
			msg = fmt.Sprintf("the sign-in service at %s answered with a web page (%q) instead of a sign-in token; check the federation URL, or whether a proxy or captive portal is in the way", r.endpoint.Host, title)
		}
		return "", &FederationError{Status: resp.StatusCode, Msg: msg}
	}
	var out struct {
		SigninToken *string `json:"SigninToken"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return "", &FederationError{Status: resp.StatusCode,
			Msg: fmt.Sprintf("the sign-in service at %s sent an answer that is not the expected JSON (%s); try again, and check the federation URL if it persists", r.endpoint.Host, jsonProblem(err))}
	}
	if out.SigninToken == nil || strings.TrimSpace(*out.SigninToken) == "" {
		return "", &FederationError{Status: resp.StatusCode,
			Msg: fmt.Sprintf("the sign-in service at %s answered without a sign-in token; try again, and check the federation URL if it persists", r.endpoint.Host)}
	}
	return *out.SigninToken, nil
}

// jsonProblem names what is wrong with a body without quoting it (the
// body may hold a token).
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end of JSON input"):
		return "it is cut short"
	case errors.As(err, &syntax):
		return fmt.Sprintf("invalid JSON at byte %d", syntax.Offset)
	case errors.As(err, &typeErr):
		return fmt.Sprintf("SigninToken is a JSON %s, not a string", typeErr.Value)
	}
	return "it could not be decoded"
}

func looksLikeHTML(resp *http.Response, body []byte) bool {
	if strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "html") {
		return true
	}
	trimmed := strings.TrimSpace(string(body[:min(len(body), 64)]))
	return strings.HasPrefix(trimmed, "<")
}

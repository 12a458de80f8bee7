package fakeaws

import (
	"fmt"
	"slices"
	"time"
)

// IdentityCenter is an IAM Identity Center instance: its access portal's
// start URL and the accounts and permission sets (roles) its one user is
// assigned. The fake serves SSO-OIDC (sign-in) and the portal API
// (accounts, roles, role credentials) for it on the same base URL as STS,
// so AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_SSO_OIDC both take URL().
type IdentityCenter struct {
	// StartURL is the access portal, e.g. https://d-1234567890.awsapps.com/start.
	StartURL string
	// UserName is the signed-in user, the session name of role
	// credentials ("sso-user" when empty).
	UserName string
	// Accounts are the user's assignments, listed in this order.
	Accounts []SSOAccount
	// AutoApprove approves every device authorization and every visit to
	// the authorize page at once, as if the user clicked "Allow" (the demo).
	// Without it a test approves with ApproveDevice, or with one POST to
	// the authorize or device page.
	AutoApprove bool
	// RequestsPerSecond throttles the portal API (ListAccounts,
	// ListAccountRoles, GetRoleCredentials, Logout) like Identity Center's
	// ~20 per second: requests above it get 429 TooManyRequestsException.
	// 0 means no throttle.
	RequestsPerSecond int
}

// SSOAccount is an account the Identity Center user is assigned to.
type SSOAccount struct {
	ID, Name, Email string
	// Roles are the permission-set role names, e.g. "AdministratorAccess".
	Roles []string
}

// Lifetimes the fake gives out (AWS's defaults).
const (
	ssoClientLifetime  = 90 * 24 * time.Hour // RegisterClient's clientSecretExpiresAt
	ssoDeviceLifetime  = 10 * time.Minute    // StartDeviceAuthorization's expiresIn
	ssoCodeLifetime    = 5 * time.Minute     // an authorization code
	ssoAccessLifetime  = 8 * time.Hour       // an access token (expiresIn 28800)
	ssoRoleLifetime    = time.Hour           // GetRoleCredentials
	ssoPollInterval    = 1                   // StartDeviceAuthorization's interval, seconds
	ssoDefaultPageSize = 20                  // max_result when absent (not documented by AWS)
	ssoMaxPageSize     = 100                 // the portal's largest max_result
)

// ssoState is the fake's Identity Center state; guarded by Server.mu.
type ssoState struct {
	center   *IdentityCenter
	clients  map[string]*oidcClient // by clientId
	devices  map[string]*oidcDevice // by deviceCode
	codes    map[string]*oidcCode   // by authorization code
	access   map[string]*ssoToken   // by access token
	refresh  map[string]*ssoToken   // by refresh token
	throttle tokenBucket
}

type oidcClient struct {
	id, secret, name string
	scopes           []string
	grantTypes       []string
	redirectURIs     []string
	expires          time.Time
}

// allows reports whether the client registered for grant. A client
// registered without grantTypes may use the device code (the CLI's
// classic registration) and nothing else.
func (c *oidcClient) allows(grant string) bool {
	if len(c.grantTypes) == 0 {
		return grant == grantDeviceCode
	}
	return slices.Contains(c.grantTypes, grant)
}

type oidcDevice struct {
	clientID, userCode, startURL string
	expires                      time.Time
	approved, denied, used       bool
	lastPoll                     time.Time
}

type oidcCode struct {
	clientID, redirectURI, challenge string
	expires                          time.Time
	used                             bool
}

// ssoToken is an issued access token (and its refresh token, if any).
type ssoToken struct {
	clientID, startURL string
	access, refresh    string
	expires            time.Time
	revoked            bool
}

// WithIdentityCenter turns on the SSO-OIDC and portal endpoints for ic.
func WithIdentityCenter(ic IdentityCenter) Option {
	return func(s *Server) {
		if err := ic.validate(); err != nil {
			if s.configErr == nil {
				s.configErr = err
			}
			return
		}
		c := ic
		c.Accounts = slices.Clone(ic.Accounts)
		s.sso.center = &c
		s.sso.throttle = tokenBucket{rate: ic.RequestsPerSecond}
	}
}

func (ic *IdentityCenter) userName() string {
	if ic.UserName == "" {
		return "sso-user"
	}
	return ic.UserName
}

func (ic *IdentityCenter) validate() error {
	if ic.StartURL == "" {
		return fmt.Errorf("identity center: StartURL is empty")
	}
	for _, a := range ic.Accounts {
		if !accountIDPattern().MatchString(a.ID) {
			return fmt.Errorf("identity center: account id %q must be 12 digits", a.ID)
		}
	}
	if ic.RequestsPerSecond < 0 {
		return fmt.Errorf("identity center: RequestsPerSecond %d is negative", ic.RequestsPerSecond)
	}
	return nil
}

func newSSOState() ssoState {
	return ssoState{
		clients: map[string]*oidcClient{},
		devices: map[string]*oidcDevice{},
		codes:   map[string]*oidcCode{},
		access:  map[string]*ssoToken{},
		refresh: map[string]*ssoToken{},
	}
}

// ApproveDevice approves the pending device authorization with this user
// code, as the user would on the verification page. It reports whether
// such an authorization was pending.
func (s *Server) ApproveDevice(userCode string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.pendingDeviceLocked(userCode)
	if d != nil {
		d.approved = true
	}
	return d != nil
}

// pendingDeviceLocked is the device authorization with this user code that
// is still waiting (unused and unexpired), or nil.
func (s *Server) pendingDeviceLocked(userCode string) *oidcDevice {
	for _, d := range s.sso.devices {
		if d.userCode == userCode && !d.used && s.now().Before(d.expires) {
			return d
		}
	}
	return nil
}

// ExpireSSOTokens makes every issued SSO access token expire now, so the
// portal answers UnauthorizedException and clients must refresh.
func (s *Server) ExpireSSOTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.sso.access {
		t.expires = s.now()
	}
}

// SSOTokenValid reports whether accessToken is a live access token: issued,
// not expired and not logged out.
func (s *Server) SSOTokenValid(accessToken string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.liveTokenLocked(accessToken) != nil
}

// liveTokenLocked is the issued access token accessToken if it is neither
// expired nor logged out, else nil.
func (s *Server) liveTokenLocked(accessToken string) *ssoToken {
	t, ok := s.sso.access[accessToken]
	if !ok || t.revoked || !s.now().Before(t.expires) {
		return nil
	}
	return t
}

// tokenBucket allows rate requests per second with a burst of rate. It
// runs on the wall clock, not the injected one: throttling is about real
// request rates.
type tokenBucket struct {
	rate   int
	tokens float64
	last   time.Time
}

func (b *tokenBucket) take(now time.Time) bool {
	if b.rate <= 0 {
		return true
	}
	if b.last.IsZero() {
		b.tokens = float64(b.rate)
	} else {
		b.tokens = min(float64(b.rate), b.tokens+now.Sub(b.last).Seconds()*float64(b.rate))
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

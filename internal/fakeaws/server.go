package fakeaws

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is the fake AWS: the model (users, roles, issued credentials,
// sign-in tokens) and the HTTP server that exposes it. All methods are safe
// for concurrent use.
type Server struct {
	now         func() time.Time
	addr        string
	rejectReuse bool
	// lifetimeDivisor shortens issued credentials (WithLifetimeDivisor).
	lifetimeDivisor int
	configErr       error // first error from an Option, reported by Start

	handler http.Handler

	mu            sync.Mutex
	users         map[string]*User     // by access key id (a user's second key too)
	secrets       map[string]string    // secrets of keys made by CreateAccessKey
	keyCreated    map[string]time.Time // creation time of each access key
	roles         map[string]*role     // by ARN
	creds         map[string]*issued
	usedSteps     map[string]map[int64]bool // MFA serial → TOTP steps already used
	signinTokens  map[string]*signin
	consoleByID   map[string]*consoleSession
	calls         map[string]int
	sso           ssoState
	orgs          *orgState // nil: no organization (AWSOrganizationsNotInUseException)
	denied        []orgDeny
	requests      []Request
	fault         Fault
	faultLeft     int // requests the fault still applies to; meaningful when fault.Count > 0
	quirks        Quirks
	listener      net.Listener
	httpServer    *http.Server
	serveFinished chan struct{}
}

// Option configures a Server built by New.
type Option func(*Server)

// WithClock injects the clock used for credential expiry, sign-in token
// lifetime and MFA codes, so tests can move time instead of sleeping.
func WithClock(now func() time.Time) Option {
	return func(s *Server) {
		if now != nil {
			s.now = now
		}
	}
}

// WithAddr sets the listen address (default "127.0.0.1:0", a free port).
// Only loopback addresses are accepted: the fake must never be reachable
// from the network.
func WithAddr(addr string) Option {
	return func(s *Server) { s.addr = addr }
}

// WithRejectReuse controls whether an MFA code that a device has already
// used is refused within its validity window. AWS refuses reuse, so the
// default is true; the offline demo may turn it off to stay forgiving.
func WithRejectReuse(reject bool) Option {
	return func(s *Server) { s.rejectReuse = reject }
}

// WithUser adds an IAM user at construction time (see AddUser). An invalid
// user makes Start fail with the reason.
func WithUser(u User) Option {
	return func(s *Server) {
		if err := s.AddUser(u); err != nil && s.configErr == nil {
			s.configErr = err
		}
	}
}

// WithRole adds a role at construction time (see AddRole). An invalid role
// makes Start fail with the reason.
func WithRole(r Role) Option {
	return func(s *Server) {
		if err := s.AddRole(r); err != nil && s.configErr == nil {
			s.configErr = err
		}
	}
}

// New builds a fake with an empty organisation. It does not listen yet:
// call Start, or mount Handler in a server of your own.
func New(opts ...Option) *Server {
	s := &Server{
		now:          time.Now,
		addr:         "127.0.0.1:0",
		rejectReuse:  true,
		users:        map[string]*User{},
		secrets:      map[string]string{},
		keyCreated:   map[string]time.Time{},
		roles:        map[string]*role{},
		creds:        map[string]*issued{},
		usedSteps:    map[string]map[int64]bool{},
		signinTokens: map[string]*signin{},
		consoleByID:  map[string]*consoleSession{},
		calls:        map[string]int{},
		sso:          newSSOState(),
	}
	for _, opt := range opts {
		opt(s)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/federation", s.serveFederation)
	mux.HandleFunc("/console", s.serveConsole)
	s.routeSSO(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if orgsAction(r) != "" {
			s.serveOrganizations(w, r)
			return
		}
		s.serveSTS(w, r)
	})
	s.handler = s.instrument(mux)
	return s
}

// Start listens on the configured loopback address and serves in the
// background until Close.
func (s *Server) Start() error {
	if s.configErr != nil {
		return fmt.Errorf("fake AWS config: %w", s.configErr)
	}
	if err := checkLoopback(s.addr); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener != nil {
		return errors.New("fake AWS: already started")
	}
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("fake AWS: listen on %s: %w", s.addr, err)
	}
	s.listener = ln
	s.httpServer = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       30 * time.Second,
	}
	s.serveFinished = make(chan struct{})
	go func(srv *http.Server, done chan struct{}) {
		defer close(done)
		_ = srv.Serve(ln) // returns http.ErrServerClosed after Close
	}(s.httpServer, s.serveFinished)
	return nil
}

// checkLoopback refuses any listen address that is not a loopback IP (or
// "localhost"): an empty host would listen on every interface.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("fake AWS: listen address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("fake AWS: listen address %q is not loopback; use 127.0.0.1", addr)
}

// URL is the base URL of the STS endpoint, e.g. "http://127.0.0.1:43210",
// suitable for AWS_ENDPOINT_URL_STS. It is "" before Start.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener == nil {
		return ""
	}
	return "http://" + s.listener.Addr().String()
}

// FederationURL is the console federation endpoint (URL() + "/federation"),
// the fake's stand-in for https://signin.aws.amazon.com/federation.
func (s *Server) FederationURL() string {
	u := s.URL()
	if u == "" {
		return ""
	}
	return u + "/federation"
}

// Close stops the server and drops open connections. It is safe to call
// more than once.
func (s *Server) Close() error {
	s.mu.Lock()
	srv, done := s.httpServer, s.serveFinished
	s.httpServer, s.serveFinished = nil, nil
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	err := srv.Close()
	<-done
	return err
}

// Handler serves the fake without a listener of its own: STS on every path
// except /federation (the sign-in endpoint) and /console (the stand-in
// console page).
func (s *Server) Handler() http.Handler { return s.handler }

// AddUser adds an IAM user. It fails on an invalid user, a duplicate
// access key id or an MFA serial already attached to another user.
func (s *Server) AddUser(u User) error {
	if err := u.validate(); err != nil {
		return err
	}
	if u.MFA != nil {
		dev := *u.MFA
		dev.Secret = append([]byte(nil), dev.Secret...)
		u.MFA = &dev
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.users[u.AccessKeyID]; dup {
		return fmt.Errorf("user %q: access key id %s is already in use", u.Name, u.AccessKeyID)
	}
	for _, other := range s.users {
		if u.MFA != nil && other.MFA != nil && other.MFA.Serial == u.MFA.Serial {
			return fmt.Errorf("user %q: MFA serial %s is already attached to user %q", u.Name, u.MFA.Serial, other.Name)
		}
	}
	s.users[u.AccessKeyID] = &u
	s.keyCreated[u.AccessKeyID] = time.Time{}
	return nil
}

// AddRole adds (or replaces) a role.
func (s *Server) AddRole(r Role) error {
	parsed, err := parseRole(r)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.roles[parsed.ARN] = parsed
	return nil
}

// Code returns the MFA code that the device with this serial shows at time
// t, or "" for an unknown serial. The demo displays it; tests type it.
func (s *Server) Code(serial string, t time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	dev := s.deviceLocked(serial)
	if dev == nil {
		return ""
	}
	return TOTP(dev.Secret, t)
}

// Calls counts the requests received for an action, whatever their outcome
// (faulted and failed requests included). Actions are the STS action names
// ("AssumeRole", …), "getSigninToken", "login" and "console" for the
// sign-in side, the SSO operations, and Organizations calls named as IAM
// names their permission ("organizations:ListAccounts").
func (s *Server) Calls(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[action]
}

// Requests returns a copy of every request received so far, oldest first,
// with secrets (TokenCode, the Session's key and token, SigninToken)
// replaced by "REDACTED".
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		r.Params = cloneValues(r.Params)
		out[i] = r
	}
	return out
}

// Expire makes issued temporary credentials expire now, so the next call
// signed with them fails with ExpiredToken. Unknown ids are ignored.
func (s *Server) Expire(accessKeyID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.creds[accessKeyID]; ok {
		c.expires = s.now()
	}
}

// Issued describes temporary credentials the fake has issued, without
// their secrets, so tests can check what kind of session a client got.
func (s *Server) Issued(accessKeyID string) (IssuedCredential, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.creds[accessKeyID]
	if !ok {
		return IssuedCredential{}, false
	}
	return c.public(), true
}

func (s *Server) deviceLocked(serial string) *MFADevice {
	for _, u := range s.users {
		if u.MFA != nil && u.MFA.Serial == serial {
			return u.MFA
		}
	}
	return nil
}

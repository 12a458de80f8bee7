package credserver

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Environment variables that point AWS SDKs and the AWS CLI at a server.
const (
	EnvFullURI   = "AWS_CONTAINER_CREDENTIALS_FULL_URI"
	EnvAuthToken = "AWS_CONTAINER_AUTHORIZATION_TOKEN"
)

// Credentials are one set of temporary credentials.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	Expires         time.Time
	// AccountID is the account the credentials act in, "" when unknown.
	AccountID string
}

// Source gives the server credentials. Both methods may block on AWS; the
// server calls them from its renewal goroutine only.
type Source interface {
	// Retrieve returns the current credentials, from a shared cache when it
	// holds fresh ones (another process may have renewed them already).
	Retrieve(ctx context.Context) (Credentials, error)
	// Renew returns new credentials from AWS even when the cache still
	// holds valid ones.
	Renew(ctx context.Context) (Credentials, error)
}

// Options tune a Server; the zero value of each field means its default.
type Options struct {
	// Now is the clock (time.Now).
	Now func() time.Time
	// RenewBefore is how long before expiry credentials are renewed
	// (DefaultRenewBefore), at most a quarter of their lifetime so that
	// short sessions are not renewed continuously.
	RenewBefore time.Duration
	// RetryEvery is how soon a failed renewal is tried again
	// (DefaultRetryEvery), at most a quarter of the time left.
	RetryEvery time.Duration
}

// Defaults for Options.
const (
	// DefaultRenewBefore leaves the AWS CLI (which refreshes 15 minutes
	// before expiry) and the SDKs (5 minutes) never holding credentials
	// they consider stale.
	DefaultRenewBefore = 15 * time.Minute
	DefaultRetryEvery  = 30 * time.Second
	// minRetry bounds the retry rate whatever the lifetimes.
	minRetry = 200 * time.Millisecond
)

// Server is a running credential server. Close stops it.
type Server struct {
	src   Source
	opts  Options
	token string
	url   string

	ln   net.Listener
	http *http.Server

	mu       sync.Mutex
	cur      Credentials
	lifetime time.Duration // of cur, from when it was obtained
	lastErr  error
	// attempt serialises renewals: the loop and a request finding nothing
	// valid never call the Source at once.
	attempt sync.Mutex

	stop   context.CancelFunc
	loopWG sync.WaitGroup
}

// Start serves first (credentials the caller already obtained, typically
// with an MFA prompt on the terminal) and renews them through src until
// Close. It listens on 127.0.0.1 on a free port.
func Start(src Source, first Credentials, opts Options) (*Server, error) {
	if first.AccessKeyID == "" || first.SecretAccessKey == "" {
		return nil, errors.New("credential server: no credentials to serve")
	}
	if first.Expires.IsZero() {
		return nil, errors.New("credential server: these credentials do not expire, so there is nothing to renew; use them directly")
	}
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("credential server: listen on 127.0.0.1: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		src:   src,
		opts:  opts,
		token: token,
		url:   "http://" + ln.Addr().String() + "/credentials",
		ln:    ln,
		stop:  cancel,
	}
	s.accept(first)
	s.http = &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTP),
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          discardLog(),
	}
	go func() { _ = s.http.Serve(ln) }()
	s.loopWG.Add(1)
	go s.loop(ctx)
	return s, nil
}

// URL is the value of AWS_CONTAINER_CREDENTIALS_FULL_URI.
func (s *Server) URL() string { return s.url }

// Token is the value of AWS_CONTAINER_AUTHORIZATION_TOKEN: whoever holds it
// can read the credentials, so it goes only into the child's environment.
func (s *Server) Token() string { return s.token }

// Env is the two variables that point a child at the server.
func (s *Server) Env() map[string]string {
	return map[string]string{EnvFullURI: s.url, EnvAuthToken: s.token}
}

// Current is what the server hands out now (for tests and status lines).
func (s *Server) Current() Credentials {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// Close stops serving and renewing. It waits for a renewal in progress to
// notice (the Source's calls get a cancelled context).
func (s *Server) Close() error {
	s.stop()
	err := s.http.Close()
	s.loopWG.Wait()
	return err
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// accept makes c the credentials served.
func (s *Server) accept(c Credentials) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cur = c
	s.lifetime = c.Expires.Sub(s.now())
	s.lastErr = nil
}

// renewAt is when the loop next calls the Source.
func (s *Server) renewAt() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if s.lastErr != nil {
		retry := s.opts.RetryEvery
		if retry <= 0 {
			retry = DefaultRetryEvery
		}
		if left := s.cur.Expires.Sub(now); left > 0 {
			retry = min(retry, left/4)
		}
		return now.Add(max(retry, minRetry))
	}
	before := s.opts.RenewBefore
	if before <= 0 {
		before = DefaultRenewBefore
	}
	before = min(before, s.lifetime/4)
	return s.cur.Expires.Add(-before)
}

// loop renews the credentials ahead of expiry until ctx ends.
func (s *Server) loop(ctx context.Context) {
	defer s.loopWG.Done()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		timer.Reset(max(s.renewAt().Sub(s.now()), 0))
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		s.renew(ctx)
	}
}

// renew takes newer credentials from the Source: the shared cache's when
// another process has renewed them, else new ones from AWS.
func (s *Server) renew(ctx context.Context) {
	s.attempt.Lock()
	defer s.attempt.Unlock()
	s.renewLocked(ctx)
}

// renewLocked is renew with s.attempt held.
func (s *Server) renewLocked(ctx context.Context) {
	cur := s.Current()
	c, err := s.src.Retrieve(ctx)
	if err == nil && !c.Expires.After(cur.Expires) {
		c, err = s.src.Renew(ctx)
	}
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		s.mu.Lock()
		s.lastErr = err
		s.mu.Unlock()
		return
	}
	s.accept(c)
}

// valid reports whether c can still be used.
func (s *Server) valid(c Credentials) bool { return c.Expires.After(s.now()) }

// answer is what a request gets: valid credentials, or the reason there are
// none. With nothing valid to give, it tries once more itself (another
// terminal may have just run `switchrole login`), since the client would
// otherwise get only an error.
func (s *Server) answer(ctx context.Context) (Credentials, error) {
	if c := s.Current(); s.valid(c) {
		return c, nil
	}
	s.attempt.Lock()
	defer s.attempt.Unlock()
	if c := s.Current(); s.valid(c) {
		return c, nil // renewed while this request waited
	}
	s.renewLocked(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.valid(s.cur) {
		return s.cur, nil
	}
	if s.lastErr == nil {
		s.lastErr = errExpired
	}
	return Credentials{}, s.lastErr
}

var errExpired = errors.New("the role's credentials have expired and could not be renewed")

// authorized compares the request's token with ours in constant time.
func (s *Server) authorized(r *http.Request) bool {
	got := r.Header.Get("Authorization")
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) == 1
}

// newToken is 256 random bits, hex-encoded (header-safe).
func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("credential server: random token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

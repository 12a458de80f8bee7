package fakeaws

import (
	"net/http"
	"time"
)

// regionPattern() matches region names such as us-east-1 or us-gov-west-1.
var regionPattern = lazyRegexp(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// serveConsole stands in for the AWS console: it shows who is signed in,
// where the login wanted to go and when the session ends, so a browser
// test can check the whole sign-in flow end to end.
func (s *Server) serveConsole(w http.ResponseWriter, r *http.Request) {
	id := r.Form.Get("session")
	if c, err := r.Cookie(consoleSessionCookie); err == nil && id == "" {
		id = c.Value
	}
	s.mu.Lock()
	sess, ok := s.consoleByID[id]
	now := s.now()
	s.mu.Unlock()
	if !ok {
		writeHTMLError(w, http.StatusUnauthorized, "Not signed in")
		return
	}
	w.Header().Set("Content-Type", "text/html;charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if !now.Before(sess.ends) {
		setErrorCode(w, "Session expired")
		w.WriteHeader(http.StatusUnauthorized)
		_ = writeExpiredPage(w, sess.issuer)
		return
	}
	_ = writeConsolePage(w, consolePageData{
		Identity:    sess.identity,
		Account:     sess.account,
		Destination: sess.destination,
		Expires:     sess.ends.UTC().Format(time.RFC3339),
	})
}

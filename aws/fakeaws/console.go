package fakeaws

import (
	"net/http"
	"time"
)

// regionPattern() matches region names such as us-east-1 or us-gov-west-1.
var regionPattern = lazyRegexp(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

var (
	consolePage = lazyTemplate("console", `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signed in as {{.Identity}} in {{.Account}}</title></head>
<body>
<h1 id="identity">Signed in as {{.Identity}} in {{.Account}}</h1>
<p>Destination: <a id="destination" href="{{.Destination}}">{{.Destination}}</a></p>
<p>Session expires: <time id="expires" datetime="{{.Expires}}">{{.Expires}}</time></p>
</body></html>
`)
	errorPage = lazyTemplate("error", `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.}}</title></head>
<body><h1>{{.}}</h1></body></html>
`)
	expiredPage = lazyTemplate("expired", `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Session expired</title></head>
<body><h1>Your console session has expired</h1>
{{if .}}<p><a id="issuer" href="{{.}}">Sign in again</a></p>{{end}}
</body></html>
`)
)

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
		_ = expiredPage().Execute(w, sess.issuer)
		return
	}
	_ = consolePage().Execute(w, struct {
		Identity, Account, Destination, Expires string
	}{sess.identity, sess.account, sess.destination, sess.ends.UTC().Format(time.RFC3339)})
}

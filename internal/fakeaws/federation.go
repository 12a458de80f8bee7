package fakeaws

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Console federation limits (aws-wire.md §1.1).
const (
	signinTokenLifetime   = 15 * time.Minute
	minConsoleDuration    = 900
	maxConsoleDuration    = 43200
	consoleSessionCookie  = "fakeaws-console-session"
	msgInvalidCredentials = "Invalid credentials parameter"
)

// signin is an unused sign-in token from getSigninToken.
type signin struct {
	identity    string // e.g. "assumed-role/Admin/alice"
	account     string
	partition   string
	sessionEnds time.Time // when the console session it opens will end
	expires     time.Time // when the token itself stops working
}

// consoleSession is a signed-in console session opened by login.
type consoleSession struct {
	identity    string
	account     string
	destination string
	issuer      string
	ends        time.Time
}

// serveFederation is the stand-in for https://signin.aws.amazon.com/federation.
// Like AWS it takes its parameters from a GET query or a POST form.
func (s *Server) serveFederation(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		writeHTMLError(w, http.StatusMethodNotAllowed, "Method not allowed")
		return
	}
	switch r.Form.Get("Action") {
	case "getSigninToken":
		s.getSigninToken(w, r)
	case "login":
		s.login(w, r)
	default:
		writeHTMLError(w, http.StatusBadRequest, "Invalid Action parameter")
	}
}

// getSigninToken exchanges temporary credentials for a sign-in token.
func (s *Server) getSigninToken(w http.ResponseWriter, r *http.Request) {
	sess, ok := parseSession(r.Form.Get("Session"))
	if !ok {
		writeHTMLError(w, http.StatusBadRequest, "Invalid Session parameter")
		return
	}
	rawDuration, hasDuration := r.Form["SessionDuration"]

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	cred, known := s.creds[sess.ID]
	// Long-term keys are not in s.creds; GetSessionToken credentials may not
	// sign in to the console ("Single sign-on (SSO) to console is not allowed").
	if !known || cred.secret != sess.Key || cred.token != sess.Token ||
		!now.Before(cred.expires) || cred.kind == KindSession {
		writeHTMLError(w, http.StatusBadRequest, msgInvalidCredentials)
		return
	}
	ends := cred.expires
	if hasDuration {
		// Only for AssumeRole credentials obtained with long-term keys:
		// chained and GetFederationToken credentials fail (AWS KC
		// "invalid-credentials-parameter").
		if cred.kind != KindRole || cred.chained {
			writeHTMLError(w, http.StatusBadRequest, msgInvalidCredentials)
			return
		}
		seconds, err := strconv.Atoi(rawDuration[0])
		if err != nil || seconds < minConsoleDuration || seconds > maxConsoleDuration {
			writeHTMLError(w, http.StatusBadRequest, "Invalid SessionDuration parameter")
			return
		}
		ends = now.Add(time.Duration(seconds) * time.Second)
	}
	token := base64.RawURLEncoding.EncodeToString(randomBytes(96))
	s.signinTokens[token] = &signin{
		identity:    cred.consoleName(),
		account:     cred.account(),
		partition:   credPartition(cred),
		sessionEnds: ends.Truncate(time.Second),
		expires:     now.Add(signinTokenLifetime),
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(struct{ SigninToken string }{token})
}

// login redeems a sign-in token (once) and redirects to the stand-in
// console, which a browser then loads with the session cookie.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	token := r.Form.Get("SigninToken")
	s.mu.Lock()
	now := s.now()
	tok, ok := s.signinTokens[token]
	if ok && !now.Before(tok.expires) {
		delete(s.signinTokens, token)
		ok = false
	}
	if !ok {
		s.mu.Unlock()
		writeHTMLError(w, http.StatusBadRequest, "Invalid SigninToken parameter")
		return
	}
	dest := r.Form.Get("Destination")
	if dest == "" {
		dest = "https://" + consoleHosts[tok.partition][0] + "/"
	}
	if !validDestination(dest, tok.partition, r.Host) {
		s.mu.Unlock()
		writeHTMLError(w, http.StatusBadRequest, "Invalid Destination parameter")
		return
	}
	delete(s.signinTokens, token)
	id := base64.RawURLEncoding.EncodeToString(randomBytes(24))
	s.consoleByID[id] = &consoleSession{
		identity:    tok.identity,
		account:     tok.account,
		destination: dest,
		issuer:      r.Form.Get("Issuer"),
		ends:        tok.sessionEnds,
	}
	s.mu.Unlock()

	http.SetCookie(w, &http.Cookie{
		Name:  consoleSessionCookie,
		Value: id,
		Path:  "/",
		// A browser session cookie: the fake's clock may be far from the
		// browser's, so the session end is enforced by the server only.
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	})
	// The session id also rides in the URL so cookie-less clients (a plain
	// http.Client without a jar) can follow the redirect too.
	target := "/console?" + url.Values{"destination": {dest}, "session": {id}}.Encode()
	http.Redirect(w, r, target, http.StatusFound)
}

// sessionJSON is the federation Session parameter.
type sessionJSON struct {
	ID, Key, Token string
}

// parseSession accepts exactly {"sessionId","sessionKey","sessionToken"},
// all strings, as AWS documents. Empty values are well-formed but never
// match issued credentials.
func parseSession(raw string) (sessionJSON, bool) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(raw))
	if err := dec.Decode(&m); err != nil || dec.More() || len(m) != 3 {
		return sessionJSON{}, false
	}
	var out sessionJSON
	for key, dst := range map[string]*string{"sessionId": &out.ID, "sessionKey": &out.Key, "sessionToken": &out.Token} {
		v, ok := m[key]
		if !ok || len(bytes.TrimSpace(v)) == 0 || bytes.TrimSpace(v)[0] != '"' {
			return sessionJSON{}, false
		}
		if err := json.Unmarshal(v, dst); err != nil {
			return sessionJSON{}, false
		}
	}
	return out, true
}

// consoleHosts are the console hosts of each partition; the first is the
// default destination. aws-cn lists both spellings in use (aws-wire.md §1.3
// leaves open which is right).
var consoleHosts = map[string][]string{
	"aws":        {"console.aws.amazon.com"},
	"aws-us-gov": {"console.amazonaws-us-gov.com"},
	"aws-cn":     {"console.amazonaws.cn", "console.amazonaws.com.cn"},
}

// validDestination accepts an https console URL of the partition (the
// global host or a regional <region>.console… host) or the fake's own
// /console page.
func validDestination(dest, partition, selfHost string) bool {
	u, err := url.Parse(dest)
	if err != nil || u.User != nil {
		return false
	}
	if u.Host == selfHost && (u.Scheme == "http" || u.Scheme == "https") && u.Path == "/console" {
		return true
	}
	if u.Scheme != "https" || u.Port() != "" {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, base := range consoleHosts[partition] {
		if host == base {
			return true
		}
		if region, ok := strings.CutSuffix(host, "."+base); ok && regionPattern().MatchString(region) {
			return true
		}
	}
	return false
}

func credPartition(c *issued) string {
	if c.kind == KindRole {
		return c.role.partition
	}
	return partitionOr(c.user.Partition)
}

// writeHTMLError answers like the AWS sign-in endpoint does on a bad
// request: an HTML page "HTTP Status 400 – <reason>", never JSON.
func writeHTMLError(w http.ResponseWriter, status int, reason string) {
	if reason == "" {
		reason = http.StatusText(status)
	}
	setErrorCode(w, reason)
	title := fmt.Sprintf("HTTP Status %d – %s", status, reason)
	w.Header().Set("Content-Type", "text/html;charset=utf-8")
	w.WriteHeader(status)
	_ = writeErrorPage(w, title)
}

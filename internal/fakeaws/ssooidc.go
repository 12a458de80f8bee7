package fakeaws

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// SSO-OIDC (restJson1, unsigned): POST /client/register,
// /device_authorization and /token, shaped as the SDK's own request and
// response snapshots (service/ssooidc), plus the browser pages /authorize
// (authorization code with PKCE) and /device (device-code verification).

const (
	grantDeviceCode = "urn:ietf:params:oauth:grant-type:device_code"
	grantAuthCode   = "authorization_code"
	grantRefresh    = "refresh_token"
)

// oidcError is an SSO-OIDC error: AWS sends __type plus the OAuth error and
// error_description (aws-wire.md §7.2).
type oidcError struct {
	status      int
	typ, oauth  string
	description string
}

func oidcErr(status int, typ, oauth, description string) *oidcError {
	return &oidcError{status, typ, oauth, description}
}

func writeOIDCError(w http.ResponseWriter, e *oidcError) {
	setErrorCode(w, e.typ)
	writeJSON(w, e.status, map[string]string{"__type": e.typ, "error": e.oauth, "error_description": e.description})
}

// writeJSON answers with a JSON body and a request id, as restJson1
// services do.
func writeJSON(w http.ResponseWriter, status int, body any) {
	writeJSONAs(w, "application/json", status, body)
}

// writeJSONAs is writeJSON with the protocol's content type (AWS JSON 1.1
// has its own).
func writeJSONAs(w http.ResponseWriter, contentType string, status int, body any) {
	out, err := json.Marshal(body)
	if err != nil {
		http.Error(w, "fake AWS: marshal response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("x-amzn-RequestId", newRequestID())
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

// readJSON decodes a POST body; a wrong method or bad JSON is reported.
func readJSON(w http.ResponseWriter, r *http.Request, into any) bool {
	if r.Method != http.MethodPost {
		writeOIDCError(w, oidcErr(http.StatusBadRequest, "InvalidRequestException", "invalid_request", "Method not allowed"))
		return false
	}
	if err := json.NewDecoder(r.Body).Decode(into); err != nil {
		writeOIDCError(w, oidcErr(http.StatusBadRequest, "InvalidRequestException", "invalid_request", "Malformed request body"))
		return false
	}
	return true
}

var (
	errInvalidClient = oidcErr(http.StatusUnauthorized, "InvalidClientException", "invalid_client", "Invalid client provided")
	errInvalidGrant  = oidcErr(http.StatusBadRequest, "InvalidGrantException", "invalid_grant", "Invalid grant provided")
)

func (s *Server) serveRegisterClient(w http.ResponseWriter, r *http.Request) {
	var raw struct {
		ClientName   string   `json:"clientName"`
		ClientType   string   `json:"clientType"`
		IssuerURL    string   `json:"issuerUrl"`
		Scopes       []string `json:"scopes"`
		GrantTypes   []string `json:"grantTypes"`
		RedirectURIs []string `json:"redirectUris"`
	}
	if !readJSON(w, r, &raw) {
		return
	}
	switch {
	case raw.ClientName == "" || raw.ClientType == "":
		writeOIDCError(w, oidcErr(http.StatusBadRequest, "InvalidRequestException", "invalid_request", "clientName and clientType are required"))
		return
	case raw.ClientType != "public":
		writeOIDCError(w, oidcErr(http.StatusBadRequest, "InvalidClientMetadataException", "invalid_client_metadata", "Invalid client type: "+raw.ClientType))
		return
	}
	for _, g := range raw.GrantTypes {
		if g != grantDeviceCode && g != grantAuthCode && g != grantRefresh {
			writeOIDCError(w, oidcErr(http.StatusBadRequest, "InvalidClientMetadataException", "invalid_client_metadata", "Invalid grant type: "+g))
			return
		}
	}
	for _, u := range raw.RedirectURIs {
		if !loopbackRedirect(u) {
			writeOIDCError(w, oidcErr(http.StatusBadRequest, "InvalidRedirectUriException", "invalid_redirect_uri", "Invalid redirect uri"))
			return
		}
	}
	if slices.Contains(raw.GrantTypes, grantAuthCode) && (len(raw.RedirectURIs) == 0 || raw.IssuerURL == "") {
		writeOIDCError(w, oidcErr(http.StatusBadRequest, "InvalidRequestException", "invalid_request", "redirectUris and issuerUrl are required for authorization_code"))
		return
	}
	s.mu.Lock()
	now := s.now()
	c := &oidcClient{
		id: "fake-client-" + base64.RawURLEncoding.EncodeToString(randomBytes(18)), secret: "fake-secret-" + base64.RawURLEncoding.EncodeToString(randomBytes(48)),
		name: raw.ClientName, scopes: raw.Scopes, grantTypes: raw.GrantTypes, redirectURIs: raw.RedirectURIs,
		expires: now.Add(ssoClientLifetime),
	}
	s.sso.clients[c.id] = c
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"clientId": c.id, "clientSecret": c.secret,
		"clientIdIssuedAt": now.Unix(), "clientSecretExpiresAt": c.expires.Unix(),
	})
}

// loopbackRedirect accepts http://127.0.0.1[:port]/path (RFC 8252 §7.3:
// any port on the loopback address), as Identity Center does.
func loopbackRedirect(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == "http" && (u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost" || u.Hostname() == "::1")
}

// clientLocked finds a registered, unexpired client with this secret.
func (s *Server) clientLocked(id, secret string) *oidcClient {
	c, ok := s.sso.clients[id]
	if !ok || c.secret != secret || !s.now().Before(c.expires) {
		return nil
	}
	return c
}

func (s *Server) serveDeviceAuthorization(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ClientID     string `json:"clientId"`
		ClientSecret string `json:"clientSecret"`
		StartURL     string `json:"startUrl"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	s.mu.Lock()
	c := s.clientLocked(in.ClientID, in.ClientSecret)
	if c == nil {
		s.mu.Unlock()
		writeOIDCError(w, errInvalidClient)
		return
	}
	if s.sso.center == nil || in.StartURL != s.sso.center.StartURL {
		s.mu.Unlock()
		writeOIDCError(w, oidcErr(http.StatusBadRequest, "InvalidRequestException", "invalid_request", "Invalid start url"))
		return
	}
	code := base32Code()
	d := &oidcDevice{clientID: c.id, userCode: code, startURL: in.StartURL, expires: s.now().Add(ssoDeviceLifetime),
		approved: s.sso.center.AutoApprove}
	deviceCode := base64.RawURLEncoding.EncodeToString(randomBytes(48))
	s.sso.devices[deviceCode] = d
	s.mu.Unlock()
	verify := s.URL() + "/device"
	writeJSON(w, http.StatusOK, map[string]any{
		"deviceCode": deviceCode, "userCode": code,
		"verificationUri": verify, "verificationUriComplete": verify + "?user_code=" + code,
		"expiresIn": int(ssoDeviceLifetime.Seconds()), "interval": ssoPollInterval,
	})
}

// base32Code is a user code like AWS's: eight letters in two groups.
func base32Code() string {
	const letters = "BCDFGHJKLMNPQRSTVWXZ"
	b := randomBytes(8)
	out := make([]byte, 0, 9)
	for i, c := range b {
		if i == 4 {
			out = append(out, '-')
		}
		out = append(out, letters[int(c)%len(letters)])
	}
	return string(out)
}

func (s *Server) serveCreateToken(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ClientID     string   `json:"clientId"`
		ClientSecret string   `json:"clientSecret"`
		GrantType    string   `json:"grantType"`
		DeviceCode   string   `json:"deviceCode"`
		Code         string   `json:"code"`
		CodeVerifier string   `json:"codeVerifier"`
		RedirectURI  string   `json:"redirectUri"`
		RefreshToken string   `json:"refreshToken"`
		Scope        []string `json:"scope"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clientLocked(in.ClientID, in.ClientSecret)
	if c == nil {
		writeOIDCError(w, errInvalidClient)
		return
	}
	switch in.GrantType {
	case grantDeviceCode, grantAuthCode, grantRefresh:
	default:
		writeOIDCError(w, oidcErr(http.StatusBadRequest, "UnsupportedGrantTypeException", "unsupported_grant_type", "Unsupported grant type: "+in.GrantType))
		return
	}
	if !c.allows(in.GrantType) {
		writeOIDCError(w, oidcErr(http.StatusBadRequest, "UnauthorizedClientException", "unauthorized_client", "Client is not authorized to use grant type "+in.GrantType))
		return
	}
	now := s.now()
	var startURL string
	switch in.GrantType {
	case grantDeviceCode:
		d, ok := s.sso.devices[in.DeviceCode]
		switch {
		case !ok || d.clientID != c.id || d.used:
			writeOIDCError(w, errInvalidGrant)
			return
		case !now.Before(d.expires):
			writeOIDCError(w, oidcErr(http.StatusBadRequest, "ExpiredTokenException", "expired_token", "Device code has expired"))
			return
		case d.denied:
			writeOIDCError(w, oidcErr(http.StatusBadRequest, "AccessDeniedException", "access_denied", "Access denied"))
			return
		case !d.approved:
			// Polling faster than the interval slows the client down
			// (RFC 8628 §3.5). The fake's clock may be frozen, so only a
			// moving clock can trigger it.
			if !d.lastPoll.IsZero() && now.After(d.lastPoll) && now.Sub(d.lastPoll).Seconds() < ssoPollInterval {
				d.lastPoll = now
				writeOIDCError(w, oidcErr(http.StatusBadRequest, "SlowDownException", "slow_down", "Client is polling too quickly"))
				return
			}
			d.lastPoll = now
			writeOIDCError(w, oidcErr(http.StatusBadRequest, "AuthorizationPendingException", "authorization_pending", "Authorization is still pending"))
			return
		}
		d.used = true
		startURL = d.startURL
	case grantAuthCode:
		code, ok := s.sso.codes[in.Code]
		if !ok || code.used || code.clientID != c.id || !now.Before(code.expires) || code.redirectURI != in.RedirectURI ||
			in.CodeVerifier == "" || pkceChallenge(in.CodeVerifier) != code.challenge {
			if ok {
				code.used = true // one attempt per code, as OAuth requires
			}
			writeOIDCError(w, errInvalidGrant)
			return
		}
		code.used = true
		startURL = s.sso.center.StartURL
	case grantRefresh:
		old, ok := s.sso.refresh[in.RefreshToken]
		if !ok || old.clientID != c.id || old.revoked {
			writeOIDCError(w, errInvalidGrant)
			return
		}
		// A refresh token is used once: AWS rotates it.
		delete(s.sso.refresh, in.RefreshToken)
		startURL = old.startURL
	}
	t := &ssoToken{clientID: c.id, startURL: startURL, expires: now.Add(ssoAccessLifetime),
		access: "aoa" + base64.RawURLEncoding.EncodeToString(randomBytes(96))}
	s.sso.access[t.access] = t
	out := map[string]any{"accessToken": t.access, "tokenType": "Bearer", "expiresIn": int(ssoAccessLifetime.Seconds())}
	if c.allows(grantRefresh) && len(c.grantTypes) > 0 {
		t.refresh = "aor" + base64.RawURLEncoding.EncodeToString(randomBytes(96))
		s.sso.refresh[t.refresh] = t
		out["refreshToken"] = t.refresh
	}
	writeJSON(w, http.StatusOK, out)
}

// pkceChallenge is the S256 code challenge of a verifier (RFC 7636 §4.2).
func pkceChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// serveAuthorize is the sign-in page a browser opens for the authorization
// code grant. GET shows an "Allow" form (or, with AutoApprove, redirects at
// once); POST with the same query approves and redirects to redirect_uri
// with code and state. A bad client or redirect is shown on the page, never
// redirected (RFC 6749 §4.1.2.1).
func (s *Server) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	s.mu.Lock()
	c, ok := s.sso.clients[q.Get("client_id")]
	switch {
	case !ok || !s.now().Before(c.expires):
		s.mu.Unlock()
		writeHTMLError(w, http.StatusBadRequest, "Invalid client")
		return
	case !c.allows(grantAuthCode) || !redirectAllowed(c.redirectURIs, redirect):
		s.mu.Unlock()
		writeHTMLError(w, http.StatusBadRequest, "Invalid redirect uri")
		return
	}
	approve := r.Method == http.MethodPost || s.sso.center.AutoApprove
	problem := ""
	switch {
	case q.Get("response_type") != "code":
		problem = "unsupported_response_type"
	case q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		problem = "invalid_request"
	}
	if problem != "" {
		s.mu.Unlock()
		http.Redirect(w, r, withQuery(redirect, url.Values{"error": {problem}, "state": {q.Get("state")}}), http.StatusFound)
		return
	}
	if !approve {
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html;charset=utf-8")
		_, _ = w.Write([]byte(`<!DOCTYPE html><title>Allow access</title><form method="post" action="/authorize?` + html.EscapeString(r.URL.RawQuery) +
			`"><p>Allow ` + html.EscapeString(c.name) + ` to access your data?</p><button type="submit">Allow access</button></form>`))
		return
	}
	code := base64.RawURLEncoding.EncodeToString(randomBytes(32))
	s.sso.codes[code] = &oidcCode{clientID: c.id, redirectURI: redirect, challenge: q.Get("code_challenge"), expires: s.now().Add(ssoCodeLifetime)}
	s.mu.Unlock()
	http.Redirect(w, r, withQuery(redirect, url.Values{"code": {code}, "state": {q.Get("state")}}), http.StatusFound)
}

// redirectAllowed matches a redirect against the registered ones, ignoring
// the port of loopback URIs (RFC 8252 §7.3).
func redirectAllowed(registered []string, got string) bool {
	g, err := url.Parse(got)
	if err != nil || !loopbackRedirect(got) {
		return false
	}
	for _, reg := range registered {
		u, err := url.Parse(reg)
		if err == nil && u.Scheme == g.Scheme && u.Hostname() == g.Hostname() && u.Path == g.Path {
			return true
		}
	}
	return false
}

func withQuery(base string, v url.Values) string {
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + v.Encode()
}

// serveDevicePage is the verification page of the device flow: GET shows
// the code to confirm; POST user_code=… (action=deny to refuse) approves.
func (s *Server) serveDevicePage(w http.ResponseWriter, r *http.Request) {
	code := r.Form.Get("user_code")
	if r.Method != http.MethodPost {
		w.Header().Set("Content-Type", "text/html;charset=utf-8")
		_, _ = w.Write([]byte(`<!DOCTYPE html><title>Authorize request</title><form method="post" action="/device"><input name="user_code" value="` +
			html.EscapeString(code) + `"><button type="submit">Confirm and continue</button></form>`))
		return
	}
	s.mu.Lock()
	found := s.pendingDeviceLocked(code)
	if found != nil {
		if r.Form.Get("action") == "deny" {
			found.denied = true
		} else {
			found.approved = true
		}
	}
	s.mu.Unlock()
	if found == nil {
		writeHTMLError(w, http.StatusBadRequest, "Invalid user code")
		return
	}
	w.Header().Set("Content-Type", "text/html;charset=utf-8")
	_, _ = w.Write([]byte(`<!DOCTYPE html><title>Request approved</title><p>Request approved. You can close this window.</p>`))
}

package fakeaws

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// stsVersion is the only API version STS speaks.
const stsVersion = "2011-06-15"

// stsAction handles one STS action for an authenticated caller. It runs
// with s.mu held and returns the response body or an AWS error.
type stsAction func(s *Server, c caller, p url.Values, requestID string) (any, *apiError)

var stsActions = map[string]stsAction{
	"GetCallerIdentity":  (*Server).getCallerIdentity,
	"GetSessionToken":    (*Server).getSessionToken,
	"AssumeRole":         (*Server).assumeRole,
	"GetFederationToken": (*Server).getFederationToken,
}

// serveSTS is the STS Query API: POST form or GET query, Action + Version.
func (s *Server) serveSTS(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET, POST")
		writeSTSError(w, http.StatusMethodNotAllowed, "InvalidAction", fmt.Sprintf("The HTTP method %s is not supported by STS.", r.Method))
		return
	}
	action, version := r.Form.Get("Action"), r.Form.Get("Version")
	handle, known := actionFor(action, version)
	// AWS answers an unknown action or version with InvalidAction and this
	// sentence; a missing Version reads "NO_VERSION_SPECIFIED".
	if version == "" {
		version = "NO_VERSION_SPECIFIED"
	}
	if action == "" {
		writeSTSError(w, http.StatusBadRequest, "MissingAction", "Missing Action")
		return
	}
	if !known {
		writeSTSError(w, http.StatusBadRequest, "InvalidAction", fmt.Sprintf("Could not find operation %s for version %s", action, version))
		return
	}

	s.mu.Lock()
	c, err := s.authenticateLocked(r)
	var body any
	requestID := newRequestID()
	if err == nil {
		body, err = handle(s, c, r.Form, requestID)
	}
	s.mu.Unlock()

	if err != nil {
		writeSTSError(w, err.status, err.code, err.message)
		return
	}
	writeXML(w, http.StatusOK, requestID, body)
}

// authenticateLocked identifies the caller from the request signature.
// Callers hold s.mu.
func (s *Server) authenticateLocked(r *http.Request) (caller, *apiError) {
	auth := r.Header.Get("Authorization")
	if auth == "" && r.URL.Query().Get("X-Amz-Credential") == "" {
		return caller{}, &apiError{http.StatusForbidden, "MissingAuthenticationToken", msgMissingAuth}
	}
	if auth != "" && !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") {
		return caller{}, &apiError{http.StatusBadRequest, "IncompleteSignature", "Authorization header requires the AWS4-HMAC-SHA256 algorithm."}
	}
	akid, _ := signingKey(r)
	if akid == "" {
		return caller{}, &apiError{http.StatusBadRequest, "IncompleteSignature", "Authorization header requires 'Credential' parameter."}
	}
	invalid := &apiError{http.StatusForbidden, "InvalidClientTokenId", msgInvalidClientToken}
	token := securityToken(r)
	if u, ok := s.users[akid]; ok {
		if token != "" {
			// Long-term keys never come with a session token.
			return caller{}, invalid
		}
		return caller{user: u}, nil
	}
	cred, ok := s.creds[akid]
	if !ok || token == "" || token != cred.token {
		return caller{}, invalid
	}
	if !s.now().Before(cred.expires) {
		return caller{}, &apiError{http.StatusForbidden, "ExpiredToken", msgExpiredToken}
	}
	return caller{user: cred.user, cred: cred}, nil
}

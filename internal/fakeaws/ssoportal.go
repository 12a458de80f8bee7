package fakeaws

import (
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The Identity Center portal API (restJson1, bearer token in
// X-Amz-Sso_bearer_token), shaped as the SDK's snapshots (service/sso):
// GET /assignment/accounts, GET /assignment/roles, GET
// /federation/credentials and POST /logout.

// ssoBearerHeader is the header the SDK sends the access token in.
const ssoBearerHeader = "X-Amz-Sso_bearer_token"

// ssoAction names the SSO operation a path serves ("" for none), for
// Calls, Requests and Fault.Actions.
func ssoAction(path string) string {
	switch path {
	case "/client/register":
		return "RegisterClient"
	case "/device_authorization":
		return "StartDeviceAuthorization"
	case "/token":
		return "CreateToken"
	case "/authorize":
		return "authorize"
	case "/device":
		return "device"
	case "/assignment/accounts":
		return "ListAccounts"
	case "/assignment/roles":
		return "ListAccountRoles"
	case "/federation/credentials":
		return "GetRoleCredentials"
	case "/logout":
		return "Logout"
	}
	return ""
}

// isPortalAPI reports whether an action is a portal (not OIDC) operation.
func isPortalAPI(action string) bool {
	switch action {
	case "ListAccounts", "ListAccountRoles", "GetRoleCredentials", "Logout":
		return true
	}
	return false
}

// writeSSOError answers like the portal: {"__type","message"}.
func writeSSOError(w http.ResponseWriter, status int, typ, message string) {
	setErrorCode(w, typ)
	writeJSON(w, status, map[string]string{"__type": typ, "message": message})
}

// writeSSOFault answers an injected fault on an SSO path in the JSON shape
// of that service.
func writeSSOFault(w http.ResponseWriter, action string, status int, code, message string) {
	if isPortalAPI(action) {
		writeSSOError(w, status, code, message)
		return
	}
	writeOIDCError(w, oidcErr(status, code, strings.ToLower(code), message))
}

// portal wraps a portal handler: the fake must know an Identity Center,
// the throttle applies, and the bearer token must be live.
func (s *Server) portal(method string, h func(w http.ResponseWriter, r *http.Request, t *ssoToken)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.sso.center == nil {
			writeSSOError(w, http.StatusNotFound, "ResourceNotFoundException", "No Identity Center instance")
			return
		}
		if !s.sso.throttle.take(time.Now()) {
			writeSSOError(w, http.StatusTooManyRequests, "TooManyRequestsException", "HTTP 429 Unknown Code")
			return
		}
		if r.Method != method {
			writeSSOError(w, http.StatusBadRequest, "InvalidRequestException", "Method not allowed")
			return
		}
		t := s.liveTokenLocked(r.Header.Get(ssoBearerHeader))
		if t == nil {
			writeSSOError(w, http.StatusUnauthorized, "UnauthorizedException", "Session token not found or invalid")
			return
		}
		h(w, r, t)
	}
}

// page cuts items by max_result and next_token (an opaque offset). It
// reports false after answering a bad parameter.
func page[T any](w http.ResponseWriter, r *http.Request, items []T) ([]T, string, bool) {
	q := r.URL.Query()
	size := ssoDefaultPageSize
	if v := q.Get("max_result"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > ssoMaxPageSize {
			writeSSOError(w, http.StatusBadRequest, "InvalidRequestException", "max_result must be between 1 and 100")
			return nil, "", false
		}
		size = n
	}
	from := 0
	if v := q.Get("next_token"); v != "" {
		raw, err := base64.RawURLEncoding.DecodeString(v)
		n, cerr := strconv.Atoi(strings.TrimPrefix(string(raw), "offset:"))
		if err != nil || cerr != nil || !strings.HasPrefix(string(raw), "offset:") || n < 0 || n > len(items) {
			writeSSOError(w, http.StatusBadRequest, "InvalidRequestException", "Invalid next token")
			return nil, "", false
		}
		from = n
	}
	to := min(from+size, len(items))
	next := ""
	if to < len(items) {
		next = base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(to)))
	}
	return items[from:to], next, true
}

func (s *Server) serveListAccounts(w http.ResponseWriter, r *http.Request, _ *ssoToken) {
	type account struct {
		AccountID    string `json:"accountId"`
		AccountName  string `json:"accountName"`
		EmailAddress string `json:"emailAddress,omitempty"`
	}
	all := make([]account, len(s.sso.center.Accounts))
	for i, a := range s.sso.center.Accounts {
		all[i] = account{a.ID, a.Name, a.Email}
	}
	items, next, ok := page(w, r, all)
	if !ok {
		return
	}
	out := map[string]any{"accountList": items}
	if next != "" {
		out["nextToken"] = next
	}
	writeJSON(w, http.StatusOK, out)
}

// accountLocked finds an assigned account by id.
func (s *Server) accountLocked(id string) *SSOAccount {
	for i := range s.sso.center.Accounts {
		if s.sso.center.Accounts[i].ID == id {
			return &s.sso.center.Accounts[i]
		}
	}
	return nil
}

func (s *Server) serveListAccountRoles(w http.ResponseWriter, r *http.Request, _ *ssoToken) {
	id := r.URL.Query().Get("account_id")
	if id == "" {
		writeSSOError(w, http.StatusBadRequest, "InvalidRequestException", "account_id is required")
		return
	}
	type role struct {
		AccountID string `json:"accountId"`
		RoleName  string `json:"roleName"`
	}
	var all []role
	if a := s.accountLocked(id); a != nil {
		for _, n := range a.Roles {
			all = append(all, role{id, n})
		}
	}
	items, next, ok := page(w, r, all)
	if !ok {
		return
	}
	out := map[string]any{"roleList": items}
	if items == nil {
		out["roleList"] = []role{}
	}
	if next != "" {
		out["nextToken"] = next
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) serveGetRoleCredentials(w http.ResponseWriter, r *http.Request, t *ssoToken) {
	q := r.URL.Query()
	id, name := q.Get("account_id"), q.Get("role_name")
	if id == "" || name == "" {
		writeSSOError(w, http.StatusBadRequest, "InvalidRequestException", "account_id and role_name are required")
		return
	}
	a := s.accountLocked(id)
	if a == nil || !slices.Contains(a.Roles, name) {
		// What the portal answers for a role the user is not assigned.
		writeSSOError(w, http.StatusForbidden, "ForbiddenException", "No access")
		return
	}
	// Credentials of a permission set are a session of the role Identity
	// Center made for it in the account, named after the user.
	rl, err := parseRole(Role{ARN: "arn:aws:iam::" + id + ":role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_" + name + "_" + strings.ToLower(stableID("", id+name)[:16])})
	if err != nil {
		writeSSOError(w, http.StatusBadRequest, "InvalidRequestException", "Invalid role name")
		return
	}
	c := &issued{
		akid: newAccessKeyID(), secret: newSecret(), token: newSessionToken(),
		kind: KindRole, expires: s.now().Add(ssoRoleLifetime), role: rl, sessionName: s.sso.center.userName(),
		user: &User{Name: s.sso.center.userName(), AccountID: id},
	}
	s.creds[c.akid] = c
	writeJSON(w, http.StatusOK, map[string]any{"roleCredentials": map[string]any{
		"accessKeyId": c.akid, "secretAccessKey": c.secret, "sessionToken": c.token,
		"expiration": c.expires.UnixMilli(),
	}})
}

func (s *Server) serveLogout(w http.ResponseWriter, _ *http.Request, t *ssoToken) {
	t.revoked = true
	if t.refresh != "" {
		delete(s.sso.refresh, t.refresh)
	}
	w.Header().Set("x-amzn-RequestId", newRequestID())
	w.WriteHeader(http.StatusOK)
}

// routeSSO mounts the SSO-OIDC and portal endpoints. Without an
// IdentityCenter they answer as a service with nothing configured.
func (s *Server) routeSSO(mux *http.ServeMux) {
	oidc := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			on := s.sso.center != nil
			s.mu.Unlock()
			if !on {
				writeOIDCError(w, oidcErr(http.StatusBadRequest, "InvalidRequestException", "invalid_request", "No Identity Center instance"))
				return
			}
			h(w, r)
		}
	}
	mux.HandleFunc("/client/register", oidc(s.serveRegisterClient))
	mux.HandleFunc("/device_authorization", oidc(s.serveDeviceAuthorization))
	mux.HandleFunc("/token", oidc(s.serveCreateToken))
	mux.HandleFunc("/authorize", oidc(s.serveAuthorize))
	mux.HandleFunc("/device", oidc(s.serveDevicePage))
	mux.HandleFunc("/assignment/accounts", s.portal(http.MethodGet, s.serveListAccounts))
	mux.HandleFunc("/assignment/roles", s.portal(http.MethodGet, s.serveListAccountRoles))
	mux.HandleFunc("/federation/credentials", s.portal(http.MethodGet, s.serveGetRoleCredentials))
	mux.HandleFunc("/logout", s.portal(http.MethodPost, s.serveLogout))
}

package fakeaws

import (
	"net/http"
	"strings"
)

// maxBodyBytes bounds request bodies; real STS requests are a few KB.
const maxBodyBytes = 1 << 20

// instrument wraps every request: it parses the form once, dates the
// answer by the fake's clock, counts the action, applies an injected fault
// and records the (redacted) request.
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		parseErr := r.ParseForm()
		action := r.Form.Get("Action")
		if r.URL.Path == "/console" {
			action = "console"
		} else if a := ssoAction(r.URL.Path); a != "" {
			action = a
		} else if a := orgsAction(r); a != "" {
			action = a
		}
		akid, temporary := signingKey(r)
		rw := &recordingWriter{ResponseWriter: w}
		// AWS's clock is the fake's clock (WithClock): clients compare
		// expiry times with it to notice their own clock is off.
		w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))

		s.mu.Lock()
		s.calls[action]++
		fault, faulted := s.takeFaultLocked(action)
		s.mu.Unlock()

		recorded := false
		record := func() {
			if recorded {
				return
			}
			recorded = true
			rec := Request{
				Time:        s.now(),
				Method:      r.Method,
				Path:        r.URL.Path,
				Action:      action,
				AccessKeyID: akid,
				Temporary:   temporary,
				Params:      redactParams(r.Form),
				Status:      rw.status,
				Code:        rw.code,
				Faulted:     faulted,
			}
			s.mu.Lock()
			s.requests = append(s.requests, rec)
			s.mu.Unlock()
		}
		defer record()

		if faulted && fault.Drop {
			// Record before the client sees the connection close, so a
			// test that inspects Requests right after the error finds it.
			record()
		}
		if faulted && fault.apply(rw, r, action) {
			return
		}
		if parseErr != nil {
			if r.URL.Path == "/federation" || r.URL.Path == "/console" {
				writeHTMLError(rw, http.StatusBadRequest, "Malformed request")
			} else if ssoAction(r.URL.Path) != "" {
				writeSSOFault(rw, action, http.StatusBadRequest, "InvalidRequestException", "Malformed request")
			} else if orgsAction(r) != "" {
				writeOrgsError(rw, orgsErr("SerializationException", "Malformed request"))
			} else {
				writeSTSError(rw, http.StatusBadRequest, "MalformedQueryString", "The request body or query string could not be parsed.")
			}
			return
		}
		next.ServeHTTP(rw, r)
	})
}

// signingKey extracts the caller's access key id from a SigV4 signature
// (Authorization header or presigned X-Amz-Credential query parameter) and
// whether a security token came with it. It does not verify the signature.
func signingKey(r *http.Request) (akid string, temporary bool) {
	q := r.URL.Query()
	temporary = r.Header.Get("X-Amz-Security-Token") != "" || q.Get("X-Amz-Security-Token") != ""
	if auth := r.Header.Get("Authorization"); auth != "" {
		_, params, _ := strings.Cut(auth, " ")
		for part := range strings.SplitSeq(params, ",") {
			if cred, ok := strings.CutPrefix(strings.TrimSpace(part), "Credential="); ok {
				akid, _, _ = strings.Cut(cred, "/")
				return akid, temporary
			}
		}
		return "", temporary
	}
	if cred := q.Get("X-Amz-Credential"); cred != "" {
		akid, _, _ = strings.Cut(cred, "/")
	}
	return akid, temporary
}

func securityToken(r *http.Request) string {
	if t := r.Header.Get("X-Amz-Security-Token"); t != "" {
		return t
	}
	return r.URL.Query().Get("X-Amz-Security-Token")
}

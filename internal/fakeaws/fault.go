package fakeaws

import (
	"net/http"
	"slices"
	"time"
)

// Fault describes a failure to inject, so clients' error paths (retries,
// timeouts, unreadable bodies) can be tested. The zero Fault means none.
type Fault struct {
	// Latency delays the response (or the fault) by this long; the delay
	// ends early if the client gives up.
	Latency time.Duration
	// Status, with Code and Message, answers with an AWS error instead of
	// processing the request, e.g. 500 InternalFailure, 503
	// ServiceUnavailable or 400 Throttling "Rate exceeded".
	Status  int
	Code    string
	Message string
	// Page, with Status, answers with this text/html body instead of an
	// AWS error: what a proxy, a load balancer or a wrong URL sends.
	Page string
	// Malformed answers 200 with a body that is not valid XML (or JSON on
	// the federation endpoint).
	Malformed bool
	// Drop closes the connection without any response.
	Drop bool
	// Count applies the fault to the next Count matching requests only;
	// 0 means every matching request until SetFault is called again.
	Count int
	// Actions limits the fault to these actions (see Server.Calls for the
	// names); empty means every request.
	Actions []string
}

// SetFault installs a fault for the requests that follow, replacing any
// earlier one. SetFault(Fault{}) clears it.
func (s *Server) SetFault(f Fault) {
	f.Actions = slices.Clone(f.Actions)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
	s.faultLeft = f.Count
}

// takeFaultLocked returns the fault to apply to a request for action, and
// uses up one of its Count. Callers hold s.mu.
func (s *Server) takeFaultLocked(action string) (Fault, bool) {
	f := s.fault
	if !f.active() {
		return Fault{}, false
	}
	if len(f.Actions) > 0 && !slices.Contains(f.Actions, action) {
		return Fault{}, false
	}
	if f.Count > 0 {
		s.faultLeft--
		if s.faultLeft <= 0 {
			s.fault = Fault{}
		}
	}
	return f, true
}

func (f Fault) active() bool {
	return f.Latency > 0 || f.Status != 0 || f.Malformed || f.Drop
}

// apply carries out the fault. It reports whether the response is done, so
// a latency-only fault lets normal processing continue.
func (f Fault) apply(w http.ResponseWriter, r *http.Request, action string) (done bool) {
	if f.Latency > 0 {
		timer := time.NewTimer(f.Latency)
		select {
		case <-timer.C:
		case <-r.Context().Done():
			timer.Stop()
			return true
		}
	}
	switch {
	case f.Drop:
		dropConnection(w)
		return true
	case f.Status != 0:
		code, msg := f.Code, f.Message
		if code == "" {
			code = http.StatusText(f.Status)
		}
		if f.Page != "" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(f.Status)
			_, _ = w.Write([]byte(f.Page))
			return true
		}
		if r.URL.Path == "/federation" || r.URL.Path == "/console" {
			writeHTMLError(w, f.Status, msg)
		} else if ssoAction(r.URL.Path) != "" {
			writeSSOFault(w, action, f.Status, code, msg)
		} else if orgsAction(r) != "" {
			writeOrgsError(w, &apiError{f.Status, code, msg})
		} else {
			writeSTSError(w, f.Status, code, msg)
		}
		return true
	case f.Malformed:
		if r.URL.Path == "/federation" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`{"SigninToken":`))
			return true
		}
		if orgsAction(r) != "" {
			w.Header().Set("Content-Type", orgsContentType)
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`{"Accounts":[{"Id":`))
			return true
		}
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<" + action + `Response xmlns="` + stsNamespace + `"><` + action + `Result><Cre`))
		return true
	}
	return false
}

// dropConnection closes the client connection without writing a response.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2 or a test recorder): abort the response,
		// which net/http turns into a reset stream or closed connection.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

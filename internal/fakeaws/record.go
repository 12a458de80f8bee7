package fakeaws

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// Request is one request the fake received, kept for test assertions.
// Secrets never appear in it: TokenCode, SigninToken and the secret parts
// of the federation Session are replaced by "REDACTED".
type Request struct {
	Time   time.Time
	Method string
	Path   string
	// Action is the STS action or federation Action ("getSigninToken",
	// "login"), or "console" for the stand-in console page.
	Action string
	// AccessKeyID is the caller's key id from the SigV4 Credential ("" for
	// unsigned requests); Temporary is true when a security token was sent.
	AccessKeyID string
	Temporary   bool
	// Params holds the query and form parameters, redacted.
	Params url.Values
	// Status is the HTTP status sent (0 when the connection was dropped);
	// Code is the AWS error code ("" on success), or for the sign-in
	// endpoint and console the reason on the error page.
	Status int
	Code   string
	// Faulted is true when an injected Fault shaped the response.
	Faulted bool
}

// redacted is what replaces secrets in recorded requests.
const redacted = "REDACTED"

// recordingWriter remembers the status and AWS error code of a response.
type recordingWriter struct {
	http.ResponseWriter
	status int
	code   string
}

func (w *recordingWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (for Drop).
func (w *recordingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// setErrorCode notes the AWS error code of a response for the record.
func setErrorCode(w http.ResponseWriter, code string) {
	if rw, ok := w.(*recordingWriter); ok {
		rw.code = code
	}
}

// redactParams copies params with every secret replaced.
func redactParams(in url.Values) url.Values {
	out := cloneValues(in)
	for _, k := range []string{"TokenCode", "SigninToken"} {
		if vs, ok := out[k]; ok {
			for i := range vs {
				vs[i] = redacted
			}
		}
	}
	if vs, ok := out["Session"]; ok {
		for i, v := range vs {
			vs[i] = redactSession(v)
		}
	}
	return out
}

// redactSession keeps the shape of a federation Session JSON (its keys and
// sessionId) so tests can assert on it, and hides the key and token.
func redactSession(raw string) string {
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return redacted
	}
	for k := range m {
		if k != "sessionId" {
			m[k] = redacted
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return redacted
	}
	return string(b)
}

func cloneValues(in url.Values) url.Values {
	if in == nil {
		return nil
	}
	out := make(url.Values, len(in))
	for k, vs := range in {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

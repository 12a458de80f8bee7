package credserver

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"time"
)

// response is the container-credentials answer, as the SDKs'
// endpointcreds provider and botocore's ContainerProvider read it.
type response struct {
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	Token           string `json:"Token"`
	Expiration      string `json:"Expiration"`
	AccountID       string `json:"AccountId,omitempty"`
}

// errorResponse is the protocol's error shape: the Go SDK reports code and
// message, the AWS CLI prints the body.
type errorResponse struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// serveHTTP answers GET with the credentials. A missing or wrong token gets
// 403 and an empty body before anything else is looked at.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		w.WriteHeader(http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeJSON(w, http.StatusMethodNotAllowed, errorResponse{Code: "MethodNotAllowed", Message: "use GET"})
		return
	}
	c, err := s.answer(r.Context())
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, errorResponse{Code: "CredentialsUnavailable", Message: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, response{
		AccessKeyID:     c.AccessKeyID,
		SecretAccessKey: c.SecretAccessKey,
		Token:           c.SessionToken,
		Expiration:      c.Expires.UTC().Format(time.RFC3339),
		AccountID:       c.AccountID,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// discardLog keeps net/http's own messages (a client hanging up) off the
// child's terminal, which the server shares.
func discardLog() *log.Logger { return log.New(io.Discard, "", 0) }

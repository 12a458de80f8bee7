package fakeaws

import (
	"encoding/xml"
	"net/http"
	"time"
)

// stsNamespace is the XML namespace of every STS response.
const stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

// The response shapes below follow aws-wire.md §2.2. encoding/xml writes
// them compactly, so no element text ever carries stray whitespace (the SDK
// would keep it verbatim), and escapes values properly.

type xmlCredentials struct {
	AccessKeyId     string
	SecretAccessKey string
	SessionToken    string
	Expiration      string
}

type xmlMetadata struct {
	RequestId string
}

type getCallerIdentityResponse struct {
	XMLName xml.Name `xml:"https://sts.amazonaws.com/doc/2011-06-15/ GetCallerIdentityResponse"`
	Result  struct {
		Arn     string
		UserId  string
		Account string
	} `xml:"GetCallerIdentityResult"`
	ResponseMetadata xmlMetadata
}

type getSessionTokenResponse struct {
	XMLName xml.Name `xml:"https://sts.amazonaws.com/doc/2011-06-15/ GetSessionTokenResponse"`
	Result  struct {
		Credentials xmlCredentials
	} `xml:"GetSessionTokenResult"`
	ResponseMetadata xmlMetadata
}

type assumeRoleResponse struct {
	XMLName xml.Name `xml:"https://sts.amazonaws.com/doc/2011-06-15/ AssumeRoleResponse"`
	Result  struct {
		SourceIdentity  string `xml:",omitempty"`
		AssumedRoleUser struct {
			Arn           string
			AssumedRoleId string
		}
		Credentials      xmlCredentials
		PackedPolicySize *int `xml:",omitempty"`
	} `xml:"AssumeRoleResult"`
	ResponseMetadata xmlMetadata
}

type getFederationTokenResponse struct {
	XMLName xml.Name `xml:"https://sts.amazonaws.com/doc/2011-06-15/ GetFederationTokenResponse"`
	Result  struct {
		Credentials   xmlCredentials
		FederatedUser struct {
			Arn             string
			FederatedUserId string
		}
		PackedPolicySize *int `xml:",omitempty"`
	} `xml:"GetFederationTokenResult"`
	ResponseMetadata xmlMetadata
}

type errorResponse struct {
	XMLName xml.Name `xml:"https://sts.amazonaws.com/doc/2011-06-15/ ErrorResponse"`
	Error   struct {
		Type    string
		Code    string
		Message string
	}
	RequestId string
}

func credentialsXML(c *issued) xmlCredentials {
	return xmlCredentials{
		AccessKeyId:     c.akid,
		SecretAccessKey: c.secret,
		SessionToken:    c.token,
		Expiration:      c.expires.UTC().Format(time.RFC3339),
	}
}

// writeXML sends a 2xx or error body with the headers AWS sends.
func writeXML(w http.ResponseWriter, status int, requestID string, body any) {
	out, err := xml.Marshal(body)
	if err != nil {
		// Only our own fixed structs are marshalled; this cannot happen.
		http.Error(w, "fake AWS: marshal response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("x-amzn-RequestId", requestID)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(out)
}

// writeSTSError sends an AWS query-protocol error: Type Sender for 4xx,
// Receiver for 5xx.
func writeSTSError(w http.ResponseWriter, status int, code, message string) {
	var body errorResponse
	body.Error.Type = "Sender"
	if status >= 500 {
		body.Error.Type = "Receiver"
	}
	body.Error.Code = code
	body.Error.Message = message
	body.RequestId = newRequestID()
	setErrorCode(w, code)
	writeXML(w, status, body.RequestId, body)
}

package fakeaws

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// rawSTS sends an STS request by hand, signed (in form only) as akid.
func rawSTS(t *testing.T, s *Server, method string, params url.Values, akid, token string) (*http.Response, []byte) {
	t.Helper()
	var req *http.Request
	var err error
	if method == http.MethodGet {
		req, err = http.NewRequest(method, s.URL()+"/?"+params.Encode(), nil)
	} else {
		req, err = http.NewRequest(method, s.URL()+"/", strings.NewReader(params.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if err != nil {
		t.Fatal(err)
	}
	if akid != "" {
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+akid+"/20260102/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc")
	}
	if token != "" {
		req.Header.Set("X-Amz-Security-Token", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestProtocolErrors(t *testing.T) {
	s, _ := newOrg(t)
	tests := []struct {
		name          string
		method        string
		params        url.Values
		akid          string
		status        int
		code, message string
	}{
		{"unknown action", "POST", url.Values{"Action": {"DeleteEverything"}, "Version": {"2011-06-15"}}, aliceKey,
			400, "InvalidAction", "Could not find operation DeleteEverything for version 2011-06-15"},
		{"missing version", "POST", url.Values{"Action": {"GetCallerIdentity"}}, aliceKey,
			400, "InvalidAction", "Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED"},
		{"wrong version", "GET", url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2010-05-08"}}, aliceKey,
			400, "InvalidAction", "Could not find operation GetCallerIdentity for version 2010-05-08"},
		{"missing action", "POST", url.Values{"Version": {"2011-06-15"}}, aliceKey,
			400, "MissingAction", "Missing Action"},
		{"unsigned", "POST", url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}, "",
			403, "MissingAuthenticationToken", msgMissingAuth},
		{"required member missing", "POST", url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"}, "RoleSessionName": {"ab"}}, aliceKey,
			400, "ValidationError", "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null"},
		{"non-numeric duration", "POST", url.Values{"Action": {"GetSessionToken"}, "Version": {"2011-06-15"}, "DurationSeconds": {"soon"}}, aliceKey,
			400, "ValidationError", "1 validation error detected: Value 'soon' at 'durationSeconds' failed to satisfy constraint: Member must be an integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := rawSTS(t, s, tt.method, tt.params, tt.akid, "")
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/xml" {
				t.Errorf("Content-Type = %q", ct)
			}
			var e struct {
				XMLName   xml.Name
				Error     struct{ Type, Code, Message string }
				RequestId string
			}
			if err := xml.Unmarshal(body, &e); err != nil {
				t.Fatalf("error body is not XML: %v\n%s", err, body)
			}
			if e.XMLName.Space != stsNamespace || e.XMLName.Local != "ErrorResponse" {
				t.Errorf("root = %v", e.XMLName)
			}
			if e.Error.Type != "Sender" || e.Error.Code != tt.code || e.Error.Message != tt.message {
				t.Errorf("error = %+v, want Sender %s %q", e.Error, tt.code, tt.message)
			}
			if e.RequestId == "" || resp.Header.Get("x-amzn-RequestId") != e.RequestId {
				t.Errorf("RequestId %q, header %q", e.RequestId, resp.Header.Get("x-amzn-RequestId"))
			}
		})
	}
}

func TestGETQueryFormAndPresignedCredential(t *testing.T) {
	s, _ := newOrg(t)
	resp, body := rawSTS(t, s, http.MethodGet, url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}, aliceKey, "")
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte("<Arn>arn:aws:iam::111111111111:user/alice</Arn>")) {
		t.Fatalf("GET: %d %s", resp.StatusCode, body)
	}
	// Query-string authentication (a presigned URL) names the key in X-Amz-Credential.
	q := url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}, "X-Amz-Algorithm": {"AWS4-HMAC-SHA256"},
		"X-Amz-Credential": {bobKey + "/20260102/us-east-1/sts/aws4_request"}, "X-Amz-Signature": {"abc"}}
	r, err := http.Get(s.URL() + "/?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if r.StatusCode != 200 || !bytes.Contains(b, []byte("user/contractors/bob")) {
		t.Fatalf("presigned: %d %s", r.StatusCode, b)
	}
}

// TestSuccessBodiesAreCompact checks the raw XML: the namespace, the
// content type, and no whitespace inside or between elements, because the
// SDK keeps element text verbatim.
func TestSuccessBodiesAreCompact(t *testing.T) {
	s, clk := newOrg(t)
	calls := []url.Values{
		{"Action": {"GetCallerIdentity"}},
		{"Action": {"GetSessionToken"}, "SerialNumber": {aliceSerial}, "TokenCode": {s.Code(aliceSerial, clk.Now())}},
		{"Action": {"AssumeRole"}, "RoleArn": {partnerARN}, "RoleSessionName": {"me@example.com"}, "ExternalId": {"ext-123"},
			"SourceIdentity": {"me"}, "Policy": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`}},
		{"Action": {"GetFederationToken"}, "Name": {"fed-user"}, "Policy": {`{"a":"<&>"}`}},
	}
	for _, p := range calls {
		action := p.Get("Action")
		t.Run(action, func(t *testing.T) {
			p.Set("Version", "2011-06-15")
			resp, body := rawSTS(t, s, http.MethodPost, p, aliceKey, "")
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/xml" {
				t.Errorf("Content-Type = %q", ct)
			}
			if resp.Header.Get("x-amzn-RequestId") == "" {
				t.Error("no x-amzn-RequestId header")
			}
			dec := xml.NewDecoder(bytes.NewReader(body))
			var root string
			elements := 0
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("body is not XML: %v\n%s", err, body)
				}
				switch tok := tok.(type) {
				case xml.StartElement:
					elements++
					if root == "" {
						root = tok.Name.Local
						if tok.Name.Space != stsNamespace {
							t.Errorf("namespace = %q", tok.Name.Space)
						}
					}
				case xml.CharData:
					if text := string(tok); strings.TrimSpace(text) != text && elements > 0 {
						t.Errorf("whitespace in element text: %q", text)
					}
				}
			}
			if root != action+"Response" || elements < 4 {
				t.Errorf("root %q with %d elements", root, elements)
			}
			if !bytes.Contains(body, []byte("<Expiration>")) && action != "GetCallerIdentity" {
				t.Errorf("no Expiration in %s", body)
			}
			if !bytes.Contains(body, []byte("<RequestId>"+resp.Header.Get("x-amzn-RequestId")+"</RequestId>")) {
				t.Errorf("RequestId in body does not match the header")
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	s, _ := newOrg(t)
	for _, path := range []string{"/", "/federation"} {
		req, _ := http.NewRequest(http.MethodDelete, s.URL()+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("DELETE %s = %d, want 405", path, resp.StatusCode)
		}
	}
}

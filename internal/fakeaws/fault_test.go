package fakeaws

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func TestFaultStatusErrorsGiveUpAfterOneAttempt(t *testing.T) {
	tests := []struct {
		name          string
		fault         Fault
		status        int
		code, message string
	}{
		{"internal failure", Fault{Status: 500, Code: "InternalFailure", Message: "An internal error occurred."}, 500, "InternalFailure", "An internal error occurred."},
		{"unavailable", Fault{Status: 503, Code: "ServiceUnavailable", Message: "Service is unavailable."}, 503, "ServiceUnavailable", "Service is unavailable."},
		{"throttling", Fault{Status: 400, Code: "Throttling", Message: "Rate exceeded"}, 400, "Throttling", "Rate exceeded"},
		{"code defaults to the status text", Fault{Status: 502}, 502, "Bad Gateway", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newOrg(t)
			s.SetFault(tt.fault)
			_, err := alice(t, s).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			wantAPIError(t, err, tt.status, tt.code, tt.message)
			if n := s.Calls("GetCallerIdentity"); n != 1 {
				t.Errorf("Calls = %d, want 1 (AWS_MAX_ATTEMPTS=1)", n)
			}
			reqs := s.Requests()
			if len(reqs) != 1 || !reqs[0].Faulted || reqs[0].Status != tt.status || reqs[0].Code != tt.code {
				t.Errorf("recorded %+v", reqs)
			}
		})
	}
}

func TestFaultServerErrorIsTypedReceiver(t *testing.T) {
	s, _ := newOrg(t)
	s.SetFault(Fault{Status: 500, Code: "InternalFailure", Message: "boom"})
	resp, body := rawSTS(t, s, http.MethodPost, map[string][]string{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}, aliceKey, "")
	if resp.StatusCode != 500 || !bytesContains(body, "<Type>Receiver</Type>") {
		t.Errorf("got %d %s, want 500 with Type Receiver", resp.StatusCode, body)
	}
}

func TestFaultDropIsANetworkError(t *testing.T) {
	s, _ := newOrg(t)
	s.SetFault(Fault{Drop: true})
	_, err := alice(t, s).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err == nil {
		t.Fatal("want an error from a dropped connection")
	}
	var sendErr *smithyhttp.RequestSendError
	if !errors.As(err, &sendErr) {
		t.Errorf("error %v is not a RequestSendError", err)
	}
	// The SDK wraps send failures in a ResponseError with no status.
	var respErr *awshttp.ResponseError
	if errors.As(err, &respErr) && respErr.HTTPStatusCode() != 0 {
		t.Errorf("dropped connection produced HTTP status %d", respErr.HTTPStatusCode())
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		t.Errorf("dropped connection produced an API error %q", apiErr.ErrorCode())
	}
	if reqs := s.Requests(); len(reqs) != 1 || reqs[0].Status != 0 {
		t.Errorf("recorded %+v, want one request with no status", reqs)
	}
}

func TestFaultMalformedIsADeserializationError(t *testing.T) {
	s, _ := newOrg(t)
	s.SetFault(Fault{Malformed: true})
	_, err := alice(t, s).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	var deser *smithy.DeserializationError
	if !errors.As(err, &deser) {
		t.Errorf("error %v is not a DeserializationError", err)
	}
}

func TestFaultCountAndActionFilter(t *testing.T) {
	s, _ := newOrg(t)
	s.SetFault(Fault{Status: 503, Code: "ServiceUnavailable", Count: 2, Actions: []string{"AssumeRole"}})
	c := alice(t, s)
	_, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantNoError(t, err) // filtered out: does not use up the count
	in := &sts.AssumeRoleInput{RoleArn: strp(readOnlyARN), RoleSessionName: strp("alice")}
	for i := range 2 {
		_, err = c.AssumeRole(ctx, in)
		if err == nil {
			t.Fatalf("AssumeRole %d succeeded during the fault", i+1)
		}
		wantAPIError(t, err, 503, "ServiceUnavailable", "")
	}
	_, err = c.AssumeRole(ctx, in)
	wantNoError(t, err)
	if n := s.Calls("AssumeRole"); n != 3 {
		t.Errorf("Calls(AssumeRole) = %d, want 3", n)
	}
}

func TestFaultLatency(t *testing.T) {
	s, _ := newOrg(t)
	t.Run("delays then answers normally", func(t *testing.T) {
		s.SetFault(Fault{Latency: 10 * time.Millisecond, Count: 1})
		_, err := alice(t, s).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		wantNoError(t, err)
	})
	t.Run("a client deadline wins", func(t *testing.T) {
		s.SetFault(Fault{Latency: time.Minute})
		defer s.SetFault(Fault{})
		short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
		defer cancel()
		_, err := alice(t, s).GetCallerIdentity(short, &sts.GetCallerIdentityInput{})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error = %v, want context.DeadlineExceeded", err)
		}
	})
}

func strp(s string) *string { return &s }

func bytesContains(b []byte, sub string) bool { return len(b) > 0 && contains(string(b), sub) }

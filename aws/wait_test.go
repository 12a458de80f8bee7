package aws

import (
	"context"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/fakeaws"
)

// recordWaits sets e.OnWait to record each wait and its answer; the
// function it returns gives the record so far.
func recordWaits(e *Engine) func() []string {
	var (
		mu     sync.Mutex
		events []string
	)
	e.OnWait = func(w Wait) func() {
		mu.Lock()
		events = append(events, "wait "+w.String())
		mu.Unlock()
		return func() { mu.Lock(); events = append(events, "answered"); mu.Unlock() }
	}
	return func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(events) }
}

// TestAFakeThatNeverAnswersCostsTheWholeCallTimeout: the call ends when its
// whole-call time-out runs out, the sentence says which time-out and how
// long, and OnWait saw the call start and end.
func TestAFakeThatNeverAnswersCostsTheWholeCallTimeout(t *testing.T) {
	in := newIntegration(t)
	in.fake.SetFault(fakeaws.Fault{Latency: time.Hour})
	in.e.CallTimeout = 300 * time.Millisecond
	events := recordWaits(in.e)
	_, err := in.e.Retrieve(context.Background(), in.targets["prod"])
	if !errors.Is(err, ErrNoAnswer) {
		t.Fatalf("err = %v, want ErrNoAnswer", err)
	}
	for _, w := range []string{in.fake.URL(), "did not answer GetSessionToken for jump within 300ms", "whole call"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%q lacks %q", err, w)
		}
	}
	if want := []string{"wait STS (GetSessionToken for jump)", "answered"}; strings.Join(events(), "|") != strings.Join(want, "|") {
		t.Errorf("OnWait events = %q, want %q", events(), want)
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// TestConnectTimeoutIsNamed: a connection not made in time says so, with
// the connect time-out's length.
func TestConnectTimeoutIsNamed(t *testing.T) {
	f := newFixture(t)
	dial := &smithyhttp.RequestSendError{Err: &url.Error{Op: "Post", URL: "https://sts.eu-west-1.amazonaws.com/",
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: timeoutErr{}}}}
	f.sts.failNext("GetSessionToken", dial)
	err := f.retrieveErr("prod")
	for _, w := range []string{"could not connect to STS at https://sts.eu-west-1.amazonaws.com within 5s", "connect time-out", "GetSessionToken for jump"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%q lacks %q", err, w)
		}
	}
}

// TestRequestsInsideTheSDKAreAnnounced: a profile whose role the SDK
// assumes while loading it (as with SSO or container credentials, the
// request is made inside the SDK's own provider) is announced once, named
// by the SDK's service and operation.
func TestRequestsInsideTheSDKAreAnnounced(t *testing.T) {
	in := newIntegration(t)
	home := os.Getenv("HOME")
	f, err := os.OpenFile(filepath.Join(home, ".aws", "config"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "[profile selfrole]\nrole_arn = %s\nexternal_id = partner-ext-1\nsource_profile = jump\nregion = eu-west-1\n", partnerARN)
	f.Close()
	self := &config.Target{Name: "selfrole", Kind: config.KindSource, Profile: "selfrole", SDKAssumesRole: true,
		RoleARN: partnerARN, ExternalID: "partner-ext-1", Region: "eu-west-1"}
	in.targets["selfrole"] = self
	events := recordWaits(in.e)
	if _, err := in.e.Retrieve(context.Background(), self); err != nil {
		t.Fatal(err)
	}
	if want := []string{"wait STS (AssumeRole for selfrole)", "answered"}; strings.Join(events(), "|") != strings.Join(want, "|") {
		t.Errorf("OnWait events = %q, want %q", events(), want)
	}
}

// TestACustomCABundleStillLoads: AWS_CA_BUNDLE (a corporate proxy's CA,
// common where switchrole's users work) makes the SDK add the bundle to the
// HTTP client, which it can do only to its own client type: watching
// requests must not wrap that client ("unable to add custom RootCAs").
func TestACustomCABundleStillLoads(t *testing.T) {
	in := newIntegration(t)
	tls := httptest.NewTLSServer(nil)
	tls.Close()
	bundle := filepath.Join(t.TempDir(), "ca.pem")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tls.Certificate().Raw})
	if err := os.WriteFile(bundle, block, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CA_BUNDLE", bundle)
	events := recordWaits(in.e)
	if _, err := in.e.Retrieve(context.Background(), in.targets["prod"]); err != nil {
		t.Fatal(err)
	}
	if len(events()) == 0 {
		t.Error("no request was announced")
	}
}

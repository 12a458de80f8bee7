package aws

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// assertNothingCached fails when the cache holds an entry for a role (a
// source's MFA session obtained before the failure may stay: it is good).
func assertNothingCached(t *testing.T, f *fixture) {
	t.Helper()
	list, _ := f.e.Cache.List()
	for _, e := range list {
		if e.Kind != KindSession {
			t.Errorf("a failure left a %s entry for %s", e.Kind, e.Target)
		}
	}
}

func TestErrorSentences(t *testing.T) {
	netErr := &smithyhttp.RequestSendError{Err: &url.Error{Op: "Post", URL: "http://127.0.0.1:9/", Err: errors.New("connection refused")}}
	tests := []struct {
		name   string
		op     string
		err    error
		target string
		kind   error
		want   []string
	}{
		{"access denied", "AssumeRole",
			apiErr("AccessDenied", "User: arn:aws:sts::111111111111:assumed-role/x/alice is not authorized to perform: sts:AssumeRole on resource: "+prodARN),
			"prod", ErrAccessDenied,
			[]string{"arn:aws:sts::111111111111:assumed-role/x/alice", prodARN, "trust policy", "sts:AssumeRole", "prod"}},
		{"invalid key", "GetSessionToken", apiErr("InvalidClientTokenId", "The security token included in the request is invalid."),
			"prod", ErrInvalidKey, []string{"profile jump", "/creds/file", "aws_access_key_id"}},
		{"region disabled", "AssumeRole", apiErr("RegionDisabledException", "STS is not activated in this region for account:222222222222."),
			"prod", ErrRegionDisabled, []string{"eu-west-1", "222222222222", "activate", "another region"}},
		{"throttled", "AssumeRole", apiErr("Throttling", "Rate exceeded"), "prod", ErrThrottled,
			[]string{"throttling", "AssumeRole", "try again"}},
		{"network", "GetSessionToken", netErr, "prod", ErrNoAnswer, []string{"http://127.0.0.1:9", "no answer"}},
		{"max duration", "AssumeRole", apiErr("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."),
			"prod", ErrRoleDuration, []string{prodARN, "sessions of 1h:", "/home/u/.aws/config:10"}},
		{"other", "AssumeRole", apiErr("MalformedPolicyDocument", "bad policy"), "prod", ErrSTS,
			[]string{"MalformedPolicyDocument", "bad policy"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/creds/file")
			f := newFixture(t)
			f.sts.failNext(tt.op, tt.err)
			err := f.retrieveErr(tt.target)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tt.kind) {
				t.Fatalf("error %T %q is not %v", err, err, tt.kind)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "operation error") {
				t.Errorf("not one clean sentence: %q", err)
			}
			if tt.name != "network" && apiCode(err) == "" {
				t.Errorf("the AWS error is not kept as the cause: %v", err)
			}
			for _, secret := range []string{"long-term-secret", "secret-", "token-", "123456"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error leaks %q: %s", secret, err)
				}
			}
			assertNothingCached(t, f)
		})
	}
}

func TestExpiredSessionIsDroppedAndRetriedOnce(t *testing.T) {
	f := newFixture(t)
	f.retrieve(t, "prod") // session + role cached
	f.clock.Advance(time.Hour)
	f.sts.failNext("AssumeRole", apiErr("ExpiredToken", "The security token included in the request is expired"))
	s := f.retrieve(t, "prod")
	if s.FromCache {
		t.Error("expected fresh credentials")
	}
	if n := f.sts.count("GetSessionToken"); n != 2 {
		t.Errorf("GetSessionToken = %d, want 2 (session dropped and re-made)", n)
	}
	if n := f.prompt.count(); n != 2 {
		t.Errorf("prompts = %d, want 2", n)
	}
	// Twice in a row: one retry only, then the sentence.
	f.clock.Advance(time.Hour)
	expired := apiErr("ExpiredToken", "The security token included in the request is expired")
	f.sts.failNext("AssumeRole", expired, expired)
	err := f.retrieveErr("prod")
	if !errors.Is(err, ErrSTS) || apiCode(err) != "ExpiredToken" {
		t.Errorf("second expiry: %v", err)
	}
	if n := f.sts.count("AssumeRole"); n != 5 {
		t.Errorf("AssumeRole = %d, want 5 (one retry)", n)
	}
}

func TestInvalidMFAIsAskedAgain(t *testing.T) {
	f := newFixture(t)
	f.prompt.answers = []string{"000000", "12345", "123456"}
	f.retrieve(t, "prod")
	reqs := f.prompt.reqs
	if len(reqs) != 3 {
		t.Fatalf("prompts = %d, want 3", len(reqs))
	}
	if reqs[0].Attempt != 1 || reqs[0].Reason != "" || reqs[0].MaxAttempts != 3 || reqs[0].Serial != serial || reqs[0].Source != "jump" {
		t.Errorf("first request = %+v", reqs[0])
	}
	if reqs[1].Attempt != 2 || reqs[1].Reason != msgMFASession {
		t.Errorf("second request = %+v, want AWS's message", reqs[1])
	}
	if reqs[2].Reason != formatReason {
		t.Errorf("third request = %+v, want the format note", reqs[2])
	}
	if n := f.sts.count("GetSessionToken"); n != 2 {
		t.Errorf("GetSessionToken = %d, want 2 (the 5-digit code never reaches AWS)", n)
	}
}

func TestInvalidMFAThreeTimes(t *testing.T) {
	f := newFixture(t)
	f.prompt.answers = []string{"000000", "242424", "353535", "123456"}
	err := f.retrieveErr("prod")
	if !errors.Is(err, ErrMFARejected) {
		t.Fatalf("err = %v, want MFAError after 3 tries", err)
	}
	for _, w := range []string{"3 tries", serial, "prod", "clock"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%q lacks %q", err, w)
		}
	}
	for _, code := range []string{"000000", "242424", "353535"} {
		if strings.Contains(err.Error(), code) {
			t.Errorf("error shows a code: %s", err)
		}
	}
	if f.prompt.count() != 3 || f.sts.count("AssumeRole") != 0 {
		t.Errorf("prompts %d, AssumeRole %d", f.prompt.count(), f.sts.count("AssumeRole"))
	}
	assertNothingCached(t, f)
}

func TestMFACancelAndUnavailable(t *testing.T) {
	f := newFixture(t)
	f.prompt.err = ErrCancelled
	if err := f.retrieveErr("prod"); !errors.Is(err, ErrCancelled) {
		t.Errorf("cancel: %v", err)
	}
	f.prompt.err = context.Canceled
	if err := f.retrieveErr("prod"); !errors.Is(err, ErrCancelled) {
		t.Errorf("ctx cancel in prompt: %v", err)
	}
	assertNothingCached(t, f)
	f.e.MFA = nil
	if err := f.retrieveErr("prod"); !errors.Is(err, ErrMFAUnavailable) || !strings.Contains(err.Error(), "mfa_process") {
		t.Errorf("no prompt: %v", err)
	}
	if len(f.sts.calls) != 0 {
		t.Error("STS called without a code")
	}
}

func TestMFAProcess(t *testing.T) {
	dir := t.TempDir()
	script := func(body string) string {
		p := filepath.Join(dir, fmt.Sprintf("mfa-%d.sh", len(body)))
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o700); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name    string
		body    string
		ok      bool
		want    []string
		notWant []string
	}{
		{"prints a code", `echo "  123456  "`, true, nil, nil},
		{"sees the device", `[ "$SWITCHROLE_MFA_SERIAL" = "` + serial + `" ] && [ "$SWITCHROLE_MFA_TARGET" = prod ] && echo 123456`, true, nil, nil},
		{"prints junk", `echo 98765x`, false, []string{"mfa_process of jump", "did not print a 6-digit code"}, []string{"98765x", "mfa-"}},
		{"fails", `echo "token 654321 rejected" >&2; exit 3`, false, []string{"exit status 3", "token ****** rejected"}, []string{"654321"}},
		{"hangs", `sleep 5`, false, []string{"did not finish within 200ms"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.e.MFA = nil
			f.e.MFAProcessTimeout = 200 * time.Millisecond
			f.targets["jump"].MFAProcess = script(tt.body)
			_, err := f.e.Retrieve(context.Background(), f.targets["prod"])
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				if c := f.sts.last("GetSessionToken"); c.Code != "123456" {
					t.Errorf("code sent = %q", c.Code)
				}
				return
			}
			if !errors.Is(err, ErrMFAProcess) {
				t.Fatalf("err = %v, want ErrMFAProcess", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(err.Error(), w) {
					t.Errorf("%q shows %q", err, w)
				}
			}
			if len(f.sts.calls) != 0 {
				t.Error("STS called without a code")
			}
		})
	}
}

func TestCancelledContext(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	f.e.MFA = func(ctx context.Context, _ MFARequest) (string, error) {
		cancel()
		<-ctx.Done()
		return "", ctx.Err()
	}
	_, err := f.e.Retrieve(ctx, f.targets["prod"])
	if !errors.Is(err, ErrCancelled) {
		t.Errorf("err = %v, want ErrCancelled", err)
	}
}

func TestProfileErrors(t *testing.T) {
	f := newFixture(t)
	f.backend.profiles["jump"] = memProfile{err: errors.New("failed to refresh cached credentials, the SSO session has expired or is invalid")}
	err := f.retrieveErr("jump")
	if !errors.Is(err, ErrCredentials) || !strings.Contains(err.Error(), "aws sso login --profile jump") {
		t.Errorf("SSO expiry: %v", err)
	}
	f.backend.loadErr = errors.New("boom")
	if err := f.retrieveErr("prod"); !errors.Is(err, ErrProfile) || !strings.Contains(err.Error(), "jump") {
		t.Errorf("load failure: %v", err)
	}
	assertNothingCached(t, f)
}

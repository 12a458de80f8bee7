package aws

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/switchrole/switchrole/config"
)

// processLog records what OnMFAProcess was told.
type processLog struct {
	mu   sync.Mutex
	reqs []MFARequest
}

func (l *processLog) hook(_ context.Context, req MFARequest) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs = append(l.reqs, req)
}

func (l *processLog) all() []MFARequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]MFARequest(nil), l.reqs...)
}

// mfaScript writes an executable mfa_process script and returns its path.
func mfaScript(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "mfa.sh")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOnMFAProcessIsToldOfEachRun(t *testing.T) {
	type want struct {
		target, source string
		attempt        int
		reason         string
	}
	tests := []struct {
		name    string
		setup   func(t *testing.T, f *fixture) // sets mfa_process somewhere
		targets []string                       // retrieved in order
		ok      bool
		want    []want
		prompts int // calls to the MFA function
	}{
		{
			name:    "source's mfa_process, once for the MFA session",
			setup:   func(t *testing.T, f *fixture) { f.targets["jump"].MFAProcess = mfaScript(t, "echo 123456") },
			targets: []string{"prod", "dev", "prod"},
			ok:      true,
			want:    []want{{"prod", "jump", 1, ""}},
		},
		{
			name: "role assumed directly with MFA, no session token",
			setup: func(t *testing.T, f *fixture) {
				f.e.NoSessionToken = true
				f.targets["jump"].MFAProcess = mfaScript(t, "echo 123456")
			},
			targets: []string{"prod", "dev"},
			ok:      true,
			want:    []want{{"prod", "jump", 1, ""}, {"dev", "jump", 1, ""}},
		},
		{
			name: "again with AWS's reason after a rejected code",
			setup: func(t *testing.T, f *fixture) {
				ran := filepath.Join(t.TempDir(), "ran")
				f.targets["jump"].MFAProcess = mfaScript(t, `if [ -e "`+ran+`" ]; then echo 123456; else touch "`+ran+`"; echo 000000; fi`)
			},
			targets: []string{"prod"},
			ok:      true,
			want:    []want{{"prod", "jump", 1, ""}, {"prod", "jump", 2, msgMFASession}},
		},
		{
			name:    "once when the command prints no code",
			setup:   func(t *testing.T, f *fixture) { f.targets["jump"].MFAProcess = mfaScript(t, "echo nope") },
			targets: []string{"prod"},
			want:    []want{{"prod", "jump", 1, ""}},
		},
		{
			name:    "not at all without mfa_process: the prompt is asked",
			setup:   func(*testing.T, *fixture) {},
			targets: []string{"prod", "dev"},
			ok:      true,
			prompts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			var log processLog
			f.e.OnMFAProcess = log.hook
			tt.setup(t, f)
			var err error
			for _, name := range tt.targets {
				if _, err = f.e.Retrieve(context.Background(), f.targets[name]); err != nil {
					break
				}
			}
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok %v", err, tt.ok)
			}
			got := log.all()
			if len(got) != len(tt.want) {
				t.Fatalf("OnMFAProcess told %d times (%+v), want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Process != f.targets["jump"].MFAProcess || g.Serial != serial || g.Target != w.target ||
					g.Source != w.source || g.Attempt != w.attempt || g.MaxAttempts != MFAAttempts || g.Reason != w.reason {
					t.Errorf("call %d = %+v, want process %s, %+v", i+1, g, f.targets["jump"].MFAProcess, w)
				}
			}
			if n := f.prompt.count(); n != tt.prompts {
				t.Errorf("MFA prompts = %d, want %d", n, tt.prompts)
			}
			for _, r := range f.prompt.reqs {
				if r.Process != "" {
					t.Errorf("the MFA function was asked with Process %q", r.Process)
				}
			}
		})
	}
}

// TestOnMFAProcessForSDKProfile covers a source profile that assumes a role
// itself (credential_source with mfa_serial): the SDK asks the engine for
// the code, and the hook hears of it all the same.
func TestOnMFAProcessForSDKProfile(t *testing.T) {
	script := mfaScript(t, "echo 123456")
	role := &config.Target{Name: "ci", Kind: config.KindRole, RoleARN: prodARN, Profile: "ci", CredentialSource: "Ec2InstanceMetadata",
		MFASerial: serial, MFAProcess: script, Region: "us-west-2"}
	f := newFixture(t, role)
	f.backend.profiles["ci"] = memProfile{creds: sdkaws.Credentials{AccessKeyID: "ASIAIMDS", SecretAccessKey: "s", SessionToken: "t"},
		assumes: prodARN, serial: serial}
	var log processLog
	f.e.OnMFAProcess = log.hook
	f.retrieve(t, "ci")
	got := log.all()
	if len(got) != 1 || got[0].Process != script || got[0].Target != "ci" || got[0].Serial != serial {
		t.Errorf("OnMFAProcess told %+v, want one call for ci with the script", got)
	}
	if f.prompt.count() != 0 {
		t.Error("the MFA function was asked although mfa_process gives the code")
	}
}

func TestOnMFAProcessIsOptional(t *testing.T) {
	f := newFixture(t)
	f.targets["jump"].MFAProcess = mfaScript(t, "echo 123456")
	f.e.MFA = nil
	f.retrieve(t, "prod")
	if c := f.sts.last("GetSessionToken"); c.Code != "123456" {
		t.Errorf("code sent = %q", c.Code)
	}
}

func TestMaskDigits(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"token 654321 rejected", "token ****** rejected"},
		{"654321", "******"},
		{"code=123456789", "code=*********"}, // a longer run is masked whole
		{"12345 is short", "12345 is short"},
		{"a123456b", "a******b"},
		{"111111 and 222222", "****** and ******"},
		{"exit 3 at 12:00:01", "exit 3 at 12:00:01"},
		{"٣٣٣٣٣٣ not ASCII", "٣٣٣٣٣٣ not ASCII"},
	} {
		if got := maskDigits(tt.in); got != tt.want {
			t.Errorf("maskDigits(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAccountInMessage(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"STS is not activated in this region for account:222222222222.", "222222222222"},
		{"account 111111111111 and 222222222222", "111111111111"},
		{"222222222222", "222222222222"},
		{"1234567890123 is thirteen digits", ""},
		{"12345678901 is eleven", ""},
		{"arn:aws:iam::333333333333:role/x", "333333333333"},
		{"id_222222222222 is part of a word", ""},
		{"x222222222222", ""},
		{"222222222222x then 444444444444", "444444444444"},
		{"", ""},
	} {
		if got := accountInMessage(tt.in); got != tt.want {
			t.Errorf("accountInMessage(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

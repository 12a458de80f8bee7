package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/switchrole/switchrole/config"
)

// fakeBackend is a Backend whose Retrieve asks for an MFA code when the
// target has an MFA serial and accepts only code.
type fakeBackend struct {
	code    string
	process string // when set, Retrieve announces mfa_process first

	mu        sync.Mutex
	retrieved []string
	consoles  []string
	cleared   []string
	opened    []string
	codes     []string
	failWith  error
	// noBrowser is BrowserProblem's answer; openErr OpenURL's.
	noBrowser error
	openErr   error
	left      map[string]time.Duration
	asks      chan MFARequest // receives every request when not nil
}

func newFakeBackend() *fakeBackend {
	return &fakeBackend{code: "123456", left: map[string]time.Duration{}}
}

func (f *fakeBackend) withMFA(ctx context.Context, t *config.Target, ask MFAFunc) error {
	if f.failWith != nil {
		return f.failWith
	}
	if t.MFASerial == "" {
		return nil
	}
	req := MFARequest{Serial: t.MFASerial, Target: t.Name, Source: t.Source}
	if f.process != "" {
		req.Attempt = 1
		req.Process = f.process
		if f.asks != nil {
			f.asks <- req
		}
		if _, err := ask(ctx, req); err != nil {
			return err
		}
		select {
		case <-time.After(20 * time.Millisecond):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for attempt := 1; attempt <= MaxMFAAttempts; attempt++ {
		req.Attempt = attempt
		req.Process = ""
		if f.asks != nil {
			f.asks <- req
		}
		code, err := ask(ctx, req)
		if err != nil {
			return fmt.Errorf("assume %s: %w", t.Name, err)
		}
		f.mu.Lock()
		f.codes = append(f.codes, code)
		f.mu.Unlock()
		if code == f.code {
			return nil
		}
		req.Rejection = "MultiFactorAuthentication failed with invalid MFA one time pass code."
	}
	return errors.New("AccessDenied: MultiFactorAuthentication failed with invalid MFA one time pass code")
}

func (f *fakeBackend) Retrieve(ctx context.Context, t *config.Target, ask MFAFunc) error {
	err := f.withMFA(ctx, t, ask)
	if err == nil {
		f.mu.Lock()
		f.retrieved = append(f.retrieved, t.Name)
		f.mu.Unlock()
	}
	return err
}

func (f *fakeBackend) TimeLeft(t *config.Target) (time.Duration, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d, ok := f.left[t.Name]
	return d, ok
}

func (f *fakeBackend) BrowserProblem() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.noBrowser
}

func (f *fakeBackend) ConsoleURL(ctx context.Context, t *config.Target, ask MFAFunc) (string, error) {
	err := f.withMFA(ctx, t, ask)
	if err != nil {
		return "", err
	}
	f.mu.Lock()
	f.consoles = append(f.consoles, t.Name)
	f.mu.Unlock()
	return "https://signin.aws.amazon.com/federation?Action=login&SigninToken=TOKEN-" + t.Name, nil
}

func (f *fakeBackend) Link(t *config.Target) (string, error) {
	if t.AccountID == "" {
		return "", errors.New("no account id")
	}
	return "https://signin.aws.amazon.com/switchrole?account=" + t.AccountID + "&roleName=" + t.Role, nil
}

func (f *fakeBackend) OpenURL(url string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.openErr != nil {
		return f.openErr
	}
	f.opened = append(f.opened, url)
	return nil
}

func (f *fakeBackend) Clear(t *config.Target) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleared = append(f.cleared, t.Name)
	delete(f.left, t.Name)
	return nil
}

func (f *fakeBackend) snapshot() (retrieved, consoles, cleared, opened, codes []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.retrieved...), append([]string(nil), f.consoles...),
		append([]string(nil), f.cleared...), append([]string(nil), f.opened...), append([]string(nil), f.codes...)
}

const mfaSerial = "arn:aws:iam::111111111111:mfa/alice"

// testTargets is a small organisation: a jump source, roles with and
// without MFA.
func testTargets() []*config.Target {
	return []*config.Target{
		{Name: "jump", Kind: config.KindSource, Account: "identity", AccountID: "111111111111", Region: "eu-west-1", MFASerial: mfaSerial, Color: "#4455ff"},
		{Name: "prod-core/Admin", Kind: config.KindRole, Account: "prod-core", AccountID: "222222222222", Role: "Admin", Region: "eu-west-1", Source: "jump", MFASerial: mfaSerial, Color: "#ff0000", Tags: []string{"production"}},
		{Name: "prod-core/ReadOnly", Kind: config.KindRole, Account: "prod-core", AccountID: "222222222222", Role: "ReadOnly", Region: "eu-west-1", Source: "jump", MFASerial: mfaSerial, Color: "#ff0000"},
		{Name: "prod-data/Admin", Kind: config.KindRole, Account: "prod-data", AccountID: "333333333333", Role: "Admin", Region: "us-east-1", Source: "jump", MFASerial: mfaSerial, Color: "#ff8800"},
		{Name: "staging/Developer", Kind: config.KindRole, Account: "staging", AccountID: "444444444444", Role: "Developer", Region: "eu-central-1", Source: "jump", Color: "#00aa00"},
		{Name: "sandbox/Admin", Kind: config.KindRole, Account: "sandbox", AccountID: "555555555555", Role: "Admin", Region: "ap-southeast-2", Source: "jump"},
	}
}

func writeFile(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(content), 0o600)
}

func (f *fakeBackend) OpenConsole(_ *config.Target, url string) error { return f.OpenURL(url) }

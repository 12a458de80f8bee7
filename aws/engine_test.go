package aws

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/switchrole/switchrole/aws/plan"
	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/english"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *testClock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// *config.Config is what the CLI hands the engine.
var _ TargetLookup = (*config.Config)(nil)

// targets is a TargetLookup over a fixed set.
type targets map[string]*config.Target

func (ts targets) Lookup(name string) (*config.Target, bool) { t, ok := ts[name]; return t, ok }

const (
	serial  = "arn:aws:iam::111111111111:mfa/alice"
	prodARN = "arn:aws:iam::222222222222:role/Admin"
	devARN  = "arn:aws:iam::333333333333:role/Dev"
)

var longTerm = sdkaws.Credentials{AccessKeyID: "AKIAJUMP", SecretAccessKey: "long-term-secret", Source: "SharedConfigCredentials: test"}

// prompter is an MFAFunc that answers from a script and records requests.
type prompter struct {
	mu      sync.Mutex
	answers []string
	reqs    []MFARequest
	err     error
}

func (p *prompter) MFA(_ context.Context, req MFARequest) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reqs = append(p.reqs, req)
	if p.err != nil {
		return "", p.err
	}
	if len(p.answers) == 0 {
		return "123456", nil
	}
	a := p.answers[0]
	p.answers = p.answers[1:]
	return a, nil
}

func (p *prompter) count() int { p.mu.Lock(); defer p.mu.Unlock(); return len(p.reqs) }

type fixture struct {
	e       *Engine
	sts     *memSTS
	backend *memBackend
	clock   *testClock
	prompt  *prompter
	targets targets
}

func jumpTarget() *config.Target {
	return &config.Target{Name: "jump", Kind: config.KindSource, Profile: "jump", MFASerial: serial,
		UseSessionToken: true, Region: "eu-west-1", Origin: config.Origin{File: "/home/u/.aws/config", Line: 1}}
}

func roleTarget(name, arn, source string) *config.Target {
	return &config.Target{Name: name, Kind: config.KindRole, RoleARN: arn, Role: arn[strings.LastIndexByte(arn, '/')+1:],
		Source: source, MFASerial: serial, Region: "eu-west-1", Origin: config.Origin{File: "/home/u/.aws/config", Line: 10}}
}

func newFixture(t testing.TB, ts ...*config.Target) *fixture {
	t.Helper()
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("USER", "tester")
	clk := &testClock{now: t0}
	m := newMemSTS(clk.Now)
	be := &memBackend{sts: m, profiles: map[string]memProfile{"jump": {creds: longTerm}}}
	st, err := cache.Open(filepath.Join(t.TempDir(), "cache"), cache.WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) == 0 {
		ts = []*config.Target{jumpTarget(), roleTarget("prod", prodARN, "jump"), roleTarget("dev", devARN, "jump")}
	}
	tm := targets{}
	for _, x := range ts {
		tm[x.Name] = x
	}
	p := &prompter{}
	e := &Engine{Settings: plan.Settings{Targets: tm}, Cache: st, Backend: be, MFA: p.MFA, Now: clk.Now}
	return &fixture{e: e, sts: m, backend: be, clock: clk, prompt: p, targets: tm}
}

func (f *fixture) retrieve(t testing.TB, name string) *Session {
	t.Helper()
	s, err := f.e.Retrieve(context.Background(), f.targets[name])
	if err != nil {
		t.Fatalf("Retrieve(%s): %v", name, err)
	}
	return s
}

func (f *fixture) retrieveErr(name string) error {
	_, err := f.e.Retrieve(context.Background(), f.targets[name])
	return err
}

func TestMFASessionCoversEveryRole(t *testing.T) {
	f := newFixture(t)
	prod := f.retrieve(t, "prod")
	dev := f.retrieve(t, "dev")
	if n := f.sts.count("GetSessionToken"); n != 1 {
		t.Errorf("GetSessionToken calls = %d, want 1", n)
	}
	if n := f.sts.count("AssumeRole"); n != 2 {
		t.Errorf("AssumeRole calls = %d, want 2", n)
	}
	if n := f.prompt.count(); n != 1 {
		t.Errorf("MFA prompts = %d, want 1", n)
	}
	gst := f.sts.last("GetSessionToken")
	if gst.Caller != "AKIAJUMP" || gst.Serial != serial || gst.Code != "123456" || gst.Duration != 12*3600 {
		t.Errorf("GetSessionToken call = %+v", gst)
	}
	for _, c := range f.sts.all("AssumeRole") {
		if !strings.HasPrefix(c.Caller, "ASIAS") || c.Serial != "" || c.Duration != 3600 || c.SessionName != "alice" || c.Region != "eu-west-1" {
			t.Errorf("AssumeRole call = %+v; want session caller, no MFA, 1h, session name alice, regional", c)
		}
	}
	for _, s := range []*Session{prod, dev} {
		if s.Kind != KindRole || !s.Chained || !s.MFA || s.FromCache || s.Region != "eu-west-1" {
			t.Errorf("session %s = kind %s chained %v mfa %v fromCache %v region %s", s.Target.Name, s.Kind, s.Chained, s.MFA, s.FromCache, s.Region)
		}
		if !s.Credentials.CanExpire || !s.Credentials.Expires.Equal(t0.Add(time.Hour)) || s.Credentials.SessionToken == "" {
			t.Errorf("credentials of %s = %+v", s.Target.Name, s.Credentials)
		}
	}
	if prod.Arn != "arn:aws:sts::222222222222:assumed-role/Admin/alice" || prod.Credentials.AccountID != "222222222222" {
		t.Errorf("prod ARN %q account %q", prod.Arn, prod.Credentials.AccountID)
	}

	again := f.retrieve(t, "prod")
	if !again.FromCache || again.Credentials != prod.Credentials || again.Arn != prod.Arn || !again.Chained || !again.MFA {
		t.Errorf("second Retrieve = %+v, want the cached session", again)
	}
	if n := len(f.sts.calls); n != 3 {
		t.Errorf("STS calls after a cached Retrieve = %d, want 3", n)
	}
}

func TestCachedRetrieveLoadsNothing(t *testing.T) {
	f := newFixture(t)
	f.retrieve(t, "prod")
	loads := f.backend.loadCount()
	f.retrieve(t, "prod")
	f.retrieve(t, "jump")
	if got := f.backend.loadCount(); got != loads {
		t.Errorf("cached Retrieve loaded SDK config %d more times", got-loads)
	}
}

func TestRolesRefreshSilentlyWhileTheSessionLives(t *testing.T) {
	f := newFixture(t)
	first := f.retrieve(t, "prod")
	for i := 1; i <= 10; i++ { // ten hours of work
		f.clock.Advance(time.Hour)
		s := f.retrieve(t, "prod")
		if s.FromCache || s.Credentials.AccessKeyID == first.Credentials.AccessKeyID {
			t.Fatalf("hour %d: role not refreshed", i)
		}
	}
	if n := f.prompt.count(); n != 1 {
		t.Errorf("MFA prompts over 10h = %d, want 1", n)
	}
	if n := f.sts.count("GetSessionToken"); n != 1 {
		t.Errorf("GetSessionToken calls = %d, want 1", n)
	}
	f.clock.Advance(2 * time.Hour) // the 12h session is over
	f.retrieve(t, "prod")
	if n := f.prompt.count(); n != 2 {
		t.Errorf("MFA prompts after the session ended = %d, want 2", n)
	}
}

func TestDirectMFA(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(f *fixture)
		wantD  int32
		prompt int
	}{
		{"role longer than an hour", func(f *fixture) { f.targets["prod"].Duration = 2 * time.Hour }, 7200, 1},
		{"use_session_token = false", func(f *fixture) { f.targets["jump"].UseSessionToken = false }, 3600, 1},
		{"NoSessionToken", func(f *fixture) { f.e.NoSessionToken = true }, 3600, 1},
		{"engine duration override", func(f *fixture) { f.e.Duration = 4 * time.Hour }, 14400, 1},
		{"engine default duration", func(f *fixture) { f.e.RoleDuration = 2 * time.Hour }, 7200, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			tt.setup(f)
			s := f.retrieve(t, "prod")
			if n := f.sts.count("GetSessionToken"); n != 0 {
				t.Errorf("GetSessionToken calls = %d, want 0", n)
			}
			c := f.sts.last("AssumeRole")
			if c.Caller != "AKIAJUMP" || c.Serial != serial || c.Code != "123456" || c.Duration != tt.wantD {
				t.Errorf("AssumeRole = %+v; want long-term caller with MFA for %ds", c, tt.wantD)
			}
			if s.Chained || !s.MFA {
				t.Errorf("session chained=%v mfa=%v; want direct with MFA", s.Chained, s.MFA)
			}
			if f.retrieve(t, "prod"); f.prompt.count() != tt.prompt {
				t.Errorf("prompts = %d, want %d (cached per role)", f.prompt.count(), tt.prompt)
			}
			f.retrieve(t, "dev") // another role: its own prompt in direct mode
			if tt.wantD == 3600 && f.prompt.count() != 2 {
				t.Errorf("prompts after a second role = %d, want 2", f.prompt.count())
			}
		})
	}
}

func TestSourceWithoutMFAAssumesDirectly(t *testing.T) {
	jump := jumpTarget()
	jump.MFASerial = ""
	prod := roleTarget("prod", prodARN, "jump")
	prod.MFASerial = ""
	prod.Duration = 3 * time.Hour
	f := newFixture(t, jump, prod)
	s := f.retrieve(t, "prod")
	c := f.sts.last("AssumeRole")
	if c.Caller != "AKIAJUMP" || c.Serial != "" || c.Duration != 3*3600 || f.prompt.count() != 0 {
		t.Errorf("AssumeRole = %+v, prompts %d; want long-term keys, no MFA, 3h", c, f.prompt.count())
	}
	if s.Chained || s.MFA || f.sts.count("GetSessionToken") != 0 {
		t.Errorf("session chained=%v mfa=%v", s.Chained, s.MFA)
	}
	if c.SessionName != "tester" {
		t.Errorf("session name %q, want the OS user", c.SessionName)
	}
}

func TestRoleChains(t *testing.T) {
	jump := jumpTarget()
	hub := roleTarget("hub", "arn:aws:iam::444444444444:role/Hub", "jump")
	spoke := roleTarget("spoke", "arn:aws:iam::555555555555:role/Spoke", "hub")
	spoke.Duration = 2 * time.Hour // must be capped: chained
	leaf := roleTarget("leaf", "arn:aws:iam::666666666666:role/path/Leaf", "spoke")
	leaf.ExternalID = "ext-123"
	f := newFixture(t, jump, hub, spoke, leaf)

	s := f.retrieve(t, "leaf")
	calls := f.sts.all("AssumeRole")
	if len(calls) != 3 {
		t.Fatalf("AssumeRole calls = %d, want 3 (hub, spoke, leaf)", len(calls))
	}
	wantRoles := []string{hub.RoleARN, spoke.RoleARN, leaf.RoleARN}
	for i, c := range calls {
		if c.RoleArn != wantRoles[i] || !c.Temporary || c.Duration != 3600 || c.Serial != "" {
			t.Errorf("link %d = %+v; want %s with temporary caller, 1h, no MFA", i, c, wantRoles[i])
		}
		if i > 0 && !strings.HasPrefix(calls[i].Caller, "ASIAR") {
			t.Errorf("link %d caller %s, want the previous role's key", i, c.Caller)
		}
	}
	if calls[2].ExternalID != "ext-123" || calls[1].ExternalID != "" {
		t.Errorf("external ids: %q %q", calls[1].ExternalID, calls[2].ExternalID)
	}
	if !s.Chained || !s.MFA || s.Arn != "arn:aws:sts::666666666666:assumed-role/Leaf/alice" {
		t.Errorf("leaf session = chained %v mfa %v arn %s", s.Chained, s.MFA, s.Arn)
	}
	// Depth 2 from the cached hub: only spoke is assumed again once stale.
	f.clock.Advance(time.Hour)
	f.retrieve(t, "spoke")
	if n := f.sts.count("AssumeRole"); n != 5 {
		t.Errorf("AssumeRole after an hour = %d, want 5 (hub and spoke refreshed)", n)
	}
	if f.prompt.count() != 1 {
		t.Errorf("prompts = %d, want 1", f.prompt.count())
	}
}

func TestChainLoopAndMissingSource(t *testing.T) {
	a := roleTarget("a", prodARN, "b")
	b := roleTarget("b", devARN, "a")
	orphan := roleTarget("orphan", prodARN, "nowhere")
	f := newFixture(t, jumpTarget(), a, b, orphan)
	var ce *plan.ChainError
	if err := f.retrieveErr("a"); !errors.As(err, &ce) || !strings.Contains(err.Error(), "loops") {
		t.Errorf("loop: %v", err)
	}
	var se *plan.SourceError
	err := f.retrieveErr("orphan")
	if !errors.As(err, &se) || !strings.Contains(err.Error(), `"nowhere"`) || !strings.Contains(err.Error(), "/home/u/.aws/config:10") {
		t.Errorf("missing source: %v", err)
	}
	if len(f.sts.calls) != 0 {
		t.Errorf("config errors made STS calls")
	}
}

func TestSourceTargetNeverHandsOutLongTermKeys(t *testing.T) {
	f := newFixture(t)
	s := f.retrieve(t, "jump")
	if s.Credentials.AccessKeyID == "AKIAJUMP" || s.Credentials.SessionToken == "" {
		t.Fatalf("source target returned long-term keys")
	}
	if s.Kind != KindSession || !s.MFA || s.Chained || f.sts.count("GetSessionToken") != 1 {
		t.Errorf("jump session = %+v", s)
	}
	// The same MFA session then serves the roles: no second prompt.
	f.retrieve(t, "prod")
	if f.prompt.count() != 1 || f.sts.count("GetSessionToken") != 1 {
		t.Errorf("prompts %d, GetSessionToken %d; want 1 and 1", f.prompt.count(), f.sts.count("GetSessionToken"))
	}
	// Without an MFA device: still a session, never the keys.
	jump := jumpTarget()
	jump.MFASerial = ""
	f2 := newFixture(t, jump)
	s2 := f2.retrieve(t, "jump")
	if s2.Credentials.SessionToken == "" || s2.MFA || f2.prompt.count() != 0 || f2.sts.last("GetSessionToken").Serial != "" {
		t.Errorf("no-MFA source session = %+v", s2)
	}
}

func TestTemporarySourcesPassThrough(t *testing.T) {
	f := newFixture(t)
	f.backend.profiles["jump"] = memProfile{creds: sdkaws.Credentials{AccessKeyID: "ASIASSO", SecretAccessKey: "s", SessionToken: "t",
		CanExpire: true, Expires: t0.Add(8 * time.Hour), Source: "SSOProvider"}}
	f.targets["jump"].MFASerial = ""
	f.targets["prod"].MFASerial = ""
	f.targets["prod"].Duration = 4 * time.Hour // chained: capped to 1h up front
	s := f.retrieve(t, "jump")
	if s.Kind != KindSSO || s.Credentials.AccessKeyID != "ASIASSO" || len(f.sts.calls) != 0 {
		t.Errorf("SSO source = %+v, calls %d", s, len(f.sts.calls))
	}
	r := f.retrieve(t, "prod")
	c := f.sts.last("AssumeRole")
	if c.Caller != "ASIASSO" || c.Duration != 3600 || !r.Chained {
		t.Errorf("AssumeRole via SSO = %+v, chained %v", c, r.Chained)
	}
}

func TestCredentialSourceRole(t *testing.T) {
	role := &config.Target{Name: "ci", Kind: config.KindRole, RoleARN: prodARN, Profile: "ci", CredentialSource: "Ec2InstanceMetadata",
		MFASerial: serial, Duration: 3 * time.Hour, Region: "us-west-2"}
	f := newFixture(t, role)
	f.backend.profiles["ci"] = memProfile{creds: sdkaws.Credentials{AccessKeyID: "ASIAIMDS", SecretAccessKey: "s", SessionToken: "t"},
		assumes: prodARN, serial: serial}
	f.prompt.answers = []string{"000000", "123456"}
	s := f.retrieve(t, "ci")
	if s.Kind != KindRole || !s.MFA || !s.Chained || s.Arn != "arn:aws:sts::222222222222:assumed-role/Admin/alice" {
		t.Errorf("credential_source session = %+v", s)
	}
	calls := f.sts.all("AssumeRole")
	if len(calls) != 2 || calls[1].Duration != 3600 || calls[1].SessionName != "alice" || calls[1].Caller != "ASIAIMDS" {
		t.Errorf("AssumeRole calls = %+v; want a retry after the bad code, capped at 1h", calls)
	}
	if f.prompt.reqs[1].Reason != msgMFAAssume || f.prompt.reqs[1].Attempt != 2 {
		t.Errorf("second prompt = %+v, want AWS's message", f.prompt.reqs[1])
	}
	if f.retrieve(t, "ci"); !f.retrieve(t, "ci").FromCache {
		t.Error("credential_source role not cached")
	}
}

func TestSessionNames(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(f *fixture)
		want   string
		source string // "" keeps the default MFA setup
	}{
		{"from the MFA device", func(*fixture) {}, "alice", ""},
		{"configured on the target", func(f *fixture) { f.targets["prod"].RoleSessionName = "ops-alice" }, "ops-alice", ""},
		{"engine default", func(f *fixture) { f.e.RoleSessionName = "team" }, "team", ""},
		{"engine override wins", func(f *fixture) { f.targets["prod"].RoleSessionName = "x1"; f.e.SessionName = "forced" }, "forced", ""},
		{"cleaned", func(f *fixture) { f.e.SessionName = "Alice Smith/ÄÖ" }, "Alice-Smith---", ""},
		{"OS user without MFA", func(f *fixture) { f.targets["prod"].MFASerial = ""; f.targets["jump"].MFASerial = "" }, "tester", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			tt.setup(f)
			f.retrieve(t, "prod")
			if got := f.sts.last("AssumeRole").SessionName; got != tt.want {
				t.Errorf("RoleSessionName = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCleanSessionName(t *testing.T) {
	for in, want := range map[string]string{
		"alice":                 "alice",
		"a":                     "a-",
		"":                      "--",
		"alice@example.com":     "alice@example.com",
		"DOMAIN\\bob":           "DOMAIN-bob",
		"x+=,.@-_":              "x+=,.@-_",
		strings.Repeat("n", 70): strings.Repeat("n", 64),
		"émile":                 "-mile",
		"two words":             "two-words",
	} {
		if got := cleanSessionName(in); got != want {
			t.Errorf("cleanSessionName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSourceIdentity(t *testing.T) {
	f := newFixture(t)
	f.e.SourceIdentity = "alice@corp"
	f.retrieve(t, "prod")
	if got := f.sts.last("AssumeRole").SourceIdentity; got != "alice@corp" {
		t.Errorf("SourceIdentity = %q", got)
	}
}

func TestDurationLimits(t *testing.T) {
	f := newFixture(t)
	for _, d := range []time.Duration{5 * time.Minute, 13 * time.Hour} {
		f.targets["prod"].Duration = d
		var de *plan.DurationError
		err := f.retrieveErr("prod")
		if !errors.As(err, &de) || !strings.Contains(err.Error(), english.Duration(d)) || !strings.Contains(err.Error(), "/home/u/.aws/config:10") {
			t.Errorf("duration %s: %v", d, err)
		}
	}
	if len(f.sts.calls) != 0 {
		t.Error("bad durations reached AWS")
	}
}

func TestCacheKeysFollowConfiguration(t *testing.T) {
	f := newFixture(t)
	base, err := f.e.rules().Key(f.targets["prod"])
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := f.e.rules().Key(f.targets["prod"]); again != base {
		t.Fatal("key is not stable")
	}
	changes := map[string]func(f *fixture){
		"role ARN":     func(f *fixture) { f.targets["prod"].RoleARN = devARN },
		"external id":  func(f *fixture) { f.targets["prod"].ExternalID = "x-1" },
		"session name": func(f *fixture) { f.targets["prod"].RoleSessionName = "bob" },
		"duration":     func(f *fixture) { f.targets["prod"].Duration = 30 * time.Minute },
		"MFA device":   func(f *fixture) { f.targets["prod"].MFASerial = "arn:aws:iam::111111111111:mfa/bob" },
		"source": func(f *fixture) {
			f.targets["other"] = jumpTarget()
			f.targets["other"].Name = "other"
			f.targets["prod"].Source = "other"
		},
		"source profile":    func(f *fixture) { f.targets["jump"].Profile = "jump2" },
		"session mode":      func(f *fixture) { f.e.NoSessionToken = true },
		"session length":    func(f *fixture) { f.targets["jump"].SessionDuration = time.Hour },
		"source identity":   func(f *fixture) { f.e.SourceIdentity = "alice" },
		"engine duration":   func(f *fixture) { f.e.Duration = 45 * time.Minute },
		"use_session_token": func(f *fixture) { f.targets["jump"].UseSessionToken = false },
	}
	for name, change := range changes {
		f := newFixture(t)
		change(f)
		k, err := f.e.rules().Key(f.targets["prod"])
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if k == base {
			t.Errorf("changing the %s keeps the cache key", name)
		}
	}
}

func TestCachedUntilAndClear(t *testing.T) {
	f := newFixture(t)
	if _, ok := f.e.CachedUntil(f.targets["prod"]); ok {
		t.Error("CachedUntil before any Retrieve")
	}
	f.retrieve(t, "prod")
	f.retrieve(t, "dev")
	if until, ok := f.e.CachedUntil(f.targets["prod"]); !ok || !until.Equal(t0.Add(time.Hour)) {
		t.Errorf("CachedUntil(prod) = %v, %v", until, ok)
	}
	if until, ok := f.e.MFASessionUntil(f.targets["prod"]); !ok || !until.Equal(t0.Add(12*time.Hour)) {
		t.Errorf("MFASessionUntil(prod) = %v, %v", until, ok)
	}
	f.clock.Advance(58 * time.Minute)
	if _, ok := f.e.CachedUntil(f.targets["prod"]); ok {
		t.Error("CachedUntil reports an entry inside the refresh window")
	}
	n, err := f.e.Clear("prod")
	if err != nil || n != 1 {
		t.Errorf("Clear(prod) = %d, %v; want 1", n, err)
	}
	n, err = f.e.Clear("jump") // the session and every role through it
	if err != nil || n != 2 {
		t.Errorf("Clear(jump) = %d, %v; want 2 (session and dev)", n, err)
	}
	f.retrieve(t, "prod")
	if f.prompt.count() != 2 {
		t.Errorf("after Clear(jump) prompts = %d, want 2", f.prompt.count())
	}
	if n, err := f.e.Clear(""); err != nil || n != 2 {
		t.Errorf("Clear(all) = %d, %v; want 2", n, err)
	}
}

func TestWithoutCache(t *testing.T) {
	f := newFixture(t)
	f.e.Cache = nil
	f.retrieve(t, "prod")
	f.retrieve(t, "prod")
	if n := f.sts.count("GetSessionToken"); n != 2 {
		t.Errorf("GetSessionToken = %d, want 2 without a cache", n)
	}
	if _, ok := f.e.CachedUntil(f.targets["prod"]); ok {
		t.Error("CachedUntil without a cache")
	}
}

func TestWhoAmI(t *testing.T) {
	f := newFixture(t)
	f.backend.profiles[""] = memProfile{creds: sdkaws.Credentials{AccessKeyID: "ASIAENV", SecretAccessKey: "s", SessionToken: "t"}}
	f.e.Region = "eu-central-1"
	id, err := f.e.WhoAmI(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if id.Account != "111111111111" || id.Arn != "arn:aws:iam::111111111111:user/alice" || id.Region != "eu-central-1" {
		t.Errorf("WhoAmI = %+v", id)
	}
	if c := f.sts.last("GetCallerIdentity"); c.Caller != "ASIAENV" {
		t.Errorf("GetCallerIdentity signed by %s", c.Caller)
	}
}

func BenchmarkRetrieveCached(b *testing.B) {
	f := newFixture(b)
	t := f.targets["prod"]
	if _, err := f.e.Retrieve(context.Background(), t); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s, err := f.e.Retrieve(context.Background(), t)
		if err != nil || !s.FromCache {
			b.Fatal(fmt.Sprint("not cached: ", err))
		}
	}
}

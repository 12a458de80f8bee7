// Package aws turns a switchrole target into temporary AWS credentials.
//
// The Engine resolves a target's source through aws-sdk-go-v2 (keys, SSO,
// credential_process, credential_source all behave as in the SDK; the
// roles of an IAM Identity Center listing come from Engine.SSO), takes one
// MFA session per source and device per day with GetSessionToken, assumes
// roles and role chains with those credentials, and keeps every result in the
// session cache so a warm Retrieve touches one small file and nothing else.
// Failures come back as *Error values (errors.Is tells their kinds apart)
// whose message is one sentence telling the user what to fix; nothing is
// cached from a failure.
//
// The SDK sits behind Backend and STSAPI, MFA codes arrive through a function
// and time through Now, so everything here is testable without AWS or a
// terminal.
package aws

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/switchrole/switchrole/aws/plan"
	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/config"
)

// Kinds of sessions, as in Session.Kind and cache entries.
const (
	KindRole       = cache.KindRole
	KindSession    = cache.KindSession
	KindFederation = cache.KindFederation
	KindSSO        = cache.KindSSO
	KindProcess    = cache.KindProcess
	// KindExternal is temporary credentials handed over as-is from another
	// provider (environment, container, instance metadata).
	KindExternal = "external"
)

// Defaults used when neither the target, the engine nor the config says.
const (
	DefaultRoleDuration    = plan.DefaultRoleDuration
	DefaultSessionDuration = plan.DefaultSessionDuration
	DefaultRegion          = plan.DefaultRegion
	chainedMax             = plan.ChainedMax
	maxChain               = plan.MaxChain
)

// TargetLookup finds targets by name; *config.Config satisfies it. The engine
// uses it to follow a role's Source up to its jump identity.
type TargetLookup = plan.Lookup

// Engine gets credentials for targets. Settings are exported fields; the
// zero value of each means "the default". An Engine is safe for concurrent
// use once configured.
type Engine struct {
	// Settings are the targets (Settings.Targets resolves Source names and
	// is required for role targets), the command line's overrides and the
	// configured defaults: everything package plan decides durations,
	// session modes and cache keys from.
	plan.Settings

	// Cache stores sessions; nil disables caching (every call goes to AWS).
	Cache *cache.Store
	// Backend loads SDK configuration; nil means SDKBackend{}.
	Backend Backend
	// MFA supplies MFA codes when a target has no mfa_process. nil makes
	// targets that need a code fail with ErrMFAUnavailable.
	MFA MFAFunc
	// OnMFAProcess, when set, is told just before each run of an
	// mfa_process command (req.Process holds the command), so a UI can
	// show that it waits for the command rather than for the user. Only
	// the engine knows when that happens: a cached MFA session or an SDK
	// profile may need no code at all. It must return quickly.
	OnMFAProcess func(ctx context.Context, req MFARequest)
	// Keys holds sources' long-term keys outside ~/.aws/credentials (the
	// OS keyring); nil means the file only. It is asked only when STS must
	// be called with a source's own keys, never on a cached answer.
	Keys KeyStore
	// SSO gets the credentials of SSO targets (roles of an Identity
	// Center listing); nil makes them fail with ErrSSO.
	SSO SSOProvider
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MFAProcessTimeout bounds an mfa_process command; DefaultMFAProcessTimeout when zero.
	MFAProcessTimeout time.Duration
	// OnWait, when set, is told when an AWS call starts and returns a
	// function the engine calls when it answers (or fails): a terminal
	// shows "waiting for STS (AssumeRole for prod)..." in between. Waits
	// may nest (the SDK's request inside the engine's call): show the
	// outermost. It must return quickly and be safe for concurrent use.
	OnWait func(w Wait) (answered func())
	// CallTimeout bounds each AWS call, retries included;
	// DefaultCallTimeout when zero.
	CallTimeout time.Duration
	// Warn, when set, is told one sentence about something the user should
	// fix that did not stop the call (a computer clock that is off). It is
	// called at most once per Retrieve.
	Warn func(msg string)
}

// Session is what a target's credentials are and where they came from.
type Session struct {
	Target      *config.Target
	Credentials sdkaws.Credentials
	// Region is the region the target works in (and STS was called in).
	Region string
	// Kind is role, session, federation, sso, process or external.
	Kind string
	// Chained reports AssumeRole was called with temporary credentials: the
	// console must then be opened without SessionDuration.
	Chained bool
	// MFA reports the credentials were obtained with an MFA code.
	MFA bool
	// FromCache reports no AWS call was needed.
	FromCache bool
	// Arn is the principal: assumed-role ARN, or the user ARN for sessions
	// when known.
	Arn string
}

// rules are the engine's settings, through which package plan decides
// durations, session modes and cache keys (the same code the fast front
// finds warm entries with).
func (e *Engine) rules() *plan.Settings { return &e.Settings }

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) backend() Backend {
	if e.Backend != nil {
		return e.Backend
	}
	return SDKBackend{}
}

// Retrieve returns credentials for t: from the cache when a fresh entry
// exists (no SDK loading, no network), else from AWS, prompting for an MFA
// code when the target needs one.
func (e *Engine) Retrieve(ctx context.Context, t *config.Target) (*Session, error) {
	if t == nil {
		return nil, errors.New("no target given")
	}
	if t.Problem != nil {
		return nil, t.Problem // a broken profile: the sentence says what to fix
	}
	return e.retrieve(ctx, &run{e: e, top: t, loaded: map[string]Loaded{}})
}

// retrieve is Retrieve with the run r (whose top is the target).
func (e *Engine) retrieve(ctx context.Context, r *run) (*Session, error) {
	t := r.top
	var (
		c   *creds
		err error
	)
	if t.IsRole() {
		c, err = r.role(ctx, t, 0)
	} else {
		c, err = r.source(ctx, t, t.MFASerial)
	}
	if err != nil {
		return nil, err
	}
	return e.sessionOf(t, c), nil
}

// sessionOf is what Retrieve reports for t's credentials c.
func (e *Engine) sessionOf(t *config.Target, c *creds) *Session {
	return &Session{
		Target:      t,
		Credentials: c.value,
		Region:      e.rules().RegionOf(t),
		Kind:        c.kind,
		Chained:     c.chained,
		MFA:         c.mfa,
		FromCache:   c.fromCache,
		Arn:         c.arn,
	}
}

// CachedUntil reports when t's cached credentials expire, if a fresh entry
// exists. It reads one small file and makes no AWS call: the picker calls it
// for every row to show the time left.
func (e *Engine) CachedUntil(t *config.Target) (time.Time, bool) {
	if e.Cache == nil || t == nil {
		return time.Time{}, false
	}
	key, err := e.rules().Key(t)
	if err != nil {
		return time.Time{}, false
	}
	ent, ok := e.Cache.Get(key)
	if !ok {
		return time.Time{}, false
	}
	return ent.Expiration, true
}

// MFASessionUntil reports when the MFA session that t's role would be assumed
// with expires, if a fresh one is cached: until then, refreshing t needs no
// MFA prompt. ok is false for targets that use no MFA session.
func (e *Engine) MFASessionUntil(t *config.Target) (time.Time, bool) {
	if e.Cache == nil || t == nil {
		return time.Time{}, false
	}
	src, serial, ok := e.rules().SessionSourceOf(t)
	if !ok {
		return time.Time{}, false
	}
	ent, ok := e.Cache.Get(e.rules().SessionKey(src, serial))
	if !ok {
		return time.Time{}, false
	}
	return ent.Expiration, true
}

// Clear drops the cached sessions of the target called name (for a source:
// its MFA session and every role reached through it); "" drops everything.
// It returns how many entries it removed.
func (e *Engine) Clear(name string) (int, error) {
	if e.Cache == nil {
		return 0, nil
	}
	if name == "" {
		return e.Cache.Clear(nil)
	}
	return e.Cache.Clear(func(ent cache.Entry) bool {
		return ent.Target == name || ent.Source == name
	})
}

// creds is one step's result inside a Retrieve.
type creds struct {
	value     sdkaws.Credentials
	kind      string
	arn       string
	mfa       bool
	chained   bool
	fromCache bool
	// key is the cache entry these came from or went to ("" if none).
	key string
	// profile is the AWS profile whose configuration (endpoints) STS calls
	// made with these credentials go through.
	profile string
	// root is the jump identity at the root of the chain, targetName the
	// target these credentials are for (both recorded in cache entries).
	root       string
	targetName string
}

// temporary reports whether these are session credentials (not long-term
// IAM user keys).
func (c *creds) temporary() bool { return c.value.SessionToken != "" }

// cacheable reports whether the session cache may keep c: temporary
// credentials with a known expiry.
func (c *creds) cacheable() bool {
	return c.temporary() && c.value.CanExpire && !c.value.Expires.IsZero()
}

// run holds what one Retrieve has loaded, so a chain loads each profile once.
type run struct {
	e *Engine
	// top is the target asked for; MFA prompts name it.
	top    *config.Target
	loaded map[string]Loaded
	// renew is the cache key fetched afresh even when a fresh entry
	// exists (see Renew); "" for none.
	renew string
	// warned reports Warn was called in this run.
	warned bool
}

func (r *run) load(ctx context.Context, req LoadRequest) (Loaded, error) {
	k := req.Profile + "\x00" + req.Region
	if req.TokenProvider == nil {
		if l, ok := r.loaded[k]; ok {
			return l, nil
		}
	}
	l, err := r.e.backend().Load(ctx, req)
	if err != nil {
		return nil, loadError(req.Profile, err)
	}
	if req.TokenProvider == nil {
		r.loaded[k] = l
	}
	return l, nil
}

// cached runs fetch through the cache under key (directly when there is no
// cache). Results that cannot be cached (no session token or no expiry) are
// returned but not stored.
func (r *run) cached(ctx context.Context, key string, t *config.Target, fetch func(context.Context) (*creds, error)) (*creds, error) {
	if r.e.Cache == nil {
		return fetch(ctx)
	}
	if key == r.renew {
		return r.refetch(ctx, key, t, fetch)
	}
	var uncached *creds
	ent, fromCache, err := r.e.Cache.Do(ctx, key, func(ctx context.Context) (cache.Entry, error) {
		c, err := fetch(ctx)
		if err != nil {
			return cache.Entry{}, err
		}
		if !c.cacheable() {
			uncached = c
			return cache.Entry{}, errNotCacheable
		}
		if !c.value.Expires.After(r.e.now()) {
			return cache.Entry{}, newError(ErrBadCredentials, nil, "the credentials for %s had expired on arrival (at %s): if this computer's clock is ahead, set it right (enable NTP), then try again",
				t.Name, c.value.Expires.UTC().Format(time.RFC3339))
		}
		return entryOf(c), nil
	})
	if errors.Is(err, errNotCacheable) && uncached != nil {
		return uncached, nil
	}
	if errors.Is(err, cache.ErrHeldByCaller) {
		return nil, &callerLoopError{asked: r.top.Name, held: t.Name}
	}
	if err != nil {
		return nil, err
	}
	c := credsOf(ent)
	c.fromCache = fromCache
	c.key = key
	c.profile = r.e.rules().ProfileOf(t)
	return c, nil
}

var errNotCacheable = errors.New("credentials cannot be cached")

// callerLoopError is a switchrole started, through a credential_process or
// mfa_process, by a switchrole that is fetching the credentials this one
// needs: it would wait for its caller, which waits for it.
type callerLoopError struct{ asked, held string }

func (e *callerLoopError) Error() string {
	via := ""
	if e.held != e.asked {
		via = " through " + strconv.Quote(e.held)
	}
	return fmt.Sprintf("%q loops back to switchrole: a credential_process or mfa_process used for its credentials%s runs switchrole again, which would wait forever for the switchrole that started it; give that command credentials that do not come from switchrole",
		e.asked, via)
}

func (e *callerLoopError) Unwrap() error { return cache.ErrHeldByCaller }

func entryOf(c *creds) cache.Entry {
	return cache.Entry{
		Kind:            c.kind,
		AccessKeyID:     c.value.AccessKeyID,
		SecretAccessKey: c.value.SecretAccessKey,
		SessionToken:    c.value.SessionToken,
		Expiration:      c.value.Expires,
		AccountID:       c.value.AccountID,
		Arn:             c.arn,
		MFA:             c.mfa,
		Chained:         c.chained,
		Target:          c.targetName,
		Source:          c.root,
	}
}

func credsOf(ent cache.Entry) *creds {
	return &creds{
		value: sdkaws.Credentials{
			AccessKeyID:     ent.AccessKeyID,
			SecretAccessKey: ent.SecretAccessKey,
			SessionToken:    ent.SessionToken,
			Source:          "switchrole",
			CanExpire:       true,
			Expires:         ent.Expiration,
			AccountID:       ent.AccountID,
		},
		kind:       ent.Kind,
		arn:        ent.Arn,
		mfa:        ent.MFA,
		chained:    ent.Chained,
		root:       ent.Source,
		targetName: ent.Target,
	}
}

package aws

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Time-outs bounding every STS call the engine makes, so a network that
// does not answer costs a stated time, never a hang: ConnectTimeout for
// each connection (dial and TLS handshake), then DefaultCallTimeout for the
// whole call, the SDK's retries included. The SDK's own providers (SSO,
// instance roles) get DefaultCallTimeout per request.
const (
	ConnectTimeout     = 5 * time.Second
	DefaultCallTimeout = 20 * time.Second
)

// Wait is an AWS call the engine is waiting on, for a "waiting for …" line
// while it has not answered.
type Wait struct {
	// Service is the AWS service ("STS"), Op the call ("GetSessionToken"),
	// Target the target it is made for.
	Service, Op, Target string
}

// String is how the call reads in a sentence: "STS (GetSessionToken for jump)".
func (w Wait) String() string { return fmt.Sprintf("%s (%s for %s)", w.Service, w.Op, w.Target) }

// errCallTimeout is the cause of a call's context when its whole-call
// time-out ran out (and not the caller's deadline or a Ctrl-C).
var errCallTimeout = errors.New("whole-call time-out")

// callTimedOut wraps a call's error when its whole-call time-out ran out,
// so the sentence can say which time-out it was and how long it ran.
type callTimedOut struct {
	after time.Duration
	err   error
}

func (e *callTimedOut) Error() string { return fmt.Sprintf("no answer within %s: %v", e.after, e.err) }
func (e *callTimedOut) Unwrap() error { return e.err }

// announcedKey marks the context of a call awsCall announced, so the SDK's
// requests inside it are not announced a second time.
type announcedKey struct{}

func announced(ctx context.Context) bool { return ctx.Value(announcedKey{}) != nil }

func (e *Engine) callTimeout() time.Duration {
	if e.CallTimeout > 0 {
		return e.CallTimeout
	}
	return DefaultCallTimeout
}

// awsCall makes one AWS call (all of the SDK's attempts), bounded by the
// whole-call time-out and told to OnWait while it runs. It is called after
// any MFA code is known, so the wait never includes the user's typing.
func (e *Engine) awsCall(ctx context.Context, w Wait, call func(context.Context) error) error {
	if e.OnWait != nil {
		if answered := e.OnWait(w); answered != nil {
			defer answered()
		}
	}
	limit := e.callTimeout()
	start := time.Now()
	ctx = context.WithValue(ctx, announcedKey{}, true)
	ctx, cancel := context.WithTimeoutCause(ctx, limit, errCallTimeout)
	defer cancel()
	err := call(ctx)
	// The whole call ran out when its context did, or when the call
	// lasted the whole limit: the HTTP client's own time-out for one
	// request (as long, for the SDK's providers) may notice first.
	if err != nil && (errors.Is(context.Cause(ctx), errCallTimeout) || time.Since(start) >= limit) {
		return &callTimedOut{after: limit, err: err}
	}
	return err
}

package aws

import (
	"context"
	"errors"
	"fmt"

	"github.com/switchrole/switchrole/config"
)

// MFASession returns the day's MFA session that t works through: t's own
// when t is a source, else the one its role is assumed with. It comes from
// the cache when a fresh one is there, else from GetSessionToken with one
// MFA code; with renew, from GetSessionToken whatever the cache holds.
// `switchrole login` calls it, so the rest of the day needs no code; the
// Session's Target is the source.
func (e *Engine) MFASession(ctx context.Context, t *config.Target, renew bool) (*Session, error) {
	if t == nil {
		return nil, errors.New("no target given")
	}
	src, serial, ok := e.rules().SessionSourceOf(t)
	if !ok {
		return nil, &NoMFASessionError{Target: t.Name}
	}
	r := &run{e: e, top: src, loaded: map[string]Loaded{}}
	if renew {
		r.renew = e.rules().SessionKey(src, serial)
	}
	c, err := r.source(ctx, src, serial)
	if err != nil {
		return nil, err
	}
	return e.sessionOf(src, c), nil
}

// NoMFASessionError: a role that is not assumed through its source's MFA
// session (a role over an hour, use_session_token = false, a profile that
// assumes its own role), so there is no session to log in to.
type NoMFASessionError struct{ Target string }

func (e *NoMFASessionError) Error() string {
	return fmt.Sprintf("%s is not assumed through a day's MFA session (it asks for a code each time); log in to its source instead", e.Target)
}
func (*NoMFASessionError) sentence() {}

package aws

import (
	"context"
	"errors"

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
		return nil, NoMFASession(t.Name)
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

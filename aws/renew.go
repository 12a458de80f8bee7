package aws

import (
	"context"
	"errors"

	"github.com/switchrole/switchrole/config"
)

// Renew is Retrieve for credentials newer than the cached ones: t's own
// session is fetched from AWS even when its cache entry is still fresh
// (what it is built on, such as the day's MFA session, still comes from the
// cache), and the result replaces the entry. The credential server calls it
// ahead of expiry, so a child never holds credentials its SDK considers
// stale; a failure leaves the cached entry as it was.
func (e *Engine) Renew(ctx context.Context, t *config.Target) (*Session, error) {
	if t == nil {
		return nil, errors.New("no target given")
	}
	key, err := e.rules().Key(t)
	if err != nil {
		return nil, err
	}
	return e.retrieve(ctx, &run{e: e, top: t, loaded: map[string]Loaded{}, renew: key})
}

// refetch calls fetch for key whatever the cache holds and stores the
// result when it can be cached.
func (r *run) refetch(ctx context.Context, key string, t *config.Target, fetch func(context.Context) (*creds, error)) (*creds, error) {
	c, err := fetch(ctx)
	if err != nil {
		return nil, err
	}
	if !c.cacheable() {
		return c, nil
	}
	if err := r.e.Cache.Put(key, entryOf(c)); err != nil {
		return nil, err
	}
	c.key = key
	c.profile = r.e.rules().ProfileOf(t)
	return c, nil
}

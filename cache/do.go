package cache

import (
	"context"
	"errors"
	"fmt"

	"github.com/gofrs/flock"
)

// Do returns a fresh entry for key, calling fetch at most once across every
// process sharing the directory: it reads without a lock (the warm path),
// else takes the key's lock, reads again (another process may have just
// written it), and only then fetches and stores. fromCache reports whether
// the entry came from disk. Waiting for the lock honours ctx, so Ctrl-C works
// while another process holds it. A failed fetch stores nothing.
func (s *Store) Do(ctx context.Context, key string, fetch FetchFunc) (e Entry, fromCache bool, err error) {
	if e, ok := s.Get(key); ok {
		return e, true, nil
	}
	unlock, err := s.lock(ctx, key)
	if err != nil {
		return Entry{}, false, err
	}
	defer unlock()
	if e, ok := s.Get(key); ok {
		return e, true, nil
	}
	e, err = fetch(ctx)
	if err != nil {
		return Entry{}, false, err
	}
	if err := s.Put(key, e); err != nil {
		return Entry{}, false, err
	}
	// Return what a reader would see: Put stamps version, key and time.
	if stored, ok := s.Peek(key); ok {
		return stored, false, nil
	}
	return e, false, nil
}

// lock takes the per-key lock, waiting until ctx is done.
func (s *Store) lock(ctx context.Context, key string) (func(), error) {
	fl := flock.New(s.lockPath(key), flock.SetPermissions(fileMode))
	ok, err := fl.TryLockContext(ctx, s.lockRetry)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
			return nil, fmt.Errorf("wait for another switchrole fetching the same credentials: %w", ctxErr)
		}
		return nil, fmt.Errorf("lock cache entry in %s: %w", s.dir, err)
	}
	if !ok {
		return nil, fmt.Errorf("wait for another switchrole fetching the same credentials: %w", context.Cause(ctx))
	}
	return func() { fl.Unlock() }, nil
}

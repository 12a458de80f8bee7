package cache

import (
	"context"
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

package cache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// DefaultRefreshWindow is how long before expiry an entry counts as stale:
// handing out credentials that die a minute later only moves the failure into
// the user's command.
const DefaultRefreshWindow = 5 * time.Minute

const (
	dirMode   fs.FileMode = 0o700
	fileMode  fs.FileMode = 0o600
	entryExt              = ".json"
	lockExt               = ".lock"
	tempGlob              = ".tmp-*"
	appDir                = "switchrole"
	maxReadSz             = 64 << 10 // an entry is < 4 KiB; anything larger is not ours
)

// Store is a directory of cached sessions. It is safe for concurrent use by
// goroutines and by processes.
type Store struct {
	dir       string
	now       func() time.Time
	window    time.Duration
	lockRetry time.Duration
	notice    func(string)
}

// Option configures a Store.
type Option func(*Store)

// WithClock sets the clock used to judge freshness and stamp entries.
func WithClock(now func() time.Time) Option {
	return func(s *Store) {
		if now != nil {
			s.now = now
		}
	}
}

// WithRefreshWindow sets how long before expiry an entry is stale
// (DefaultRefreshWindow when d <= 0).
func WithRefreshWindow(d time.Duration) Option {
	return func(s *Store) {
		if d > 0 {
			s.window = d
		}
	}
}

// WithLockRetry sets how often a blocked Do re-tries the per-key lock.
func WithLockRetry(d time.Duration) Option {
	return func(s *Store) {
		if d > 0 {
			s.lockRetry = d
		}
	}
}

// WithNotice sets where the store says, in one sentence, that it replaced
// something at an entry's or a lock's path that was not a cache file of its
// own (a FIFO, a symbolic link, a directory, another user's file). The CLI
// prints it on stderr; without it the store replaces such files silently.
func WithNotice(say func(msg string)) Option {
	return func(s *Store) { s.notice = say }
}

// DefaultDir is $XDG_CACHE_HOME/switchrole, else ~/.cache/switchrole. It reads
// the environment on each call (no package-level initialisation), so tests
// and start-up time are unaffected.
func DefaultDir() (string, error) {
	if base := os.Getenv("XDG_CACHE_HOME"); filepath.IsAbs(base) {
		return filepath.Join(base, appDir), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("locate the cache directory: set XDG_CACHE_HOME or HOME: %w", err)
	}
	return filepath.Join(home, ".cache", appDir), nil
}

// Open returns the store in dir, creating it with mode 0700. A directory we
// own with looser permissions is tightened; one owned by another user, or a
// non-directory, is refused with an error naming it.
func Open(dir string, opts ...Option) (*Store, error) {
	if dir == "" {
		var err error
		if dir, err = DefaultDir(); err != nil {
			return nil, err
		}
	}
	s := &Store{dir: dir, now: time.Now, window: DefaultRefreshWindow, lockRetry: 10 * time.Millisecond}
	for _, o := range opts {
		o(s)
	}
	if err := ensureDir(dir); err != nil {
		return nil, err
	}
	return s, nil
}

// Dir is the directory holding the entries.
func (s *Store) Dir() string { return s.dir }

// RefreshWindow is how long before expiry entries count as stale.
func (s *Store) RefreshWindow() time.Duration { return s.window }

func ensureDir(dir string) error {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, dirMode); err != nil {
			return fmt.Errorf("create cache directory %s: %w", dir, err)
		}
		// MkdirAll honours the umask; make the mode exact.
		if err := os.Chmod(dir, dirMode); err != nil {
			return fmt.Errorf("secure cache directory %s: %w", dir, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("open cache directory %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("cache directory %s is not a directory: remove it or set XDG_CACHE_HOME elsewhere", dir)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("cache directory %s belongs to another user (uid %d): remove it or set XDG_CACHE_HOME to a directory you own", dir, st.Uid)
	}
	if fi.Mode().Perm() != dirMode {
		if err := os.Chmod(dir, dirMode); err != nil {
			return fmt.Errorf("cache directory %s has mode %v and cannot be restricted to 0700: %w", dir, fi.Mode().Perm(), err)
		}
	}
	return nil
}

// fileName maps a key to a file name made of hex digits only: keys may hold
// ARNs, slashes and profile names, and none of that belongs in a path.
func fileName(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}

func (s *Store) entryPath(key string) string { return filepath.Join(s.dir, fileName(key)+entryExt) }
func (s *Store) lockPath(key string) string  { return filepath.Join(s.dir, fileName(key)+lockExt) }

// Fresh reports whether e is still worth handing out: more than the refresh
// window remains.
func (s *Store) Fresh(e Entry) bool {
	return e.Expiration.Sub(s.now()) > s.window
}

// Peek returns the entry for key without locking, fresh or not, for display
// (the picker's "time left"). ok is false when there is no usable entry.
func (s *Store) Peek(key string) (Entry, bool) {
	e, err := s.read(s.entryPath(key), key)
	return e, err == nil
}

// Get returns the entry for key if it is fresh. It takes no lock: writes are
// atomic renames, so a reader sees the old file or the new one, never half.
func (s *Store) Get(key string) (Entry, bool) {
	e, ok := s.Peek(key)
	if !ok || !s.Fresh(e) {
		return Entry{}, false
	}
	return e, true
}

// errUnusable marks a file that exists but cannot be trusted.
var errUnusable = errors.New("unusable cache entry")

// read loads and validates one entry file. It never follows a symbolic
// link or blocks on a FIFO, and trusts only a regular file of ours; one we
// own with a loose mode is tightened.
func (s *Store) read(path, key string) (Entry, error) {
	f, err := openSafe(path, os.O_RDONLY, 0)
	if err != nil {
		var strange *strangeFile
		if errors.As(err, &strange) {
			return Entry{}, errUnusable
		}
		return Entry{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Entry{}, err
	}
	if fi.Size() > maxReadSz {
		return Entry{}, errUnusable
	}
	if fi.Mode().Perm() != fileMode {
		if err := f.Chmod(fileMode); err != nil {
			return Entry{}, errUnusable
		}
	}
	data, err := io.ReadAll(io.LimitReader(f, maxReadSz))
	if err != nil {
		return Entry{}, errUnusable
	}
	var e Entry
	if err := json.Unmarshal(data, &e); err != nil {
		return Entry{}, errUnusable
	}
	if key == "" { // listing: the key comes from the file and must map back to it
		key = e.Key
		if fileName(key)+entryExt != filepath.Base(path) {
			return Entry{}, errUnusable
		}
	}
	if !e.valid(key) {
		return Entry{}, errUnusable
	}
	return e, nil
}

// Put stores e under key, stamping Version, Key and Created. Credentials
// without a session token are refused with ErrLongTermKeys.
func (s *Store) Put(key string, e Entry) error {
	if key == "" {
		return errors.New("cache key is empty")
	}
	if e.SessionToken == "" {
		return ErrLongTermKeys
	}
	if e.AccessKeyID == "" || e.SecretAccessKey == "" || e.Expiration.IsZero() {
		return errors.New("refusing to cache incomplete credentials (access key, secret and expiration are required)")
	}
	if e.Kind == "" {
		return errors.New("refusing to cache credentials of unknown kind")
	}
	e.Version = FormatVersion
	e.Key = key
	e.Created = s.now().UTC()
	e.Expiration = e.Expiration.UTC()
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode cache entry: %w", err)
	}
	return s.writeAtomic(s.entryPath(key), data)
}

// writeAtomic writes data to a temp file in the same directory, syncs it and
// renames it over path, so readers never see a partial file.
func (s *Store) writeAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(s.dir, tempGlob)
	if err != nil {
		return fmt.Errorf("write cache entry in %s: %w", s.dir, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(fileMode); err != nil {
		return fmt.Errorf("write cache entry in %s: %w", s.dir, err)
	}
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write cache entry in %s: %w", s.dir, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write cache entry in %s: %w", s.dir, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write cache entry in %s: %w", s.dir, err)
	}
	if err = s.clearWay(path); err != nil {
		return fmt.Errorf("write cache entry in %s: %w", s.dir, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write cache entry in %s: %w", s.dir, err)
	}
	if d, derr := os.Open(s.dir); derr == nil { // persist the rename; best effort
		d.Sync()
		d.Close()
	}
	return nil
}

// Delete removes the entry for key. A missing entry is not an error.
func (s *Store) Delete(key string) error {
	if err := os.Remove(s.entryPath(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete cache entry: %w", err)
	}
	return nil
}

// List returns every usable entry, fresh or stale. Unusable files are
// skipped.
func (s *Store) List() ([]Entry, error) {
	paths, err := filepath.Glob(filepath.Join(s.dir, "*"+entryExt))
	if err != nil {
		return nil, fmt.Errorf("list cache %s: %w", s.dir, err)
	}
	var out []Entry
	for _, p := range paths {
		if e, err := s.read(p, ""); err == nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// Clear deletes the entries match accepts (every entry when match is nil)
// and returns how many usable entries it deleted. With a nil match, unusable
// entry files and stray temp files older than a minute go too. Lock files
// stay: removing one another process holds would break its exclusion.
func (s *Store) Clear(match func(Entry) bool) (int, error) {
	names, err := os.ReadDir(s.dir)
	if err != nil {
		return 0, fmt.Errorf("clear cache %s: %w", s.dir, err)
	}
	n := 0
	var errs []error
	for _, de := range names {
		name := de.Name()
		p := filepath.Join(s.dir, name)
		switch {
		case strings.HasSuffix(name, entryExt) && !strings.HasPrefix(name, "."):
			e, rerr := s.read(p, "")
			if rerr != nil && match != nil {
				continue
			}
			if rerr == nil && match != nil && !match(e) {
				continue
			}
			if err := removeEntryFile(p); err != nil {
				errs = append(errs, err)
				continue
			}
			if rerr == nil {
				n++
			}
		case match == nil && strings.HasSuffix(name, shortcutExt):
			os.Remove(p)
		case match == nil && strings.HasPrefix(name, ".tmp-"):
			if fi, err := de.Info(); err == nil && s.now().Sub(fi.ModTime()) > time.Minute {
				os.Remove(p)
			}
		}
	}
	if len(errs) > 0 {
		return n, fmt.Errorf("clear cache %s: %w", s.dir, errors.Join(errs...))
	}
	return n, nil
}

// removeEntryFile removes an entry's file, or whatever took its place (a
// directory included: nothing of the user's belongs in the cache directory).
func removeEntryFile(p string) error {
	err := os.Remove(p)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		if fi, lerr := os.Lstat(p); lerr == nil && fi.IsDir() {
			err = os.RemoveAll(p)
		}
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// FetchFunc obtains a new entry when the cache has no fresh one.
type FetchFunc func(ctx context.Context) (Entry, error)

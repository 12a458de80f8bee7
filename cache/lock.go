package cache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// EnvHeldLocks is the environment marker of a switchrole that holds cache
// locks while it runs other programs: the credential_process of an AWS
// profile, or an mfa_process. Its value lists "PID:LOCK" pairs separated by
// spaces, LOCK being a digest of the lock file's path (no key, no secret).
// A switchrole started by such a program — a credential_process that calls
// switchrole for the very profile being fetched — finds the lock it wants
// held by its own caller, which waits for it: it fails at once with
// ErrHeldByCaller instead of waiting forever, as aws-vault refuses to run
// inside itself when AWS_VAULT is set.
const EnvHeldLocks = "SWITCHROLE_HELD_LOCKS"

// ErrHeldByCaller is returned by Do when the lock it needs is held by a
// switchrole that started this process (see EnvHeldLocks).
var ErrHeldByCaller = errors.New("the switchrole that started this one holds the lock and waits for this one")

// heldMu guards the marker in the process environment: goroutines of one
// process may hold several locks at once.
var heldMu sync.Mutex

// lock takes the per-key lock, waiting until ctx is done. The lock file is
// opened without following a link or blocking, and replaced when it is not
// a regular file of ours. While held, the lock is listed in EnvHeldLocks.
func (s *Store) lock(ctx context.Context, key string) (func(), error) {
	path := s.lockPath(key)
	f, err := s.openLock(path)
	if err != nil {
		return nil, fmt.Errorf("lock cache entry in %s: %w", s.dir, err)
	}
	id := lockID(path)
	for checked := false; ; {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock cache entry in %s: %w", s.dir, err)
		}
		if !checked {
			checked = true
			if heldByCaller(os.Getenv(EnvHeldLocks), id) {
				f.Close()
				return nil, ErrHeldByCaller
			}
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("wait for another switchrole fetching the same credentials: %w", context.Cause(ctx))
		case <-time.After(s.lockRetry):
		}
	}
	mark := strconv.Itoa(os.Getpid()) + ":" + id
	editHeld(func(held []string) []string { return append(held, mark) })
	return func() {
		editHeld(func(held []string) []string {
			for i, h := range held {
				if h == mark {
					return append(held[:i], held[i+1:]...)
				}
			}
			return held
		})
		f.Close() // closing the last descriptor releases the lock
	}, nil
}

// openLock opens (creating) the lock file at path, replacing once what is
// not a regular file of ours.
func (s *Store) openLock(path string) (*os.File, error) {
	f, err := openSafe(path, os.O_RDWR|os.O_CREATE, fileMode)
	var strange *strangeFile
	if errors.As(err, &strange) {
		if err := s.clearWay(path); err != nil {
			return nil, err
		}
		f, err = openSafe(path, os.O_RDWR|os.O_CREATE, fileMode)
	}
	return f, err
}

// lockID is the digest of a lock file's path that EnvHeldLocks lists.
func lockID(path string) string {
	sum := sha256.Sum256([]byte(path))
	return hex.EncodeToString(sum[:8])
}

// heldByCaller reports whether marker lists lock id as held by a process
// other than this one that is still alive: an ancestor that waits for us.
// (A marker copied into an unrelated long-lived process names a pid that is
// gone, or a lock that is free: lock only asks when the lock is taken.)
func heldByCaller(marker, id string) bool {
	for _, h := range strings.Fields(marker) {
		pidText, hid, ok := strings.Cut(h, ":")
		if !ok || hid != id {
			continue
		}
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid <= 0 || pid == os.Getpid() {
			continue
		}
		if err := syscall.Kill(pid, 0); err == nil || errors.Is(err, syscall.EPERM) {
			return true
		}
	}
	return false
}

// editHeld rewrites this process's EnvHeldLocks, which the programs it
// starts inherit.
func editHeld(edit func([]string) []string) {
	heldMu.Lock()
	defer heldMu.Unlock()
	held := edit(strings.Fields(os.Getenv(EnvHeldLocks)))
	if len(held) == 0 {
		os.Unsetenv(EnvHeldLocks)
		return
	}
	os.Setenv(EnvHeldLocks, strings.Join(held, " "))
}

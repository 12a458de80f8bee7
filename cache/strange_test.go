package cache

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// noticed collects what a store says about the files it replaced.
type noticed struct{ msgs []string }

func (n *noticed) say(msg string) { n.msgs = append(n.msgs, msg) }

// promptly runs fn and fails the test if it has not returned after a long
// while: a guard against a hang (a FIFO opened for reading blocks until a
// writer comes), not a measure of speed.
func promptly(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s blocked", what)
	}
}

func fetchSample(context.Context) (Entry, error) { return sampleEntry(t0.Add(time.Hour)), nil }

func TestFIFOAtAnEntryBlocksNothing(t *testing.T) {
	n := &noticed{}
	s, _ := newStore(t, WithNotice(n.say))
	p := s.entryPath("k")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	promptly(t, "Get", func() {
		if _, ok := s.Get("k"); ok {
			t.Error("a FIFO read as an entry")
		}
	})
	promptly(t, "List", func() {
		if l, err := s.List(); err != nil || len(l) != 0 {
			t.Errorf("List = %v, %v", l, err)
		}
	})
	promptly(t, "Clear(match)", func() {
		if _, err := s.Clear(func(Entry) bool { return true }); err != nil {
			t.Error(err)
		}
	})
	promptly(t, "Do", func() {
		if _, fromCache, err := s.Do(context.Background(), "k", fetchSample); err != nil || fromCache {
			t.Errorf("Do = %v, %v", fromCache, err)
		}
	})
	if _, ok := s.Get("k"); !ok {
		t.Error("the FIFO was not replaced by the entry")
	}
	if len(n.msgs) != 1 || !strings.Contains(n.msgs[0], "a FIFO") {
		t.Errorf("notices = %q, want one naming the FIFO", n.msgs)
	}
	if err := syscall.Mkfifo(filepath.Join(s.Dir(), fileName("other")+entryExt), 0o600); err != nil {
		t.Fatal(err)
	}
	promptly(t, "Clear(nil)", func() {
		if _, err := s.Clear(nil); err != nil {
			t.Error(err)
		}
	})
	if names := dirNames(t, s.Dir()); len(names) != 0 {
		t.Errorf("Clear(nil) left %v", names)
	}
}

func TestSymlinkedEntryLeavesItsTargetAlone(t *testing.T) {
	n := &noticed{}
	s, _ := newStore(t, WithNotice(n.say))
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("the user's file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := s.entryPath("k")
	if err := os.Symlink(victim, p); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Peek("k"); ok {
		t.Error("a symbolic link read as an entry")
	}
	assertMode(t, victim, 0o644)
	if _, _, err := s.Do(context.Background(), "k", fetchSample); err != nil {
		t.Fatal(err)
	}
	assertMode(t, victim, 0o644)
	if b, _ := os.ReadFile(victim); string(b) != "the user's file\n" {
		t.Errorf("the link's target was written: %q", b)
	}
	if fi, err := os.Lstat(p); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the link was not replaced by an entry: %v, %v", fi, err)
	}
	if len(n.msgs) != 1 || !strings.Contains(n.msgs[0], "symbolic link") {
		t.Errorf("notices = %q, want one naming the link", n.msgs)
	}
}

func TestSymlinkedLockCreatesNothing(t *testing.T) {
	n := &noticed{}
	s, _ := newStore(t, WithNotice(n.say))
	victim := filepath.Join(t.TempDir(), "created-through-the-link")
	if err := os.Symlink(victim, s.lockPath("k")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Do(context.Background(), "k", fetchSample); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(victim); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock's link target was created: %v", err)
	}
	if fi, err := os.Lstat(s.lockPath("k")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the lock is not a regular file: %v, %v", fi, err)
	}
	if len(n.msgs) != 1 {
		t.Errorf("notices = %q, want one", n.msgs)
	}
}

func TestFIFOAtALockBlocksNothing(t *testing.T) {
	s, _ := newStore(t)
	if err := syscall.Mkfifo(s.lockPath("k"), 0o600); err != nil {
		t.Fatal(err)
	}
	promptly(t, "Do", func() {
		if _, _, err := s.Do(context.Background(), "k", fetchSample); err != nil {
			t.Error(err)
		}
	})
}

func TestDirectoryAtAnEntryIsReplacedOnce(t *testing.T) {
	n := &noticed{}
	s, _ := newStore(t, WithNotice(n.say))
	p := s.entryPath("k")
	if err := os.MkdirAll(filepath.Join(p, "inside"), 0o700); err != nil {
		t.Fatal(err)
	}
	calls := 0
	fetch := func(ctx context.Context) (Entry, error) { calls++; return fetchSample(ctx) }
	for i := range 2 {
		_, fromCache, err := s.Do(context.Background(), "k", fetch)
		if err != nil {
			t.Fatalf("Do %d: %v", i, err)
		}
		if fromCache != (i == 1) {
			t.Errorf("Do %d: fromCache = %v", i, fromCache)
		}
	}
	if calls != 1 {
		t.Errorf("fetched %d times, want 1: the directory was not replaced", calls)
	}
	if len(n.msgs) != 1 || !strings.Contains(n.msgs[0], "a directory") {
		t.Errorf("notices = %q, want one naming the directory", n.msgs)
	}
}

// A switchrole started by the program its caller runs while holding a lock
// (a credential_process calling switchrole for the same profile) fails at
// once rather than waiting for a caller that waits for it.
func TestLockHeldByCallerFailsAtOnce(t *testing.T) {
	s, _ := newStore(t)
	unlock, err := s.lock(context.Background(), "k")
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	marker := os.Getenv(EnvHeldLocks)
	if !strings.HasPrefix(marker, strconv.Itoa(os.Getpid())+":") {
		t.Fatalf("%s = %q while holding a lock", EnvHeldLocks, marker)
	}
	// This process plays the child: the marker names its parent (alive).
	t.Setenv(EnvHeldLocks, strconv.Itoa(os.Getppid())+":"+lockID(s.lockPath("k")))
	_, _, err = s.Do(context.Background(), "k", fetchSample)
	if !errors.Is(err, ErrHeldByCaller) {
		t.Fatalf("Do under a lock the caller holds = %v, want ErrHeldByCaller", err)
	}
	// Another key, or a holder that is gone, is waited for as usual.
	t.Setenv(EnvHeldLocks, "999999999:"+lockID(s.lockPath("k")))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := s.Do(ctx, "k", fetchSample); !errors.Is(err, context.Canceled) {
		t.Fatalf("Do with a stale marker = %v, want to wait (then cancelled)", err)
	}
}

func TestMarkerListsLocksOnlyWhileHeld(t *testing.T) {
	t.Setenv(EnvHeldLocks, "")
	os.Unsetenv(EnvHeldLocks)
	s, _ := newStore(t)
	var during string
	_, _, err := s.Do(context.Background(), "k", func(ctx context.Context) (Entry, error) {
		during = os.Getenv(EnvHeldLocks)
		return fetchSample(ctx)
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := strconv.Itoa(os.Getpid()) + ":" + lockID(s.lockPath("k")); during != want {
		t.Errorf("during the fetch %s = %q, want %q", EnvHeldLocks, during, want)
	}
	if v, ok := os.LookupEnv(EnvHeldLocks); ok {
		t.Errorf("after the fetch %s = %q, want it unset", EnvHeldLocks, v)
	}
}

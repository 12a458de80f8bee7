package cache

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func newStore(t *testing.T, opts ...Option) (*Store, *clock) {
	t.Helper()
	c := &clock{now: t0}
	s, err := Open(filepath.Join(t.TempDir(), "switchrole"), append([]Option{WithClock(c.Now)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func sampleEntry(exp time.Time) Entry {
	return Entry{
		Kind:            KindRole,
		AccessKeyID:     "ASIAEXAMPLE",
		SecretAccessKey: "secret/value",
		SessionToken:    "token",
		Expiration:      exp,
		AccountID:       "123456789012",
		Arn:             "arn:aws:sts::123456789012:assumed-role/Admin/alice",
		MFA:             true,
		Chained:         true,
		Target:          "prod/Admin",
		Source:          "jump",
	}
}

func TestPutGetRoundTrip(t *testing.T) {
	s, _ := newStore(t)
	want := sampleEntry(t0.Add(time.Hour))
	if err := s.Put("k1", want); err != nil {
		t.Fatal(err)
	}
	got, ok := s.Get("k1")
	if !ok {
		t.Fatal("Get: no entry after Put")
	}
	if got.Version != FormatVersion || got.Key != "k1" || !got.Created.Equal(t0) {
		t.Errorf("stamps: version %d key %q created %v", got.Version, got.Key, got.Created)
	}
	got.Version, got.Key, got.Created = 0, "", time.Time{}
	if !got.Expiration.Equal(want.Expiration) {
		t.Errorf("expiration %v, want %v", got.Expiration, want.Expiration)
	}
	got.Expiration = want.Expiration
	if got != want {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	if r := got.Remaining(t0); r != time.Hour {
		t.Errorf("Remaining = %v, want 1h", r)
	}
}

func TestFreshness(t *testing.T) {
	tests := []struct {
		name      string
		remaining time.Duration
		window    time.Duration
		fresh     bool
	}{
		{"an hour left", time.Hour, 0, true},
		{"just over the default window", DefaultRefreshWindow + time.Second, 0, true},
		{"exactly the default window", DefaultRefreshWindow, 0, false},
		{"inside the default window", time.Minute, 0, false},
		{"expired", -time.Minute, 0, false},
		{"custom window keeps it", 3 * time.Minute, 2 * time.Minute, true},
		{"custom window drops it", 3 * time.Minute, 10 * time.Minute, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newStore(t, WithRefreshWindow(tt.window))
			if err := s.Put("k", sampleEntry(t0.Add(tt.remaining))); err != nil {
				t.Fatal(err)
			}
			if _, ok := s.Get("k"); ok != tt.fresh {
				t.Errorf("Get ok = %v, want %v", ok, tt.fresh)
			}
			if _, ok := s.Peek("k"); !ok {
				t.Error("Peek must return stale entries too")
			}
		})
	}
}

func TestPutRefusesLongTermAndIncomplete(t *testing.T) {
	s, _ := newStore(t)
	longTerm := sampleEntry(t0.Add(time.Hour))
	longTerm.AccessKeyID, longTerm.SessionToken = "AKIAEXAMPLE", ""
	if err := s.Put("k", longTerm); !errors.Is(err, ErrLongTermKeys) {
		t.Errorf("Put(long-term keys) = %v, want ErrLongTermKeys", err)
	}
	for name, mutate := range map[string]func(*Entry){
		"no secret":     func(e *Entry) { e.SecretAccessKey = "" },
		"no access key": func(e *Entry) { e.AccessKeyID = "" },
		"no expiration": func(e *Entry) { e.Expiration = time.Time{} },
		"no kind":       func(e *Entry) { e.Kind = "" },
	} {
		e := sampleEntry(t0.Add(time.Hour))
		mutate(&e)
		if err := s.Put("k", e); err == nil {
			t.Errorf("Put(%s) succeeded", name)
		}
	}
	if err := s.Put("", sampleEntry(t0.Add(time.Hour))); err == nil {
		t.Error("Put with empty key succeeded")
	}
	if names := dirNames(t, s.Dir()); len(names) != 0 {
		t.Errorf("refused entries left files: %v", names)
	}
}

func TestFileNamesAndModes(t *testing.T) {
	s, _ := newStore(t)
	key := "role\x1fprod/Admin\x1farn:aws:iam::123456789012:role/Admin\x1f../../etc"
	if err := s.Put(key, sampleEntry(t0.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	names := dirNames(t, s.Dir())
	if len(names) != 1 || !regexp.MustCompile(`^[0-9a-f]{32}\.json$`).MatchString(names[0]) {
		t.Fatalf("files = %v, want one hex-named .json", names)
	}
	assertMode(t, s.Dir(), 0o700)
	assertMode(t, filepath.Join(s.Dir(), names[0]), 0o600)
}

func TestOpenTightensLooseDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	assertMode(t, dir, 0o700)
}

func TestOpenRefuses(t *testing.T) {
	t.Run("a file in the way", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "c")
		os.WriteFile(p, nil, 0o600)
		_, err := Open(p)
		if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "not a directory") {
			t.Errorf("Open(file) = %v, want an error naming %s", err, p)
		}
	})
	t.Run("another user's directory", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("needs root to chown")
		}
		p := filepath.Join(t.TempDir(), "c")
		os.Mkdir(p, 0o700)
		if err := os.Chown(p, 65534, 65534); err != nil {
			t.Skip(err)
		}
		_, err := Open(p)
		if err == nil || !strings.Contains(err.Error(), "belongs to another user") {
			t.Errorf("Open(foreign dir) = %v, want a refusal", err)
		}
	})
}

func TestLooseFileIsTightenedOnRead(t *testing.T) {
	s, _ := newStore(t)
	s.Put("k", sampleEntry(t0.Add(time.Hour)))
	p := s.entryPath("k")
	os.Chmod(p, 0o644)
	if _, ok := s.Get("k"); !ok {
		t.Fatal("entry lost after chmod")
	}
	assertMode(t, p, 0o600)
}

func TestUnusableFilesReadAsMissing(t *testing.T) {
	valid := func(s *Store) []byte {
		s.Put("other", sampleEntry(t0.Add(time.Hour)))
		b, _ := os.ReadFile(s.entryPath("other"))
		s.Delete("other")
		return b
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, s *Store, path string)
	}{
		{"empty", func(t *testing.T, s *Store, p string) { os.WriteFile(p, nil, 0o600) }},
		{"garbage", func(t *testing.T, s *Store, p string) { os.WriteFile(p, []byte("\x00\x01not json"), 0o600) }},
		{"truncated", func(t *testing.T, s *Store, p string) {
			b := valid(s)
			os.WriteFile(p, b[:len(b)/2], 0o600)
		}},
		{"foreign key", func(t *testing.T, s *Store, p string) { os.WriteFile(p, valid(s), 0o600) }},
		{"wrong version", func(t *testing.T, s *Store, p string) {
			b := strings.Replace(string(valid(s)), `"key":"other"`, `"key":"k"`, 1)
			b = strings.Replace(b, `"version":1`, `"version":99`, 1)
			os.WriteFile(p, []byte(b), 0o600)
		}},
		{"unknown json", func(t *testing.T, s *Store, p string) { os.WriteFile(p, []byte(`{"hello":"world"}`), 0o600) }},
		{"json array", func(t *testing.T, s *Store, p string) { os.WriteFile(p, []byte(`[1,2,3]`), 0o600) }},
		{"a directory", func(t *testing.T, s *Store, p string) { os.Mkdir(p, 0o700) }},
		{"too large", func(t *testing.T, s *Store, p string) {
			os.WriteFile(p, []byte(strings.Repeat(" ", maxReadSz+10)), 0o600)
		}},
		{"another user's file", func(t *testing.T, s *Store, p string) {
			if os.Geteuid() != 0 {
				t.Skip("needs root to chown")
			}
			b := strings.Replace(string(valid(s)), `"key":"other"`, `"key":"k"`, 1)
			os.WriteFile(p, []byte(b), 0o600)
			if err := os.Chown(p, 65534, 65534); err != nil {
				t.Skip(err)
			}
		}},
		{"unreadable", func(t *testing.T, s *Store, p string) {
			if os.Geteuid() == 0 {
				t.Skip("root reads anything")
			}
			b := strings.Replace(string(valid(s)), `"key":"other"`, `"key":"k"`, 1)
			os.WriteFile(p, []byte(b), 0o000)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newStore(t)
			p := s.entryPath("k")
			tt.setup(t, s, p)
			if _, ok := s.Peek("k"); ok {
				t.Fatal("unusable file was accepted")
			}
			if list, _ := s.List(); len(list) != 0 {
				t.Fatalf("List returned unusable entries: %+v", list)
			}
			calls := 0
			e, fromCache, err := s.Do(context.Background(), "k", func(context.Context) (Entry, error) {
				calls++
				return sampleEntry(t0.Add(time.Hour)), nil
			})
			if err != nil || fromCache || calls != 1 || e.Key != "k" {
				t.Fatalf("Do = %+v, %v, %v (calls %d); want a fresh fetch", e, fromCache, err, calls)
			}
			if _, ok := s.Get("k"); !ok {
				t.Error("the unusable file was not replaced")
			}
		})
	}
}

func TestDo(t *testing.T) {
	s, c := newStore(t)
	ctx := context.Background()
	var calls int
	fetch := func(context.Context) (Entry, error) {
		calls++
		return sampleEntry(c.Now().Add(time.Hour)), nil
	}
	if _, fromCache, err := s.Do(ctx, "k", fetch); err != nil || fromCache {
		t.Fatalf("first Do: fromCache=%v err=%v", fromCache, err)
	}
	if _, fromCache, err := s.Do(ctx, "k", fetch); err != nil || !fromCache {
		t.Fatalf("second Do: fromCache=%v err=%v", fromCache, err)
	}
	c.Advance(56 * time.Minute) // inside the refresh window
	if _, fromCache, err := s.Do(ctx, "k", fetch); err != nil || fromCache {
		t.Fatalf("stale Do: fromCache=%v err=%v", fromCache, err)
	}
	if calls != 2 {
		t.Errorf("fetch calls = %d, want 2", calls)
	}
}

func TestDoStoresNothingOnFailure(t *testing.T) {
	s, _ := newStore(t)
	boom := errors.New("boom")
	_, _, err := s.Do(context.Background(), "k", func(context.Context) (Entry, error) { return Entry{}, boom })
	if !errors.Is(err, boom) {
		t.Fatalf("Do error = %v, want boom", err)
	}
	long := sampleEntry(t0.Add(time.Hour))
	long.SessionToken = ""
	_, _, err = s.Do(context.Background(), "k", func(context.Context) (Entry, error) { return long, nil })
	if !errors.Is(err, ErrLongTermKeys) {
		t.Fatalf("Do(long-term) error = %v, want ErrLongTermKeys", err)
	}
	for _, n := range dirNames(t, s.Dir()) {
		if strings.HasSuffix(n, entryExt) || strings.HasPrefix(n, ".tmp-") {
			t.Errorf("failure left %s", n)
		}
	}
}

func TestDoHonoursContextWhileLocked(t *testing.T) {
	s, _ := newStore(t)
	unlock, err := s.lock(context.Background(), "k")
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := s.Do(ctx, "k", func(context.Context) (Entry, error) {
			return Entry{}, errors.New("fetch must not run while another holds the lock")
		})
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Do under a held lock after cancel = %v, want context.Canceled", err)
	}
}

func TestDoConcurrentGoroutinesFetchOnce(t *testing.T) {
	s, _ := newStore(t)
	var calls atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			_, _, err := s.Do(context.Background(), "k", func(context.Context) (Entry, error) {
				calls.Add(1)
				time.Sleep(20 * time.Millisecond)
				return sampleEntry(t0.Add(time.Hour)), nil
			})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("fetch ran %d times, want 1", n)
	}
}

func TestListAndClear(t *testing.T) {
	s, _ := newStore(t)
	for _, e := range []struct{ key, target, source string }{
		{"a", "prod/Admin", "jump"},
		{"b", "dev/Admin", "jump"},
		{"c", "jump", "jump"},
		{"d", "other", "corp"},
	} {
		ent := sampleEntry(t0.Add(time.Hour))
		ent.Target, ent.Source = e.target, e.source
		if err := s.Put(e.key, ent); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(s.Dir(), "ffffffffffffffffffffffffffffffff.json"), []byte("junk"), 0o600)
	list, err := s.List()
	if err != nil || len(list) != 4 {
		t.Fatalf("List = %d entries, %v; want 4", len(list), err)
	}
	n, err := s.Clear(func(e Entry) bool { return e.Target == "prod/Admin" })
	if err != nil || n != 1 {
		t.Fatalf("Clear(prod/Admin) = %d, %v; want 1", n, err)
	}
	if _, ok := s.Get("a"); ok {
		t.Error("a survived Clear")
	}
	n, err = s.Clear(func(e Entry) bool { return e.Source == "jump" })
	if err != nil || n != 2 {
		t.Fatalf("Clear(source jump) = %d, %v; want 2", n, err)
	}
	n, err = s.Clear(nil)
	if err != nil || n != 1 {
		t.Fatalf("Clear(all) = %d, %v; want 1", n, err)
	}
	for _, name := range dirNames(t, s.Dir()) {
		if strings.HasSuffix(name, entryExt) {
			t.Errorf("Clear(nil) left %s", name)
		}
	}
}

func TestDefaultDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", "")
	if d, _ := DefaultDir(); d != filepath.Join(home, ".cache", "switchrole") {
		t.Errorf("DefaultDir without XDG = %s", d)
	}
	t.Setenv("XDG_CACHE_HOME", "/x/cache")
	if d, _ := DefaultDir(); d != "/x/cache/switchrole" {
		t.Errorf("DefaultDir with XDG = %s", d)
	}
	t.Setenv("XDG_CACHE_HOME", "relative") // the spec says ignore relative paths
	if d, _ := DefaultDir(); d != filepath.Join(home, ".cache", "switchrole") {
		t.Errorf("DefaultDir with relative XDG = %s", d)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, de := range des {
		if !strings.HasSuffix(de.Name(), lockExt) {
			out = append(out, de.Name())
		}
	}
	return out
}

func assertMode(t *testing.T, p string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s mode %v, want %v", p, got, want)
	}
}

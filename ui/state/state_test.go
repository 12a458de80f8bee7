package state

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }

func newClock() *clock { return &clock{t: time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)} }

func statePath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "switchrole", "state.json")
}

func TestLoadMissingFileIsEmpty(t *testing.T) {
	s, err := Load(statePath(t), nil)
	if err != nil {
		t.Fatalf("Load of a missing file: %v", err)
	}
	if got := s.Favourites(); len(got) != 0 {
		t.Errorf("Favourites = %v, want none", got)
	}
	if got := s.Frecency("x"); got != 0 {
		t.Errorf("Frecency = %v, want 0", got)
	}
}

func TestCorruptFileIsIgnoredAndReplaced(t *testing.T) {
	for _, content := range []string{"{not json", "", "[1,2,3]", `{"favourites": 7}`} {
		t.Run(content, func(t *testing.T) {
			path := statePath(t)
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Load(path, newClock().now)
			if err == nil {
				t.Fatal("Load of a corrupt file returned no warning")
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("warning %q does not name the file", err)
			}
			if s == nil || len(s.Favourites()) != 0 {
				t.Fatalf("store after corrupt file = %v, want an empty usable store", s)
			}
			if err := s.SetFavourite("prod/Admin", true); err != nil {
				t.Fatalf("SetFavourite over a corrupt file: %v", err)
			}
			again, err := Load(path, nil)
			if err != nil {
				t.Fatalf("reload after save: %v", err)
			}
			if !again.IsFavourite("prod/Admin") {
				t.Error("favourite not saved over the corrupt file")
			}
		})
	}
}

func TestFavouritesPersistAndToggle(t *testing.T) {
	path := statePath(t)
	s, _ := Load(path, newClock().now)
	for _, name := range []string{"b/Admin", "a/Admin", "b/Admin"} {
		if err := s.SetFavourite(name, true); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := s.Favourites(), []string{"a/Admin", "b/Admin"}; !slices.Equal(got, want) {
		t.Errorf("Favourites = %v, want %v (sorted, no duplicates)", got, want)
	}
	if err := s.SetFavourite("a/Admin", false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFavourite("never/There", false); err != nil {
		t.Fatal(err)
	}
	reloaded, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := reloaded.Favourites(), []string{"b/Admin"}; !slices.Equal(got, want) {
		t.Errorf("reloaded Favourites = %v, want %v", got, want)
	}
}

func TestFilePermissionsAndNoLeftovers(t *testing.T) {
	path := statePath(t)
	s, _ := Load(path, newClock().now)
	for range 3 {
		if err := s.RecordUse("prod/Admin"); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode = %v, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Errorf("dir mode = %v, want 0700", di.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if want := []string{"state.json", "state.json.lock"}; !slices.Equal(names, want) {
		t.Errorf("dir holds %v, want %v (no temporary files left)", names, want)
	}
	var d file
	b, _ := os.ReadFile(path)
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("saved file is not JSON: %v", err)
	}
	if d.Recent["prod/Admin"].Count != 3 {
		t.Errorf("saved count = %d, want 3", d.Recent["prod/Admin"].Count)
	}
}

func TestFrecencyOrder(t *testing.T) {
	c := newClock()
	s, _ := Load(statePath(t), c.now)
	use := func(name string, times int) {
		for range times {
			if err := s.RecordUse(name); err != nil {
				t.Fatal(err)
			}
		}
	}
	use("old-heavy", 20) // 20 uses, then 9 days pass: 20/8 = 2.5
	c.add(9 * 24 * time.Hour)
	use("fresh-once", 1) // 1 use, then an hour: ~0.99
	use("steady", 5)     // 5 uses a day ago: ~3.97
	c.add(time.Hour)
	snap := s.Snapshot()
	names := []string{"fresh-once", "never", "old-heavy", "steady"}
	sort.SliceStable(names, func(i, j int) bool { return snap.Frecency(names[i]) > snap.Frecency(names[j]) })
	if want := []string{"steady", "old-heavy", "fresh-once", "never"}; !slices.Equal(names, want) {
		t.Errorf("frecency order = %v, want %v (scores %v %v %v)", names, want,
			snap.Frecency("steady"), snap.Frecency("old-heavy"), snap.Frecency("fresh-once"))
	}
	if got := snap.Frecency("never"); got != 0 {
		t.Errorf("unused target scores %v, want 0", got)
	}
	// A half-life later the score has halved.
	before := s.Frecency("steady")
	c.add(HalfLife)
	if after := s.Frecency("steady"); after < before/2-1e-9 || after > before/2+1e-9 {
		t.Errorf("after one half-life score = %v, want %v", after, before/2)
	}
}

func TestPruneForgetsOldAndExcess(t *testing.T) {
	c := newClock()
	path := statePath(t)
	s, _ := Load(path, c.now)
	if err := s.RecordUse("ancient"); err != nil {
		t.Fatal(err)
	}
	c.add(MaxAge + time.Hour)
	// Another process left more recents than are kept.
	d, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range MaxRecent + 10 {
		d.Recent[fmt.Sprintf("role-%03d", i)] = Use{Count: 1 + i%5, Last: c.now()}
	}
	if err := writeAtomic(path, d); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordUse("today"); err != nil {
		t.Fatal(err)
	}
	reloaded, _ := Load(path, c.now)
	if n := len(reloaded.data.Recent); n != MaxRecent {
		t.Errorf("kept %d recents, want %d", n, MaxRecent)
	}
	if reloaded.Frecency("ancient") != 0 {
		t.Error("a use older than MaxAge was kept")
	}
	if reloaded.Frecency("today") == 0 {
		t.Error("the use just recorded was pruned")
	}
	if reloaded.Frecency("role-004") == 0 {
		t.Error("a frequently used recent was dropped before rarely used ones")
	}
}

// Two processes (two stores on one file) must not lose each other's changes.
func TestConcurrentStoresMerge(t *testing.T) {
	path := statePath(t)
	a, _ := Load(path, newClock().now)
	b, _ := Load(path, newClock().now)
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(2)
		go func() { defer wg.Done(); _ = a.SetFavourite("a"+string(rune('0'+i)), true) }()
		go func() { defer wg.Done(); _ = b.RecordUse("b" + string(rune('0'+i))) }()
	}
	wg.Wait()
	final, err := Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(final.Favourites()); n != 10 {
		t.Errorf("favourites saved = %d, want 10", n)
	}
	if n := len(final.data.Recent); n != 10 {
		t.Errorf("recents saved = %d, want 10", n)
	}
}

func TestSaveErrorKeepsMemoryAndNamesFile(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "not-a-dir")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(blocker, "state.json")
	s, _ := Load(path, nil)
	err := s.SetFavourite("prod/Admin", true)
	if err == nil {
		t.Fatal("saving under a file instead of a directory succeeded")
	}
	if !s.IsFavourite("prod/Admin") {
		t.Error("favourite lost from memory after a failed save")
	}
}

func TestDefaultPathUsesXDGStateHome(t *testing.T) {
	if got := DefaultPath(); !strings.HasSuffix(got, filepath.Join("switchrole", "state.json")) {
		t.Errorf("DefaultPath = %q", got)
	}
}

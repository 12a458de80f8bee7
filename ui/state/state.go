// Package state remembers which targets a person marks as favourites and
// which they use, so the picker can put them first. It is a small JSON file
// under $XDG_STATE_HOME/switchrole; several switchrole processes may share it,
// so every change re-reads the file under a lock, applies itself and replaces
// the file atomically. A damaged file is never fatal: the picker just starts
// without favourites.
package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/adrg/xdg"
	"github.com/gofrs/flock"

	"github.com/switchrole/switchrole/internal/atomicfile"
)

// HalfLife is how fast a use fades: a use this old counts half as much as
// one made now. Three days keeps last week's daily roles on top without
// letting a one-off switch from this morning push them down.
const HalfLife = 72 * time.Hour

// MaxRecent bounds how many used targets are remembered (the least frecent
// are forgotten first) and MaxAge how long an unused one is kept.
const (
	MaxRecent = 500
	MaxAge    = 180 * 24 * time.Hour
)

// maxCount caps the counted uses so that a role used a thousand times last
// year does not outrank this week's work forever.
const maxCount = 100

// DefaultPath is $XDG_STATE_HOME/switchrole/state.json (~/.local/state by
// default).
func DefaultPath() string {
	return filepath.Join(xdg.StateHome, "switchrole", "state.json")
}

// Use is what is remembered about one target's use.
type Use struct {
	Count int       `json:"count"`
	Last  time.Time `json:"last"`
}

// file is the on-disk format.
type file struct {
	Version    int            `json:"version"`
	Favourites []string       `json:"favourites,omitempty"`
	Recent     map[string]Use `json:"recent,omitempty"`
}

const fileVersion = 1

// Store is the favourites and recents of one user. It is safe for concurrent
// use: the picker reads snapshots while a tea.Cmd saves a change.
type Store struct {
	path string
	now  func() time.Time

	mu   sync.Mutex
	data file
}

// Load reads the store at path. It always returns a usable store; the error,
// when not nil, says why the file was ignored (unreadable or not valid
// JSON) and is meant as a warning. A missing file is not an error.
func Load(path string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	s := &Store{path: path, now: now, data: emptyFile()}
	d, err := readFile(path)
	if err != nil {
		return s, fmt.Errorf("ignoring favourites and recents in %s: %w", path, err)
	}
	s.data = d
	return s, nil
}

func emptyFile() file {
	return file{Version: fileVersion, Recent: map[string]Use{}}
}

func readFile(path string) (file, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return emptyFile(), nil
	}
	if err != nil {
		return emptyFile(), err
	}
	var d file
	if err := json.Unmarshal(b, &d); err != nil {
		return emptyFile(), fmt.Errorf("not valid JSON: %w", err)
	}
	if d.Recent == nil {
		d.Recent = map[string]Use{}
	}
	d.Version = fileVersion
	return d, nil
}

// Path is the file the store saves to.
func (s *Store) Path() string { return s.path }

// IsFavourite reports whether name is marked as a favourite.
func (s *Store) IsFavourite(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Contains(s.data.Favourites, name)
}

// Favourites lists the favourite names in sorted order.
func (s *Store) Favourites() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.data.Favourites)
}

// Frecency scores how much and how lately name was used: the use count
// (capped) halved every HalfLife since the last use. 0 means never used.
func (s *Store) Frecency(name string) float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return frecency(s.data.Recent[name], s.now())
}

func frecency(u Use, now time.Time) float64 {
	if u.Count <= 0 {
		return 0
	}
	age := max(now.Sub(u.Last), 0)
	return float64(min(u.Count, maxCount)) * math.Exp2(-float64(age)/float64(HalfLife))
}

// Snapshot is an immutable copy of the store's ranking data at one instant,
// read without locks while the picker sorts thousands of targets.
type Snapshot struct {
	favourites map[string]bool
	frecency   map[string]float64
}

// IsFavourite reports whether name was a favourite when the snapshot was
// taken.
func (p Snapshot) IsFavourite(name string) bool { return p.favourites[name] }

// Frecency is name's score when the snapshot was taken.
func (p Snapshot) Frecency(name string) float64 { return p.frecency[name] }

// Snapshot copies the ranking data.
func (s *Store) Snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	p := Snapshot{
		favourites: make(map[string]bool, len(s.data.Favourites)),
		frecency:   make(map[string]float64, len(s.data.Recent)),
	}
	for _, f := range s.data.Favourites {
		p.favourites[f] = true
	}
	for name, u := range s.data.Recent {
		p.frecency[name] = frecency(u, now)
	}
	return p
}

// SetFavourite marks or unmarks name and saves the file.
func (s *Store) SetFavourite(name string, on bool) error {
	return s.update(name, func(d *file, _ time.Time) {
		i := slices.Index(d.Favourites, name)
		switch {
		case on && i < 0:
			d.Favourites = append(d.Favourites, name)
			slices.Sort(d.Favourites)
		case !on && i >= 0:
			d.Favourites = slices.Delete(d.Favourites, i, i+1)
		}
	})
}

// RecordUse counts one use of name now and saves the file.
func (s *Store) RecordUse(name string) error {
	return s.update(name, func(d *file, now time.Time) {
		u := d.Recent[name]
		u.Count = min(u.Count+1, maxCount)
		u.Last = now
		d.Recent[name] = u
	})
}

// lockWait bounds how long a save waits for another switchrole process.
const lockWait = 2 * time.Second

// update applies change to the freshest data: the file is re-read under a
// lock (another process may have saved since we loaded), changed, pruned and
// replaced atomically. The in-memory copy follows even when saving fails, so
// the picker reflects what the user did; the error says it was not kept.
// Pruning never drops keep, the target just touched.
func (s *Store) update(keep string, change func(d *file, now time.Time)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()

	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		change(&s.data, now)
		return fmt.Errorf("save favourites: %w", err)
	}
	lock := flock.New(s.path+".lock", flock.SetPermissions(0o600))
	ctx, cancel := context.WithTimeout(context.Background(), lockWait)
	defer cancel()
	locked, err := lock.TryLockContext(ctx, 10*time.Millisecond)
	if err != nil || !locked {
		change(&s.data, now)
		if err == nil {
			err = errors.New("another switchrole holds the lock")
		}
		return fmt.Errorf("save favourites to %s: %w", s.path, err)
	}
	defer lock.Unlock()

	d, err := readFile(s.path)
	if err != nil {
		// A damaged file is replaced by what this process knows.
		d = s.data
	}
	change(&d, now)
	prune(&d, now, keep)
	s.data = d
	if err := writeAtomic(s.path, d); err != nil {
		return fmt.Errorf("save favourites to %s: %w", s.path, err)
	}
	return nil
}

// prune forgets uses older than MaxAge and keeps the MaxRecent most frecent,
// always including keep.
func prune(d *file, now time.Time, keep string) {
	for name, u := range d.Recent {
		if now.Sub(u.Last) > MaxAge {
			delete(d.Recent, name)
		}
	}
	if len(d.Recent) <= MaxRecent {
		return
	}
	type scored struct {
		name  string
		score float64
	}
	all := make([]scored, 0, len(d.Recent))
	for name, u := range d.Recent {
		score := frecency(u, now)
		if name == keep {
			score = math.Inf(1)
		}
		all = append(all, scored{name, score})
	}
	slices.SortFunc(all, func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		if a.name < b.name {
			return -1
		}
		return 1
	})
	for _, s := range all[MaxRecent:] {
		delete(d.Recent, s.name)
	}
}

// writeAtomic writes d to a temporary 0600 file next to path and renames it
// over path, so a reader never sees half a file.
func writeAtomic(path string, d file) error {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, append(b, '\n'), 0o600)
}

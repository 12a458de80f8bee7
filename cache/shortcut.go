package cache

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// A Shortcut lets a warm call answer without loading the configuration: it
// records the files a target was resolved from, as they were, and what the
// resolution gave (the cache key and what the answer shows). While every
// file is as recorded, the configuration would resolve the target the same
// way; any change to any of them sends the call through a full load, which
// records the shortcut again.
type Shortcut struct {
	// Version is FormatVersion; set by the store on write.
	Version int `json:"version"`
	// ID is what the shortcut answers for (the target as typed, the files
	// looked for, the environment read); a file whose ID does not match the
	// one asked for is foreign and ignored.
	ID string `json:"id"`
	// Files are the configuration files, existing or not, as they were
	// when the target was resolved.
	Files []FileStamp `json:"files"`

	// Key is the cache key of the target's credentials and RefreshWindow
	// the configured refresh window.
	Key           string        `json:"key"`
	RefreshWindow time.Duration `json:"refresh_window"`
	// Target, Account, AccountID and Region are what the answer shows
	// besides the credentials.
	Target    string `json:"target"`
	Account   string `json:"account,omitempty"`
	AccountID string `json:"account_id,omitempty"`
	Region    string `json:"region,omitempty"`
}

// FileStamp identifies one state of a file: a file edited in place changes
// size, mtime or ctime; one replaced (an editor's atomic save) changes inode;
// a file that appears or disappears changes Exists. mtime and ctime are kept
// to the nanosecond.
type FileStamp struct {
	Path   string `json:"path"`
	Exists bool   `json:"exists"`
	Dev    uint64 `json:"dev,omitempty"`
	Ino    uint64 `json:"ino,omitempty"`
	Mode   uint32 `json:"mode,omitempty"`
	Size   int64  `json:"size,omitempty"`
	Mtime  int64  `json:"mtime_ns,omitempty"`
	Ctime  int64  `json:"ctime_ns,omitempty"`
}

// StampFile takes path's stamp, following symbolic links (a link to a
// dotfiles checkout is the file it points at). A missing file has a stamp
// too: Exists false.
func StampFile(path string) (FileStamp, error) {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ENOTDIR) {
			return FileStamp{Path: path}, nil
		}
		return FileStamp{}, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	return FileStamp{
		Path: path, Exists: true,
		Dev: uint64(st.Dev), Ino: uint64(st.Ino), Mode: uint32(st.Mode), Size: int64(st.Size),
		Mtime: mtimeNs(&st), Ctime: ctimeNs(&st),
	}, nil
}

// shortcutExt names shortcut files in the store's directory.
const shortcutExt = ".warm"

func shortcutPath(dir, id string) string {
	return filepath.Join(dir, fileName("shortcut\x00"+id)+shortcutExt)
}

// ReadShortcut returns the shortcut recorded for id in the store directory
// dir, without opening the store (the refresh window to open it with is in
// the shortcut). ok is false when there is none, or none to trust (read as
// an entry is: no link followed, no FIFO waited on, only a regular file of
// ours).
func ReadShortcut(dir, id string) (Shortcut, bool) {
	f, err := openSafe(shortcutPath(dir, id), os.O_RDONLY, 0)
	if err != nil {
		return Shortcut{}, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxReadSz+1))
	if err != nil || len(data) > maxReadSz {
		return Shortcut{}, false
	}
	var sc Shortcut
	if json.Unmarshal(data, &sc) != nil || sc.Version != FormatVersion || sc.ID != id || sc.Key == "" || sc.Target == "" {
		return Shortcut{}, false
	}
	return sc, true
}

// PutShortcut records sc for id, atomically.
func (s *Store) PutShortcut(id string, sc Shortcut) error {
	sc.Version, sc.ID = FormatVersion, id
	data, err := json.Marshal(sc)
	if err != nil {
		return fmt.Errorf("encode shortcut: %w", err)
	}
	return s.writeAtomic(shortcutPath(s.dir, id), data)
}

package cache

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// The cache directory is ours (0700), but what sits at an entry's or a
// lock's path is not to be trusted: a FIFO would block a plain open forever,
// a symbolic link would send a chmod or an O_CREATE to its target, a
// directory would make every rename fail. Every file here is opened without
// following a link and without blocking, and is used only when it is a
// regular file of ours; anything else is replaced, and the store says so.

// openFlags are added to every open of an entry or a lock.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK | syscall.O_CLOEXEC

// openSafe opens path with flag|openFlags and returns it only when it is a
// regular file owned by this user. A path that is something else (a link, a
// FIFO, a directory, a device, another user's file) is reported as a
// *strangeFile with the file closed.
func openSafe(path string, flag int, perm fs.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, flag|openFlags, perm)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && (errors.Is(pe.Err, syscall.ELOOP) || errors.Is(pe.Err, syscall.EISDIR) || errors.Is(pe.Err, syscall.ENXIO)) {
			// ELOOP: a symbolic link; EISDIR: a directory opened for
			// writing; ENXIO: a FIFO with no reader opened for writing,
			// or a socket.
			sf := &strangeFile{path: path, mode: fs.ModeSymlink}
			if fi, lerr := os.Lstat(path); lerr == nil {
				sf.mode = fi.Mode().Type()
			}
			return nil, sf
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() || !ownedByMe(fi) {
		f.Close()
		return nil, &strangeFile{path: path, mode: fi.Mode(), foreign: fi.Mode().IsRegular()}
	}
	return f, nil
}

// strangeFile is a path in the cache directory that holds something the
// store did not write: it reads as missing and is replaced on the next write.
type strangeFile struct {
	path    string
	mode    fs.FileMode
	foreign bool
}

func (e *strangeFile) Error() string {
	return fmt.Sprintf("%s is %s, not a cache file of switchrole's", e.path, describeMode(e.mode, e.foreign))
}

// describeMode names what a file is, for the one sentence the store says
// when it replaces it.
func describeMode(m fs.FileMode, foreign bool) string {
	switch {
	case foreign:
		return "another user's file"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// ownedByMe reports whether fi belongs to the effective user.
func ownedByMe(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return !ok || int(st.Uid) == os.Geteuid()
}

// clearWay removes what sits at path when it is not a regular file of ours,
// so that a rename or a create can put one there, and says so once. A
// regular file of ours, or nothing, is left alone.
func (s *Store) clearWay(path string) error {
	fi, err := os.Lstat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	if fi.Mode().IsRegular() && ownedByMe(fi) {
		return nil
	}
	what := describeMode(fi.Mode().Type(), fi.Mode().IsRegular())
	if fi.IsDir() {
		err = os.RemoveAll(path)
	} else {
		err = os.Remove(path)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s is %s, not a cache file, and cannot be removed: %w", path, what, err)
	}
	s.notify(fmt.Sprintf("replaced %s, which was %s, not a cache file of switchrole's", path, what))
	return nil
}

// notify tells the user, once per replaced file, what the store did.
func (s *Store) notify(msg string) {
	if s.notice != nil {
		s.notice(msg)
	}
}

//go:build unix

package front

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// EngineName is the file name of the full program the front hands over to.
// `go install github.com/switchrole/switchrole/cmd/...@latest` installs it
// beside the front.
const EngineName = "switchrole-engine"

// handOver replaces the process with the engine, run with the same
// arguments and environment. It returns only when the engine cannot start.
func handOver(args []string) int {
	if filepath.Base(os.Args[0]) == EngineName {
		// A front handed over to a copy of itself installed as the engine.
		self, _ := os.Executable()
		fmt.Fprintf(os.Stderr, "switchrole: %s is a copy of the front, not the engine; reinstall with: %s\n",
			cmp.Or(self, EngineName), installHint)
		return ExitNoEngine
	}
	path, err := enginePath()
	if err != nil {
		fmt.Fprintln(os.Stderr, "switchrole: "+err.Error())
		if errors.Is(err, errNotInstalled) {
			return ExitEngineMissing
		}
		return ExitNoEngine
	}
	// argv[0] names the engine: nothing in it reads argv[0], and a copy of
	// the front installed under the engine's name can tell (above).
	argv := append([]string{EngineName}, args...)
	err = syscall.Exec(path, argv, os.Environ())
	fmt.Fprintf(os.Stderr, "switchrole: cannot start %s: %v\n", path, err)
	return ExitNoEngine
}

// Exit codes of a failed hand-over, as a shell reports a command that is
// not found (127) or found but not runnable (126).
const (
	ExitEngineMissing = 127
	ExitNoEngine      = 126
)

var errNotInstalled = errors.New("not installed")

// enginePath finds the engine beside the front's own executable (after
// symlinks: a link to the front finds the engine beside the real file),
// else, when there is no file of that name there, on PATH. A file beside the
// front that cannot be run is reported rather than passed over for another
// engine on PATH, which may be of another version. An engine that is this
// very front (a link or copy under the engine's name) is refused: the two
// would hand over to each other forever.
func enginePath() (string, error) {
	self, err := os.Executable()
	if err == nil {
		if real, err := filepath.EvalSymlinks(self); err == nil {
			self = real
		}
		p := filepath.Join(filepath.Dir(self), EngineName)
		if _, err := os.Lstat(p); err == nil { // there, if only as a dangling link
			fi, err := os.Stat(p)
			switch {
			case err != nil:
				return "", fmt.Errorf("cannot use %s: %w; reinstall with: %s", p, err, installHint)
			case !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0:
				return "", fmt.Errorf("%s is not an executable file; reinstall with: %s", p, installHint)
			}
			return checkNotSelf(p, self)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("cannot use %s: %w", p, err)
		}
	}
	p, err := exec.LookPath(EngineName)
	if err == nil {
		return checkNotSelf(p, self)
	}
	if !errors.Is(err, exec.ErrNotFound) {
		return "", fmt.Errorf("cannot use %s: %w", EngineName, err)
	}
	where := "on PATH"
	if self != "" {
		where = "beside " + self + " or on PATH"
	}
	return "", fmt.Errorf("%s, which does everything but the fastest warm answers, is %w %s; install both with: %s",
		EngineName, errNotInstalled, where, installHint)
}

const installHint = "go install github.com/switchrole/switchrole/cmd/...@latest"

// checkNotSelf returns engine unless it is the same file as the front.
func checkNotSelf(engine, self string) (string, error) {
	a, errA := os.Stat(engine)
	b, errB := os.Stat(self)
	if errA == nil && errB == nil && os.SameFile(a, b) {
		return "", fmt.Errorf("%s is this front, not the engine; reinstall with: %s", engine, installHint)
	}
	return engine, nil
}

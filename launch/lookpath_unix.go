//go:build unix

package launch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// lookPath finds the program name refers to, searching the PATH of env (the
// environment the program will get) rather than switchrole's own. It
// follows the shells: the first executable match wins; a match that exists
// but cannot be executed is reported only when nothing better is found.
//
// Like os/exec, it skips relative PATH entries (such as "." or an empty
// entry), which would run whatever sits in the current directory.
func lookPath(name string, env []string) (string, error) {
	if name == "" {
		return "", &NotFoundError{Name: name}
	}
	if strings.Contains(name, "/") {
		if err := checkExecutable(name); err != nil {
			return "", classify(name, name, err)
		}
		return name, nil
	}
	path, _ := Lookup(env, "PATH")
	var denied error
	for _, dir := range filepath.SplitList(path) {
		if !filepath.IsAbs(dir) {
			continue
		}
		candidate := filepath.Join(dir, name)
		err := checkExecutable(candidate)
		if err == nil {
			return candidate, nil
		}
		if denied == nil && !errors.Is(err, fs.ErrNotExist) {
			denied = classify(name, candidate, err)
		}
	}
	if denied != nil {
		return "", denied
	}
	return "", &NotFoundError{Name: name}
}

// checkExecutable reports why path cannot be run: missing, a directory, or
// without any execute bit.
func checkExecutable(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return errIsDirectory
	}
	if fi.Mode().Perm()&0o111 == 0 {
		return fs.ErrPermission
	}
	return nil
}

func isExecFormat(err error) bool { return errors.Is(err, syscall.ENOEXEC) }

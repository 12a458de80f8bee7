package launch

import (
	"errors"
	"io/fs"
)

var errIsDirectory = errors.New("is a directory")

// classify turns a lookup or start failure into the error the CLI maps to
// the shell's exit status.
func classify(name, path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &NotFoundError{Name: name}
	case errors.Is(err, errIsDirectory), errors.Is(err, fs.ErrPermission), isExecFormat(err):
		return &NotExecutableError{Name: name, Path: path, Err: err}
	}
	return err
}

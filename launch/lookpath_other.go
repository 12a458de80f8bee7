//go:build !unix

package launch

import (
	"errors"
	"os/exec"
)

// lookPath finds the program name refers to with os/exec's rules for this
// system (PATHEXT on Windows). It searches switchrole's own PATH, which
// Environ passes on unchanged.
func lookPath(name string, _ []string) (string, error) {
	if name == "" {
		return "", &NotFoundError{Name: name}
	}
	path, err := exec.LookPath(name)
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return "", &NotFoundError{Name: name}
		}
		return "", classify(name, name, err)
	}
	return path, nil
}

func isExecFormat(error) bool { return false }

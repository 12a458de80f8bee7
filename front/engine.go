package front

import (
	"errors"
	"fmt"
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
	path, err := enginePath()
	if err != nil {
		fmt.Fprintln(os.Stderr, "switchrole: "+err.Error())
		return 1
	}
	argv := append([]string{"switchrole"}, args...)
	err = syscall.Exec(path, argv, os.Environ())
	fmt.Fprintf(os.Stderr, "switchrole: cannot start %s: %v\n", path, err)
	return 1
}

// enginePath finds the engine beside the front's own executable (after
// symlinks: a link to the front finds the engine beside the real file),
// else on PATH.
func enginePath() (string, error) {
	exe, err := os.Executable()
	if err == nil {
		p := filepath.Join(filepath.Dir(exe), EngineName)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0 {
			return p, nil
		}
	}
	if p, err := exec.LookPath(EngineName); err == nil {
		return p, nil
	} else if !errors.Is(err, exec.ErrNotFound) {
		return "", fmt.Errorf("cannot use %s: %w", EngineName, err)
	}
	where := "on PATH"
	if exe != "" {
		where = "beside " + exe + " or on PATH"
	}
	return "", fmt.Errorf("%s, which does everything but the fastest warm answers, is not installed %s; "+
		"install both with: go install github.com/switchrole/switchrole/cmd/...@latest", EngineName, where)
}

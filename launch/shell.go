package launch

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// Shell returns the argv of the user's interactive shell as named by env:
// $SHELL, else /bin/sh (on Windows %COMSPEC%, else cmd.exe). A $SHELL that
// names a missing file or a directory is an error, so the user learns about
// a stale $SHELL rather than getting a different shell than expected.
func Shell(env []string) ([]string, error) {
	if runtime.GOOS == "windows" {
		if c, _ := Lookup(env, "COMSPEC"); c != "" {
			return []string{c}, nil
		}
		return []string{"cmd.exe"}, nil
	}
	sh, _ := Lookup(env, "SHELL")
	if sh == "" {
		return []string{"/bin/sh"}, nil
	}
	if fi, err := os.Stat(sh); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("$SHELL is %q, which is a directory; set SHELL to your shell's path", sh)
	} else if err != nil && filepath.IsAbs(sh) {
		return nil, fmt.Errorf("$SHELL is %q, which does not exist; set SHELL to your shell's path", sh)
	}
	return []string{sh}, nil
}

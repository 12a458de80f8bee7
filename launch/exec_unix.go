//go:build unix

package launch

import (
	"errors"
	"syscall"
)

// Exec replaces switchrole with argv, run with env, so that the shell or
// command becomes the process the user's terminal and scripts see: its exit
// status, signals and job control are exactly its own. The program is
// looked up in env's PATH first, so a missing one is a *NotFoundError (exit
// 127) and one that cannot run a *NotExecutableError (126). On success Exec
// does not return.
func Exec(argv []string, env []string) error {
	if len(argv) == 0 {
		return errors.New("no command to run")
	}
	path, err := lookPath(argv[0], env)
	if err != nil {
		return err
	}
	// Nothing to undo for signals: execve resets every caught signal to
	// its default, and the ignored ones are those switchrole was started
	// with (it ignores none itself), which the program should inherit.
	// signal.Reset would cost a round trip to the runtime's signal thread
	// per signal: 65 of them took ~2 ms, half of a warm exec.
	err = syscall.Exec(path, argv, env)
	return startError(argv[0], path, err)
}

//go:build !unix

package launch

import (
	"context"
	"errors"
)

// Exec runs argv with env in place of switchrole. Systems without exec(2)
// get a child process instead (see Run) with switchrole's own streams; when
// it ends unsuccessfully the error is an *ExitError carrying its status. A
// missing program is a *NotFoundError (exit 127), one that cannot run a
// *NotExecutableError (126).
func Exec(argv []string, env []string) error {
	if len(argv) == 0 {
		return errors.New("no command to run")
	}
	status, err := Run(context.Background(), argv, env, StdStreams())
	if err != nil {
		return err
	}
	if status != 0 {
		return &ExitError{Name: argv[0], Code: status}
	}
	return nil
}

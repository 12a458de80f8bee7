package launch

import "fmt"

// ExitCoder is implemented by errors that carry the exit status the CLI
// should end with, the way shells report the same failures.
type ExitCoder interface {
	error
	ExitCode() int
}

// NotFoundError means the command is not in PATH (or the given path does
// not exist). Shells exit 127 for it.
type NotFoundError struct {
	// Name is the command as the user typed it.
	Name string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("command %q not found in PATH", e.Name)
}

// ExitCode is 127, as in shells.
func (e *NotFoundError) ExitCode() int { return 127 }

// NotExecutableError means the command exists but cannot be run: no execute
// permission, a directory, or a format the kernel does not know. Shells
// exit 126 for it.
type NotExecutableError struct {
	// Name is the command as typed; Path where it was found.
	Name, Path string
	// Err is the underlying cause (e.g. fs.ErrPermission).
	Err error
}

func (e *NotExecutableError) Error() string {
	if e.Path != "" && e.Path != e.Name {
		return fmt.Sprintf("command %q (%s) cannot be executed: %v", e.Name, e.Path, e.Err)
	}
	return fmt.Sprintf("command %q cannot be executed: %v", e.Name, e.Err)
}

// ExitCode is 126, as in shells.
func (e *NotExecutableError) ExitCode() int { return 126 }

func (e *NotExecutableError) Unwrap() error { return e.Err }

// ExitError reports a child that ended unsuccessfully where the caller
// expects an error rather than a code: Exec's fallback on systems without
// exec(2). Code follows shell conventions (128+signal for a signal death).
type ExitError struct {
	Name string
	Code int
}

func (e *ExitError) Error() string {
	return fmt.Sprintf("command %q exited with status %d", e.Name, e.Code)
}

// ExitCode is the child's status, passed on by the CLI.
func (e *ExitError) ExitCode() int { return e.Code }

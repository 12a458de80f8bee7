package launch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"time"
)

// Stdio is the child's standard streams. Pass *os.File values (see
// StdStreams) for interactive programs: os/exec then hands the files over
// directly, so the child sees a terminal. A nil field means /dev/null.
type Stdio struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// StdStreams is the Stdio of the current process.
func StdStreams() Stdio {
	return Stdio{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
}

// killGrace is how long a child may take to exit after the context is
// cancelled and it was asked to terminate, before it is killed. A variable
// only so tests need not wait for it.
var killGrace = 5 * time.Second

// Run starts argv as a child process with env and stdio, forwards the
// signals switchrole receives to it, waits, and returns its exit status the
// way a shell reports it: the exit code, or 128+N for death by signal N.
// A non-zero status is not an error.
//
// Signals: SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 are always forwarded. SIGINT,
// SIGQUIT and SIGWINCH are forwarded too, except while the child is in the
// terminal's foreground process group: the terminal then delivers them to
// the child itself, and a second SIGINT makes tools such as terraform abort
// at once ("Two interrupts received") instead of stopping gracefully.
//
// When ctx is cancelled the child is asked to terminate (SIGTERM), killed
// after a grace period, and the error wraps ctx's error.
//
// When argv cannot be started the status is what a shell would use (127 not
// found, 126 not executable, 1 otherwise) and err says why.
func Run(ctx context.Context, argv []string, env []string, stdio Stdio) (int, error) {
	if len(argv) == 0 {
		return 1, errors.New("no command to run")
	}
	path, err := lookPath(argv[0], env)
	if err != nil {
		return statusOf(err), err
	}

	cmd := exec.CommandContext(ctx, path)
	cmd.Args = argv
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdio.Stdin, stdio.Stdout, stdio.Stderr
	cmd.Cancel = func() error { return terminate(cmd.Process) }
	cmd.WaitDelay = killGrace

	// Catch signals before the child exists, so none arriving in between
	// kills switchrole and orphans the child; they are forwarded once it runs.
	signals := make(chan os.Signal, 16)
	signal.Notify(signals, forwardedSignals...)
	defer signal.Stop(signals)
	tty := openTerminal()
	defer tty.close()

	if err := cmd.Start(); err != nil {
		err = startError(argv[0], path, err)
		return statusOf(err), err
	}

	done := make(chan struct{})
	forwarded := make(chan struct{})
	go func() {
		defer close(forwarded)
		for {
			select {
			case sig := <-signals:
				if fromTerminal(sig) && tty.delivers(cmd.Process.Pid) {
					continue
				}
				_ = cmd.Process.Signal(sig) // the child may have just exited
			case <-done:
				return
			}
		}
	}()
	waitErr := cmd.Wait()
	close(done)
	<-forwarded

	status := 1
	if cmd.ProcessState != nil {
		status = exitStatus(cmd.ProcessState)
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return status, fmt.Errorf("run %s: %w", argv[0], ctxErr)
	}
	var exitErr *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) && !errors.Is(waitErr, exec.ErrWaitDelay) {
		return status, fmt.Errorf("run %s: %w", argv[0], waitErr)
	}
	return status, nil
}

// startError classifies a failure to start a program that lookPath found:
// "not found" then means its #! interpreter or loader is missing, which
// shells report as "cannot execute" (126).
func startError(name, path string, err error) error {
	err = classify(name, path, unwrapPathError(err))
	var nf *NotFoundError
	if errors.As(err, &nf) {
		return &NotExecutableError{Name: name, Path: path,
			Err: errors.New("its interpreter (the #! line) or loader is missing")}
	}
	return err
}

// unwrapPathError strips the *fs.PathError os.StartProcess wraps around the
// errno, which repeats the path and reads badly in one sentence.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// statusOf is the shell status for an error that prevented a start.
func statusOf(err error) int {
	var ec ExitCoder
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	return 1
}

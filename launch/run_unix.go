//go:build unix

package launch

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// forwardedSignals are the signals Run passes on to its child.
var forwardedSignals = []os.Signal{
	syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT,
	syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGWINCH,
}

// fromTerminal reports whether the terminal itself sends sig to its
// foreground process group (Ctrl-C, Ctrl-\, window resizes).
func fromTerminal(sig os.Signal) bool {
	return sig == syscall.SIGINT || sig == syscall.SIGQUIT || sig == syscall.SIGWINCH
}

// terminal is the controlling terminal, if any, asked about its
// foreground process group when a signal arrives.
type terminal struct{ tty *os.File }

func openTerminal() terminal {
	tty, err := os.Open("/dev/tty")
	if err != nil {
		return terminal{} // no controlling terminal
	}
	return terminal{tty}
}

// delivers reports whether the process pid is in the terminal's foreground
// process group, so that it receives the terminal's signals directly. A
// child started by Run shares switchrole's group unless it moved itself
// (an interactive shell with job control does).
func (t terminal) delivers(pid int) bool {
	if t.tty == nil {
		return false
	}
	fg, err := unix.IoctlGetInt(int(t.tty.Fd()), unix.TIOCGPGRP)
	if err != nil {
		return false
	}
	pgrp, err := unix.Getpgid(pid)
	return err == nil && pgrp == fg
}

func (t terminal) close() {
	if t.tty != nil {
		t.tty.Close()
	}
}

// terminate asks a process to exit the way `kill` does by default.
func terminate(p *os.Process) error { return p.Signal(syscall.SIGTERM) }

// exitStatus is the status a shell would report: the exit code, or 128+N
// for death by signal N.
func exitStatus(state *os.ProcessState) int {
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return state.ExitCode()
}

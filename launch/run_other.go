//go:build !unix

package launch

import "os"

// forwardedSignals are the signals Run passes on to its child: on systems
// without Unix signals only an interrupt, which Windows consoles already
// deliver to every process attached to them.
var forwardedSignals = []os.Signal{os.Interrupt}

func fromTerminal(os.Signal) bool { return true }

// terminal stands for the console, which delivers Ctrl-C to every process
// attached to it, the child included.
type terminal struct{}

func openTerminal() terminal       { return terminal{} }
func (terminal) delivers(int) bool { return true }
func (terminal) close()            {}

// terminate kills the process; there is no polite request to send.
func terminate(p *os.Process) error { return p.Kill() }

func exitStatus(state *os.ProcessState) int { return state.ExitCode() }

//go:build unix

package detach

import (
	"os/exec"
	"syscall"
)

// Start starts path in a session of its own, with no terminal and its
// output discarded, and does not wait for it: it keeps running after
// switchrole exits, and a Ctrl-C in switchrole's terminal does not reach
// it.
func Start(path string, args []string) error {
	cmd := exec.Command(path, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it if it ends while switchrole still runs
	return nil
}

//go:build unix

package console

import (
	"os/exec"
	"syscall"
)

// startDetached starts a browser in its own session, its output discarded
// (browsers are chatty on stderr), and does not wait: a browser started
// for the first time keeps running after switchrole exits, and a Ctrl-C
// in switchrole's terminal does not reach it.
func startDetached(path string, args []string) error {
	cmd := exec.Command(path, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it if it ends while switchrole still runs
	return nil
}

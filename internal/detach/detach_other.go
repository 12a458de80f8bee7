//go:build !unix

package detach

import "os/exec"

// Start starts path without waiting for it, its output discarded.
func Start(path string, args []string) error {
	cmd := exec.Command(path, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

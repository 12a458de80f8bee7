//go:build !unix

package console

import "os/exec"

// startDetached starts a browser without waiting for it.
func startDetached(path string, args []string) error {
	cmd := exec.Command(path, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

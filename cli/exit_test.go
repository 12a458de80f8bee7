package cli

import (
	"errors"
	"fmt"
	"os/exec"
	"testing"
)

// TestHelperExitStatusIsNotSwitchrolesExitCode: a failure whose cause is a
// helper process's exit status (a credential_process the SDK ran that
// exited 3, a missing program's 127) exits 1, like any failure.
func TestHelperExitStatusIsNotSwitchrolesExitCode(t *testing.T) {
	for _, status := range []int{3, 127} {
		err := exec.Command("sh", "-c", fmt.Sprintf("exit %d", status)).Run()
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			t.Fatalf("sh: %v", err)
		}
		wrapped := fmt.Errorf("could not get the credentials of profile p for t: error in credential_process: %w", err)
		if got := ExitCode(wrapped); got != ExitFailure {
			t.Errorf("a helper's exit status %d became exit code %d, want %d", status, got, ExitFailure)
		}
	}
}

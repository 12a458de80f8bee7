package e2e

import (
	"os"
	"os/exec"
	"testing"
)

// TestREADMEExamplesRunAsWritten runs scripts/readme-check.sh: every shell
// example of the README's command sections, as written, against the demo
// (issue 15, "what it must reach").
func TestREADMEExamplesRunAsWritten(t *testing.T) {
	for _, tool := range []string{"bash", "script", "fish", "jq", awsCLI} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("CI must have %s for the README's examples", tool)
			}
			t.Skipf("no %s", tool)
		}
	}
	cmd := exec.Command("bash", "scripts/readme-check.sh", "README.md")
	cmd.Dir = ".."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("scripts/readme-check.sh: %v\n%s", err, out)
	}
}

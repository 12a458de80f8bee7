package e2e

import (
	"fmt"
	"testing"
)

// TestFailingMFAProcessExitsOne: the mfa_process command's own exit status
// (3 here, 127 for a missing program) is not switchrole's: switchrole exits
// 1 with a sentence naming the failure.
func TestFailingMFAProcessExitsOne(t *testing.T) {
	for _, tc := range []struct{ process, want string }{
		{"sh -c 'exit 3'", "exit status 3"},
		{"no-such-totp-tool --seed X", "no-such-totp-tool not found"},
	} {
		t.Run(tc.process, func(t *testing.T) {
			w := newWorld(t)
			w.writeConfig(fmt.Sprintf(`
[sources.jump]
profile = "demo-jump"
mfa_serial = "arn:aws:iam::111111111111:mfa/alice"
mfa_process = %q

[[accounts]]
name = "prod-core"
id = "210000000001"
source = "jump"
roles = ["Admin"]
`, tc.process))
			r := w.run("", "env", "prod-core/Admin")
			assertFailedCleanly(t, w, r, "mfa_process", tc.want)
		})
	}
}

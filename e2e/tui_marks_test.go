package e2e

import "testing"

// TestPickerMarksRunOneCommandOnSeveral marks two roles in the demo's
// picker, runs one command on both, answers the one MFA prompt, and reads
// the prefixed output and the summary.
func TestPickerMarksRunOneCommandOnSeveral(t *testing.T) {
	s := startTmux(t, demoEnv(t), binary+" demo; echo DEMO-EXIT=$?; sleep 60")
	s.waitFor(`DEMO .*MFA code: \d{6}`)
	s.sendText("prod-edge")
	s.waitFor(`3 of \d+ targets`)
	s.send("C-Space")
	s.waitFor(`1 marked`)
	s.send("Down")
	s.send("C-t") // the other key for terminals where ctrl+space does not arrive
	s.waitFor(`2 marked`)
	code := s.waitFor(`MFA code: (\d{6})`)[1]
	s.send("C-x")
	s.sendText(`echo "hi $SWITCHROLE_TARGET"`)
	s.send("Enter")
	s.waitFor(`MFA code for prod-edge/\w+ via jump`)
	s.sendText(code)
	s.send("Enter")
	s.waitFor(`(?m)^prod-edge/Admin +\| hi prod-edge/Admin`)
	s.waitFor(`(?m)^prod-edge/ReadOnly +\| hi prod-edge/ReadOnly`)
	s.waitFor(`all 2 targets succeeded`)
	s.waitFor(`DEMO-EXIT=0`)
}

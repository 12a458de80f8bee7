package e2e

import (
	"testing"
)

// TestCommandsWithoutTargetOpenThePicker: on a terminal, `eval "$(switchrole
// env)"` and `switchrole exec -- CMD` open the picker, as `shell` does, and
// go on with the target picked there (issue 15.4).
func TestCommandsWithoutTargetOpenThePicker(t *testing.T) {
	w := newWorld(t)
	s := startTmux(t, w.vars, `eval "$(`+binary+` env)"; echo "EVAL=$? T=$SWITCHROLE_TARGET"; `+
		binary+` exec -- sh -c 'echo "EXEC T=$SWITCHROLE_TARGET"'; sleep 60`)
	s.waitFor(`\d+ targets`)
	s.sendText("prdro")
	s.waitFor(`> .*prod-core/ReadOnly`)
	s.send("Enter")
	s.waitFor(`device arn:aws:iam::111111111111:mfa/alice`)
	s.sendText(w.code())
	s.waitFor(`switchrole  42 targets`) // the second picker, for exec (no filter yet)
	s.sendText("stgdsci")
	s.waitFor(`> .*staging-data/DataScientist`)
	s.send("Enter")
	s.waitFor(`EXEC T=staging-data/DataScientist`)
	s.waitFor(`EVAL=0 T=prod-core/ReadOnly`)
}

package launch

import (
	"os/exec"
	"regexp"
	"testing"
)

// A command that Exec starts after switchrole caught signals (main's
// NotifyContext) has every signal at its default: none caught, none
// blocked, and ignored only those switchrole was started with.
func TestExecLeavesDefaultSignalDispositions(t *testing.T) {
	out, err := helperCmd(t, "exec-notified", "cat", "/proc/self/status").Output()
	if err != nil {
		t.Fatalf("exec'd cat: %v", err)
	}
	direct, err := exec.Command("cat", "/proc/self/status").Output()
	if err != nil {
		t.Fatal(err)
	}
	field := func(status []byte, name string) string {
		m := regexp.MustCompile(`(?m)^` + name + `:\s*([0-9a-f]+)$`).FindSubmatch(status)
		if m == nil {
			t.Fatalf("no %s in %q", name, status)
		}
		return string(m[1])
	}
	const none = "0000000000000000"
	if got := field(out, "SigCgt"); got != none {
		t.Errorf("the command starts with caught signals %s", got)
	}
	if got := field(out, "SigBlk"); got != none {
		t.Errorf("the command starts with blocked signals %s", got)
	}
	if got, want := field(out, "SigIgn"), field(direct, "SigIgn"); got != want {
		t.Errorf("the command ignores signals %s, started directly %s", got, want)
	}
}

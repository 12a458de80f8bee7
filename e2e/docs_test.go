package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/switchrole/switchrole/launch"
)

// TestREADMEPictureIsCurrent draws the screen of docs/picker.png again, as
// scripts/screenshot.sh does (the demo in a 118×24 tmux, filtered on
// "prod"), and compares its text with docs/picker.txt, which the script
// wrote with the picture. A difference means the README shows a picker that
// no longer exists: run scripts/screenshot.sh (issue 15.16).
func TestREADMEPictureIsCurrent(t *testing.T) {
	needTmux(t)
	want, err := os.ReadFile("../docs/picker.txt")
	if err != nil {
		t.Fatalf("docs/picker.txt (written by scripts/screenshot.sh): %v", err)
	}
	home := t.TempDir()
	s := &tmuxSession{t: t, socket: fmt.Sprintf("switchrole-docs-%d-%d", os.Getpid(), time.Now().UnixNano()), name: "shot"}
	s.tmux("new-session", "-d", "-s", s.name, "-x", "118", "-y", "24", "env", "-i", "HOME="+home, "PATH=/usr/bin:/bin",
		"TERM=xterm-256color", "COLORTERM=truecolor", "SHELL=/bin/sh", "LANG=C.UTF-8", binary, "demo")
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	s.waitFor(`MFA code`)
	s.sendText("prod")
	s.waitFor(`\d+ of \d+ targets`)
	mask := regexp.MustCompile(`[0-9]{6} \([0-9]+s left\)`)
	normalise := func(screen string) string {
		lines := strings.Split(mask.ReplaceAllString(screen, "NNNNNN (NNs left)"), "\n")
		for i := range lines {
			lines[i] = strings.TrimRight(lines[i], " \t")
		}
		return strings.TrimRight(strings.Join(lines, "\n"), "\n")
	}
	// The filter is applied as it is typed; wait for the screen to settle.
	var got string
	for range 100 {
		if got = normalise(s.screen()); got == normalise(string(want)) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("docs/picker.png is stale: the picker now shows\n%s\n\ninstead of docs/picker.txt:\n%s\n\nrun scripts/screenshot.sh", got, want)
}

// TestREADMEListsTheVariablesWeSet: the README's list of what a shell gets
// is exactly what launch sets for a session with every field (issue 15.16).
func TestREADMEListsTheVariablesWeSet(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)The environment gets (.*?)\. Variables that would`).FindSubmatch(readme)
	if m == nil {
		t.Fatal(`README: no "The environment gets ..." paragraph`)
	}
	var documented []string
	for _, v := range regexp.MustCompile("`([A-Z_]+)`").FindAllSubmatch(m[1], -1) {
		documented = append(documented, string(v[1]))
	}
	s := launch.Session{Target: "prod/Admin", Account: "prod", Region: "eu-west-1", Credentials: launch.Credentials{
		AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: "secret", SessionToken: "token",
		CanExpire: true, Expires: time.Now().Add(time.Hour), AccountID: "123456789012",
	}}
	var set []string
	for _, kv := range launch.ShellEnviron(nil, s) {
		k, _, _ := strings.Cut(kv, "=")
		set = append(set, k)
	}
	slices.Sort(documented)
	slices.Sort(set)
	if !slices.Equal(documented, set) {
		t.Errorf("the README lists %v\nbut a switchrole shell gets %v", documented, set)
	}
}

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// tmuxSession drives the real binary in a real terminal: tmux runs it, the
// test types with send-keys and reads the screen with capture-pane. Each test
// has its own tmux server socket, so nothing touches a user's tmux.
type tmuxSession struct {
	t      *testing.T
	socket string
	name   string
}

func needTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must have tmux (.ci/run installs it)")
		}
		t.Skip("no tmux (apt-get install tmux)")
	}
}

// startTmux runs script with sh in a 120×30 terminal.
func startTmux(t *testing.T, env []string, script string) *tmuxSession {
	t.Helper()
	needTmux(t)
	s := &tmuxSession{t: t, socket: fmt.Sprintf("switchrole-e2e-%d-%d", os.Getpid(), time.Now().UnixNano()), name: "e2e"}
	args := []string{"new-session", "-d", "-s", s.name, "-x", "120", "-y", "30", "env", "-i"}
	args = append(args, env...)
	args = append(args, "TERM=xterm-256color", "sh", "-c", script)
	s.tmux(args...)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	return s
}

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.tmux("capture-pane", "-p", "-t", s.name) }

// send types keys (tmux key names or literal text).
func (s *tmuxSession) send(keys ...string) {
	s.tmux(append([]string{"send-keys", "-t", s.name}, keys...)...)
}

// sendText types text literally.
func (s *tmuxSession) sendText(text string) { s.tmux("send-keys", "-t", s.name, "-l", text) }

// waitFor polls the screen until re matches, and returns the match.
func (s *tmuxSession) waitFor(re string) []string {
	s.t.Helper()
	pattern := regexp.MustCompile(re)
	deadline := time.Now().Add(20 * time.Second)
	var screen string
	for time.Now().Before(deadline) {
		screen = s.screen()
		if m := pattern.FindStringSubmatch(screen); m != nil {
			return m
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("screen never matched %q; it shows:\n%s", re, screen)
	return nil
}

// demoEnv is a minimal environment for `switchrole demo` in tmux.
func demoEnv(t *testing.T) []string {
	home := t.TempDir()
	return []string{"HOME=" + home, "PATH=" + filepath.Dir(binary) + ":/usr/bin:/bin", "SHELL=/bin/sh", "LANG=C.UTF-8",
		"AWS_MAX_ATTEMPTS=1", "AWS_EC2_METADATA_DISABLED=true", "PS1=demo$ "}
}

// TestPickerToShellInADemo is the newcomer's first minute: start the demo,
// type a filter, pick the role, type the MFA code shown in the header, and
// land in a shell whose credentials STS answers to.
func TestPickerToShellInADemo(t *testing.T) {
	s := startTmux(t, demoEnv(t), binary+" demo; echo DEMO-EXIT=$?; sleep 60")
	s.waitFor(`DEMO .*MFA code: \d{6}`)
	s.sendText("stgdsci")
	s.waitFor(`1 of \d+ targets`)
	s.waitFor(`> .*staging-data/DataScientist`)
	s.send("Enter")
	s.waitFor(`device arn:aws:iam::111111111111:mfa/alice`)
	code := s.waitFor(`MFA code: (\d{6})`)[1]
	s.sendText(code)
	s.waitFor(`staging-data/DataScientist .* renewed until`)
	s.sendText(`echo "T=$SWITCHROLE_TARGET R=$AWS_REGION K=$(echo $AWS_ACCESS_KEY_ID | cut -c1-4) S=${AWS_CONTAINER_CREDENTIALS_FULL_URI%%:[0-9]*}"; switchrole whoami | head -1`)
	s.send("Enter")
	s.waitFor(`T=staging-data/DataScientist R=us-east-1 K= S=http://127.0.0.1`)
	s.waitFor(`arn: +arn:aws:sts::310000000002:assumed-role/DataScientist/alice`)
	if _, err := os.Stat(awsCLI); err == nil {
		s.sendText(`/usr/bin/aws sts get-caller-identity --endpoint-url "$AWS_ENDPOINT_URL_STS" --query Arn --output text`)
		s.send("Enter")
		s.waitFor(`(?m)^arn:aws:sts::310000000002:assumed-role/DataScientist/alice`)
	}
	s.sendText("exit 3")
	s.send("Enter")
	s.waitFor(`DEMO-EXIT=3`)
}

// TestCtrlCInThePickerRestoresTheTerminal: the settings before and after
// are identical, the exit code is 130, and the shell prompt is back on the
// normal screen.
func TestCtrlCInThePickerRestoresTheTerminal(t *testing.T) {
	dir := t.TempDir()
	before, after := filepath.Join(dir, "before"), filepath.Join(dir, "after")
	s := startTmux(t, demoEnv(t), fmt.Sprintf("stty -a > %s; %s demo; echo PICKER-EXIT=$?; stty -a > %s; echo STTY-SAVED; sleep 60", before, binary, after))
	s.waitFor(`DEMO .*MFA code`)
	s.sendText("prod")
	s.waitFor(`of \d+ targets`)
	s.send("C-c")
	s.waitFor(`PICKER-EXIT=130`)
	// Not just the file: the shell creates it before stty has written.
	s.waitFor(`STTY-SAVED`)
	b, _ := os.ReadFile(before)
	a, _ := os.ReadFile(after)
	if string(a) != string(b) {
		t.Errorf("terminal settings changed:\nbefore: %s\nafter:  %s", b, a)
	}
	if strings.Contains(s.screen(), "targets") {
		t.Errorf("the picker's screen is still shown after Ctrl-C:\n%s", s.screen())
	}
	if mode := s.tmux("display-message", "-p", "-t", s.name, "#{alternate_on}"); strings.TrimSpace(mode) != "0" {
		t.Errorf("still on the alternate screen after Ctrl-C")
	}
}

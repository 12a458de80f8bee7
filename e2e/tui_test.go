package e2e

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
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

// TestSignalsLeaveThePickerCleanly sends SIGINT and SIGTERM to the real
// picker at random moments: during start-up, while filtering, in the action
// menu and at the MFA screen. Every time it must exit with 130 (cancelled)
// and leave the terminal as it found it: the same stty settings, the cursor
// visible, the normal screen back. A picker that hangs instead (Bubble Tea
// and switchrole both catching the signal) fails the wait for its exit.
func TestSignalsLeaveThePickerCleanly(t *testing.T) {
	dir := t.TempDir()
	env := demoEnv(t)
	s := startTmux(t, env, "PS1='demo$ ' exec sh")
	s.waitFor(`demo\$`)
	runs := 3
	if n, err := strconv.Atoi(os.Getenv("SWITCHROLE_SIGNAL_RUNS")); err == nil && n > 0 {
		runs = n
	}
	moments := []struct {
		name  string
		reach func()
	}{
		{"start-up", func() {}},
		{"filtering", func() {
			s.waitFor(`DEMO .*MFA code`)
			s.sendText("prod")
			s.waitFor(`of \d+ targets`)
		}},
		{"action menu", func() {
			s.waitFor(`DEMO .*MFA code`)
			s.send("Tab")
			s.waitFor(`Actions for `)
		}},
		{"MFA screen", func() {
			s.waitFor(`DEMO .*MFA code`)
			s.sendText("stgdsci")
			s.waitFor(`1 of \d+ targets`)
			s.send("Enter")
			s.waitFor(`device arn:aws:iam::`)
		}},
	}
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 15))
	n := 0
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		for _, at := range moments {
			for range runs {
				n++
				pidFile := filepath.Join(dir, fmt.Sprintf("pid-%d", n))
				before, after := filepath.Join(dir, fmt.Sprintf("before-%d", n)), filepath.Join(dir, fmt.Sprintf("after-%d", n))
				// A script rather than a line typed at the prompt: an
				// interactive shell drops the rest of a line whose command
				// died of SIGINT.
				script := filepath.Join(dir, fmt.Sprintf("run-%d.sh", n))
				body := fmt.Sprintf("stty -a > %s\nsh -c 'echo $$ > %s; exec %s demo'\necho RUN-%d-EXIT=$?\nstty -a > %s\necho RUN-%d-DONE\n",
					before, pidFile, binary, n, after, n)
				if err := os.WriteFile(script, []byte(body), 0o600); err != nil {
					t.Fatal(err)
				}
				s.sendText("clear; sh " + script)
				s.send("Enter")
				pid := waitForPID(t, pidFile)
				at.reach()
				// A random moment: anywhere in start-up, or a little after
				// the screen was reached.
				time.Sleep(time.Duration(rnd.IntN(150)) * time.Millisecond)
				if err := syscall.Kill(pid, sig); err != nil {
					t.Fatalf("run %d (%s at %s): %v", n, sig, at.name, err)
				}
				if !s.within(fmt.Sprintf(`RUN-%d-DONE`, n), 15*time.Second) {
					screen := s.screen()
					syscall.Kill(pid, syscall.SIGKILL)
					t.Fatalf("run %d: the picker hung after %s at %s; it had to be killed; the screen showed:\n%s", n, sig, at.name, screen)
				}
				// 130 once switchrole has taken the signals over. Before
				// that (the first milliseconds of start-up, before the
				// terminal is touched) the signal ends the process as it
				// would any program, and the shell reports 128+signal.
				got := s.waitFor(fmt.Sprintf(`RUN-%d-EXIT=(\d+)`, n))[1]
				if got != "130" && (at.name != "start-up" || got != strconv.Itoa(128+int(sig))) {
					t.Errorf("run %d: %s at %s: exit code %s, want 130", n, sig, at.name, got)
				}
				b, _ := os.ReadFile(before)
				a, _ := os.ReadFile(after)
				if string(a) != string(b) {
					t.Errorf("run %d: %s at %s changed the terminal settings:\nbefore: %s\nafter:  %s", n, sig, at.name, b, a)
				}
				flags := strings.Fields(s.tmux("display-message", "-p", "-t", s.name, "#{alternate_on} #{cursor_flag}"))
				if len(flags) != 2 || flags[0] != "0" {
					t.Errorf("run %d: %s at %s left the alternate screen on", n, sig, at.name)
				}
				if len(flags) != 2 || flags[1] != "1" {
					t.Errorf("run %d: %s at %s left the cursor hidden", n, sig, at.name)
				}
			}
		}
	}
}

// waitForPID reads the process id a script wrote to path.
func waitForPID(t *testing.T, path string) int {
	t.Helper()
	var pid int
	waitUntil(t, "a process id in "+path, func() bool {
		b, err := os.ReadFile(path)
		if err != nil || !strings.HasSuffix(string(b), "\n") {
			return false
		}
		if pid, err = strconv.Atoi(strings.TrimSpace(string(b))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return true
	})
	return pid
}

// within reports whether the screen matches re before d has passed.
func (s *tmuxSession) within(re string, d time.Duration) bool {
	pattern := regexp.MustCompile(re)
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if pattern.MatchString(s.screen()) {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// TestExecPickerFooterNamesTheCommand: `exec` with a TARGET that matches
// several targets opens the picker; its footer and menu say that enter runs
// the command, not that it opens a shell, and enter does run it.
func TestExecPickerFooterNamesTheCommand(t *testing.T) {
	w := newWorld(t)
	env := append(append([]string(nil), w.vars...), "PATH="+filepath.Dir(binary)+":/usr/bin:/bin")
	s := startTmux(t, env, binary+" exec prod-core -- sh -c 'echo RAN-AS=$SWITCHROLE_TARGET'; echo EXEC-EXIT=$?; sleep 60")
	s.waitFor(`enter run sh -c echo RAN-AS=\$SWITCHROLE_TARGET`)
	if screen := s.screen(); strings.Contains(screen, "open a shell") {
		t.Errorf("the picker opened by exec offers a shell:\n%s", screen)
	}
	s.sendText("readonly")
	s.waitFor(`> .*prod-core/ReadOnly`)
	s.send("Enter")
	s.waitFor(`MFA code for prod-core/ReadOnly`)
	s.sendText(w.code())
	s.waitFor(`RAN-AS=prod-core/ReadOnly`)
	s.waitFor(`EXEC-EXIT=0`)
}

// TestPickerConsoleWithoutADisplay: with no display, ctrl+o says there is
// no browser before signing in (no MFA prompt), ctrl+o again signs in, and
// the sign-in URL is printed on the terminal when the picker ends.
func TestPickerConsoleWithoutADisplay(t *testing.T) {
	w := newWorld(t)
	env := append(append([]string(nil), w.vars...), "PATH="+filepath.Dir(binary)+":/usr/bin:/bin")
	s := startTmux(t, env, binary+"; echo PICKER-EXIT=$?; sleep 60")
	s.waitFor(`targets`)
	s.sendText("dev-sandbox/adm")
	s.waitFor(`1 of \d+ targets`)
	s.send("C-o")
	s.waitFor(`Can't open a browser: there is no graphical display`)
	if strings.Contains(s.screen(), "MFA code for") {
		t.Fatal("asked for an MFA code before finding there is no browser")
	}
	s.send("C-o")
	s.waitFor(`MFA code for dev-sandbox/Admin`)
	s.sendText(w.code())
	s.waitFor(`The sign-in URL for dev-sandbox/Admin is printed when you leave`)
	s.send("Escape")
	s.waitFor(`PICKER-EXIT=130`)
	// Joined: the terminal wraps the long lines.
	joined := s.tmux("capture-pane", "-p", "-J", "-t", s.name)
	if !regexp.MustCompile(`there is no graphical display .*; open the console for dev-sandbox/Admin with this URL .*\n\S+/federation\?Action=login&\S*SigninToken=`).MatchString(joined) {
		t.Errorf("no sign-in URL printed after the picker:\n%s", joined)
	}
}

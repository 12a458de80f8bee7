package launch

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as a helper process: with LAUNCH_TEST_HELPER set
// it calls Run or Exec on the argv in LAUNCH_TEST_ARGV and exits with the
// result, so tests can signal it and watch it be replaced.
func TestMain(m *testing.M) {
	if mode := os.Getenv("LAUNCH_TEST_HELPER"); mode != "" {
		os.Exit(helperMain(mode))
	}
	os.Exit(m.Run())
}

func helperMain(mode string) int {
	var argv []string
	if err := json.Unmarshal([]byte(os.Getenv("LAUNCH_TEST_ARGV")), &argv); err != nil {
		fmt.Fprintln(os.Stderr, "helper: bad LAUNCH_TEST_ARGV:", err)
		return 98
	}
	env := os.Environ()
	switch mode {
	case "run":
		status, err := Run(context.Background(), argv, env, StdStreams())
		if err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
		}
		return status
	case "exec":
		err := Exec(argv, env)
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 99
	case "exec-notified":
		// As switchrole's main does, then Exec.
		signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := Exec(argv, env)
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 99
	}
	return 97
}

// helperCmd prepares the test binary as a helper that runs argv.
func helperCmd(t *testing.T, mode string, argv ...string) *exec.Cmd {
	t.Helper()
	b, err := json.Marshal(argv)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "LAUNCH_TEST_HELPER="+mode, "LAUNCH_TEST_ARGV="+string(b))
	return cmd
}

// trickyValues exercise every quoting rule of every format.
var trickyValues = []string{
	"plain",
	"",
	"it's",
	"two  spaces",
	"$HOME and ${HOME}",
	"`id` and $(id)",
	"line1\nline2",
	"trailing newline\n",
	`back\slash \\ \n`,
	`"double" quotes`,
	"!bang *glob? [x] ;rm -rf / & | < > #hash ~tilde",
	"héllo ‘curly’ ’quotes‚ ‛ “x”",
	"tab\there",
	"=equals=",
	"%PATH% ^caret",
}

// testSession is a session whose every field is set, with the tricky
// values in Extra.
func testSession() Session {
	extra := map[string]string{}
	for i, v := range trickyValues {
		extra[fmt.Sprintf("SR_TEST_%02d", i)] = v
	}
	return Session{
		Target:    "prod/admin it's $HOME",
		Account:   "acme prod",
		AccountID: "123456789012",
		Region:    "eu-west-1",
		Credentials: Credentials{
			AccessKeyID:     "ASIAEXAMPLEKEY123456",
			SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			SessionToken:    "IQoJb3JpZ2luX2VjE+/token==",
			CanExpire:       true,
			Expires:         time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC),
		},
		Extra: extra,
	}
}

// envMap parses KEY=VALUE entries (last wins).
func envMap(env []string) map[string]string {
	m := make(map[string]string, len(env))
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return m
}

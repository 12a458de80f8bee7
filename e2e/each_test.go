package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/switchrole/switchrole/demo"
	"github.com/switchrole/switchrole/internal/fakeaws"
)

// manyAccounts replaces the demo's accounts with n of its own, "acct-00"
// to "acct-NN", each with a ReadOnly role the fake knows (its trust
// requires MFA), plus, when withBroken is set, "broken" whose role the
// fake has never heard of: assuming it is denied.
func (w *world) manyAccounts(n int, withBroken bool) {
	w.t.Helper()
	base, err := os.ReadFile(w.env.ConfigFile)
	if err != nil {
		w.t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(base), "[[accounts]]")
	var b strings.Builder
	b.WriteString(head)
	for i := range n {
		id := fmt.Sprintf("9%011d", i)
		fmt.Fprintf(&b, "[[accounts]]\nname = \"acct-%02d\"\nid = %q\ntags = [\"fleet\"]\nroles = [\"ReadOnly\"]\n\n", i, id)
		err := w.env.Server.AddRole(fakeaws.Role{
			ARN:   "arn:aws:iam::" + id + ":role/ReadOnly",
			Trust: fakeaws.Trust{Principals: []string{demo.JumpAccountID}, RequireMFA: true},
		})
		if err != nil {
			w.t.Fatal(err)
		}
	}
	if withBroken {
		b.WriteString("[[accounts]]\nname = \"broken\"\nid = \"999999999999\"\ntags = [\"fleet\"]\nroles = [\"ReadOnly\"]\n")
	}
	w.writeConfig(b.String())
}

func TestExecEachPrefixesEveryLineAndSharesOneMFASession(t *testing.T) {
	w := newWorld(t)
	w.manyAccounts(6, false)

	r := w.mustRun("", "exec", "--each", "fleet", "--dry-run")
	if got := strings.Fields(r.stdout); len(got) != 6 || got[0] != "acct-00/ReadOnly" {
		t.Fatalf("--dry-run = %q", r.stdout)
	}

	// Each child writes two stdout lines in pieces, a stderr line, and a
	// last line without its newline.
	script := `printf 'one %s ' "$SWITCHROLE_TARGET"; sleep 0.1; echo "$SWITCHROLE_ACCOUNT"; echo warn >&2; printf 'last'`
	r = w.mustRun("", "exec", "--each", "fleet", "--yes", "--mfa-code", w.code(), "--", "sh", "-c", script)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 12 {
		t.Fatalf("want 12 stdout lines:\n%s", r)
	}
	for i := range 6 {
		name := fmt.Sprintf("acct-%02d/ReadOnly", i)
		for _, want := range []string{
			fmt.Sprintf("%s | one %s acct-%02d", name, name, i),
			name + " | last",
		} {
			if !strings.Contains(r.stdout, want+"\n") {
				t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
			}
		}
		if !strings.Contains(r.stderr, name+" | warn\n") {
			t.Errorf("stderr lacks %s's warning:\n%s", name, r.stderr)
		}
	}
	if !strings.Contains(r.stderr, "all 6 targets succeeded") {
		t.Errorf("no summary:\n%s", r.stderr)
	}
	if n := w.env.Server.Calls("GetSessionToken"); n != 1 {
		t.Errorf("GetSessionToken called %d times, want 1", n)
	}
	if n := w.env.Server.Calls("AssumeRole"); n != 6 {
		t.Errorf("AssumeRole called %d times, want 6", n)
	}
	assertNoSecrets(t, r.stdout+r.stderr, w.code())
}

func TestExecEachFailingTargetIsInTheSummaryNotTheEnd(t *testing.T) {
	w := newWorld(t)
	w.manyAccounts(3, true)
	out := filepath.Join(w.home, "out")
	r := w.run("", "exec", "--each", "fleet", "--yes", "--mfa-code", w.code(), "--output-dir", out,
		"--", "sh", "-c", `echo "hi from $SWITCHROLE_TARGET"; [ "$SWITCHROLE_TARGET" != acct-01/ReadOnly ] || { echo "no bucket here" >&2; exit 3; }`)
	if r.code != 1 {
		t.Fatalf("want exit 1:\n%s", r)
	}
	summary := r.stderr[strings.Index(r.stderr, "TARGET"):]
	rows := strings.Split(strings.TrimSpace(summary), "\n")
	if len(rows) != 6 {
		t.Fatalf("summary rows:\n%s", summary)
	}
	// Failures first: the denied target and the one that exited 3.
	failures := strings.Join(rows[1:3], "\n")
	if !strings.Contains(failures, "acct-01/ReadOnly  3 ") || !strings.Contains(failures, "no bucket here") {
		t.Errorf("the failed command is not among the first rows:\n%s", summary)
	}
	if !strings.Contains(failures, "broken/ReadOnly   -     -     arn:aws:iam::111111111111:user/alice may not assume") {
		t.Errorf("the denied target is not among the first rows:\n%s", summary)
	}
	if !strings.Contains(rows[5], "2 of 4 targets failed") {
		t.Errorf("count line %q", rows[5])
	}
	for _, name := range []string{"acct-00/ReadOnly", "acct-02/ReadOnly"} {
		if !strings.Contains(r.stdout, name+" | hi from "+name+"\n") {
			t.Errorf("%s did not run:\n%s", name, r)
		}
	}
	// Both streams, in the order they arrived through their two pipes.
	got, err := os.ReadFile(filepath.Join(out, "acct-01_ReadOnly.log"))
	if lines := sortStrings(strings.SplitAfter(string(got), "\n")); err != nil || strings.Join(lines, "") != "hi from acct-01/ReadOnly\nno bucket here\n" {
		t.Errorf("output file = %q, %v", got, err)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "broken_ReadOnly.log")); !strings.Contains(string(got), "may not assume") {
		t.Errorf("the denied target's file says %q", got)
	}
}

func TestExecEachJSON(t *testing.T) {
	w := newWorld(t)
	w.manyAccounts(2, true)
	r := w.run("", "exec", "--each", "fleet", "--yes", "--json", "--mfa-code", w.code(), "--", "sh", "-c", `echo out; echo err >&2; exit 4`)
	if r.code != 1 {
		t.Fatalf("want exit 1:\n%s", r)
	}
	type object struct {
		Target     string `json:"target"`
		AccountID  string `json:"account_id"`
		ExitCode   *int   `json:"exit_code"`
		DurationMS *int64 `json:"duration_ms"`
		Stdout     string `json:"stdout"`
		Stderr     string `json:"stderr"`
		Error      string `json:"error"`
	}
	byName := map[string]object{}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var o object
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		byName[o.Target] = o
	}
	ok := byName["acct-00/ReadOnly"]
	if ok.ExitCode == nil || *ok.ExitCode != 4 || ok.Stdout != "out\n" || ok.Stderr != "err\n" || ok.AccountID != "900000000000" || ok.DurationMS == nil || ok.Error != "" {
		t.Errorf("acct-00 = %+v", ok)
	}
	bad := byName["broken/ReadOnly"]
	if bad.ExitCode != nil || !strings.Contains(bad.Error, "may not assume") || bad.AccountID != "999999999999" {
		t.Errorf("broken = %+v", bad)
	}
	if len(byName) != 3 {
		t.Errorf("got %d objects:\n%s", len(byName), r.stdout)
	}
}

func TestExecEachNeedsYesWithoutATerminal(t *testing.T) {
	w := newWorld(t)
	w.manyAccounts(2, false)
	r := w.run("", "exec", "--each", "fleet", "--", "true")
	if r.code != 2 || !strings.Contains(r.stderr, "pass --yes") {
		t.Errorf("without --yes: %s", r)
	}
	if n := w.env.Server.Calls("AssumeRole"); n != 0 {
		t.Errorf("refused run still assumed %d roles", n)
	}
	r = w.run("", "exec", "--each", "no-such-thing-at-all", "--yes", "--", "true")
	if r.code != 2 || !strings.Contains(r.stderr, "no target matches") {
		t.Errorf("no match: %s", r)
	}
	r = w.run("", "exec", "--each", "fleet", "--yes", "--no-session-token", "--", "true")
	if r.code != 2 || !strings.Contains(r.stderr, "fresh MFA code per target") {
		t.Errorf("--no-session-token: %s", r)
	}
	r = w.run("", "exec", "--each", "fleet", "--yes", "--server", "--", "true")
	if r.code != 2 || !strings.Contains(r.stderr, "leave --server out") {
		t.Errorf("--server with --each: %s", r)
	}
	r = w.run("", "exec", "acct-00/ReadOnly", "--parallel", "3", "--", "true")
	if r.code != 2 || !strings.Contains(r.stderr, "--parallel works only with --each") {
		t.Errorf("--parallel without --each: %s", r)
	}
}

func TestExecEachInterruptForwardsAndSummarises(t *testing.T) {
	w := newWorld(t)
	w.manyAccounts(4, false)
	ready := filepath.Join(w.home, "ready")
	if err := os.Mkdir(ready, 0o700); err != nil {
		t.Fatal(err)
	}
	// Two run at once; each says when it is ready and answers SIGINT with 42.
	script := `trap 'echo "got INT"; exit 42' INT; touch "` + ready + `/$SWITCHROLE_ACCOUNT"; while :; do sleep 0.05; done`
	cmd := w.command("exec", "--each", "fleet", "--yes", "--parallel", "2", "--mfa-code", w.code(), "--", "sh", "-c", script)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForFile(t, filepath.Join(ready, "acct-00"))
	waitForFile(t, filepath.Join(ready, "acct-01"))
	cmd.Process.Signal(syscall.SIGINT)
	if code := exitCode(cmd.Wait()); code != 130 {
		t.Fatalf("exit %d, want 130\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	for _, name := range []string{"acct-00/ReadOnly", "acct-01/ReadOnly"} {
		if !strings.Contains(out.String(), name+" | got INT\n") {
			t.Errorf("%s did not get SIGINT:\n%s", name, out.String())
		}
	}
	summary := errOut.String()
	for _, want := range []string{"acct-00/ReadOnly  42", "acct-02/ReadOnly  -", "interrupted after", "2 of 4 targets finished"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if _, err := os.Stat(filepath.Join(ready, "acct-02")); err == nil {
		t.Error("a target started after the interrupt")
	}
}

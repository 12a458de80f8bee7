package fanout

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// baseEnv is the environment children run with in these tests.
var baseEnv = []string{"PATH=" + os.Getenv("PATH")}

func names(ns ...string) []Target {
	ts := make([]Target, len(ns))
	for i, n := range ns {
		ts[i] = Target{Name: n, AccountID: "12345678901" + string(rune('0'+i))}
	}
	return ts
}

// envOf gives each target T=its name, and fails the targets in bad.
func envOf(ts []Target, bad ...string) EnvFunc {
	return func(_ context.Context, i int) ([]string, error) {
		for _, b := range bad {
			if ts[i].Name == b {
				return nil, errors.New(b + " is denied")
			}
		}
		return append(append([]string(nil), baseEnv...), "T="+ts[i].Name), nil
	}
}

func TestGroupPrintsEachTargetWhole(t *testing.T) {
	ts := names("a", "bb", "ccc")
	var out, errOut bytes.Buffer
	rep, err := Run(context.Background(), ts, envOf(ts), Options{
		Argv: []string{"sh", "-c", `for i in 1 2 3; do echo "$T $i"; sleep 0.02; done; echo "$T done" >&2`},
		Mode: Group, Out: &out, ErrOut: &errOut, Parallel: 3,
	})
	if err != nil || rep.Failed() != 0 {
		t.Fatalf("Run = %+v, %v", rep, err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 9 {
		t.Fatalf("stdout:\n%s", out.String())
	}
	for k := 0; k < 9; k += 3 {
		name := strings.TrimSpace(strings.SplitN(lines[k], "|", 2)[0])
		for j := range 3 {
			if want := name + " " + string(rune('1'+j)); !strings.HasSuffix(lines[k+j], "| "+want) {
				t.Errorf("line %d = %q, want %s's line %d (output not grouped)", k+j, lines[k+j], name, j+1)
			}
		}
	}
	if !strings.Contains(errOut.String(), "ccc | ccc done\n") || !strings.Contains(errOut.String(), "a   | a done\n") {
		t.Errorf("stderr:\n%s", errOut.String())
	}
}

func TestJSONAndFailures(t *testing.T) {
	ts := names("ok", "denied", "missing")
	var out, errOut bytes.Buffer
	env := envOf(ts, "denied")
	rep, err := Run(context.Background(), ts, func(ctx context.Context, i int) ([]string, error) {
		e, err := env(ctx, i)
		if ts[i].Name == "missing" {
			e = append(e, "PATH=/nonexistent")
		}
		return e, err
	}, Options{
		Argv: []string{"sh", "-c", `echo "hello"; printf 'no newline' >&2`},
		Mode: JSON, Out: &out, ErrOut: &errOut,
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed() != 2 {
		t.Errorf("failed = %d, want 2 (denied, and missing which cannot find sh)", rep.Failed())
	}
	got := map[string]resultJSON{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var v resultJSON
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		got[v.Target] = v
	}
	if v := got["ok"]; v.ExitCode == nil || *v.ExitCode != 0 || v.Stdout != "hello\n" || v.Stderr != "no newline\n" || v.AccountID != "123456789010" {
		t.Errorf("ok = %+v", v)
	}
	if v := got["denied"]; v.ExitCode != nil || v.Error != "denied is denied" {
		t.Errorf("denied = %+v", v)
	}
	if v := got["missing"]; v.ExitCode == nil || *v.ExitCode != 127 || !strings.Contains(v.Error, "not found") {
		t.Errorf("missing = %+v", v)
	}
	if errOut.Len() != 0 {
		t.Errorf("JSON mode wrote on stderr: %q", errOut.String())
	}
}

func TestSummaryPutsFailuresFirst(t *testing.T) {
	rep := &Report{Elapsed: 2500 * time.Millisecond, Results: []Result{
		{Target: Target{Name: "good"}, Ran: true, Duration: 1200 * time.Millisecond},
		{Target: Target{Name: "exit3"}, Ran: true, ExitCode: 3, Duration: 40 * time.Millisecond, FirstError: "bucket not found\nmore"},
		{Target: Target{Name: "denied"}, Err: errors.New("may not assume the role")},
	}}
	var b strings.Builder
	if err := WriteSummary(&b, rep); err != nil {
		t.Fatal(err)
	}
	want := `TARGET  EXIT  TIME
exit3   3     40ms  bucket not found
denied  -     -     may not assume the role
good    0     1.2s
2 of 3 targets failed (2.5s)
`
	if b.String() != want {
		t.Errorf("summary:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestOutputDirSeparatesTargetsWithCleanNames(t *testing.T) {
	ts := names("prod/Admin", "prod_Admin", "../escape")
	dir := filepath.Join(t.TempDir(), "out")
	var out, errOut bytes.Buffer
	_, err := Run(context.Background(), ts, envOf(ts), Options{
		Argv: []string{"sh", "-c", `echo "$T"; echo "$T err" >&2`}, OutputDir: dir, Out: &out, ErrOut: &errOut,
	})
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		"prod_Admin.log":   "prod/Admin\nprod/Admin err\n",
		"prod_Admin-2.log": "prod_Admin\nprod_Admin err\n",
		".._escape.log":    "../escape\n../escape err\n",
	} {
		// Lines of the two streams come through two pipes: their order
		// across streams is the scheduler's.
		got, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil || sortedLines(string(got)) != sortedLines(want) {
			t.Errorf("%s = %q, %v; want %q", file, got, err, want)
		}
		if fi, err := os.Stat(filepath.Join(dir, file)); err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v", file, fi.Mode())
		}
	}
}

func TestProgressLineStaysBelowOutput(t *testing.T) {
	var out, errOut bytes.Buffer
	s := &screen{out: [2]io.Writer{&out, &errOut}, progress: true}
	s.setProgress(0, 0, 2, 2)
	s.write(stderr, []byte("a | line\n"))
	s.write(stdout, []byte("b | line\n"))
	s.setProgress(1, 1, 1, 2)
	s.write(stderr, []byte("b | more\n"))
	s.mu.Lock()
	s.draw() // what the redraw tick does
	s.mu.Unlock()
	s.endProgress()
	want := clearLine + "0 of 2 done, 2 running" + clearLine + "a | line\n" +
		clearLine + "1 of 2 done, 1 failed, 1 running" + clearLine + "b | more\n" +
		clearLine + "1 of 2 done, 1 failed, 1 running" + clearLine
	if errOut.String() != want {
		t.Errorf("stderr = %q\nwant     %q", errOut.String(), want)
	}
	if out.String() != "b | line\n" {
		t.Errorf("stdout = %q", out.String())
	}
}

func TestCancelledBeforeStartRunsNothing(t *testing.T) {
	ts := names("a", "b")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	rep, err := Run(ctx, ts, envOf(ts), Options{Argv: []string{"sh", "-c", "echo ran"}, Out: &out, ErrOut: &errOut})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Interrupted || rep.Failed() != 2 || out.Len() != 0 {
		t.Errorf("report %+v, stdout %q", rep, out.String())
	}
	for _, r := range rep.Results {
		if r.Ran || !errors.Is(r.Err, ErrInterrupted) {
			t.Errorf("%s: %+v", r.Target.Name, r)
		}
	}
}

func sortedLines(s string) string {
	lines := strings.Split(s, "\n")
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// TestInterruptTerminatesAfterTheGrace: commands still running when the
// grace period after an interrupt ends are terminated, and the report
// says so. (Here the context is cancelled without a signal reaching the
// child, as when it ignores SIGINT.)
func TestInterruptTerminatesAfterTheGrace(t *testing.T) {
	ts := names("slow")
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	env := func(context.Context, int) ([]string, error) {
		return append(append([]string(nil), baseEnv...), "DIR="+dir), nil
	}
	go func() {
		for {
			if _, err := os.Stat(filepath.Join(dir, "started")); err == nil {
				cancel()
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	var out, errOut bytes.Buffer
	rep, err := Run(ctx, ts, env, Options{
		Argv:  []string{"sh", "-c", `trap 'echo terminated; exit 143' TERM; touch "$DIR/started"; while :; do sleep 0.01; done`},
		Grace: 10 * time.Millisecond, Out: &out, ErrOut: &errOut,
	})
	if err != nil {
		t.Fatal(err)
	}
	res := rep.Results[0]
	if !rep.Interrupted || !res.Ran || res.ExitCode != 143 || !errors.Is(res.Err, ErrInterrupted) {
		t.Errorf("report %+v, result %+v", rep, res)
	}
	if out.String() != "slow | terminated\n" {
		t.Errorf("stdout %q", out.String())
	}
	var b strings.Builder
	WriteSummary(&b, rep)
	if !strings.Contains(b.String(), "slow    143   ") || !strings.Contains(b.String(), "interrupted, then terminated") {
		t.Errorf("summary:\n%s", b.String())
	}
}

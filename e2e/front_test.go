package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The installed switchrole is a fast front that answers warm calls itself
// and hands the rest to switchrole-engine. These tests hold it to answering
// exactly as the engine would, to answering without the engine at all, and
// to saying what to install when the engine is missing.

// warm makes prod-core/ReadOnly's role session cached.
func (w *world) warm() {
	w.t.Helper()
	w.mustRun("", "env", "prod-core/ReadOnly", "--mfa-code", w.code())
}

func TestFrontAnswersWarmCallsByteForByteAsTheEngine(t *testing.T) {
	w := newWorld(t)
	w.warm()
	calls := [][]string{
		{"credential-process", "prod-core/ReadOnly"},
		{"env", "prod-core/ReadOnly"},
		{"list"},
		{"list", "--json"},
		{"list", "-f", "prdadm"},
		{"list", "--filter=ci-cd", "--json"},
		{"--config", w.env.ConfigFile, "credential-process", "prod-core/ReadOnly"},
		{"exec", "prod-core/ReadOnly", "--", "sh", "-c", "env | grep -E '^(AWS|SWITCHROLE)_' | sort; exit 3"},
		// Not the front's: handed over, and still the same answer.
		{"credential-process", "prdro"},
		{"env", "prod-core/ReadOnly", "--no-session-token"},
		{"exec", "prod-core/ReadOnly", "--", "no-such-command"},
		{"credential-process", "no/such-target"},
		{"list", "--jsn"},
	}
	for _, f := range []string{"sh", "bash", "fish", "powershell", "pwsh", "dotenv", "json", "csv"} {
		calls = append(calls, []string{"env", "prod-core/ReadOnly", "--format", f})
	}
	for _, args := range calls {
		front := w.run("", args...)
		eng := w.runBinary(engine, "", args...)
		if front != eng {
			t.Errorf("switchrole %s:\nfront: %s\nengine: %s", strings.Join(args, " "), front, eng)
		}
	}
}

func TestFrontAnswersWarmCallsWithoutTheEngine(t *testing.T) {
	w := newWorld(t)
	w.warm()
	alone := filepath.Join(t.TempDir(), "switchrole")
	copyFile(t, binary, alone)
	w.setenv("PATH", "/usr/bin:/bin")

	for _, args := range [][]string{
		{"credential-process", "prod-core/ReadOnly"},
		{"env", "prod-core/ReadOnly", "--format", "json"},
		{"list", "--filter", "prdadm"},
		{"exec", "prod-core/ReadOnly", "--", "true"},
	} {
		if r := w.runBinary(alone, "", args...); r.code != 0 || r.stderr != "" {
			t.Errorf("front alone, warm: switchrole %s: %s", strings.Join(args, " "), r)
		}
	}
	// A cold target needs the engine, and the front says how to get it.
	r := w.runBinary(alone, "", "credential-process", "prod-core/Admin")
	if r.code != 1 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 ||
		!strings.Contains(r.stderr, "switchrole-engine") ||
		!strings.Contains(r.stderr, "go install github.com/switchrole/switchrole/cmd/...@latest") {
		t.Errorf("front alone, cold: %s", r)
	}
}

func TestFrontFindsTheEngineThroughASymlink(t *testing.T) {
	w := newWorld(t)
	link := filepath.Join(t.TempDir(), "switchrole")
	if err := os.Symlink(binary, link); err != nil {
		t.Fatal(err)
	}
	w.setenv("PATH", "/usr/bin:/bin")
	r := w.runBinary(link, "", "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "switchrole ") {
		t.Errorf("version through a symlink to the front: %s", r)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o755); err != nil {
		t.Fatal(err)
	}
}

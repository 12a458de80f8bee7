package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The installed switchrole is a fast front that answers warm calls itself
// and hands the rest to switchrole-engine. These tests hold it to answering
// exactly as the engine would, to answering without the engine at all, and
// to saying what to install when the engine is missing.

// warm makes prod-core/ReadOnly's role session cached, with the shortcut
// that lets the front answer it without loading the configuration (which
// the engine records only for files older than a second or two: their
// times are set back).
func (w *world) warm() {
	w.t.Helper()
	past := time.Now().Add(-time.Hour)
	for _, key := range []string{"SWITCHROLE_CONFIG", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"} {
		for _, kv := range w.vars {
			if p, ok := strings.CutPrefix(kv, key+"="); ok {
				if err := os.Chtimes(p, past, past); err != nil {
					w.t.Fatal(err)
				}
			}
		}
	}
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
		// The engine without a shortcut loads the configuration (and
		// records the shortcut again); the front then answers from it.
		w.forgetShortcuts()
		eng := w.runBinary(engine, "", args...)
		front := w.run("", args...)
		if front != eng {
			t.Errorf("switchrole %s:\nfront: %s\nengine: %s", strings.Join(args, " "), front, eng)
		}
	}
}

// forgetShortcuts removes the warm shortcuts from the cache directory, so
// that the next engine run takes the full path.
func (w *world) forgetShortcuts() {
	w.t.Helper()
	files, err := filepath.Glob(filepath.Join(w.cacheDir(), "*.warm"))
	if err != nil {
		w.t.Fatal(err)
	}
	for _, f := range files {
		if err := os.Remove(f); err != nil {
			w.t.Fatal(err)
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
	if r.code != 127 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 ||
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

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o755); err != nil {
		t.Fatal(err)
	}
}

// A broken install must end in one sentence, never in a loop of the front
// handing over to itself or in a different engine found further down PATH.
func TestFrontRefusesABrokenEngine(t *testing.T) {
	w := newWorld(t)
	// A good engine on PATH must not stand in for a broken one beside the
	// front: it may be of another version.
	onPath := t.TempDir()
	copyFile(t, engine, filepath.Join(onPath, "switchrole-engine"))
	w.setenv("PATH", onPath+":/usr/bin:/bin")
	cases := map[string]func(dir string){
		"a symlink to the front": func(dir string) {
			os.Symlink(filepath.Join(dir, "switchrole"), filepath.Join(dir, "switchrole-engine"))
		},
		"a copy of the front": func(dir string) {
			copyFile(t, binary, filepath.Join(dir, "switchrole-engine"))
		},
		"a dangling symlink": func(dir string) {
			os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "switchrole-engine"))
		},
		"a directory": func(dir string) {
			os.Mkdir(filepath.Join(dir, "switchrole-engine"), 0o755)
		},
		"not executable": func(dir string) {
			copyFile(t, engine, filepath.Join(dir, "switchrole-engine"))
			os.Chmod(filepath.Join(dir, "switchrole-engine"), 0o644)
		},
	}
	for name, breakIt := range cases {
		dir := t.TempDir()
		copyFile(t, binary, filepath.Join(dir, "switchrole"))
		breakIt(dir)
		r := w.runBinary(filepath.Join(dir, "switchrole"), "", "version")
		if r.code != 126 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 ||
			!strings.Contains(r.stderr, "go install github.com/switchrole/switchrole/cmd/...@latest") {
			t.Errorf("engine is %s: %s", name, r)
		}
	}
}

// The engine rejects an unknown --format before touching anything; the front
// must not create or repair the cache directory first.
func TestFrontLeavesABadFormatToTheEngineUntouched(t *testing.T) {
	w := newWorld(t)
	cacheHome := filepath.Join(w.home, "fresh-cache")
	w.setenv("XDG_CACHE_HOME", cacheHome)
	r := w.run("", "env", "prod-core/ReadOnly", "--format", "csv")
	if r.code != 2 || !strings.Contains(r.stderr, `unknown --format "csv"`) {
		t.Errorf("bad format: %s", r)
	}
	if _, err := os.Stat(cacheHome); !os.IsNotExist(err) {
		t.Errorf("a rejected command created %s (%v)", cacheHome, err)
	}
}

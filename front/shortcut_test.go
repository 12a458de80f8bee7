package front

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/config"
)

// Every variable that the configuration's loading or a target's resolution
// reads must be part of a shortcut's id: otherwise changing it would not
// change which shortcut answers. This reads the code that reads the
// environment.
func TestResolutionEnvIsComplete(t *testing.T) {
	getenv := regexp.MustCompile(`os\.(?:Getenv|LookupEnv)\("([A-Z_0-9]+)"\)`)
	for _, dir := range []string{"../config", "../aws/plan"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if regexp.MustCompile(`_test\.go$`).MatchString(f) {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range getenv.FindAllSubmatch(src, -1) {
				if name := string(m[1]); !slices.Contains(resolutionEnv, name) {
					t.Errorf("%s reads $%s, which resolutionEnv does not list", f, name)
				}
			}
			if regexp.MustCompile(`os\.(?:Environ|UserHomeDir)\(`).Match(src) && !slices.Contains(resolutionEnv, "HOME") {
				t.Errorf("%s reads the home directory, and HOME is not in resolutionEnv", f)
			}
		}
	}
}

func TestShortcutIDChangesWithEveryInput(t *testing.T) {
	for _, k := range resolutionEnv {
		t.Setenv(k, "x")
	}
	files := []string{"/a", "/b", "/c"}
	base := shortcutID("prod", files)
	seen := map[string]string{base: "base"}
	check := func(what, id string) {
		t.Helper()
		if prev, dup := seen[id]; dup {
			t.Errorf("%s gives the same shortcut id as %s", what, prev)
		}
		seen[id] = what
	}
	check("another target", shortcutID("prod2", files))
	check("another file", shortcutID("prod", []string{"/a", "/b", "/d"}))
	for _, k := range resolutionEnv {
		t.Setenv(k, "y")
		check(k+"=y", shortcutID("prod", files))
		t.Setenv(k, "")
		check(k+" empty", shortcutID("prod", files))
		os.Unsetenv(k)
		check(k+" unset", shortcutID("prod", files))
		t.Setenv(k, "x")
	}
}

// The engine records no shortcut for a file changed within the racy window
// (a same-tick edit could follow unseen), nor when a file changed while it
// was loading.
func TestRecordTrustsOnlySettledFiles(t *testing.T) {
	w := newWorld(t, 5)
	store := w.store
	idx, err := config.LoadIndex(config.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tg, _ := idx.Lookup(w.target)
	recorded := func() bool {
		_, ok := cache.ReadShortcut(store.Dir(), shortcutID(w.target, configFiles("")))
		return ok
	}
	if !recorded() {
		t.Fatal("no shortcut for settled files")
	}
	awsConfig := os.Getenv("AWS_CONFIG_FILE")
	clear := func() {
		if _, err := store.Clear(nil); err != nil {
			t.Fatal(err)
		}
	}

	clear()
	now := time.Now()
	if err := os.Chtimes(awsConfig, now, now); err != nil {
		t.Fatal(err)
	}
	WatchConfig("").Record(store, w.target, tg, w.key, "us-east-1", 0)
	if recorded() {
		t.Error("recorded a shortcut for a file changed just now")
	}

	past := now.Add(-time.Hour)
	if err := os.Chtimes(awsConfig, past, past); err != nil {
		t.Fatal(err)
	}
	watch := WatchConfig("")
	if err := os.Chtimes(awsConfig, past.Add(time.Second), past.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	watch.Record(store, w.target, tg, w.key, "us-east-1", 0)
	if recorded() {
		t.Error("recorded a shortcut for a file that changed during the load")
	}
}

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// roleEntry is the path of the cache file holding target's role session.
func (w *world) roleEntry(target string) string {
	w.t.Helper()
	files, err := filepath.Glob(filepath.Join(w.cacheDir(), "*.json"))
	if err != nil {
		w.t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			w.t.Fatal(err)
		}
		var e struct{ Kind, Target string }
		if json.Unmarshal(data, &e) == nil && e.Kind == "role" && e.Target == target {
			return f
		}
	}
	w.t.Fatalf("no role entry for %s in %s", target, w.cacheDir())
	return ""
}

// A FIFO where a cache entry belongs blocked every command, clear
// included: now it reads as missing, is replaced on the next write, and
// switchrole says so once.
func TestFIFOInTheCacheBlocksNoCommand(t *testing.T) {
	w := newWorld(t)
	w.warm()
	entry := w.roleEntry("prod-core/ReadOnly")
	if err := os.Remove(entry); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(entry, 0o600); err != nil {
		t.Fatal(err)
	}
	// The front finds no usable entry and hands over; the engine, with the
	// day's MFA session still cached, assumes the role again.
	r := w.run("", "credential-process", "prod-core/ReadOnly")
	if r.code != 0 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "which was a FIFO") {
		t.Fatalf("credential-process over a FIFO: %s", r)
	}
	if fi, err := os.Lstat(entry); err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("the FIFO was not replaced: %v %v", fi, err)
	}
	if r := w.run("", "credential-process", "prod-core/ReadOnly"); r.code != 0 || r.stderr != "" {
		t.Errorf("after the replacement: %s", r)
	}
	if err := os.Remove(entry); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(entry, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := w.run("", "clear"); r.code != 0 {
		t.Errorf("clear over a FIFO: %s", r)
	}
	if _, err := os.Lstat(entry); !os.IsNotExist(err) {
		t.Errorf("clear left the FIFO: %v", err)
	}
}

// A symbolic link where a cache entry belongs: its target is neither
// chmod-ed nor written.
func TestSymlinkInTheCacheLeavesItsTargetAlone(t *testing.T) {
	w := newWorld(t)
	w.warm()
	entry := w.roleEntry("prod-core/ReadOnly")
	victim := filepath.Join(w.home, "notes.txt")
	if err := os.WriteFile(victim, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(entry); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, entry); err != nil {
		t.Fatal(err)
	}
	r := w.run("", "credential-process", "prod-core/ReadOnly")
	if r.code != 0 || !strings.Contains(r.stderr, "which was a symbolic link") {
		t.Fatalf("credential-process over a link: %s", r)
	}
	fi, err := os.Stat(victim)
	if err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("the link's target: %v %v, want mode 0644", fi, err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "mine\n" {
		t.Errorf("the link's target was written: %q", b)
	}
}

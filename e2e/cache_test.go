package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestFiftyConcurrentCredentialProcessCalls is what a parallel terraform or
// a shell prompt does: many processes ask for the same target at once. They
// must make one GetSessionToken, one AssumeRole and at most one MFA prompt,
// and leave no corrupt cache file.
func TestFiftyConcurrentCredentialProcessCalls(t *testing.T) {
	w := newWorld(t)
	dir := t.TempDir()
	codeFile, countFile := filepath.Join(dir, "code"), filepath.Join(dir, "count")
	if err := os.WriteFile(codeFile, []byte(w.code()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	w.writeConfig(fmt.Sprintf(`
[sources.jump]
profile = "demo-jump"
mfa_serial = "arn:aws:iam::111111111111:mfa/alice"
mfa_process = "echo prompt >> %s; cat %s"
default = true

[[accounts]]
name = "prod-core"
id = "210000000001"
roles = ["Admin"]
`, countFile, codeFile))

	const n = 50
	results := make([]result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = w.run("", "credential-process", "prod-core/Admin")
		}()
	}
	wg.Wait()
	keys := map[string]bool{}
	for _, r := range results {
		keys[decodeProcess(t, r).AccessKeyId] = true
	}
	if len(keys) != 1 {
		t.Errorf("%d different credentials handed out, want 1", len(keys))
	}
	s := w.env.Server
	if s.Calls("GetSessionToken") != 1 || s.Calls("AssumeRole") != 1 {
		t.Errorf("STS calls: GetSessionToken %d, AssumeRole %d; want 1 each", s.Calls("GetSessionToken"), s.Calls("AssumeRole"))
	}
	prompts, _ := os.ReadFile(countFile)
	if got := strings.Count(string(prompts), "prompt"); got != 1 {
		t.Errorf("mfa_process ran %d times, want 1", got)
	}
	leftovers, _ := filepath.Glob(filepath.Join(w.cacheDir(), "*.tmp*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left in the cache: %v", leftovers)
	}
}

func TestCorruptCacheIsReplacedAndModesAreFixed(t *testing.T) {
	w := newWorld(t)
	w.mustRun("", "env", "prod-core/ReadOnly", "--mfa-code", w.code())
	files := cachedFiles(w)
	if len(files) != 2 {
		t.Fatalf("want a session and a role entry, got %v", files)
	}
	for _, f := range files {
		info, _ := os.Stat(f)
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", f, info.Mode().Perm())
		}
		if err := os.WriteFile(f, []byte("{\"Version\": 1, \"AccessKey"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chmod(f, 0o644)
	}
	os.Chmod(w.cacheDir(), 0o755)

	r := w.mustRun("", "env", "prod-core/ReadOnly", "--mfa-code", w.code())
	if !strings.Contains(r.stdout, "AWS_SESSION_TOKEN") {
		t.Fatalf("after corruption: %s", r)
	}
	if got := w.env.Server.Calls("GetSessionToken"); got != 2 {
		t.Errorf("GetSessionToken calls = %d, want 2 (the corrupt session is ignored)", got)
	}
	info, _ := os.Stat(w.cacheDir())
	if info.Mode().Perm() != 0o700 {
		t.Errorf("cache dir mode %v, want 0700", info.Mode().Perm())
	}
	for _, f := range cachedFiles(w) {
		info, _ := os.Stat(f)
		data, _ := os.ReadFile(f)
		if info.Mode().Perm() != 0o600 || !strings.HasSuffix(strings.TrimSpace(string(data)), "}") {
			t.Errorf("%s: mode %v, content %d bytes", f, info.Mode().Perm(), len(data))
		}
		if strings.Contains(string(data), "demo/secret/for/the/offline/fake/only") {
			t.Errorf("%s holds the long-term secret key", f)
		}
	}
}

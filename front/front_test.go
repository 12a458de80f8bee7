//go:build unix

package front

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/switchrole/switchrole/aws/plan"
	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/config/configtest"
)

// world is a temporary HOME with a generated configuration (15 accounts × 4
// roles) and, for target, a fresh cache entry under the key the engine uses.
type world struct {
	store  *cache.Store
	key    string
	target string
}

func newWorld(tb testing.TB) *world {
	tb.Helper()
	dir := tb.TempDir()
	files := map[string][]byte{
		"config.toml": configtest.GenerateTOML(15, 4),
		"aws-config":  configtest.GenerateAWSConfig(1),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	for k, v := range map[string]string{
		"HOME": dir, "XDG_CACHE_HOME": filepath.Join(dir, "cache"), "SWITCHROLE_CONFIG": filepath.Join(dir, "config.toml"),
		"AWS_CONFIG_FILE": filepath.Join(dir, "aws-config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "none"),
		"AWS_REGION": "", "AWS_DEFAULT_REGION": "",
	} {
		tb.Setenv(k, v)
	}
	idx, err := config.LoadIndex(config.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	name := configtest.AccountName(3) + "/" + configtest.RoleName(1)
	t, ok := idx.Lookup(name)
	if !ok {
		tb.Fatalf("no target %s", name)
	}
	settings := plan.New(idx, idx.Defaults())
	key, err := settings.Key(t)
	if err != nil {
		tb.Fatal(err)
	}
	cacheDir, err := cache.DefaultDir()
	if err != nil {
		tb.Fatal(err)
	}
	store, err := cache.Open(cacheDir)
	if err != nil {
		tb.Fatal(err)
	}
	err = store.Put(key, cache.Entry{Kind: cache.KindRole, AccessKeyID: "ASIAFRONTTEST0000001", SecretAccessKey: "secret",
		SessionToken: "token", Expiration: time.Now().Add(time.Hour).UTC().Truncate(time.Second), Target: name})
	if err != nil {
		tb.Fatal(err)
	}
	return &world{store: store, key: key, target: name}
}

// answerTo runs r with stdout in a file and returns what it wrote.
func answerTo(t *testing.T, r request) (code int, answered bool, out string) {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	code, answered = r.answer(f)
	data, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return code, answered, string(data)
}

func TestAnswerWarmOrNotAtAll(t *testing.T) {
	w := newWorld(t)
	code, answered, out := answerTo(t, request{cmd: "credential-process", target: w.target})
	if !answered || code != 0 || !strings.HasPrefix(out, `{"Version":1,"AccessKeyId":"ASIAFRONTTEST0000001",`) {
		t.Fatalf("warm: answered=%v code=%d out=%q", answered, code, out)
	}
	_, answered, out = answerTo(t, request{cmd: "env", target: w.target, format: "dotenv"})
	if !answered || !strings.Contains(out, "AWS_ACCESS_KEY_ID=ASIAFRONTTEST0000001\n") {
		t.Fatalf("warm env: answered=%v out=%q", answered, out)
	}

	// Everything the engine must do instead is left to it, with nothing
	// written: another target, a fuzzy query, an expiring or missing entry.
	cold := []request{
		{cmd: "credential-process", target: configtest.AccountName(3) + "/" + configtest.RoleName(2)},
		{cmd: "credential-process", target: "no-such/target"},
		{cmd: "credential-process", target: w.target[:5]},
	}
	for _, r := range cold {
		if _, answered, out := answerTo(t, r); answered || out != "" {
			t.Errorf("%+v: answered=%v out=%q", r, answered, out)
		}
	}
	ent, _ := w.store.Peek(w.key)
	ent.Expiration = time.Now().Add(time.Minute) // inside the 5-minute refresh window
	if err := w.store.Put(w.key, ent); err != nil {
		t.Fatal(err)
	}
	if _, answered, out := answerTo(t, request{cmd: "credential-process", target: w.target}); answered || out != "" {
		t.Errorf("expiring entry: answered=%v out=%q", answered, out)
	}
}

// BenchmarkWarmCredentialProcess is the front's own work for a warm
// credential-process: load the configuration, find the entry, write the
// JSON. The whole process adds Go's start-up (BENCHMARKS.md).
func BenchmarkWarmCredentialProcess(b *testing.B) {
	w := newWorld(b)
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer devnull.Close()
	r := request{cmd: "credential-process", target: w.target}
	b.ReportAllocs()
	for b.Loop() {
		if _, answered := r.answer(devnull); !answered {
			b.Fatal("not answered")
		}
	}
}

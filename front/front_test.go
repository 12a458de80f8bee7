//go:build unix

package front

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/switchrole/switchrole/aws/plan"
	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/config/configtest"
)

// world is a temporary HOME with a generated configuration and, for target,
// a fresh cache entry under the key the engine uses and the shortcut the
// engine records with it.
type world struct {
	store  *cache.Store
	key    string
	target string
}

// newWorld generates 15 TOML accounts × 4 roles and an AWS config of
// awsProfiles profiles; target is a role profile of the AWS config.
func newWorld(tb testing.TB, awsProfiles int) *world {
	tb.Helper()
	dir := tb.TempDir()
	files := map[string][]byte{
		"config.toml": configtest.GenerateTOML(15, 4),
		"aws-config":  configtest.GenerateAWSConfig(awsProfiles),
	}
	past := time.Now().Add(-time.Hour) // older than the racy window
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			tb.Fatal(err)
		}
		if err := os.Chtimes(p, past, past); err != nil {
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
	watch := WatchConfig("")
	idx, err := config.LoadIndex(config.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	name := configtest.AccountName(0) + "-" + strings.ToLower(configtest.RoleName(0))
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
	watch.Record(store, name, t, key, settings.RegionOf(t), idx.Defaults().RefreshWindow)
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
	w := newWorld(t, 10)
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
		{cmd: "credential-process", target: configtest.AccountName(0) + "-" + strings.ToLower(configtest.RoleName(2))},
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

// Every answer of the front runs with the garbage collector off: a short
// run frees nothing worth a collection's pauses.
func TestWarmAnswersWithTheCollectorOff(t *testing.T) {
	w := newWorld(t, 5)
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(math.MaxInt64)
	stdout := os.Stdout
	f, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout = f
	code, answered := Warm([]string{"credential-process", w.target})
	os.Stdout = stdout
	f.Close()
	if !answered || code != 0 {
		t.Fatalf("Warm = %d, %v", code, answered)
	}
	if percent := debug.SetGCPercent(100); percent != -1 {
		t.Errorf("GC percent during a warm answer = %d, want -1 (off)", percent)
	}
}

// A warm answer does not load the configuration: it does the same work, to
// the allocation, for an AWS config of 10,000 profiles as for one of 5.
func TestWarmAnswerCostDoesNotGrowWithTheConfiguration(t *testing.T) {
	allocs := func(profiles int) float64 {
		w := newWorld(t, profiles)
		r := request{cmd: "credential-process", target: w.target}
		devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer devnull.Close()
		return testing.AllocsPerRun(20, func() {
			if _, answered := r.answer(devnull); !answered {
				t.Fatal("not answered")
			}
		})
	}
	// A few allocations may differ with the numbers the stamps format
	// (inodes, sizes, times); loading 10,000 profiles would cost hundreds.
	small, large := allocs(5), allocs(10_000)
	if large > small+10 {
		t.Errorf("a warm answer allocates %.0f times with 10,000 profiles, %.0f with 5: it reads the configuration", large, small)
	}
}

// BenchmarkWarmCredentialProcess is the front's own work for a warm
// credential-process at two sizes of ~/.aws/config: find the shortcut,
// stamp the files, read the entry, write the JSON. The whole process adds
// Go's start-up (BENCHMARKS.md).
func BenchmarkWarmCredentialProcess(b *testing.B) {
	for _, profiles := range []int{2, 10_000} {
		b.Run(strconv.Itoa(profiles)+"-profiles", func(b *testing.B) {
			w := newWorld(b, profiles)
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
		})
	}
}

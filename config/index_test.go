package config

import (
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"github.com/switchrole/switchrole/config/configtest"
)

// checkIndexAgrees loads opts with LoadIndex and checks that it says exactly
// what Load said (c, err): the same error, and otherwise the same targets
// whether they are built one by one, looked up by name, or all at once, and
// the same search texts. mustLoad and loadErr call it, so every config test
// covers the lazy path too.
func checkIndexAgrees(t testing.TB, opts Options, c *Config, err error) {
	t.Helper()
	x, xerr := LoadIndex(opts)
	if (err == nil) != (xerr == nil) || (err != nil && err.Error() != xerr.Error()) {
		t.Fatalf("LoadIndex error %v, Load error %v", xerr, err)
	}
	if err != nil {
		return
	}
	if x.Len() != len(c.Targets) {
		t.Fatalf("LoadIndex has %d targets, Load %d", x.Len(), len(c.Targets))
	}
	texts := x.SearchTexts()
	for i := range c.Targets {
		if want := c.Targets[i].SearchText(); texts[i] != want {
			t.Fatalf("SearchTexts()[%d] = %q, want %q", i, texts[i], want)
		}
	}
	// Any range of search texts, from anywhere (inside an account's roles,
	// among the sources or AWS targets), gives the same texts in order.
	n := len(c.Targets)
	cuts := []int{0, 1, n / 3, n / 2, max(n-1, 0), n, n + 5}
	for _, r := range rand.New(rand.NewPCG(3, 4)).Perm(n)[:min(n, 8)] {
		cuts = append(cuts, r)
	}
	for _, lo := range cuts {
		for _, hi := range cuts {
			want := lo
			for k, text := range x.SearchTextRange(lo, hi) {
				if k != want || k >= hi || string(text) != texts[k] {
					t.Fatalf("SearchTextRange(%d, %d) yields %d %q, want %d %q", lo, hi, k, text, want, texts[min(want, n-1)])
				}
				want++
			}
			if end := max(lo, min(hi, n)); want != end && lo < n && lo < hi {
				t.Fatalf("SearchTextRange(%d, %d) stops before %d, want %d", lo, hi, want, end)
			}
		}
	}
	for range x.SearchTextRange(0, n) {
		break // a loop may stop early
	}

	// Fill one scratch target in a scrambled order (no field of the one
	// before may stay), before anything is built...
	var scratch Target
	perm := rand.New(rand.NewPCG(1, 2)).Perm(len(c.Targets))
	for _, i := range perm {
		if x.Fill(i, &scratch); !reflect.DeepEqual(scratch, c.Targets[i]) {
			t.Fatalf("Fill(%d) = %+v, want %+v", i, scratch, c.Targets[i])
		}
	}
	// ...then build in that order, and look names up, before building all;
	// Fill gives the built targets too.
	for _, i := range perm {
		if i%3 == 0 {
			got, ok := x.Lookup(c.Targets[i].Name)
			if !ok || !reflect.DeepEqual(*got, c.Targets[i]) {
				t.Fatalf("Lookup(%q) = %+v, %v; want %+v", c.Targets[i].Name, got, ok, c.Targets[i])
			}
			continue
		}
		if got := x.Target(i); !reflect.DeepEqual(*got, c.Targets[i]) {
			t.Fatalf("Target(%d) = %+v, want %+v", i, *got, c.Targets[i])
		}
		if x.Fill(i, &scratch); !reflect.DeepEqual(scratch, c.Targets[i]) {
			t.Fatalf("Fill(%d) after Target = %+v, want %+v", i, scratch, c.Targets[i])
		}
	}
	for alias, name := range c.aliases {
		got, ok := x.Lookup(alias)
		if !ok || got.Name != name {
			t.Fatalf("Lookup(alias %q) = %v, %v; want %q", alias, got, ok, name)
		}
	}
	if _, ok := x.Lookup("no-such/target"); ok {
		t.Fatal("Lookup found a target that does not exist")
	}
	if got := x.Config().Targets; !reflect.DeepEqual(got, c.Targets) {
		t.Fatal("Index.Config().Targets differ from Load's")
	}
}

// TestIndexAgreesOnLargeConfig covers SearchTexts' parallel split (from
// searchParallelMin roles on).
func TestIndexAgreesOnLargeConfig(t *testing.T) {
	opts, _ := write(t, files{aws: string(configtest.GenerateAWSConfig(30)), toml: string(configtest.GenerateTOML(900, 20))})
	c, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	checkIndexAgrees(t, opts, c, err)
}

// TestFillersRunAtOnce fills the two halves of a large configuration with
// two Fillers, and walks their search texts, at the same time (the race
// detector watches in CI).
func TestFillersRunAtOnce(t *testing.T) {
	opts, _ := write(t, files{aws: string(configtest.GenerateAWSConfig(30)), toml: string(configtest.GenerateTOML(200, 20))})
	c, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	x, err := LoadIndex(opts)
	if err != nil {
		t.Fatal(err)
	}
	x.Target(5) // one built on demand: Fillers read it from its chunk
	n := len(c.Targets)
	var wg sync.WaitGroup
	bad := make([]int, 2)
	for half := range 2 {
		wg.Go(func() {
			fill := x.Filler()
			var scratch Target
			lo, hi := half*n/2, (half+1)*n/2
			for i := lo; i < hi; i++ {
				if fill(i, &scratch); !reflect.DeepEqual(scratch, c.Targets[i]) {
					bad[half]++
				}
			}
			for i, text := range x.SearchTextRange(lo, hi) { // as list --filter walks them
				if string(text) != c.Targets[i].SearchText() {
					bad[half]++
				}
			}
		})
	}
	wg.Wait()
	if bad[0]+bad[1] != 0 {
		t.Errorf("%d targets filled wrong", bad[0]+bad[1])
	}
}

// TestIndexBuildsOnlyWhatIsAsked: the point of an Index is that the role
// targets wait until they are needed.
func TestIndexBuildsOnlyWhatIsAsked(t *testing.T) {
	opts, _ := write(t, files{aws: string(configtest.GenerateAWSConfig(1)), toml: string(configtest.GenerateTOML(50, 10))})
	x, err := LoadIndex(opts)
	if err != nil {
		t.Fatal(err)
	}
	built := func() int {
		n := 0
		for i, f := range x.b.filled {
			if f || (x.slot != nil && x.slot[i] != 0) {
				n++
			}
		}
		return n
	}
	sources := x.b.firstRole
	if got := built(); got != sources {
		t.Fatalf("after LoadIndex %d TOML targets are built, want only the %d sources", got, sources)
	}
	_ = x.SearchTexts()
	if got := built(); got != sources {
		t.Fatalf("SearchTexts built %d targets", got-sources)
	}
	name := configtest.AccountName(7) + "/" + configtest.RoleName(3)
	if tg, ok := x.Lookup(name); !ok || tg.Name != name || tg.MFASerial == "" || tg.RoleARN == "" {
		t.Fatalf("Lookup(%q) = %+v, %v", name, tg, ok)
	}
	if got := built(); got != sources+1 {
		t.Fatalf("Lookup built %d targets, want 1", got-sources)
	}
	if again, _ := x.Lookup(name); again != x.Target(sources+7*10+3) || again.Name != name {
		t.Fatalf("Lookup and Target disagree on %q", name)
	}
}

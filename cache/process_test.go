package cache

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The 50-process test re-executes this test binary with helperEnv set: each
// child opens the same store and calls Do for the same key; the fetch appends
// a line to a counter file. Exactly one line must appear.
const helperEnv = "SWITCHROLE_CACHE_TEST_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "1" {
		os.Exit(helperMain())
	}
	os.Exit(m.Run())
}

func helperMain() int {
	dir, counter := os.Getenv("HELPER_DIR"), os.Getenv("HELPER_COUNTER")
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	e, _, err := s.Do(ctx, "shared-key", func(context.Context) (Entry, error) {
		f, err := os.OpenFile(counter, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return Entry{}, err
		}
		fmt.Fprintf(f, "%d\n", os.Getpid())
		f.Close()
		time.Sleep(100 * time.Millisecond) // widen the race window
		return sampleEntry(time.Now().Add(time.Hour)), nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Print(e.AccessKeyID)
	return 0
}

func TestDoFiftyProcessesFetchOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns 50 processes")
	}
	dir := filepath.Join(t.TempDir(), "switchrole")
	counter := filepath.Join(t.TempDir(), "fetches")
	const n = 50
	var wg sync.WaitGroup
	outs := make([]string, n)
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), helperEnv+"=1", "HELPER_DIR="+dir, "HELPER_COUNTER="+counter)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			<-start
			if err := cmd.Run(); err != nil {
				errs[i] = fmt.Errorf("%v: %s", err, stderr.String())
			}
			outs[i] = stdout.String()
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("process %d: %v", i, err)
		}
		if outs[i] != "ASIAEXAMPLE" {
			t.Fatalf("process %d printed %q, want the cached access key", i, outs[i])
		}
	}
	b, err := os.ReadFile(counter)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(b), "\n"); lines != 1 {
		t.Fatalf("%d processes fetched, want exactly 1", lines)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Get("shared-key"); !ok {
		t.Fatal("the entry is missing or corrupt after the stampede")
	}
	for _, name := range dirNames(t, dir) {
		if strings.HasPrefix(name, ".tmp-") {
			t.Errorf("temp file left behind: %s", name)
		}
	}
}

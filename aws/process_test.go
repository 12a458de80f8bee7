package aws

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

	"github.com/switchrole/switchrole/aws/plan"
	"github.com/switchrole/switchrole/cache"
)

// The stampede test re-executes this test binary as 50 switchrole-like
// processes asking for the same role at once against the fake STS.
const helperEnv = "SWITCHROLE_AWS_TEST_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "1" {
		os.Exit(helperMain())
	}
	os.Exit(m.Run())
}

func helperMain() int {
	st, err := cache.Open(os.Getenv("HELPER_CACHE"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ts := targets{"jump": jumpTarget(), "prod": roleTarget("prod", prodARN, "jump")}
	e := &Engine{Settings: plan.Settings{Targets: ts}, Cache: st, Backend: SDKBackend{}, MFA: func(context.Context, MFARequest) (string, error) {
		f, err := os.OpenFile(os.Getenv("HELPER_PROMPTS"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return "", err
		}
		fmt.Fprintln(f, os.Getpid())
		f.Close()
		return os.Getenv("HELPER_CODE"), nil
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := e.Retrieve(ctx, ts["prod"])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Print(s.Credentials.AccessKeyID)
	return 0
}

func TestFiftyProcessesOneSTSCall(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns 50 processes")
	}
	clk := &testClock{now: time.Now().UTC().Truncate(time.Second)}
	fake := newOrg(t, clk)
	home := t.TempDir()
	setAWSEnv(t, home, fake.URL())
	writeAWSFiles(t, home, aliceKey)
	prompts := filepath.Join(t.TempDir(), "prompts")
	env := append(os.Environ(), helperEnv+"=1",
		"HELPER_CACHE="+filepath.Join(home, ".cache", "switchrole"),
		"HELPER_PROMPTS="+prompts,
		"HELPER_CODE="+fake.Code(serial, clk.Now()))

	const n = 50
	var wg sync.WaitGroup
	outs, errs := make([]string, n), make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = env
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
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("process %d: %v", i, errs[i])
		}
		if outs[i] == "" || outs[i] != outs[0] {
			t.Fatalf("process %d got %q, process 0 %q: want the same credentials", i, outs[i], outs[0])
		}
	}
	if g, a := fake.Calls("GetSessionToken"), fake.Calls("AssumeRole"); g != 1 || a != 1 {
		t.Errorf("STS calls: GetSessionToken %d, AssumeRole %d; want 1 and 1", g, a)
	}
	b, _ := os.ReadFile(prompts)
	if p := strings.Count(string(b), "\n"); p != 1 {
		t.Errorf("MFA prompts = %d, want 1", p)
	}
}

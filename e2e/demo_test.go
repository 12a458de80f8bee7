package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDemoServeExampleWorksAsTyped runs the example of `demo --help` in a
// shell whose PATH has no switchrole: the eval returns (it used to hang on
// the server's open stdout), the shell then finds switchrole and reaches the
// demo's fake, and kill $SWITCHROLE_DEMO_PID stops it (issue 15.19).
func TestDemoServeExampleWorksAsTyped(t *testing.T) {
	home := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	script := `eval "$(` + binary + ` demo --serve 2>"$HOME/serve.err" &)"
echo EVALUATED
switchrole list --filter prod-core/Admin --json
kill "$SWITCHROLE_DEMO_PID"`
	cmd := exec.CommandContext(ctx, "bash", "-c", script)
	cmd.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "AWS_EC2_METADATA_DISABLED=true"}
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("the --serve example hangs:\n%s", out)
	}
	if err != nil || !strings.Contains(string(out), "EVALUATED") || !strings.Contains(string(out), `"prod-core/Admin"`) {
		t.Fatalf("the --serve example: %v\n%s", err, out)
	}
	// The demo removes its directory when it stops.
	errs, _ := os.ReadFile(filepath.Join(home, "serve.err"))
	if !strings.Contains(string(errs), "MFA code") {
		t.Errorf("the demo did not show the MFA code on stderr:\n%s", errs)
	}
}

// TestDemoShellRunsWhatTheDemoSuggests: the demo's shell finds switchrole
// even when the binary that runs the demo is on no PATH (as under `go run
// .`), and the commands its hint suggests work as typed (issue 15.1).
func TestDemoShellRunsWhatTheDemoSuggests(t *testing.T) {
	env := demoEnv(t)
	for i, kv := range env {
		if strings.HasPrefix(kv, "PATH=") {
			env[i] = "PATH=/usr/bin:/bin"
		}
	}
	s := startTmux(t, env, binary+" demo; echo DEMO-EXIT=$?; sleep 60")
	s.waitFor(`DEMO .*MFA code: \d{6}`)
	s.sendText("prdro")
	s.waitFor(`> .*prod-core/ReadOnly`)
	s.send("Enter")
	s.waitFor(`device arn:aws:iam::111111111111:mfa/alice`)
	code := s.waitFor(`MFA code: (\d{6})`)[1]
	s.sendText(code)
	hint := s.waitFor("demo: try `([^`]+)`, or\\s+`([^`]+)`")
	s.sendText(hint[1] + " | head -1; echo WHOAMI-EXIT=$?")
	s.send("Enter")
	s.waitFor(`arn: +arn:aws:sts::210000000001:assumed-role/ReadOnly/alice`)
	if _, err := os.Stat(awsCLI); err == nil {
		s.sendText(hint[2] + " --query Arn --output text")
		s.send("Enter")
		s.waitFor(`(?m)^arn:aws:sts::210000000001:assumed-role/ReadOnly/alice`)
	}
	s.sendText("exit")
	s.send("Enter")
	s.waitFor(`DEMO-EXIT=0`)
}

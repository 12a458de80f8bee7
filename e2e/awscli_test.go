package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// awsCLI is Debian's AWS CLI v2; a pyenv-installed v1 may shadow `aws` on PATH.
const awsCLI = "/usr/bin/aws"

func needAWSCLI(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(awsCLI); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must have the AWS CLI v2 at %s (.ci/run installs Debian's awscli)", awsCLI)
		}
		t.Skipf("no AWS CLI at %s (apt-get install awscli)", awsCLI)
	}
}

// runAWS runs the real AWS CLI with env.
func runAWS(t *testing.T, env []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, awsCLI, args...)
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

// TestAWSCLIReadsOurCredentialProcess: the real CLI runs
// `switchrole credential-process` from a profile and prints what it got.
func TestAWSCLIReadsOurCredentialProcess(t *testing.T) {
	needAWSCLI(t)
	w := newWorld(t)
	ours := decodeProcess(t, w.mustRun("", "credential-process", "prod-core/ReadOnly", "--mfa-code", w.code()))

	config := filepath.Join(w.env.Dir, "aws", "config")
	f, err := os.OpenFile(config, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\n[profile prod-ro]\ncredential_process = " + binary + " credential-process prod-core/ReadOnly\nregion = us-east-1\n")
	f.Close()

	out := runAWS(t, w.vars, "configure", "export-credentials", "--profile", "prod-ro", "--format", "process")
	var got processJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("aws configure export-credentials: %v\n%s", err, out)
	}
	if got.AccessKeyId != ours.AccessKeyId || got.SessionToken != ours.SessionToken || !got.Expiration.Equal(ours.Expiration) {
		t.Errorf("the AWS CLI read different credentials: %s vs %s", got.AccessKeyId, ours.AccessKeyId)
	}
}

// TestAWSCLIWorksWithOurEnvironment: `eval "$(switchrole env X)"`, then the
// real CLI calls (the fake) STS as the role.
func TestAWSCLIWorksWithOurEnvironment(t *testing.T) {
	needAWSCLI(t)
	w := newWorld(t)
	r := w.mustRun("", "env", "staging-data/DataScientist", "--format", "json", "--mfa-code", w.code())
	var vars map[string]string
	if err := json.Unmarshal([]byte(r.stdout), &vars); err != nil {
		t.Fatalf("env --format json: %v\n%s", err, r)
	}
	env := []string{"HOME=" + w.home, "PATH=/usr/bin:/bin", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null"}
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	out := runAWS(t, env, "sts", "get-caller-identity", "--endpoint-url", w.env.Server.URL(), "--output", "json")
	var id struct{ Arn, Account string }
	if err := json.Unmarshal([]byte(out), &id); err != nil {
		t.Fatal(err, out)
	}
	if id.Arn != "arn:aws:sts::310000000002:assumed-role/DataScientist/alice" {
		t.Errorf("the AWS CLI is %s", id.Arn)
	}
}

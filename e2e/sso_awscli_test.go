package e2e

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestSSOSharedWithTheAWSCLI signs in with the real AWS CLI v2 (its device
// flow, approved on the fake) and uses that sign-in from switchrole, then
// the other way round: one sign-in for both tools. The CLI on these
// machines (2.9.19) ignores AWS_ENDPOINT_URL_SSO_OIDC, so it is pointed at
// the fake through AWS_DATA_PATH with an endpoint rule set that answers
// the fake's URL.
func TestSSOSharedWithTheAWSCLI(t *testing.T) {
	const cli = "/usr/bin/aws"
	if _, err := os.Stat(cli); err != nil {
		t.Skip("the AWS CLI v2 is not installed at /usr/bin/aws")
	}
	w, s := newSSOWorld(t)
	data := filepath.Join(w.home, "aws-data")
	for _, svc := range []string{"sso-oidc", "sso"} {
		dir := filepath.Join(data, svc, "2019-06-10")
		os.MkdirAll(dir, 0o700)
		rules := `{"version":"1.0","parameters":{"Region":{"builtIn":"AWS::Region","required":false,"documentation":"r","type":"String"}},` +
			`"rules":[{"conditions":[],"endpoint":{"url":"` + s.URL() + `","properties":{},"headers":{}},"type":"endpoint"}]}`
		os.WriteFile(filepath.Join(dir, "endpoint-rule-set-1.json"), []byte(rules), 0o600)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, cli, "sso", "login", "--sso-session", "corp", "--no-browser")
	cmd.Env = append(append([]string(nil), w.vars...), "AWS_DATA_PATH="+data)
	cmd.Dir = w.home
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errOut strings.Builder
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rd := bufio.NewReader(out)
	var seen strings.Builder
	codeRE := regexp.MustCompile(`^([A-Z]{4}-[A-Z]{4})\s*$`)
	for {
		line, err := rd.ReadString('\n')
		seen.WriteString(line)
		if err != nil {
			cmd.Wait()
			t.Fatalf("the AWS CLI printed no code:\n%s\n%s", seen.String(), errOut.String())
		}
		if m := codeRE.FindStringSubmatch(line); m != nil {
			if !s.ApproveDevice(m[1]) {
				t.Fatalf("code %s unknown to the fake", m[1])
			}
			break
		}
	}
	io.Copy(io.Discard, rd)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("aws sso login: %v\n%s\n%s", err, seen.String(), errOut.String())
	}
	if _, err := os.Stat(tokenFile(w)); err != nil {
		t.Fatalf("the CLI wrote no token at switchrole's path: %v", err)
	}
	// switchrole uses the CLI's sign-in without signing in again.
	r := w.mustRun("", "sso", "sync", "--json")
	if !strings.Contains(r.stdout, `"account_id": "222222222222"`) {
		t.Fatalf("sync with the CLI's token:\n%s", r)
	}
	// And switchrole's own sign-in reuses the client the CLI registered.
	wait, code := startDeviceLogin(t, w)
	s.ApproveDevice(code)
	if r := wait(); r.code != 0 {
		t.Fatalf("switchrole sso login after the CLI's:\n%s", r)
	}
	if n := s.Calls("RegisterClient"); n != 1 {
		t.Errorf("RegisterClient calls = %d, want 1: the CLI's registration cache was not shared", n)
	}
}

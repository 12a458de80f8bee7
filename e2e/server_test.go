package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/switchrole/switchrole/demo"
)

// dayDivisor makes the fake's credentials live 1/1200 of AWS's: a one-hour
// role session lasts 3 s, the twelve-hour MFA session 36 s, and a working
// day of eight hours 24 s.
const dayDivisor = 1200

// newShortLivedWorld is a world whose credentials expire dayDivisor times
// faster, with switchrole's refresh window scaled to match (5 minutes of a
// one-hour session is 1/12 of it; 1 s is 1/3 of a 3 s one).
func newShortLivedWorld(t *testing.T) *world {
	t.Helper()
	w := newWorldWith(t, demo.Options{LifetimeDivisor: dayDivisor})
	toml, err := os.ReadFile(w.env.ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	w.writeConfig(strings.Replace(string(toml), "[defaults]\n", "[defaults]\nrefresh_window = \"1s\"\n", 1))
	return w
}

// buildSDKClient builds testdata/sdkclient, a program on aws-sdk-go-v2's
// default credential chain.
func buildSDKClient(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "sdkclient")
	build := exec.Command("go", "build", "-o", out, "./testdata/sdkclient")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build sdkclient: %v\n%s", err, b)
	}
	return out
}

func TestServedChildHasNoKeysOnlyTheServer(t *testing.T) {
	w := newWorld(t)
	r := w.mustRun("", "exec", "--server", "--mfa-code", w.code(), "prod-core/ReadOnly", "--", "env")
	env := map[string]string{}
	for _, line := range strings.Split(r.stdout, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			env[k] = v
		}
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION"} {
		if _, ok := env[k]; ok {
			t.Errorf("the served child's environment holds %s", k)
		}
	}
	if !regexp.MustCompile(`^http://127\.0\.0\.1:[0-9]+/credentials$`).MatchString(env["AWS_CONTAINER_CREDENTIALS_FULL_URI"]) {
		t.Errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI = %q", env["AWS_CONTAINER_CREDENTIALS_FULL_URI"])
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(env["AWS_CONTAINER_AUTHORIZATION_TOKEN"]) {
		t.Errorf("AWS_CONTAINER_AUTHORIZATION_TOKEN is not 256 random bits in hex")
	}
	if env["AWS_REGION"] == "" || env["SWITCHROLE_TARGET"] != "prod-core/ReadOnly" || env["SWITCHROLE_EXPIRATION"] == "" {
		t.Errorf("region, target or expiration missing: %v", env)
	}
	if strings.Contains(r.stderr, env["AWS_CONTAINER_AUTHORIZATION_TOKEN"]) {
		t.Error("the token went to stderr")
	}
}

// TestServedShellWorksAllDayOnOneMFACode: "a shell started at 9:00 still
// works at 17:00 with one MFA code", for a Go program on the SDK's default
// chain that keeps calling AWS through eight (scaled) hours of one-hour
// role sessions.
func TestServedShellWorksAllDayOnOneMFACode(t *testing.T) {
	w := newShortLivedWorld(t)
	client := buildSDKClient(t)
	r := w.mustRun("", "exec", "--server", "--mfa-code", w.code(), "prod-core/Admin", "--", client, "24s")
	m := regexp.MustCompile(`calls=(\d+) failures=(\d+) keys=(\d+) source=(\S+)`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("sdkclient printed no summary: %s", r)
	}
	calls, _ := strconv.Atoi(m[1])
	keys, _ := strconv.Atoi(m[3])
	if m[2] != "0" || calls < 50 {
		t.Errorf("%s calls, %s failed: %s", m[1], m[2], r)
	}
	if keys < 6 {
		t.Errorf("the program used %d role sessions over 8 scaled hours, want one per scaled hour", keys)
	}
	if m[4] != "CredentialsEndpointProvider" {
		t.Errorf("credentials came from %s, want the container-credentials provider", m[4])
	}
	if n := w.env.Server.Calls("GetSessionToken"); n != 1 {
		t.Errorf("GetSessionToken calls = %d, want 1 (one MFA code for the day)", n)
	}
	for _, req := range w.env.Server.Requests() {
		if req.Code == "ExpiredToken" {
			t.Errorf("a call was made with expired credentials: %+v", req)
		}
	}
}

// TestAWSCLIGetsFreshCredentialsFromTheServer: the real AWS CLI v2, run
// twice inside one served command, the second time after the first role
// session has expired, and never asked for an MFA code in between.
func TestAWSCLIGetsFreshCredentialsFromTheServer(t *testing.T) {
	needAWSCLI(t)
	w := newShortLivedWorld(t)
	call := awsCLI + ` sts get-caller-identity --endpoint-url "$AWS_ENDPOINT_URL_STS" --query Arn --output text`
	r := w.mustRun("", "exec", "--server", "--mfa-code", w.code(), "prod-core/ReadOnly", "--", "sh", "-c", call+" && sleep 4 && "+call)
	arns := strings.Fields(r.stdout)
	if len(arns) != 2 || !strings.Contains(arns[0], ":assumed-role/ReadOnly/") || arns[0] != arns[1] {
		t.Fatalf("the AWS CLI printed %q: %s", arns, r)
	}
	keys := map[string]bool{}
	for _, req := range w.env.Server.Requests() {
		if req.Action == "GetCallerIdentity" {
			if req.Status != 200 {
				t.Errorf("GetCallerIdentity answered %d %s", req.Status, req.Code)
			}
			keys[req.AccessKeyID] = true
		}
	}
	if len(keys) != 2 {
		t.Errorf("the two calls used %d distinct keys, want 2 (the second after the first expired)", len(keys))
	}
	if n := w.env.Server.Calls("GetSessionToken"); n != 1 {
		t.Errorf("GetSessionToken calls = %d, want 1", n)
	}
}

// TestCtrlCReachesOnlyTheServedCommand: a Ctrl-C at the terminal goes to
// the whole foreground process group, switchrole included. The command
// decides what it means (terraform stops gracefully on the first); the
// server must not add a SIGTERM of its own, and lives until the command
// exits.
func TestCtrlCReachesOnlyTheServedCommand(t *testing.T) {
	w := newWorld(t)
	ready := filepath.Join(t.TempDir(), "ready")
	cmd := w.command("exec", "--server", "--mfa-code", w.code(), "prod-core/ReadOnly", "--",
		"sh", "-c", `trap 'echo got-INT' INT; touch `+ready+`; sleep 5; echo done; exit 7`)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForFile(t, ready)
	syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) // what the terminal does on Ctrl-C
	err := cmd.Wait()
	if code := exitCode(err); code != 7 || !strings.Contains(out.String(), "got-INT") || !strings.Contains(out.String(), "done") {
		t.Errorf("exit %d, output:\n%s\nwant the command to handle the interrupt itself and exit 7", code, out.String())
	}
}

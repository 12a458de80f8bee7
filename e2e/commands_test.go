package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestListJSONHasExactlyTheDocumentedKeys(t *testing.T) {
	w := newWorld(t)
	r := w.mustRun("", "list", "--json")
	var targets []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &targets); err != nil {
		t.Fatalf("list --json is not JSON: %v\n%s", err, r.stdout)
	}
	if len(targets) != 42 {
		t.Errorf("demo has %d targets, want 42 (41 roles + the jump source)", len(targets))
	}
	want := []string{"account", "account_id", "color", "from", "kind", "mfa_serial", "name", "origin", "region", "role", "role_arn", "source"}
	for _, tg := range targets {
		var keys []string
		for k := range tg {
			keys = append(keys, k)
		}
		if strings.Join(sortStrings(keys), ",") != strings.Join(want, ",") {
			t.Fatalf("keys %v, want %v", sortStrings(keys), want)
		}
	}
	first := targets[1]
	if first["name"] != "prod-core/Admin" || first["kind"] != "role" || first["account_id"] != "210000000001" ||
		first["role_arn"] != "arn:aws:iam::210000000001:role/Admin" || first["source"] != "jump" ||
		first["color"] != "#f2b0a9" || first["from"] != "toml" || first["origin"] != w.env.ConfigFile+":"+lineOf(t, w.env.ConfigFile, `roles = [`) {
		t.Errorf("prod-core/Admin = %v", first)
	}
}

func TestListFilterRanksBestFirst(t *testing.T) {
	w := newWorld(t)
	r := w.mustRun("", "list", "--filter", "prdadm", "--json")
	var targets []struct{ Name string }
	if err := json.Unmarshal([]byte(r.stdout), &targets); err != nil {
		t.Fatal(err)
	}
	if len(targets) == 0 || targets[0].Name != "prod-core/Admin" {
		t.Errorf("prdadm: first is %v, want prod-core/Admin", targets)
	}
	// The table for people: no colour escapes when stdout is not a terminal.
	r = w.mustRun("", "list", "--filter", "ci-cd")
	if strings.Contains(r.stdout, "\x1b[") || !strings.Contains(r.stdout, "ci-cd/Deploy") {
		t.Errorf("list table:\n%s", r.stdout)
	}
}

func TestConfigErrorsNameFileAndLineWithExitCode2(t *testing.T) {
	w := newWorld(t)
	w.writeConfig("[[accounts]]\nname = \"prod\"\nid = \"12345\"\nroles = [\"Admin\"]\n")
	r := w.run("", "list")
	if r.code != 2 {
		t.Fatalf("bad account id: %s", r)
	}
	if !strings.Contains(r.stderr, "config.toml:3") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("want one line naming config.toml:3, got %q", r.stderr)
	}
	w.writeConfig("[[accounts]]\nnmae = \"prod\"\n")
	r = w.run("", "config", "check")
	if r.code != 2 || !strings.Contains(r.stderr, "did you mean") {
		t.Errorf("unknown key: %s", r)
	}
}

func TestConfigInitNeverOverwrites(t *testing.T) {
	w := newWorld(t)
	// The starter file's source is the AWS profile "jump".
	w.setenv("AWS_CONFIG_FILE", filepath.Join(w.home, "aws-config"))
	os.WriteFile(filepath.Join(w.home, "aws-config"), []byte("[profile jump]\ncredential_process = /bin/false\n"), 0o600)
	path := filepath.Join(w.home, "new", "config.toml")
	r := w.mustRun("", "--config", path, "config", "init")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("config init wrote nothing: %v\n%s", err, r)
	}
	w.mustRun("", "--config", path, "config", "check")
	if err := os.WriteFile(path, []byte("# mine\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = w.run("", "--config", path, "config", "init")
	got, _ := os.ReadFile(path)
	if r.code != 2 || string(got) != "# mine\n" {
		t.Errorf("config init over an existing file: %s (file now %q)", r, got)
	}
}

func TestConfigPath(t *testing.T) {
	w := newWorld(t)
	r := w.mustRun("", "config", "path")
	if !strings.Contains(r.stdout, w.env.ConfigFile+" (exists)") {
		t.Errorf("config path:\n%s", r.stdout)
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{
		{"nosuchcommand"},
		{"list", "--nosuchflag"},
		{"exec", "prod-core/Admin"},
		{"env", "prod-core/Admin", "--format", "csh"},
		{"env", "zzzzzz"},
		{"env", "admin"}, // ambiguous
		{"env", "prod-core/Admin", "--duration", "13h"},
	} {
		r := w.run("", args...)
		if r.code != 2 || r.stdout != "" || !strings.HasPrefix(r.stderr, "switchrole: ") {
			t.Errorf("%v: %s", args, r)
		}
	}
}

func TestVersionAndCompletion(t *testing.T) {
	w := newWorld(t)
	if r := w.mustRun("", "version"); !strings.HasPrefix(r.stdout, "switchrole ") {
		t.Errorf("version: %s", r)
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		if r := w.mustRun("", "completion", sh); len(r.stdout) < 100 {
			t.Errorf("completion %s: %s", sh, r)
		}
	}
}

func TestShellGetsTheEnvironmentAndRefusesToNest(t *testing.T) {
	w := newWorld(t)
	w.mustRun("", "env", "prod-core/ReadOnly", "--mfa-code", w.code())
	show := "echo T=$SWITCHROLE_TARGET R=$AWS_REGION K=${AWS_ACCESS_KEY_ID%${AWS_ACCESS_KEY_ID#????}} S=${AWS_CONTAINER_CREDENTIALS_FULL_URI%%:[0-9]*}; exit 5\n"
	r := w.run(show, "shell", "prod-core/ReadOnly")
	if r.code != 5 || !strings.Contains(r.stdout, "T=prod-core/ReadOnly R=us-east-1 K= S=http://127.0.0.1") {
		t.Fatalf("shell (served): %s", r)
	}
	if !strings.Contains(r.stderr, "prod-core/ReadOnly") || !strings.Contains(r.stderr, "renewed until") {
		t.Errorf("banner: %q", r.stderr)
	}
	r = w.run(show, "shell", "--no-server", "prod-core/ReadOnly")
	if r.code != 5 || !strings.Contains(r.stdout, "T=prod-core/ReadOnly R=us-east-1 K=ASIA S=\n") {
		t.Fatalf("shell --no-server: %s", r)
	}
	if !strings.Contains(r.stderr, "prod-core/ReadOnly") || !strings.Contains(r.stderr, "expires") {
		t.Errorf("banner: %q", r.stderr)
	}
	// Inside a switchrole shell, another one is refused, and the refusal
	// says how to replace the variables in place instead.
	r = w.run(binary+" shell prod-core/Admin; echo INNER=$?\n", "shell", "prod-core/ReadOnly")
	if !strings.Contains(r.stdout, "INNER=1") || !strings.Contains(r.stderr, "already in a switchrole shell for prod-core/ReadOnly") ||
		!strings.Contains(r.stderr, `eval "$(switchrole env TARGET)"`) {
		t.Errorf("nested shell: %s", r)
	}
	// Variables exported by `eval "$(switchrole env X)"` are not a shell:
	// a shell starts and replaces them (issue 15.9).
	sh := exec.Command("sh", "-c", `eval "$(`+binary+` env prod-core/ReadOnly)" && `+binary+" shell prod-core/Admin --mfa-code "+w.code())
	sh.Env, sh.Stdin = w.vars, strings.NewReader("echo INNER=$SWITCHROLE_TARGET\n")
	out, err := sh.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "INNER=prod-core/Admin") {
		t.Errorf("shell after eval env: %v\n%s", err, out)
	}
	w.setenv("SWITCHROLE_SHELL", "prod-core/ReadOnly")
	if r := w.run("exit 0\n", "shell", "prod-core/ReadOnly"); r.code != 1 || !strings.Contains(r.stderr, "already in a switchrole shell") {
		t.Errorf("nested shell: %s", r)
	}
	if r := w.run("exit 0\n", "shell", "--force", "prod-core/ReadOnly"); r.code != 0 {
		t.Errorf("shell --force: %s", r)
	}
}

// TestRegionOverridesTheTargets: --region on shell, exec and env sets both
// region variables (issue 15.12).
func TestRegionOverridesTheTargets(t *testing.T) {
	w := newWorld(t)
	r := w.mustRun("", "env", "prod-core/ReadOnly", "--region", "eu-central-1", "--mfa-code", w.code())
	if !strings.Contains(r.stdout, "AWS_REGION='eu-central-1'") && !strings.Contains(r.stdout, "AWS_REGION=eu-central-1") ||
		!strings.Contains(r.stdout, "AWS_DEFAULT_REGION") || strings.Contains(r.stdout, "us-east-1") {
		t.Errorf("env --region: %s", r)
	}
	r = w.mustRun("", "exec", "prod-core/ReadOnly", "--region", "ap-south-1", "--", "sh", "-c", "echo $AWS_REGION $AWS_DEFAULT_REGION")
	if r.stdout != "ap-south-1 ap-south-1\n" {
		t.Errorf("exec --region: %s", r)
	}
	r = w.run("echo R=$AWS_REGION/$AWS_DEFAULT_REGION\n", "shell", "prod-core/ReadOnly", "--region", "sa-east-1")
	if !strings.Contains(r.stdout, "R=sa-east-1/sa-east-1") || !strings.Contains(r.stderr, "sa-east-1") {
		t.Errorf("shell --region: %s", r)
	}
	if r := w.run("", "env", "prod-core/ReadOnly", "--region", "Frankfurt"); r.code != 2 || !strings.Contains(r.stderr, "not an AWS region") {
		t.Errorf("env --region Frankfurt: %s", r)
	}
	// Without "--", everything after TARGET is the command, flags included.
	r = w.mustRun("", "exec", "prod-core/ReadOnly", "sh", "-c", "echo plain $SWITCHROLE_TARGET")
	if r.stdout != "plain prod-core/ReadOnly\n" {
		t.Errorf("exec without --: %s", r)
	}
}

func TestWhoamiInsideExec(t *testing.T) {
	w := newWorld(t)
	r := w.mustRun("", "exec", "prod-edge/Admin", "--mfa-code", w.code(), "--", binary, "whoami", "--json")
	var id struct{ Arn, Account, Target, Expiration string }
	if err := json.Unmarshal([]byte(r.stdout), &id); err != nil {
		t.Fatalf("whoami --json: %v\n%s", err, r)
	}
	if id.Arn != "arn:aws:sts::210000000003:assumed-role/Admin/alice" || id.Account != "210000000003" || id.Target != "prod-edge/Admin" {
		t.Errorf("whoami = %+v", id)
	}
	if exp, err := time.Parse(time.RFC3339, id.Expiration); err != nil || time.Until(exp) < 50*time.Minute {
		t.Errorf("expiration %q", id.Expiration)
	}
}

func TestExecPassesExitCodesStdioAndSignals(t *testing.T) {
	w := newWorld(t)
	w.mustRun("", "env", "dev-tools/Developer", "--mfa-code", w.code())
	r := w.run("hello", "exec", "dev-tools/Developer", "--", "sh", "-c", "cat; echo; echo err >&2; exit 7")
	if r.code != 7 || r.stdout != "hello\n" || !strings.Contains(r.stderr, "err") {
		t.Errorf("exec exit 7: %s", r)
	}
	r = w.run("", "exec", "dev-tools/Developer", "--", "no-such-command-xyz")
	if r.code != 127 || !strings.Contains(r.stderr, `"no-such-command-xyz" not found`) {
		t.Errorf("missing command: %s", r)
	}
	// A signal sent to switchrole reaches the command (exec replaces the process).
	marker := filepath.Join(w.home, "ready")
	cmd := w.command("exec", "dev-tools/Developer", "--", "sh", "-c", `trap 'exit 42' TERM; touch `+marker+`; while :; do sleep 0.05; done`)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForFile(t, marker)
	cmd.Process.Signal(sigterm)
	err := cmd.Wait()
	if code := exitCode(err); code != 42 {
		t.Errorf("after SIGTERM: exit %d (%v), want 42 from the trap", code, err)
	}
}

func TestClear(t *testing.T) {
	w := newWorld(t)
	w.mustRun("", "env", "prod-core/ReadOnly", "--mfa-code", w.code())
	w.mustRun("", "env", "prod-data/ReadOnly")
	r := w.mustRun("", "clear", "prod-core/ReadOnly")
	if !strings.Contains(r.stderr, "cleared 1 cached session") {
		t.Errorf("clear one: %s", r)
	}
	before := w.env.Server.Calls("AssumeRole")
	w.mustRun("", "env", "prod-data/ReadOnly")
	if w.env.Server.Calls("AssumeRole") != before {
		t.Error("clearing one target dropped another's session")
	}
	w.mustRun("", "clear")
	if r := w.run("", "env", "prod-data/ReadOnly"); r.code != 1 || !strings.Contains(r.stderr, "MFA") {
		t.Errorf("after clearing everything the MFA session must be gone: %s", r)
	}
}

// lineOf is the 1-based line number of the first line of file containing s.
func lineOf(t *testing.T, file, s string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, s) {
			return strconv.Itoa(i + 1)
		}
	}
	t.Fatalf("%s has no line with %q", file, s)
	return ""
}

// TestCountsAndDurationsReadAsEnglish: one source is "1 source", and a time
// left is "59m", never "59m0s" (issue 15.14).
func TestCountsAndDurationsReadAsEnglish(t *testing.T) {
	w := newWorld(t)
	r := w.mustRun("", "config", "check")
	if !strings.Contains(r.stdout, "1 source)") || !strings.Contains(r.stdout, "1 MFA device\n") {
		t.Errorf("config check: %s", r)
	}
	r = w.mustRun("", "exec", "prod-edge/Admin", "--mfa-code", w.code(), "--", binary, "whoami")
	if !regexp.MustCompile(`\(in (\d+h)?(\d+m)?\)`).MatchString(r.stdout) || strings.Contains(r.stdout, "m0s") {
		t.Errorf("whoami's time left: %s", r)
	}
}

// TestListWithNothingConfiguredSaysHowToStart (issue 15.8): exit 0, nothing
// on stdout for the table and [] for --json, and on stderr where switchrole
// looked and `switchrole config init`.
func TestListWithNothingConfiguredSaysHowToStart(t *testing.T) {
	w := newWorld(t)
	empty := filepath.Join(w.home, "none")
	w.setenv("SWITCHROLE_CONFIG", "")
	w.setenv("XDG_CONFIG_HOME", filepath.Join(w.home, "xdg"))
	w.setenv("AWS_CONFIG_FILE", empty)
	w.setenv("AWS_SHARED_CREDENTIALS_FILE", empty+"-credentials")
	r := w.mustRun("", "list")
	if r.stdout != "" || !strings.Contains(r.stderr, "switchrole config init") || !strings.Contains(r.stderr, empty) ||
		!strings.Contains(r.stderr, "xdg/switchrole/config.toml") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("list with nothing configured: %s", r)
	}
	if r := w.mustRun("", "list", "--json"); strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("list --json with nothing configured: %s", r)
	}
}

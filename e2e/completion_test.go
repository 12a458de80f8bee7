package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCompletionOfTargetsAndFormats is what every shell's script asks
// (`switchrole __complete ...`): target names by prefix, else fuzzy, and
// --format values (issue 15.3).
func TestCompletionOfTargetsAndFormats(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct {
		args []string
		want []string
		not  string
	}{
		{[]string{"shell", "prod-c"}, []string{"prod-core/Admin", "prod-core/ReadOnly"}, "prod-data"},
		{[]string{"env", "staging-data/A"}, []string{"staging-data/Admin"}, "ReadOnly"},
		{[]string{"exec", "ci"}, []string{"ci-cd/Deploy"}, "prod"},
		{[]string{"console", "prdadm"}, []string{"prod-core/Admin"}, ""},
		{[]string{"credential-process", "jum"}, []string{"jump"}, ""},
		{[]string{"env", "x", "--format", ""}, []string{"sh", "fish", "powershell", "dotenv", "json"}, ""},
		{[]string{"link", "--all", "--format", ""}, []string{"html", "aesr"}, ""},
		{[]string{"completion", ""}, []string{"bash", "zsh", "fish", "powershell"}, ""},
	} {
		r := w.mustRun("", append([]string{"__complete"}, tc.args...)...)
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
			word, _, _ := strings.Cut(line, "\t") // a description may follow
			got = append(got, word)
		}
		for _, want := range tc.want {
			if !slices.Contains(got, want) {
				t.Errorf("__complete %q: %q lacks %q", tc.args, got, want)
			}
		}
		if tc.not != "" && strings.Contains(r.stdout, tc.not) {
			t.Errorf("__complete %q: %q has %q", tc.args, got, tc.not)
		}
	}
}

// TestFishCompletesTargets loads the generated script into a real fish and
// asks it what TAB offers after `switchrole shell prod-c` (cobra's bash
// script needs the bash-completion package; fish needs nothing more).
func TestFishCompletesTargets(t *testing.T) {
	if _, err := exec.LookPath("fish"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must have fish (.ci/run installs it)")
		}
		t.Skip("no fish")
	}
	w := newWorld(t)
	script := filepath.Join(w.home, "switchrole.fish")
	if err := os.WriteFile(script, []byte(w.mustRun("", "completion", "fish").stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	fish := exec.Command("fish", "--no-config", "-c", `source $argv[1]; complete -C "switchrole shell prod-c"; echo ---; complete -C "switchrole env x --format p"`, script)
	fish.Env = append(w.vars, "PATH="+filepath.Dir(binary)+":"+os.Getenv("PATH"))
	out, err := fish.CombinedOutput()
	targets, formats, _ := strings.Cut(string(out), "---")
	if err != nil || !strings.Contains(targets, "prod-core/Admin") || !strings.Contains(targets, "prod-core/ReadOnly") ||
		strings.Contains(targets, "prod-data") || strings.TrimSpace(formats) != "powershell" {
		t.Errorf("fish completion: %v\n%s", err, out)
	}
}

// TestCompletionOfSSOSessions: `sso login|logout|sync` complete the SSO
// session names of the AWS config, sso-session sections and legacy
// profiles alike (issue 15.3).
func TestCompletionOfSSOSessions(t *testing.T) {
	w := newWorld(t)
	appendAWSConfig(t, w, "\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"+
		"[sso-session contractors]\nsso_start_url = https://contractors.awsapps.com/start\nsso_region = us-east-1\n"+
		"[profile old-sso]\nsso_start_url = https://old.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 222222222222\nsso_role_name = Admin\n")
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"sso", "login", ""}, []string{"demo-sso", "corp", "contractors", "old-sso"}}, // the demo's own first
		{[]string{"sso", "logout", "co"}, []string{"corp", "contractors"}},
		{[]string{"sso", "sync", "old"}, []string{"old-sso"}},
	} {
		r := w.mustRun("", append([]string{"__complete"}, tc.args...)...)
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
			if word, _, _ := strings.Cut(line, "\t"); !strings.HasPrefix(word, ":") {
				got = append(got, word)
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("__complete %q = %q, want %q", tc.args, got, tc.want)
		}
	}
}

// TestBashCompletesTargets loads cobra's bash script with the
// bash-completion package into a real bash and runs what TAB runs after
// `switchrole shell prod-c` and `switchrole env x --format p`.
func TestBashCompletesTargets(t *testing.T) {
	const lib = "/usr/share/bash-completion/bash_completion"
	if _, err := os.Stat(lib); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must have bash-completion (.ci/run installs it)")
		}
		t.Skip("no bash-completion")
	}
	w := newWorld(t)
	script := filepath.Join(w.home, "switchrole.bash")
	if err := os.WriteFile(script, []byte(w.mustRun("", "completion", "bash").stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	tab := func(line string) []string {
		t.Helper()
		words := strings.Fields(line)
		if strings.HasSuffix(line, " ") {
			words = append(words, "")
		}
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = "'" + w + "'"
		}
		prog := "source " + lib + "; source \"$1\"; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(" +
			strings.Join(quoted, " ") + "); COMP_CWORD=" + strconv.Itoa(len(words)-1) + "; __start_switchrole 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\""
		bash := exec.Command("bash", "--norc", "--noprofile", "-c", prog, "bash", script)
		bash.Env = append(w.vars, "PATH="+filepath.Dir(binary)+":"+os.Getenv("PATH"))
		out, err := bash.Output()
		if err != nil {
			t.Fatalf("bash completion of %q: %v", line, err)
		}
		return strings.Fields(string(out))
	}
	if got := tab("switchrole shell prod-c"); !slices.Contains(got, "prod-core/Admin") || !slices.Contains(got, "prod-core/ReadOnly") || slices.Contains(got, "prod-data/Admin") {
		t.Errorf("switchrole shell prod-c<TAB> = %q", got)
	}
	if got := tab("switchrole env x --format p"); strings.Join(got, " ") != "powershell" {
		t.Errorf("switchrole env x --format p<TAB> = %q", got)
	}
}

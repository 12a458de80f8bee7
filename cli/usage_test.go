package cli

import (
	"context"
	"strings"
	"testing"
)

// TestUsageErrorsSpeakInOneVoice runs a usage mistake on every command: each
// is a usage error (exit 2) in one sentence, and none carries cobra's or
// pflag's own wording.
func TestUsageErrorsSpeakInOneVoice(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"lisst"}, `"lisst" is not a switchrole command (did you mean "list"?)`},
		{[]string{"lisst", "--json"}, `did you mean "list"?`},
		{[]string{"nosuchcommand"}, `it has clear, completion, config,`},
		{[]string{"--nosuch"}, "switchrole has no flag --nosuch"},
		{[]string{"list", "--jsno"}, "switchrole list has no flag --jsno (did you mean --json?)"},
		{[]string{"list", "-x"}, "switchrole list has no flag -x"},
		{[]string{"list", "extra"}, `switchrole list takes no arguments; remove "extra"`},
		{[]string{"shell", "a", "b"}, `switchrole shell takes 1 argument ([TARGET]); remove "b"`},
		{[]string{"shell", "x", "--forse"}, "did you mean --force?"},
		{[]string{"env", "a", "b"}, `remove "b"`},
		{[]string{"env", "x", "--format"}, "--format needs a value"},
		{[]string{"env", "x", "--duration", "abc"}, `--duration "abc" is not a length of time`},
		{[]string{"env", "x", "--mfa-code", "abc"}, "--mfa-code takes the 6 digits"},
		{[]string{"exec", "x", "--mfa-code", "12345", "--", "true"}, "--mfa-code takes the 6 digits"},
		{[]string{"exec"}, "switchrole exec needs a TARGET and a command"},
		{[]string{"exec", "x"}, "switchrole exec needs a TARGET and a command"},
		{[]string{"exec", "--", "true"}, "switchrole exec needs a TARGET when there is no terminal"},
		{[]string{"env"}, "switchrole env needs a TARGET when there is no terminal"},
		{[]string{"console", "--print"}, "switchrole console needs a TARGET when there is no terminal"},
		{[]string{"credential-process", "a", "b"}, `remove "b"`},
		{[]string{"whoami", "x"}, "switchrole whoami takes no arguments"},
		{[]string{"console", "a", "b"}, `remove "b"`},
		{[]string{"console", "x", "--duration", "1d"}, "is not a length of time"},
		{[]string{"link", "a", "b"}, `remove "b"`},
		{[]string{"link", "--all", "--format", "url"}, "--format url is for a single link"},
		{[]string{"clear", "a", "b"}, `remove "b"`},
		{[]string{"config", "chek"}, `"chek" is not a switchrole config command (did you mean "check"?)`},
		{[]string{"config", "check", "x"}, "switchrole config check takes no arguments"},
		{[]string{"demo", "x"}, "switchrole demo takes no arguments"},
		{[]string{"demo", "--serv"}, "did you mean --serve?"},
		{[]string{"completion", "tcsh"}, `"tcsh" is not a switchrole completion command; it has bash, fish, powershell or zsh`},
		{[]string{"version", "x"}, "switchrole version takes no arguments"},
		{[]string{"---x"}, `"---x" is not a flag`},
		{[]string{"discover", "org", "--source", "x", "--role", "arn:aws:iam::222222222222:role/Admin"}, `--role "arn:aws:iam::222222222222:role/Admin": roles take names such as "Admin"`},
		{[]string{"discover", "org", "--source", "x", "--role", "Ad:min"}, `--role "Ad:min": role name "Ad:min" must be 1-64 letters`},
		{[]string{"discover", "org", "--source", "x", "--role", "team//Admin"}, `role path "/team//" must look like /team/`},
		{[]string{"discover", "org", "--source", "x", "--account-source", "jmup"}, `--account-source "jmup" is not a target`},
	} {
		s, out, errOut := TestStreams()
		err := Execute(context.Background(), tc.args, s)
		msg := Message(err)
		if ExitCode(err) != ExitUsage || !strings.Contains(msg, tc.want) {
			t.Errorf("%q: exit %d, %q; want exit 2 and %q", tc.args, ExitCode(err), msg, tc.want)
		}
		for _, cobra := range []string{"arg(s)", "unknown shorthand", "unknown command", "unknown flag", "invalid argument", "flag needs", "Usage:"} {
			if strings.Contains(msg, cobra) || strings.Contains(out.String()+errOut.String(), cobra) {
				t.Errorf("%q: cobra's wording %q reached the user: %q", tc.args, cobra, msg+out.String()+errOut.String())
			}
		}
		if strings.Contains(msg, "\n") {
			t.Errorf("%q: more than one line: %q", tc.args, msg)
		}
	}
}

func TestVersionFlag(t *testing.T) {
	s, out, _ := TestStreams()
	if err := Execute(context.Background(), []string{"--version"}, s); err != nil || out.String() != versionLine()+"\n" {
		t.Errorf("--version: %v, %q", err, out.String())
	}
}

func TestExecTakesACommandWithoutDashDash(t *testing.T) {
	root := NewRootCmd(&IOStreams{})
	for _, tc := range []struct{ in, want string }{
		{"exec prod aws s3 ls --recursive", "exec prod -- aws s3 ls --recursive"},
		{"exec --mfa-code 123456 prod ls -la", "exec --mfa-code 123456 prod -- ls -la"},
		{"-c f.toml exec prod --no-session-token ls", "-c f.toml exec prod --no-session-token -- ls"},
		{"exec prod -- ls -la", "exec prod -- ls -la"},
		{"exec --each prod aws sts get-caller-identity", "exec --each prod -- aws sts get-caller-identity"},
		{"exec --each=prod --parallel 2 ls -l", "exec --each=prod --parallel 2 -- ls -l"},
		{"exec prod", "exec prod"},
		{"env prod x", "env prod x"},
	} {
		if got := strings.Join(execCommandArgs(root, strings.Fields(tc.in)), " "); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.in, got, tc.want)
		}
	}
}

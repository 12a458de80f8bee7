package front

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseAcceptsTheFormsTheFrontAnswers(t *testing.T) {
	tests := []struct {
		args string
		want request
	}{
		{"list", request{cmd: "list"}},
		{"list --json", request{cmd: "list", json: true}},
		{"list --filter prdadm", request{cmd: "list", filter: "prdadm"}},
		{"list -f prdadm --json", request{cmd: "list", filter: "prdadm", json: true}},
		{"list --filter=a=b", request{cmd: "list", filter: "a=b"}},
		{"list --filter a --filter b", request{cmd: "list", filter: "b"}},
		{"credential-process prod/Admin", request{cmd: "credential-process", target: "prod/Admin"}},
		{"credential-process --config /c.toml prod/Admin", request{cmd: "credential-process", config: "/c.toml", target: "prod/Admin"}},
		{"credential-process prod/Admin -c /c.toml", request{cmd: "credential-process", config: "/c.toml", target: "prod/Admin"}},
		{"env prod/Admin", request{cmd: "env", target: "prod/Admin"}},
		{"env prod/Admin --format fish", request{cmd: "env", target: "prod/Admin", format: "fish"}},
		{"env --format=json prod/Admin", request{cmd: "env", target: "prod/Admin", format: "json"}},
		{"exec prod/Admin -- aws s3 ls", request{cmd: "exec", target: "prod/Admin", argv: []string{"aws", "s3", "ls"}}},
		{"exec prod/Admin -- sh -c --json", request{cmd: "exec", target: "prod/Admin", argv: []string{"sh", "-c", "--json"}}},
		{"exec --config=/c.toml prod/Admin -- -", request{cmd: "exec", config: "/c.toml", target: "prod/Admin", argv: []string{"-"}}},
		{"--config /c.toml list -f prdadm", request{cmd: "list", config: "/c.toml", filter: "prdadm"}},
		{"-c /c.toml credential-process prod/Admin", request{cmd: "credential-process", config: "/c.toml", target: "prod/Admin"}},
		{"--config=/c.toml exec prod/Admin -- true", request{cmd: "exec", config: "/c.toml", target: "prod/Admin", argv: []string{"true"}}},
	}
	for _, tt := range tests {
		got, ok := parse(strings.Fields(tt.args))
		if !ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parse(%q) = %+v, %v; want %+v", tt.args, got, ok, tt.want)
		}
	}
}

// Everything else goes to the engine, which knows every flag and says what
// is wrong with a command line.
func TestParseLeavesEverythingElseToTheEngine(t *testing.T) {
	for _, args := range []string{
		"",
		"version",
		"shell prod/Admin",
		"console prod/Admin",
		"--config /c.toml",
		"--config /c.toml version",
		"--json list",
		"-f x list",
		"--format json env prod/Admin",
		"-- list",
		"help list",
		"list --help",
		"list -h",
		"list extra",
		"list --json=false",
		"list --filter",
		"list --filter --json",
		"list -fprdadm",
		"list -f=prdadm",
		"list -- x",
		"credential-process",
		"credential-process a b",
		"credential-process prod/Admin --mfa-code 123456",
		"credential-process prod/Admin --no-session-token",
		"credential-process prod/Admin --duration 2h",
		"credential-process prod/Admin --session-name me",
		"credential-process prod/Admin --format json",
		"credential-process -- prod/Admin",
		"credential-process prod/Admin -c",
		"env prod/Admin --force",
		"env prod/Admin --format csv",
		"env prod/Admin --format JSON",
		"env prod/Admin extra",
		"exec prod/Admin",
		"exec prod/Admin true",
		"exec prod/Admin --",
		"exec -- true",
		"exec a b -- true",
		"exec prod/Admin --mfa-code=1 -- true",
	} {
		if r, ok := parse(strings.Fields(args)); ok {
			t.Errorf("parse(%q) = %+v; want it left to the engine", args, r)
		}
	}
}

package config

import (
	"strings"
	"testing"
)

func TestTOMLWalkPaths(t *testing.T) {
	doc := `[defaults]
roles = [
  "A",
  { name = "B", tags = ["x"] },
]
[sources.jump]
mfa_serial = "m"

[[accounts]]
name = "a"

[[accounts]]
name = "b"
roles = ["R"]
sub.key = 1
[accounts.extra]
k = 1
[[accounts.nested]]
n = 1
`
	got := map[string]int{}
	tomlWalk([]byte(doc), func(p []string, line int) { got[strings.Join(p, ".")] = line })
	want := map[string]int{
		"defaults": 1, "defaults.roles": 2, "defaults.roles.0": 3, "defaults.roles.1": 4, "defaults.roles.1.name": 4,
		"defaults.roles.1.tags.0": 4, "sources.jump": 6, "sources.jump.mfa_serial": 7,
		"accounts.0": 9, "accounts.0.name": 10, "accounts.1": 12, "accounts.1.name": 13, "accounts.1.roles.0": 14,
		"accounts.1.sub.key": 15, "accounts.1.extra": 16, "accounts.1.extra.k": 17, "accounts.1.nested.0": 18, "accounts.1.nested.0.n": 19,
	}
	for k, line := range want {
		if got[k] != line {
			t.Errorf("%s: line %d, want %d", k, got[k], line)
		}
	}
	ix := buildTOMLIndex([]byte(doc))
	if len(ix.accounts) != 2 || ix.accounts[1] != 12 || len(ix.defaultRoles) != 2 || ix.roles[1][0] != 14 || ix.sources["jump"] != 6 {
		t.Errorf("index = %+v", ix)
	}
	l := &tomlLines{data: []byte(doc)}
	if l.line("accounts", "1", "missing") != 12 || l.line("nothing") != 0 {
		t.Error("tomlLines fallback to the enclosing path")
	}
}

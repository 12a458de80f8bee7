package config

import (
	"reflect"
	"testing"

	"github.com/switchrole/switchrole/config/configtest"
)

// TestFastTOMLMatchesDecoder checks that the fast reader reads every file it
// accepts exactly as go-toml's decoder plus the line walk do, and that it
// hands everything else to the decoder.
func TestFastTOMLMatchesDecoder(t *testing.T) {
	const acct = "[[accounts]]\nname = \"a\"\nid = \"222222222222\"\n"
	tests := []struct {
		name string
		doc  string
		fast bool // the fast reader takes it
	}{
		{"starter", string(StarterFile()), true},
		{"generated", string(configtest.GenerateTOML(40, 9)), true},
		{"everything", "[defaults]\nregion = \"eu-west-1\"\nsession_duration = 3600\nrole_session_name = \"me\"\nfederation_url = \"http://x\"\nrefresh_window = \"5m\"\nroles = [\"A\", { name = \"B\", tags = [\"t\"], duration = 900, path = \"/p/\" }]\n" +
			"[sources.jump]\nprofile = \"jump\"\nmfa_serial = \"m\"\nmfa_process = \"p\"\nuse_session_token = false\nsession_duration = \"12h\"\ndefault = true\nregion = \"us-east-1\"\n" +
			acct + "color = \"red\"\nregion = \"us-east-1\"\ntags = []\ngroup = \"g\"\nsource = \"jump\"\nroles = [\n  \"A\", # comment\n  { name = \"C\", external_id = \"x\\u0041\" },\n]\n" +
			"[[accounts]]\nname = \"b\"\nid = 333333333333\n[[accounts]]\nname = 'c'\nid = '444444444444'\nroles = ['A']\n[[accounts]]\nname = 'd'\nid = '555555555555'\nroles = ['A']\n", true},
		{"crlf and spacing", "[ defaults ]\r\nregion='eu-west-1'\r\n[ sources . \"jump\" ]\r\n[[ accounts ]]\r\nname='a'\r\nid='222222222222'\r\nroles=['A']\r\n", true},
		{"unknown key", acct + "rolse = []\n", false},
		{"key case", "[[accounts]]\nName = \"a\"\n", false},
		{"duplicate key", acct + "name = \"b\"\n", false},
		{"duplicate table", "[defaults]\n[defaults]\n", false},
		{"duplicate source", "[sources.a]\n[sources.a]\n", false},
		{"dotted key", "sources.jump.default = true\n", false},
		{"inline sources", "[sources]\njump = { default = true }\n", false},
		{"array of role tables", acct + "[[accounts.roles]]\nname = \"A\"\n", false},
		{"wrong type", acct + "roles = \"A\"\n", false},
		{"float", "[defaults]\nsession_duration = 1.5\n", false},
		{"leading zero", "[[accounts]]\nid = 0222222222222\n", false},
		{"number role", acct + "roles = [3]\n", false},
		{"syntax error", acct + "roles = [\"A\"\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.doc)
			fast, fastIx, ok := readTOMLFast(data)
			if ok != tt.fast {
				t.Fatalf("fast reader took it: %v, want %v", ok, tt.fast)
			}
			if !ok {
				return
			}
			var probs problems
			slow, _ := decodeTOML("f", data, &probs)
			if slow == nil {
				t.Fatalf("decoder: %v", probs.err())
			}
			slowIx := buildTOMLIndex(data)
			// The decoder also keeps the raw roles lists.
			slow.Defaults.Roles = nil
			for i := range slow.Accounts {
				slow.Accounts[i].Roles = nil
			}
			if !reflect.DeepEqual(fast.Defaults, slow.Defaults) {
				t.Errorf("defaults\nfast %+v\nslow %+v", fast.Defaults, slow.Defaults)
			}
			if !reflect.DeepEqual(fast.Sources, slow.Sources) && (len(fast.Sources) != 0 || len(slow.Sources) != 0) {
				t.Errorf("sources\nfast %+v\nslow %+v", fast.Sources, slow.Sources)
			}
			if len(fast.Accounts) != len(slow.Accounts) {
				t.Fatalf("%d accounts, decoder %d", len(fast.Accounts), len(slow.Accounts))
			}
			for i := range fast.Accounts {
				if !reflect.DeepEqual(fast.Accounts[i], slow.Accounts[i]) {
					t.Errorf("account %d\nfast %+v\nslow %+v", i, fast.Accounts[i], slow.Accounts[i])
				}
				if f, s := fastIx.rolesOf(i), slowIx.rolesOf(i); !reflect.DeepEqual(f, s) {
					t.Errorf("account %d role lines %v, walk %v", i, f, s)
				}
			}
			if !reflect.DeepEqual(fastIx.accounts, slowIx.accounts) || !reflect.DeepEqual(fastIx.defaultRoles, slowIx.defaultRoles) || !reflect.DeepEqual(fastIx.sources, slowIx.sources) {
				t.Errorf("index\nfast %+v\nslow %+v", *fastIx, *slowIx)
			}
		})
	}
}

package config

import (
	"reflect"
	"strings"
	"testing"

	"github.com/switchrole/switchrole/config/configtest"
)

// TestFastTOMLMatchesDecoder checks that the fast reader reads every file it
// accepts exactly as go-toml's decoder plus the line walk do, and that it
// hands everything else to the decoder.
func TestFastTOMLMatchesDecoder(t *testing.T) {
	const acct = "[[accounts]]\nname = \"a\"\nid = \"222222222222\"\n"
	big := string(configtest.GenerateTOML(300, 20)) // read in two halves
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
		{"sso", "[defaults]\nsso_name = \"{session}/{account}/{role}\"\nsso_listing_max_age = \"12h\"\n[sso.corp]\nstart_url = \"https://d-1.awsapps.com/start\"\nregion = \"eu-west-1\"\nscopes = [\"sso:account:access\"]\nname = \"{account}/{role}\"\n[sso.other]\nregion = \"us-east-1\"\n" + acct, true},
		{"duplicate sso", "[sso.a]\n[sso.a]\n", false},
		{"unknown sso key", "[sso.a]\nstrat_url = \"x\"\n", false},
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
		{"large", big, true},
		{"large, source after the middle", big + "[sources.late]\nprofile = \"p\"\n", true},
		{"large, defaults after the middle", strings.Replace(big, "[defaults]\nregion = \"eu-west-1\"\nsession_duration = \"1h\"\n", "", 1) + "[defaults]\nregion = \"eu-west-1\"\n", true},
		{"large, duplicate source across the halves", big + "[sources.jump]\n", false},
		{"large, split inside a multi-line string", headerInString(big), true},
		{"large, syntax error after the middle", big + "[[accounts]]\nname =\n", false},
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

// headerInString puts, at the middle of a large document, an account whose
// group is a multi-line string holding an "[[accounts]]" line: the first
// place readTOMLFast would split at.
func headerInString(big string) string {
	half := big[:len(big)/2]
	half = half[:strings.LastIndex(half, "\n[[accounts]]")+1]
	// The new middle falls in the filler, before the string's header line.
	filler := strings.Repeat("not a header\n", len(big)/26)
	return half + "[[accounts]]\nname = \"odd\"\nid = \"999999999999\"\ngroup = \"\"\"\n" +
		filler + "[[accounts]]\n\"\"\"\n" + big[len(half):]
}

// TestTOMLHalvesAgree checks that a large file is really read in two halves,
// and into exactly what one reader makes of it; and that a split the halves
// cannot vouch for is refused.
func TestTOMLHalvesAgree(t *testing.T) {
	big := configtest.GenerateTOML(300, 20)
	at := splitPoint(big)
	if len(big) < splitMinBytes || at == 0 {
		t.Fatalf("%d bytes, split at %d: the test needs a file that is split", len(big), at)
	}
	doc, ix, ok := readTOMLHalves(big, at)
	if !ok {
		t.Fatal("the halves refused the generated file")
	}
	one := newFastReader(big, 1, false)
	if !one.read() {
		t.Fatal("one reader refused the generated file")
	}
	if !reflect.DeepEqual(*doc, one.doc) || !reflect.DeepEqual(*ix, one.ix) {
		t.Error("two halves and one reader disagree")
	}

	odd := []byte(headerInString(string(big)))
	at = splitPoint(odd)
	if !strings.HasSuffix(string(odd[:at]), "not a header\n") {
		t.Fatalf("the odd file is split after %q, not inside its string", odd[at-40:at])
	}
	if _, _, ok := readTOMLHalves(odd, at); ok {
		t.Error("a split inside a multi-line string was accepted")
	}
}

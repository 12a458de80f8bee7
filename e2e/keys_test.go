package e2e

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/switchrole/switchrole/demo"
	"github.com/switchrole/switchrole/internal/fakeaws"
)

const (
	demoKeyID  = "AKIADEMOALICE0000001"
	demoSecret = "demo/secret/for/the/offline/fake/only"
)

// TestKeysInTheKeyringWorkLikeKeysInTheFile: the demo's jump keys move to
// the file keyring; the profile hands its credentials to switchrole; roles
// work as before, warm calls never open the keyring, and no file holds the
// secret in clear.
func TestKeysInTheKeyringWorkLikeKeysInTheFile(t *testing.T) {
	w := newWorld(t)
	w.setenv("SWITCHROLE_KEYRING_BACKEND", "file")
	w.setenv("SWITCHROLE_KEYRING_PASSPHRASE", "correct horse battery")

	awsDir := filepath.Join(w.env.Dir, "aws")
	credsFile, configFile := filepath.Join(awsDir, "credentials"), filepath.Join(awsDir, "config")
	os.Chmod(credsFile, 0o640)
	before, _ := os.ReadFile(credsFile)
	r := w.mustRun("", "keys", "import", "--dry-run", "--credential-process")
	if !strings.Contains(r.stdout, "[demo-jump] remove line 2 (aws_access_key_id = AKIA…0001) and line 3") ||
		!strings.Contains(r.stdout, "credential_process = "+binary+" credential-process demo-jump") {
		t.Errorf("keys import --dry-run: %s", r)
	}
	assertNoSecrets(t, r.stdout+r.stderr, demoSecret, demoKeyID)
	if after, _ := os.ReadFile(credsFile); string(after) != string(before) {
		t.Error("--dry-run changed the credentials file")
	}

	r = w.mustRun("", "keys", "import", "--credential-process", "demo-jump")
	if !strings.Contains(r.stderr, "demo-jump: AKIA…0001 moved from") {
		t.Errorf("keys import: %s", r)
	}
	assertNoSecrets(t, r.stdout+r.stderr, demoSecret)
	if after, _ := os.ReadFile(credsFile); len(after) != 0 {
		t.Errorf("the emptied section stayed: %q", after)
	}
	if fi, _ := os.Stat(credsFile); fi.Mode().Perm() != 0o640 {
		t.Errorf("credentials file mode %o, want 0640 kept", fi.Mode().Perm())
	}
	if conf, _ := os.ReadFile(configFile); string(conf) != "[profile demo-jump]\nregion = us-east-1\ncredential_process = "+binary+" credential-process demo-jump\n\n"+
		"[sso-session demo-sso]\nsso_start_url = https://d-9000000000.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n" {
		t.Errorf("config after import: %q", conf)
	}

	w.mustRun("", "credential-process", "prod-core/ReadOnly", "--mfa-code", w.code())
	used := w.lastSessionTokenKey()
	if used != demoKeyID {
		t.Errorf("GetSessionToken was signed with %q, want the keyring's key", used)
	}

	// A warm call never touches the keyring: with a wrong passphrase it
	// still answers from the cache.
	w.setenv("SWITCHROLE_KEYRING_PASSPHRASE", "wrong")
	w.mustRun("", "credential-process", "prod-core/ReadOnly")
	w.mustRun("", "credential-process", "staging-data/DataScientist") // cold role, cached MFA session
	w.setenv("SWITCHROLE_KEYRING_PASSPHRASE", "correct horse battery")

	// The AWS CLI keeps working with the profile, through switchrole.
	if _, err := os.Stat(awsCLI); err == nil {
		arn := runAWS(t, w.vars, "sts", "get-caller-identity", "--profile", "demo-jump", "--endpoint-url", w.env.Server.URL(), "--query", "Arn", "--output", "text")
		if !strings.Contains(arn, ":user/alice") {
			t.Errorf("the AWS CLI with the imported profile is %q", arn)
		}
	}

	r = w.mustRun("", "keys", "list")
	if !strings.Contains(r.stdout, "keyring: file (forced by SWITCHROLE_KEYRING_BACKEND)") || !strings.Contains(r.stdout, "AKIA…0001") {
		t.Errorf("keys list: %s", r)
	}
	var listed struct {
		Backend string
		Keys    []struct {
			Source      string
			AccessKeyID string `json:"access_key_id"`
		} `json:"keys"`
	}
	r = w.mustRun("", "keys", "list", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &listed); err != nil || listed.Backend != "file" || len(listed.Keys) != 1 || listed.Keys[0].Source != "jump" || listed.Keys[0].AccessKeyID != "AKIA…0001" {
		t.Errorf("keys list --json: %v\n%s", err, r.stdout)
	}
	assertNoSecrets(t, r.stdout, demoKeyID, demoSecret)

	for _, root := range []string{w.home, w.env.Dir} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), demoSecret) {
				t.Errorf("%s holds the long-term secret in clear", p)
			}
			return nil
		})
	}

	if r := w.mustRun("", "status"); !strings.Contains(r.stdout, "keyring: file (forced by SWITCHROLE_KEYRING_BACKEND), holding the keys of jump") {
		t.Errorf("status: %s", r.stdout)
	}
	w.mustRun("", "logout")
	w.mustRun("", "keys", "remove", "demo-jump")
	r = w.run("", "credential-process", "prod-core/ReadOnly", "--mfa-code", w.code())
	if r.code == 0 || !strings.Contains(r.stderr, "switchrole keys add jump") {
		t.Errorf("without keys anywhere: %s", r)
	}
}

// TestKeysImportWithoutCredentialProcessForAWSProfiles (issue 12): a user
// with AWS profiles only (no switchrole file) moves the jump keys into the
// keyring without --credential-process. ~/.aws/config is not touched, so
// the AWS CLI sees the same profiles and settings; [profile demo-jump] now
// has no credentials, and the roles that name it as source_profile still
// work, with the keyring's keys. Without keys anywhere, using a role fails
// with one sentence naming `switchrole keys add`.
func TestKeysImportWithoutCredentialProcessForAWSProfiles(t *testing.T) {
	w, credsFile, configFile := awsProfilesOnlyWorld(t)
	config := "[profile demo-jump]\nregion = us-east-1\nmfa_serial = " + demo.MFASerial + "\n\n" +
		"[profile prod-admin]\nrole_arn = arn:aws:iam::210000000001:role/Admin\nsource_profile = demo-jump\n"
	if err := os.WriteFile(configFile, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	awsView := func() string {
		if _, err := os.Stat(awsCLI); err != nil {
			return ""
		}
		return runAWS(t, w.vars, "configure", "list-profiles") +
			runAWS(t, w.vars, "configure", "get", "mfa_serial", "--profile", "demo-jump") +
			runAWS(t, w.vars, "configure", "get", "source_profile", "--profile", "prod-admin")
	}
	before := awsView()

	r := w.mustRun("", "keys", "import", "demo-jump")
	if !strings.Contains(r.stderr, "demo-jump: AKIA…0001 moved from") {
		t.Errorf("keys import: %s", r)
	}
	if b, _ := os.ReadFile(credsFile); len(b) != 0 {
		t.Errorf("credentials after import: %q", b)
	}
	if b, _ := os.ReadFile(configFile); string(b) != config {
		t.Errorf("keys import without --credential-process changed ~/.aws/config: %q", b)
	}
	if after := awsView(); after != before {
		t.Errorf("the AWS CLI sees %q after the import, %q before", after, before)
	}

	r = w.mustRun("", "config", "check")
	if !strings.Contains(r.stdout, "note: demo-jump has no keys in the AWS files; switchrole reads them from the file keyring, which holds them") ||
		!strings.Contains(r.stdout, "ok: 2 targets") || r.stderr != "" {
		t.Errorf("config check: %s", r)
	}
	if r := w.mustRun("", "list"); r.stderr != "" || !strings.Contains(r.stdout, "prod-admin") {
		t.Errorf("list: %s", r)
	}

	r = w.mustRun("", "exec", "prod-admin", "--mfa-code", w.code(), "--", "sh", "-c", "echo $SWITCHROLE_TARGET")
	if strings.TrimSpace(r.stdout) != "prod-admin" {
		t.Errorf("exec prod-admin: %s", r)
	}
	used := w.lastSessionTokenKey()
	if used != demoKeyID {
		t.Errorf("GetSessionToken was signed with %q, want the keyring's key", used)
	}

	w.mustRun("", "logout")
	w.mustRun("", "keys", "remove", "demo-jump")
	r = w.run("", "exec", "prod-admin", "--mfa-code", w.code(), "--", "true")
	if r.code != 1 || !strings.Contains(r.stderr, "switchrole keys add demo-jump") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("exec without keys anywhere: %s", r)
	}
	r = w.run("", "config", "check")
	if r.code != 2 || !strings.Contains(r.stderr, `profile "demo-jump" has no keys in the AWS files, so switchrole reads them from the file keyring, which holds none for it: add them with `+"`switchrole keys add demo-jump`") {
		t.Errorf("config check without keys: %s", r)
	}
}

func TestConfigCheckSaysTheFileWinsOverTheKeyring(t *testing.T) {
	w := newWorld(t)
	w.setenv("SWITCHROLE_KEYRING_BACKEND", "file")
	w.setenv("SWITCHROLE_KEYRING_PASSPHRASE", "pw")
	if r := w.mustRun("", "config", "check"); strings.Contains(r.stdout, "note:") {
		t.Errorf("config check notes something before any keyring use: %s", r.stdout)
	}
	w.mustRun("AKIADEMOALICE0000009\n"+demoSecret+"\n", "keys", "add", "jump")
	r := w.mustRun("", "config", "check")
	if !strings.Contains(r.stdout, "note: jump has keys both in ") || !strings.Contains(r.stdout, "the file's are used") {
		t.Errorf("config check: %s", r.stdout)
	}
	// And the file's keys are the ones used.
	w.mustRun("", "credential-process", "prod-core/ReadOnly", "--mfa-code", w.code())
	for _, req := range w.env.Server.Requests() {
		if req.Action == "GetSessionToken" && req.AccessKeyID != demoKeyID {
			t.Errorf("GetSessionToken signed with %s, want the file's key", req.AccessKeyID)
		}
	}
}

func TestKeysAddRefusesWhatIsNotALongTermKey(t *testing.T) {
	w := newWorld(t)
	w.setenv("SWITCHROLE_KEYRING_BACKEND", "file")
	w.setenv("SWITCHROLE_KEYRING_PASSPHRASE", "pw")
	r := w.run("ASIATEMPORARY0000001\n"+demoSecret+"\n", "keys", "add", "jump")
	if r.code != 2 || !strings.Contains(r.stderr, "temporary credentials") {
		t.Errorf("temporary keys: %s", r)
	}
	assertNoSecrets(t, r.stderr, demoSecret)
	if r := w.run("", "keys", "add", "prod-core/Admin"); r.code != 2 || !strings.Contains(r.stderr, "is a role") {
		t.Errorf("keys for a role: %s", r)
	}
}

// lastSessionTokenKey is the access key id the last GetSessionToken the
// fake AWS received was signed with.
func (w *world) lastSessionTokenKey() string {
	used := ""
	for _, req := range w.env.Server.Requests() {
		if req.Action == "GetSessionToken" {
			used = req.AccessKeyID
		}
	}
	return used
}

// importDemoKeys moves the demo's jump keys into the file keyring with
// keys import --credential-process.
func importDemoKeys(t *testing.T, w *world) {
	t.Helper()
	w.setenv("SWITCHROLE_KEYRING_BACKEND", "file")
	w.setenv("SWITCHROLE_KEYRING_PASSPHRASE", "correct horse battery")
	w.mustRun("", "keys", "import", "--credential-process", "demo-jump")
}

func TestKeysRotate(t *testing.T) {
	w := newWorld(t)
	importDemoKeys(t, w)

	w.env.Server.SetFault(fakeaws.Fault{Status: 500, Code: "ServiceFailure", Message: "IAM is down", Count: 1, Actions: []string{"CreateAccessKey"}})
	r := w.run("", "keys", "rotate", "jump")
	if r.code != 1 || !strings.Contains(r.stderr, "CreateAccessKey for jump failed, nothing changed") {
		t.Errorf("rotate with CreateAccessKey failing: %s", r)
	}
	if keys := w.env.Server.AccessKeys("alice"); len(keys) != 1 || keys[0] != demoKeyID {
		t.Errorf("after a failed CreateAccessKey alice has %v", keys)
	}

	r = w.mustRun("", "keys", "rotate", "jump")
	keys := w.env.Server.AccessKeys("alice")
	if len(keys) != 1 || keys[0] == demoKeyID {
		t.Fatalf("after rotate alice has %v", keys)
	}
	newID := keys[0]
	if !strings.Contains(r.stderr, "AKIA…0001 replaced by "+newID[:4]+"…"+newID[16:]) {
		t.Errorf("rotate: %s", r)
	}
	w.mustRun("", "credential-process", "prod-core/ReadOnly", "--mfa-code", w.code())
	used := w.lastSessionTokenKey()
	if used != newID {
		t.Errorf("after rotate GetSessionToken was signed with %s, want the new key %s", used, newID)
	}

	// The old key cannot be deleted: the new one is in the keyring already.
	w.env.Server.SetFault(fakeaws.Fault{Status: 500, Code: "ServiceFailure", Message: "IAM is down", Count: 1, Actions: []string{"DeleteAccessKey"}})
	r = w.run("", "keys", "rotate", "jump")
	if r.code != 1 || !strings.Contains(r.stderr, "is in the keyring and works, but deleting the old key "+newID+" failed") {
		t.Errorf("rotate with DeleteAccessKey failing: %s", r)
	}
	keys = w.env.Server.AccessKeys("alice")
	if len(keys) != 2 {
		t.Fatalf("alice has %v", keys)
	}
	if r := w.mustRun("", "keys", "list"); !strings.Contains(r.stdout, keys[1][:4]+"…"+keys[1][16:]) {
		t.Errorf("the keyring does not hold the newest key: %s", r.stdout)
	}
}

// TestKeysImportKeepsAProfileDeclaredOnlyInTheCredentialsFile: when the
// jump profile exists only as [demo-jump] in ~/.aws/credentials (keys
// there, roles in ~/.aws/config naming it as source_profile), moving its
// keys out must not delete the profile: the roles would then name a
// source that does not exist, for switchrole and for every AWS tool.
func TestKeysImportKeepsAProfileDeclaredOnlyInTheCredentialsFile(t *testing.T) {
	w, credsFile, configFile := awsProfilesOnlyWorld(t)
	config := "[profile prod-admin]\nrole_arn = arn:aws:iam::210000000001:role/Admin\nsource_profile = demo-jump\nmfa_serial = " + demo.MFASerial + "\n"
	creds := "[demo-jump]\naws_access_key_id = " + demoKeyID + "\naws_secret_access_key = " + demoSecret + "\n"
	if err := os.WriteFile(configFile, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(credsFile, []byte(creds), 0o600); err != nil {
		t.Fatal(err)
	}

	w.mustRun("", "keys", "import", "demo-jump")
	if b, _ := os.ReadFile(credsFile); string(b) != "[demo-jump]\n" {
		t.Errorf("credentials after import: %q, want the profile's header kept", b)
	}
	if r := w.mustRun("", "config", "check"); r.stderr != "" || !strings.Contains(r.stdout, "ok: 2 targets") {
		t.Errorf("config check: %s", r)
	}
	r := w.mustRun("", "exec", "prod-admin", "--mfa-code", w.code(), "--", "sh", "-c", "echo $SWITCHROLE_TARGET")
	if strings.TrimSpace(r.stdout) != "prod-admin" {
		t.Errorf("exec prod-admin: %s", r)
	}
	if used := w.lastSessionTokenKey(); used != demoKeyID {
		t.Errorf("GetSessionToken was signed with %q, want the keyring's key", used)
	}
}

// awsProfilesOnlyWorld is a user of AWS profiles alone (no switchrole
// config file) with the file keyring; it returns the AWS files' paths.
func awsProfilesOnlyWorld(t *testing.T) (w *world, credsFile, configFile string) {
	t.Helper()
	w = newWorld(t)
	if err := os.Remove(w.env.ConfigFile); err != nil {
		t.Fatal(err)
	}
	w.unsetenv("SWITCHROLE_CONFIG")
	w.setenv("SWITCHROLE_KEYRING_BACKEND", "file")
	w.setenv("SWITCHROLE_KEYRING_PASSPHRASE", "correct horse battery")
	awsDir := filepath.Join(w.env.Dir, "aws")
	return w, filepath.Join(awsDir, "credentials"), filepath.Join(awsDir, "config")
}

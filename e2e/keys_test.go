package e2e

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
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

	r := w.mustRun(demoKeyID+"\n"+demoSecret+"\n", "keys", "add", "jump")
	if !strings.Contains(r.stderr, "jump: AKIA…0001 stored in the file keyring") {
		t.Errorf("keys add: %s", r)
	}
	assertNoSecrets(t, r.stdout+r.stderr, demoSecret)

	awsDir := filepath.Join(w.env.Dir, "aws")
	if err := os.WriteFile(filepath.Join(awsDir, "credentials"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	config := "[profile demo-jump]\nregion = us-east-1\ncredential_process = " + binary + " credential-process demo-jump\n"
	if err := os.WriteFile(filepath.Join(awsDir, "config"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}

	w.mustRun("", "credential-process", "prod-core/ReadOnly", "--mfa-code", w.code())
	var used string
	for _, req := range w.env.Server.Requests() {
		if req.Action == "GetSessionToken" {
			used = req.AccessKeyID
		}
	}
	if used != demoKeyID {
		t.Errorf("GetSessionToken was signed with %q, want the keyring's key", used)
	}

	// A warm call never touches the keyring: with a wrong passphrase it
	// still answers from the cache.
	w.setenv("SWITCHROLE_KEYRING_PASSPHRASE", "wrong")
	w.mustRun("", "credential-process", "prod-core/ReadOnly")
	w.mustRun("", "credential-process", "staging-data/DataScientist") // cold role, cached MFA session
	w.setenv("SWITCHROLE_KEYRING_PASSPHRASE", "correct horse battery")

	r = w.mustRun("", "keys", "list")
	if !strings.Contains(r.stdout, "keyring: file (forced by SWITCHROLE_KEYRING_BACKEND)") || !strings.Contains(r.stdout, "jump") || !strings.Contains(r.stdout, "AKIA…0001") {
		t.Errorf("keys list: %s", r)
	}
	var listed struct {
		Backend string
		Keys    []struct{ Source, AccessKeyID, Backend string } `json:"keys"`
	}
	r = w.mustRun("", "keys", "list", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &listed); err != nil || listed.Backend != "file" || len(listed.Keys) != 1 || listed.Keys[0].Source != "jump" {
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

	w.mustRun("", "logout")
	w.mustRun("", "keys", "remove", "jump")
	r = w.run("", "credential-process", "prod-core/ReadOnly", "--mfa-code", w.code())
	if r.code == 0 || !strings.Contains(r.stderr, "switchrole keys add jump") {
		t.Errorf("without keys anywhere: %s", r)
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

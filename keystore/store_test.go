package keystore

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var alice = Keys{AccessKeyID: "AKIAALICE00000000001", SecretAccessKey: "alice/secret/key/000000000000000000000001"}

// env is a fake environment: a temporary HOME and nothing else, so no
// test reaches the user's real keyring.
func env(t *testing.T, kv ...string) func(string) string {
	t.Helper()
	m := map[string]string{"HOME": t.TempDir()}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// roundTrip stores, reads, replaces and removes keys through s.
func roundTrip(t *testing.T, s *Store) {
	t.Helper()
	if _, ok, err := s.Get("jump"); ok || err != nil {
		t.Fatalf("Get before Set = %v, %v", ok, err)
	}
	if err := s.Set("jump", alice); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Get("jump")
	if err != nil || !ok || got != alice {
		t.Fatalf("Get = %+v, %v, %v", got, ok, err)
	}
	if has, err := s.Has("jump"); !has || err != nil {
		t.Errorf("Has(jump) = %v, %v", has, err)
	}
	if has, err := s.Has("other"); has || err != nil {
		t.Errorf("Has(other) = %v, %v", has, err)
	}
	if _, ok, _ := s.Get("other"); ok {
		t.Error("another source sees jump's keys")
	}
	rotated := Keys{AccessKeyID: "AKIAALICE00000000002", SecretAccessKey: "rotated/secret/0000000000000000000000002"}
	if err := s.Set("jump", rotated); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := s.Get("jump"); got != rotated {
		t.Errorf("after a second Set, Get = %+v", got)
	}
	if ok, err := s.Remove("jump"); !ok || err != nil {
		t.Errorf("Remove = %v, %v", ok, err)
	}
	if ok, err := s.Remove("jump"); ok || err != nil {
		t.Errorf("second Remove = %v, %v", ok, err)
	}
	if _, ok, _ := s.Get("jump"); ok {
		t.Error("keys still there after Remove")
	}
}

func TestFileBackend(t *testing.T) {
	getenv := env(t, EnvBackend, "file", EnvPassphrase, "correct horse")
	s, err := Open(Options{Getenv: getenv})
	if err != nil {
		t.Fatal(err)
	}
	if s.Backend != File || !strings.Contains(s.Why, EnvBackend) {
		t.Errorf("backend %s because %q", s.Backend, s.Why)
	}
	roundTrip(t, s)

	if err := s.Set("jump", alice); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(getenv("HOME"), ".local", "share", "switchrole", "keyring")
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("file keyring holds %d files", len(entries))
	}
	fi, _ := os.Stat(dir)
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("keyring directory mode %o", fi.Mode().Perm())
	}
	data, _ := os.ReadFile(filepath.Join(dir, entries[0].Name()))
	if strings.Contains(string(data), alice.SecretAccessKey) || strings.Contains(string(data), alice.AccessKeyID) || strings.Contains(string(data), "jump") {
		t.Error("the file holds the keys or the source's name in clear")
	}
	fi, _ = os.Stat(filepath.Join(dir, entries[0].Name()))
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("keyring file mode %o", fi.Mode().Perm())
	}

	wrong, _ := Open(Options{Getenv: func(k string) string {
		if k == EnvPassphrase {
			return "wrong"
		}
		return getenv(k)
	}})
	if _, _, err := wrong.Get("jump"); err == nil || !strings.Contains(err.Error(), "wrong passphrase") || strings.Contains(err.Error(), alice.SecretAccessKey) {
		t.Errorf("Get with a wrong passphrase = %v", err)
	}
	noPass, _ := Open(Options{Getenv: func(k string) string {
		if k == EnvPassphrase {
			return ""
		}
		return getenv(k)
	}})
	if _, _, err := noPass.Get("jump"); err == nil || !strings.Contains(err.Error(), EnvPassphrase) {
		t.Errorf("Get without a passphrase or prompt = %v", err)
	}
	asked := ""
	prompted, _ := Open(Options{Getenv: func(k string) string {
		if k == EnvPassphrase {
			return ""
		}
		return getenv(k)
	}, Passphrase: func(p string) (string, error) { asked = p; return "correct horse", nil }})
	if got, ok, err := prompted.Get("jump"); !ok || err != nil || got != alice || asked == "" {
		t.Errorf("Get with a prompted passphrase = %+v, %v, %v (asked %q)", got, ok, err, asked)
	}
}

func TestAutoChoiceWithoutAnyKeyringIsTheFile(t *testing.T) {
	s, err := Open(Options{Getenv: env(t)})
	if err != nil {
		t.Fatal(err)
	}
	if s.Backend != File || !strings.Contains(s.Why, "no Secret Service") {
		t.Errorf("backend %s because %q", s.Backend, s.Why)
	}
}

func TestForcingTheKeychainOffMacOS(t *testing.T) {
	if runtime.GOOS == "darwin" {
		t.Skip("macOS has a Keychain")
	}
	if _, err := Open(Options{Getenv: env(t, EnvBackend, "keychain")}); err == nil || !strings.Contains(err.Error(), "no macOS Keychain") {
		t.Errorf("err = %v", err)
	}
}

func TestForcingAnUnknownBackend(t *testing.T) {
	_, err := Open(Options{Getenv: env(t, EnvBackend, "vault")})
	if err == nil || !strings.Contains(err.Error(), `SWITCHROLE_KEYRING_BACKEND="vault"`) {
		t.Errorf("err = %v", err)
	}
}

func TestCheckKeysAndMask(t *testing.T) {
	for _, k := range []Keys{
		{AccessKeyID: "AKIA123", SecretAccessKey: alice.SecretAccessKey},
		{AccessKeyID: "ASIAALICE00000000001", SecretAccessKey: alice.SecretAccessKey},
		{AccessKeyID: "akiaalice00000000001", SecretAccessKey: alice.SecretAccessKey},
		{AccessKeyID: alice.AccessKeyID, SecretAccessKey: "short"},
		{AccessKeyID: alice.AccessKeyID, SecretAccessKey: "has a space in it somewhere"},
	} {
		if err := CheckKeys(k); err == nil || strings.Contains(err.Error(), k.SecretAccessKey) {
			t.Errorf("CheckKeys(%s) = %v", k.AccessKeyID, err)
		}
	}
	if err := CheckKeys(alice); err != nil {
		t.Error(err)
	}
	if got := Mask("AKIAIOSFODNN7EXAMPLE"); got != "AKIA…MPLE" {
		t.Errorf("Mask = %q", got)
	}
}

// TestSecretService runs the inner test under a private D-Bus session
// with gnome-keyring-daemon unlocked in a temporary HOME: a real Secret
// Service that is not the user's.
func TestSecretService(t *testing.T) {
	if os.Getenv("KEYSTORE_INNER") == "1" {
		t.Skip("inside the private session")
	}
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("CI must have %s (.ci/run installs gnome-keyring and dbus)", tool)
			}
			t.Skipf("no %s", tool)
		}
	}
	home := t.TempDir()
	script := `echo keyring-test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 && exec "$0" -test.run '^TestSecretServiceInner$' -test.count=1 -test.v`
	cmd := exec.Command("dbus-run-session", "--", "sh", "-c", script, os.Args[0])
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "KEYSTORE_INNER=1", "XDG_RUNTIME_DIR=" + home}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestSecretServiceInner") {
		t.Fatalf("inner test: %v\n%s", err, out)
	}
}

func TestSecretServiceInner(t *testing.T) {
	if os.Getenv("KEYSTORE_INNER") != "1" {
		t.Skip("runs only inside TestSecretService's private D-Bus session")
	}
	s, err := Open(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Backend != SecretService {
		t.Fatalf("chose %s because %q; want the Secret Service", s.Backend, s.Why)
	}
	roundTrip(t, s)
}

// TestPassBackend runs pass for real, with a throw-away gpg key in a
// temporary GNUPGHOME and a temporary store.
func TestPassBackend(t *testing.T) {
	for _, tool := range []string{"pass", "gpg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s", tool)
		}
	}
	gnupg := filepath.Join(t.TempDir(), "gnupg")
	os.Mkdir(gnupg, 0o700)
	t.Setenv("GNUPGHOME", gnupg)
	gen := exec.Command("gpg", "--batch", "--passphrase", "", "--quick-gen-key", "switchrole-test@example.invalid", "default", "default", "never")
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("gpg --quick-gen-key: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("gpgconf", "--kill", "gpg-agent").Run() })
	store := filepath.Join(t.TempDir(), "store")
	getenv := env(t, "PASSWORD_STORE_DIR", store)
	init := exec.Command("pass", "init", "switchrole-test@example.invalid")
	init.Env = append(os.Environ(), "PASSWORD_STORE_DIR="+store)
	if out, err := init.CombinedOutput(); err != nil {
		t.Fatalf("pass init: %v\n%s", err, out)
	}
	s, err := Open(Options{Getenv: getenv})
	if err != nil {
		t.Fatal(err)
	}
	if s.Backend != Pass || !strings.Contains(s.Why, store) {
		t.Fatalf("chose %s because %q; want pass", s.Backend, s.Why)
	}
	roundTrip(t, s)
	if err := s.Set("jump", alice); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(store, "switchrole", "jump.gpg"))
	if len(data) == 0 || strings.Contains(string(data), alice.SecretAccessKey) {
		t.Error("pass's entry is missing or holds the secret in clear")
	}
}

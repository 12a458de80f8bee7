package awsfiles

import (
	"os"
	"path/filepath"
	"testing"
)

const creds = `# my keys
[default]
aws_access_key_id = AKIADEFAULT000000001
aws_secret_access_key = default/secret/000000000000000000000001

[jump]   ; the jump user
aws_access_key_id=AKIAJUMP000000000001
region = eu-west-1
  aws_secret_access_key = "jump/secret/0000000000000000000000001" # quoted
[empty-after]
aws_access_key_id = AKIAEMPTY00000000001
aws_secret_access_key = empty/secret/00000000000000000000000001

[other]
aws_access_key_id = AKIAOTHER00000000001
`

func TestRemoveKeysKeepsEveryOtherByte(t *testing.T) {
	out, k, err := RemoveKeys([]byte(creds), "jump", false)
	if err != nil {
		t.Fatal(err)
	}
	// The indented secret is a key of its own (it follows a key with a value).
	if k.AccessKeyID != "AKIAJUMP000000000001" || k.SecretAccessKey != "jump/secret/0000000000000000000000001" || k.IDLine != 7 || k.SecretLine != 9 {
		t.Errorf("keys = %+v", k)
	}
	want := `# my keys
[default]
aws_access_key_id = AKIADEFAULT000000001
aws_secret_access_key = default/secret/000000000000000000000001

[jump]   ; the jump user
region = eu-west-1
[empty-after]
aws_access_key_id = AKIAEMPTY00000000001
aws_secret_access_key = empty/secret/00000000000000000000000001

[other]
aws_access_key_id = AKIAOTHER00000000001
`
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}

	out, _, err = RemoveKeys([]byte(creds), "empty-after", false)
	if err != nil {
		t.Fatal(err)
	}
	if want := creds[:len(creds)-len("[empty-after]\naws_access_key_id = AKIAEMPTY00000000001\naws_secret_access_key = empty/secret/00000000000000000000000001\n\n[other]\naws_access_key_id = AKIAOTHER00000000001\n")] +
		"[other]\naws_access_key_id = AKIAOTHER00000000001\n"; string(out) != want {
		t.Errorf("emptied section not removed:\n%s", out)
	}

	if _, _, err := RemoveKeys([]byte(creds), "other", false); err != ErrNoKeys {
		t.Errorf("half a key pair: err = %v", err)
	}
	if _, _, err := RemoveKeys([]byte("[t]\naws_access_key_id = ASIA0000000000000001\naws_secret_access_key = s\naws_session_token = tok\n"), "t", false); err == nil {
		t.Error("temporary credentials accepted")
	}
	crlf := "[a]\r\naws_access_key_id = AKIAA000000000000001\r\naws_secret_access_key = secret/a/000000000000000000000000001\r\nregion = x\r\n"
	if out, _, _ := RemoveKeys([]byte(crlf), "a", false); string(out) != "[a]\r\nregion = x\r\n" {
		t.Errorf("CRLF file: %q", out)
	}
}

func TestSetCredentialProcess(t *testing.T) {
	cmd := "/usr/bin/switchrole credential-process jump"
	config := "# config\n[profile jump]\nregion = eu-west-1\n\n[profile prod]\nrole_arn = arn:aws:iam::2:role/A\n"
	want := "# config\n[profile jump]\nregion = eu-west-1\ncredential_process = " + cmd + "\n\n[profile prod]\nrole_arn = arn:aws:iam::2:role/A\n"
	if got := string(SetCredentialProcess([]byte(config), "jump", cmd)); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := string(SetCredentialProcess([]byte(want), "jump", cmd+"2")); got != want[:len("# config\n[profile jump]\nregion = eu-west-1\n")]+"credential_process = "+cmd+"2\n\n[profile prod]\nrole_arn = arn:aws:iam::2:role/A\n" {
		t.Errorf("replacing: %s", got)
	}
	if got := string(SetCredentialProcess([]byte("[profile a]\nregion = x"), "jump", cmd)); got != "[profile a]\nregion = x\n[profile jump]\ncredential_process = "+cmd+"\n" {
		t.Errorf("new section: %q", got)
	}
	if got := string(SetCredentialProcess(nil, "default", cmd)); got != "[default]\ncredential_process = "+cmd+"\n" {
		t.Errorf("default: %q", got)
	}
}

func TestWriteAtomicKeepsTheModeAndFollowsSymlinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	os.WriteFile(real, []byte("old"), 0o640)
	link := filepath.Join(dir, "link")
	os.Symlink(real, link)
	if err := WriteAtomic(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symlink was replaced by a file")
	}
	fi, _ := os.Stat(real)
	data, _ := os.ReadFile(real)
	if string(data) != "new" || fi.Mode().Perm() != 0o640 {
		t.Errorf("real file = %q mode %o", data, fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left %d files behind", len(entries)-2)
	}
	fresh := filepath.Join(dir, "fresh")
	if err := WriteAtomic(fresh, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o600 {
		t.Errorf("new file mode %o", fi.Mode().Perm())
	}
}

func TestRemoveKeysCanKeepTheEmptiedSection(t *testing.T) {
	creds := "[jump]\naws_access_key_id = AKIAJUMP000000000001\naws_secret_access_key = jump/secret\n\n[other]\nregion = x\n"
	out, _, err := RemoveKeys([]byte(creds), "jump", true)
	if err != nil || string(out) != "[jump]\n\n[other]\nregion = x\n" {
		t.Errorf("RemoveKeys keeping the section = %q, %v", out, err)
	}
}

func TestDeclaresProfile(t *testing.T) {
	conf := []byte("[default]\nregion = x\n[profile  jump ]\nregion = y\n[sso-session jump]\n")
	for name, want := range map[string]bool{"default": true, "jump": true, "other": false, "sso-session jump": false} {
		if got := DeclaresProfile(conf, name); got != want {
			t.Errorf("DeclaresProfile(%q) = %v, want %v", name, got, want)
		}
	}
}

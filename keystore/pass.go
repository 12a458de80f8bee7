package keystore

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// passStore keeps each source's keys as the pass entry switchrole/NAME
// (gpg-encrypted by pass).
type passStore struct{ getenv func(string) string }

func (p passStore) run(stdin string, args ...string) (string, error) {
	cmd := exec.Command("pass", args...)
	cmd.Env = os.Environ()
	if d := p.getenv("PASSWORD_STORE_DIR"); d != "" {
		cmd.Env = append(cmd.Env, "PASSWORD_STORE_DIR="+d)
	}
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errOut.String())
		if strings.Contains(msg, "is not in the password store") {
			return "", errNotFound
		}
		if len(msg) > 200 {
			msg = msg[:200]
		}
		return "", fmt.Errorf("pass %s: %v: %s", args[0], err, msg)
	}
	return out.String(), nil
}

func entry(name string) string { return service + "/" + name }

func (p passStore) get(name string) (string, error) {
	out, err := p.run("", "show", entry(name))
	return strings.TrimRight(out, "\n"), err
}

func (p passStore) set(name, secret string) error {
	_, err := p.run(secret+"\n", "insert", "--multiline", "--force", entry(name))
	return err
}

func (p passStore) has(name string) (bool, error) {
	_, err := os.Stat(filepath.Join(passDir(p.getenv), entry(name)+".gpg"))
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// del needs no decryption to tell a missing entry: `pass rm` says it is
// "not in the password store", which run reads as errNotFound.
func (p passStore) del(name string) error {
	_, err := p.run("", "rm", "--force", entry(name))
	return err
}

package keystore

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/switchrole/switchrole/internal/atomicfile"
)

// fileStore keeps each source's keys in its own file, encrypted with
// AES-256-GCM under a key derived from the passphrase (PBKDF2-SHA256), the
// source's name bound in as additional data so files cannot be swapped.
type fileStore struct {
	dir    string
	getenv func(string) string
	ask    func(prompt string) (string, error)
	pass   string
}

// fileFormat is one encrypted file.
type fileFormat struct {
	Version    int    `json:"version"`
	Iterations int    `json:"iterations"`
	Salt       []byte `json:"salt"`
	Nonce      []byte `json:"nonce"`
	Ciphertext []byte `json:"ciphertext"`
}

// kdfIterations makes each guess at the passphrase cost what one cold
// call does (tens of milliseconds).
const kdfIterations = 200_000

// fileDir is $XDG_DATA_HOME/switchrole/keyring, else
// ~/.local/share/switchrole/keyring.
func fileDir(getenv func(string) string) (string, error) {
	if d := getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "switchrole", "keyring"), nil
	}
	h := getenv("HOME")
	if h == "" {
		return "", errors.New("locate the file keyring: set HOME or XDG_DATA_HOME")
	}
	return filepath.Join(h, ".local", "share", "switchrole", "keyring"), nil
}

func (f *fileStore) path(name string) string {
	sum := sha256.Sum256([]byte(name))
	return filepath.Join(f.dir, hex.EncodeToString(sum[:16])+".json")
}

func (f *fileStore) passphrase() (string, error) {
	if f.pass != "" {
		return f.pass, nil
	}
	if p := f.getenv(EnvPassphrase); p != "" {
		f.pass = p
		return p, nil
	}
	if f.ask == nil {
		return "", fmt.Errorf("the file keyring in %s needs its passphrase: set %s or run switchrole in a terminal", f.dir, EnvPassphrase)
	}
	p, err := f.ask("Passphrase for switchrole's file keyring: ")
	if err != nil {
		return "", err
	}
	if p == "" {
		return "", errors.New("an empty passphrase would not protect the keys")
	}
	f.pass = p
	return p, nil
}

func (f *fileStore) aead(salt []byte, iterations int) (cipher.AEAD, error) {
	pass, err := f.passphrase()
	if err != nil {
		return nil, err
	}
	key, err := pbkdf2.Key(sha256.New, pass, salt, iterations, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func (f *fileStore) get(name string) (string, error) {
	data, err := os.ReadFile(f.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return "", errNotFound
	}
	if err != nil {
		return "", err
	}
	var ff fileFormat
	if err := json.Unmarshal(data, &ff); err != nil || ff.Version != 1 || ff.Iterations < 1 {
		return "", fmt.Errorf("%s is not a switchrole keyring file", f.path(name))
	}
	gcm, err := f.aead(ff.Salt, ff.Iterations)
	if err != nil {
		return "", err
	}
	plain, err := gcm.Open(nil, ff.Nonce, ff.Ciphertext, []byte(name))
	if err != nil {
		f.pass = ""
		return "", fmt.Errorf("wrong passphrase for the file keyring in %s (or a damaged file)", f.dir)
	}
	return string(plain), nil
}

func (f *fileStore) set(name, secret string) error {
	if err := os.MkdirAll(f.dir, 0o700); err != nil {
		return err
	}
	salt := make([]byte, 16)
	rand.Read(salt)
	gcm, err := f.aead(salt, kdfIterations)
	if err != nil {
		return err
	}
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	data, err := json.Marshal(fileFormat{Version: 1, Iterations: kdfIterations, Salt: salt, Nonce: nonce,
		Ciphertext: gcm.Seal(nil, nonce, []byte(secret), []byte(name))})
	if err != nil {
		return err
	}
	return atomicfile.Write(f.path(name), data, 0o600)
}

func (f *fileStore) has(name string) (bool, error) {
	_, err := os.Stat(f.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

func (f *fileStore) del(name string) error {
	err := os.Remove(f.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return errNotFound
	}
	return err
}

package keystore

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Environment variables that steer the keyring.
const (
	// EnvBackend forces a backend: secret-service, keychain, pass or file.
	EnvBackend = "SWITCHROLE_KEYRING_BACKEND"
	// EnvPassphrase is the file backend's passphrase (else a terminal prompt).
	EnvPassphrase = "SWITCHROLE_KEYRING_PASSPHRASE"
)

// Backend names.
const (
	SecretService = "secret-service"
	Keychain      = "keychain"
	Pass          = "pass"
	File          = "file"
)

// service is the name keys are filed under in every backend.
const service = "switchrole"

// Keys are a source's long-term IAM user keys.
type Keys struct {
	AccessKeyID     string `json:"access_key_id"`
	SecretAccessKey string `json:"secret_access_key"`
}

// Options say where a Store looks; the zero value of each field means the
// process's own.
type Options struct {
	// Getenv reads the environment (os.Getenv).
	Getenv func(string) string
	// Passphrase asks for the file backend's passphrase when
	// SWITCHROLE_KEYRING_PASSPHRASE is unset (nil: refuse).
	Passphrase func(prompt string) (string, error)
}

// backend is one keyring: secrets by name, "" and errNotFound when absent.
type backend interface {
	get(name string) (string, error)
	set(name, secret string) error
	del(name string) error
	// has reports whether name has an entry, without decrypting it
	// where the backend allows (no passphrase, no gpg agent).
	has(name string) (bool, error)
}

var errNotFound = errors.New("not found")

// Store is an opened keyring.
type Store struct {
	b backend
	// Backend is the backend's name, Why the reason it was chosen.
	Backend, Why string
}

// Open chooses the backend (see the package documentation). Nothing is
// read from it yet.
func Open(o Options) (*Store, error) {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	name, why, err := choose(o.Getenv)
	if err != nil {
		return nil, err
	}
	b, err := open(name, o)
	if err != nil {
		return nil, err
	}
	return &Store{b: b, Backend: name, Why: why}, nil
}

func open(name string, o Options) (backend, error) {
	switch name {
	case SecretService, Keychain:
		return osKeyring{}, nil
	case Pass:
		return passStore{getenv: o.Getenv}, nil
	case File:
		dir, err := fileDir(o.Getenv)
		if err != nil {
			return nil, err
		}
		return &fileStore{dir: dir, getenv: o.Getenv, ask: o.Passphrase}, nil
	}
	return nil, fmt.Errorf("unknown keyring backend %q", name)
}

// Get returns source's keys; ok is false when the keyring holds none.
func (s *Store) Get(source string) (Keys, bool, error) {
	data, err := s.b.get(source)
	if errors.Is(err, errNotFound) {
		return Keys{}, false, nil
	}
	if err != nil {
		return Keys{}, false, fmt.Errorf("read the keys of %s from the %s keyring: %w", source, s.Backend, err)
	}
	var k Keys
	if err := json.Unmarshal([]byte(data), &k); err != nil || k.AccessKeyID == "" || k.SecretAccessKey == "" {
		return Keys{}, false, fmt.Errorf("the %s keyring's entry for %s is not switchrole's; remove it with `switchrole keys remove %s`", s.Backend, source, source)
	}
	return k, true, nil
}

// Set stores source's keys, replacing any.
func (s *Store) Set(source string, k Keys) error {
	if err := CheckKeys(k); err != nil {
		return err
	}
	data, err := json.Marshal(k)
	if err != nil {
		return err
	}
	if err := s.b.set(source, string(data)); err != nil {
		return fmt.Errorf("store the keys of %s in the %s keyring: %w", source, s.Backend, err)
	}
	return nil
}

// Has reports whether the keyring holds keys for source, reading no
// secret where the backend allows: `switchrole status` uses it.
func (s *Store) Has(source string) (bool, error) {
	ok, err := s.b.has(source)
	if err != nil {
		return false, fmt.Errorf("look for the keys of %s in the %s keyring: %w", source, s.Backend, err)
	}
	return ok, nil
}

// Remove deletes source's keys; ok is false when there were none.
func (s *Store) Remove(source string) (bool, error) {
	err := s.b.del(source)
	if errors.Is(err, errNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("remove the keys of %s from the %s keyring: %w", source, s.Backend, err)
	}
	return true, nil
}

// CheckKeys says, in one sentence without the secret, why k cannot be
// long-term IAM user keys.
func CheckKeys(k Keys) error {
	id := k.AccessKeyID
	switch {
	case len(id) < 16 || len(id) > 128 || strings.TrimLeft(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "":
		return errors.New("the access key id must be 16 to 128 capital letters and digits (AKIA…)")
	case strings.HasPrefix(id, "ASIA"):
		return errors.New("the access key id starts with ASIA: these are temporary credentials, not an IAM user's long-term keys")
	case len(k.SecretAccessKey) < 16 || strings.ContainsAny(k.SecretAccessKey, " \t\r\n"):
		return errors.New("the secret access key must be at least 16 characters without spaces")
	}
	return nil
}

// Mask shows an access key id as AKIA…WXYZ: enough to tell keys apart,
// not enough to matter.
func Mask(id string) string {
	if len(id) < 12 {
		return "…"
	}
	return id[:4] + "…" + id[len(id)-4:]
}

package keystore

import (
	"errors"

	zk "github.com/zalando/go-keyring"
)

// osKeyring is the Secret Service (Linux, BSD) or the Keychain (macOS),
// whichever the OS has, through zalando/go-keyring.
type osKeyring struct{}

func (osKeyring) get(name string) (string, error) {
	s, err := zk.Get(service, name)
	if errors.Is(err, zk.ErrNotFound) {
		return "", errNotFound
	}
	return s, err
}

func (osKeyring) set(name, secret string) error { return zk.Set(service, name, secret) }

func (osKeyring) del(name string) error {
	err := zk.Delete(service, name)
	if errors.Is(err, zk.ErrNotFound) {
		return errNotFound
	}
	return err
}

func (k osKeyring) has(name string) (bool, error) {
	_, err := k.get(name)
	if errors.Is(err, errNotFound) {
		return false, nil
	}
	return err == nil, err
}

// secretServiceAnswers reports whether a Secret Service runs on the
// session bus: a lookup of a name nobody stores answers "not found".
func secretServiceAnswers() bool {
	_, err := zk.Get(service, ".probe")
	return err == nil || errors.Is(err, zk.ErrNotFound)
}

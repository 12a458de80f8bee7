package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"golang.org/x/term"

	"github.com/switchrole/switchrole/keystore"
)

// keyring is the engine's aws.KeyStore: the OS keyring, opened on first
// use, so a call the cache answers never touches it.
type keyring struct {
	streams *IOStreams
	once    sync.Once
	store   *keystore.Store
	err     error
}

func (k *keyring) open() (*keystore.Store, error) {
	k.once.Do(func() {
		k.store, k.err = openKeystore(k.streams)
	})
	return k.store, k.err
}

// LongTermKeys implements aws.KeyStore.
func (k *keyring) LongTermKeys(_ context.Context, name string) (sdkaws.Credentials, bool, error) {
	s, err := k.open()
	if err != nil {
		return sdkaws.Credentials{}, false, err
	}
	keys, ok, err := s.Get(name)
	if !ok || err != nil {
		return sdkaws.Credentials{}, ok, err
	}
	return sdkaws.Credentials{AccessKeyID: keys.AccessKeyID, SecretAccessKey: keys.SecretAccessKey}, true, nil
}

// Where implements aws.KeyStore.
func (k *keyring) Where() string {
	if s, err := k.open(); err == nil {
		return s.Backend + " keyring"
	}
	return "keyring"
}

// ttySecret asks on the terminal without echo.
func ttySecret(prompt string) (string, error) {
	tty, err := os.OpenFile(ttyPath, os.O_RDWR, 0)
	if err != nil {
		return "", errors.New("no terminal to ask on")
	}
	defer tty.Close()
	fmt.Fprint(tty, prompt)
	b, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(tty)
	if err != nil {
		return "", fmt.Errorf("read from the terminal: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// readKeys takes an access key id and secret: from the terminal without
// echo, or, when stdin is not a terminal, two lines of stdin (a pipe from a
// password manager). Never from argv.
func readKeys(streams *IOStreams, source string) (keystore.Keys, error) {
	if streams.InIsTerminal {
		id, err := ttySecret(fmt.Sprintf("Access key id for %s: ", source))
		if err != nil {
			return keystore.Keys{}, err
		}
		secret, err := ttySecret(fmt.Sprintf("Secret access key for %s: ", source))
		return keystore.Keys{AccessKeyID: id, SecretAccessKey: secret}, err
	}
	r := bufio.NewReader(streams.In)
	var lines [2]string
	for i := range lines {
		line, err := r.ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return keystore.Keys{}, usageErrorf("give the access key id and the secret access key on two lines of stdin, or run on a terminal, or use --env")
		}
		lines[i] = strings.TrimSpace(line)
	}
	return keystore.Keys{AccessKeyID: lines[0], SecretAccessKey: lines[1]}, nil
}

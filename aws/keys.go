package aws

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	sdkconfig "github.com/aws/aws-sdk-go-v2/config"

	"github.com/switchrole/switchrole/config"
)

// KeyStore holds sources' long-term IAM user keys outside the shared
// credentials file: the OS keyring (package keystore, through the CLI).
type KeyStore interface {
	// LongTermKeys returns the keys stored for the source called name; ok
	// is false when there are none.
	LongTermKeys(ctx context.Context, name string) (keys sdkaws.Credentials, ok bool, err error)
	// Where names the keyring, for error messages ("the secret-service keyring").
	Where() string
}

// keyringBase returns src's long-term keys from the keyring when its
// profile's keys live there: the profile has no keys of its own in the
// files (the file wins when both have them) and its credential_process is
// switchrole's own for this source, as `switchrole keys import
// --credential-process` writes it so that the AWS CLI and SDKs keep
// working. Reading that process through the SDK would run switchrole
// again for the same source, forever; ok is false for every other profile,
// which the SDK loads as before.
func (r *run) keyringBase(ctx context.Context, src *config.Target) (*creds, bool, error) {
	if r.e.Keys == nil || src.Profile == "" || src.SDKAssumesRole || src.CredentialSource != "" {
		return nil, false, nil
	}
	prof, err := sdkconfig.LoadSharedConfigProfile(ctx, src.Profile, func(o *sdkconfig.LoadSharedConfigOptions) {
		o.ConfigFiles = []string{sharedFile("AWS_CONFIG_FILE", "config")}
		o.CredentialsFiles = []string{sharedFile("AWS_SHARED_CREDENTIALS_FILE", "credentials")}
	})
	if err != nil || prof.Credentials.HasKeys() || !ownProcess(prof.CredentialProcess, src) {
		return nil, false, nil
	}
	for _, name := range []string{src.Name, src.Profile} {
		v, ok, err := r.e.Keys.LongTermKeys(ctx, name)
		if err != nil {
			return nil, true, err
		}
		if ok {
			v.Source = "switchrole keyring"
			return &creds{value: v, kind: KindExternal, profile: src.Profile, root: src.Name, targetName: src.Name}, true, nil
		}
	}
	return nil, true, &KeysMissingError{Source: src.Name, Where: r.e.Keys.Where()}
}

// KeysMissingError: a profile hands its credentials to switchrole, which
// finds no keys for it in the keyring.
type KeysMissingError struct{ Source, Where string }

func (e *KeysMissingError) Error() string {
	return fmt.Sprintf("the keys of %s are neither in ~/.aws/credentials nor in the %s; add them with `switchrole keys add %s`", e.Source, e.Where, e.Source)
}
func (*KeysMissingError) sentence() {}

// ownProcess reports whether a credential_process command line is
// `…/switchrole credential-process NAME` for src.
// The program may be quoted (a path with spaces), as `keys import` writes
// it and the SDK accepts it.
func ownProcess(cmd string, src *config.Target) bool {
	cmd = strings.TrimSpace(cmd)
	var exe string
	if q := cmd[:min(1, len(cmd))]; q == `"` || q == "'" {
		end := strings.Index(cmd[1:], q)
		if end < 0 {
			return false
		}
		exe, cmd = cmd[1:end+1], cmd[end+2:]
	} else {
		exe, cmd, _ = strings.Cut(cmd, " ")
	}
	f := strings.Fields(cmd)
	if len(f) != 2 || f[0] != "credential-process" {
		return false
	}
	name := strings.Trim(f[1], `"'`)
	return strings.HasPrefix(filepath.Base(exe), "switchrole") && (name == src.Name || name == src.Profile)
}

// sharedFile is the AWS shared file the SDK reads: $env, else ~/.aws/name.
func sharedFile(env, name string) string {
	if p := os.Getenv(env); p != "" {
		return p
	}
	return filepath.Join(sdkconfig.DefaultSharedConfigFilename(), "..", name)
}

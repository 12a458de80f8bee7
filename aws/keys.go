package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"

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
// profile's keys live there (config's Target.KeysInKeyring: no keys in the
// files, the file wins when both have them, and a credential_process that
// is switchrole's own for this source, as `switchrole keys import
// --credential-process` writes it so that the AWS CLI and SDKs keep
// working). Reading that process through the SDK would run switchrole
// again for the same source, forever; ok is false for every other source,
// which the SDK loads as before.
func (r *run) keyringBase(ctx context.Context, src *config.Target) (*creds, bool, error) {
	if !src.KeysInKeyring || src.SDKAssumesRole || src.CredentialSource != "" {
		return nil, false, nil
	}
	if r.e.Keys == nil {
		return nil, true, KeysMissing(src.Name, "keyring (none is open)")
	}
	for _, name := range src.KeyringNames() {
		v, ok, err := r.e.Keys.LongTermKeys(ctx, name)
		if err != nil {
			return nil, true, err
		}
		if ok {
			v.Source = "switchrole keyring"
			return &creds{value: v, kind: KindExternal, profile: src.Profile, root: src.Name, targetName: src.Name}, true, nil
		}
	}
	return nil, true, KeysMissing(src.Name, r.e.Keys.Where())
}

package cli

import (
	"fmt"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/keystore"
)

func newKeysRotateCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "rotate SOURCE",
		Short: "Replace a source's access key with a new one",
		Long: `Replace SOURCE's access key, which must be in the keyring: IAM CreateAccessKey,
check that the new key works, store it in the keyring, then IAM DeleteAccessKey
on the old one. After a failure at any step the keyring holds a working key,
and switchrole says what happened.`,
		Args: cobra.ExactArgs(1),
		RunE: run(func(cmd *cobra.Command, args []string) error {
			c, err := newCredentials(g, &credentialFlags{noSSO: true}, streams)
			if err != nil {
				return err
			}
			t, err := resolveTarget(c.idx, args[0])
			if err != nil {
				return err
			}
			if t.Kind != config.KindSource {
				return usageErrorf("%s is a role; keys belong to its source (see `switchrole list`)", t.Name)
			}
			store, err := openKeystore(streams)
			if err != nil {
				return err
			}
			name := ""
			for _, n := range t.KeyringNames() {
				if _, ok, err := store.Get(n); err != nil {
					return err
				} else if ok {
					name = n
					break
				}
			}
			if name == "" {
				return fmt.Errorf("the %s keyring holds no keys for %s; `switchrole keys import --credential-process` or `keys add` puts them there", store.Backend, t.Name)
			}
			save := func(k sdkaws.Credentials) error {
				return store.Set(name, keystore.Keys{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey})
			}
			rot, err := c.engine.RotateKeys(cmd.Context(), t, save)
			if err != nil {
				return err
			}
			fmt.Fprintf(streams.ErrOut, "%s: %s replaced by %s (in the %s keyring); the old key is deleted\n", t.Name, keystore.Mask(rot.Old), keystore.Mask(rot.New), store.Backend)
			return nil
		}),
	}
}

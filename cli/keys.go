package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/keystore"
)

func newKeysCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Keep sources' long-term keys in the OS keyring",
		Long: `Keep the jump user's long-term keys in the OS keyring (Secret Service, macOS
Keychain, pass, or an encrypted file) instead of ~/.aws/credentials.
SWITCHROLE_KEYRING_BACKEND forces a backend; SWITCHROLE_KEYRING_PASSPHRASE is
the file backend's passphrase. A profile whose keys live in the keyring says
credential_process = /path/to/switchrole credential-process PROFILE in
~/.aws/config: the AWS CLI and SDKs then get the day's MFA session from
switchrole, and switchrole reads the keys only when it must call STS.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newKeysAddCmd(g, streams), newKeysImportCmd(streams), newKeysListCmd(g, streams), newKeysRemoveCmd(g, streams),
		newKeysRotateCmd(g, streams))
	return cmd
}

func openKeystore(streams *IOStreams) (*keystore.Store, error) {
	return keystore.Open(keystore.Options{Getenv: streams.Getenv, Passphrase: ttySecret})
}

// sourceName is SOURCE as keys commands store it: the source target's name
// when there is one, else the name as given (a profile that will hand its
// credentials to switchrole). names are every name the engine looks the
// source's keys up by (its own, then its profile's, as keys import stores
// them).
func sourceName(g *globalOptions, arg string) (name string, names []string, known bool, err error) {
	idx, err := g.loadIndex()
	if err != nil {
		return "", nil, false, err
	}
	if t, ok := idx.Lookup(arg); ok {
		if t.Kind != config.KindSource {
			return "", nil, false, usageErrorf("%s is a role; keys belong to its source (see `switchrole list`)", arg)
		}
		return t.Name, t.KeyringNames(), true, nil
	}
	return arg, []string{arg}, false, nil
}

func newKeysAddCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	var fromEnv bool
	cmd := &cobra.Command{
		Use:   "add SOURCE",
		Short: "Store a source's access key in the keyring",
		Long: `Ask on the terminal for SOURCE's access key id and secret access key (never
echoed; two lines of stdin when it is not a terminal) and store them in the
keyring. --env takes AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead.`,
		Example: "  switchrole keys add jump\n  AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… switchrole keys add jump --env",
		Args:    cobra.ExactArgs(1),
		RunE: run(func(_ *cobra.Command, args []string) error {
			name, _, known, err := sourceName(g, args[0])
			if err != nil {
				return err
			}
			var k keystore.Keys
			if fromEnv {
				k = keystore.Keys{AccessKeyID: streams.Getenv("AWS_ACCESS_KEY_ID"), SecretAccessKey: streams.Getenv("AWS_SECRET_ACCESS_KEY")}
			} else if k, err = readKeys(streams, name); err != nil {
				return err
			}
			if err := keystore.CheckKeys(k); err != nil {
				return usageErrorf("%v", err)
			}
			s, err := openKeystore(streams)
			if err != nil {
				return err
			}
			if err := s.Set(name, k); err != nil {
				return err
			}
			fmt.Fprintf(streams.ErrOut, "%s: %s stored in the %s keyring (%s)\n", name, keystore.Mask(k.AccessKeyID), s.Backend, s.Why)
			if !known {
				fmt.Fprintf(streams.ErrOut, "no source is called %s yet: add `credential_process = <path to switchrole> credential-process %s` to [profile %s] in ~/.aws/config\n", name, name, name)
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&fromEnv, "env", false, "take the keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	return cmd
}

// keyListing is one row of `keys list`; the JSON names are its --json format.
type keyListing struct {
	Source      string `json:"source"`
	AccessKeyID string `json:"access_key_id"`
	Backend     string `json:"backend"`
}

func newKeysListCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the sources whose keys are in the keyring",
		Long:  `List each configured source whose keys the keyring holds, with the key id shown as AKIA…WXYZ, and which keyring is in use and why.`,
		Args:  cobra.NoArgs,
		RunE: run(func(*cobra.Command, []string) error {
			cfg, err := g.loadConfig()
			if err != nil {
				return err
			}
			s, err := openKeystore(streams)
			if err != nil {
				return err
			}
			rows := []keyListing{}
			for i := range cfg.Targets {
				t := &cfg.Targets[i]
				if t.Kind != config.KindSource {
					continue
				}
				for _, name := range t.KeyringNames() {
					k, ok, err := s.Get(name)
					if err != nil {
						return err
					}
					if ok {
						rows = append(rows, keyListing{Source: t.Name, AccessKeyID: keystore.Mask(k.AccessKeyID), Backend: s.Backend})
						break
					}
				}
			}
			if asJSON {
				return streams.printJSON(struct {
					Backend string       `json:"backend"`
					Why     string       `json:"why"`
					Keys    []keyListing `json:"keys"`
				}{s.Backend, s.Why, rows})
			}
			fmt.Fprintf(streams.Out, "keyring: %s (%s)\n", s.Backend, s.Why)
			tw := tabwriter.NewWriter(streams.Out, 0, 4, 2, ' ', 0)
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%s\n", r.Source, r.AccessKeyID)
			}
			return tw.Flush()
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newKeysRemoveCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "remove SOURCE",
		Short: "Delete a source's keys from the keyring",
		Args:  cobra.ExactArgs(1),
		RunE: run(func(_ *cobra.Command, args []string) error {
			name, names, _, err := sourceName(g, args[0])
			if err != nil {
				return err
			}
			s, err := openKeystore(streams)
			if err != nil {
				return err
			}
			removed := false
			for _, n := range names {
				ok, err := s.Remove(n)
				if err != nil {
					return err
				}
				removed = removed || ok
			}
			if !removed {
				return fmt.Errorf("the %s keyring holds no keys for %s", s.Backend, name)
			}
			fmt.Fprintf(streams.ErrOut, "%s: keys removed from the %s keyring\n", name, s.Backend)
			return nil
		}),
	}
}

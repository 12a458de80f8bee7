package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/awsfiles"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/keystore"
)

type keysImportOptions struct {
	dryRun            bool
	credentialProcess bool
}

func newKeysImportCmd(streams *IOStreams) *cobra.Command {
	opts := &keysImportOptions{}
	cmd := &cobra.Command{
		Use:   "import [PROFILE...]",
		Short: "Move profiles' keys from ~/.aws/credentials into the keyring",
		Long: `Move each PROFILE's aws_access_key_id and aws_secret_access_key (every profile
with keys when none is named) from ~/.aws/credentials into the keyring, and
remove those two lines, and the section when nothing else is left in it. The
file is rewritten atomically with every other byte and its mode kept; the
keys are read back from the keyring before they leave the file.

--credential-process adds credential_process = <this switchrole>
credential-process PROFILE to the profile in ~/.aws/config, so the AWS CLI,
the SDKs and switchrole keep working with it: they get the day's MFA session,
never the long-term keys. Without it the profile has no credentials left.
--dry-run shows what would change and changes nothing.`,
		Example: "  switchrole keys import --dry-run\n  switchrole keys import jump --credential-process",
		RunE: run(func(_ *cobra.Command, args []string) error {
			return runKeysImport(streams, opts, args)
		}),
	}
	cmd.Flags().BoolVar(&opts.dryRun, "dry-run", false, "show the changes without making them")
	cmd.Flags().BoolVar(&opts.credentialProcess, "credential-process", false, "add credential_process = switchrole credential-process PROFILE to the profile in ~/.aws/config")
	return cmd
}

func runKeysImport(streams *IOStreams, opts *keysImportOptions, profiles []string) error {
	// The files config reads: the ones the keys are moved out of must be
	// the ones every other command then finds without them.
	confPath, credPath, _ := config.Paths(config.Options{})
	if confPath == "" || credPath == "" {
		return usageErrorf("cannot locate ~/.aws: set HOME, or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE")
	}
	creds, err := os.ReadFile(credPath)
	if err != nil {
		return fmt.Errorf("read %s: %w", credPath, err)
	}
	if len(profiles) == 0 {
		if profiles = awsfiles.ProfilesWithKeys(creds); len(profiles) == 0 {
			return usageErrorf("%s holds no profile with aws_access_key_id and aws_secret_access_key", credPath)
		}
	}
	conf, err := os.ReadFile(confPath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("read %s: %w", confPath, err)
	}
	exe, err := selfCommand()
	if err != nil && opts.credentialProcess {
		return err
	}
	var store *keystore.Store
	if !opts.dryRun {
		if store, err = openKeystore(streams); err != nil {
			return err
		}
	}
	for _, profile := range profiles {
		// A profile that only its credentials section declares keeps
		// that (emptied) section: roles name it as source_profile.
		// --credential-process declares it in the config file instead.
		keepSection := !opts.credentialProcess && !awsfiles.DeclaresProfile(conf, profile)
		rest, k, err := awsfiles.RemoveKeys(creds, profile, keepSection)
		if errors.Is(err, awsfiles.ErrNoKeys) {
			return usageErrorf("%s: [%s] has no aws_access_key_id and aws_secret_access_key to import", credPath, profile)
		}
		if err != nil {
			return usageErrorf("%s: %v", credPath, err)
		}
		keys := keystore.Keys{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey}
		if err := keystore.CheckKeys(keys); err != nil {
			return usageErrorf("%s:%d: [%s]: %v", credPath, k.IDLine, profile, err)
		}
		command := exe + " credential-process " + profile
		if opts.dryRun {
			fmt.Fprintf(streams.Out, "%s: [%s] remove line %d (aws_access_key_id = %s) and line %d (aws_secret_access_key) into the keyring\n",
				credPath, profile, k.IDLine, keystore.Mask(k.AccessKeyID), k.SecretLine)
			if opts.credentialProcess {
				fmt.Fprintf(streams.Out, "%s: [%s] credential_process = %s\n", confPath, profile, command)
			}
			creds = rest
			continue
		}
		if err := store.Set(profile, keys); err != nil {
			return err
		}
		if back, ok, err := store.Get(profile); err != nil || !ok || back != keys {
			return fmt.Errorf("the %s keyring did not give back the keys of %s; %s is unchanged", store.Backend, profile, credPath)
		}
		if opts.credentialProcess {
			conf = awsfiles.SetCredentialProcess(conf, profile, command)
			if err := awsfiles.WriteAtomic(confPath, conf); err != nil {
				return fmt.Errorf("write %s (the keys of %s are in the keyring and still in %s): %w", confPath, profile, credPath, err)
			}
		}
		if err := awsfiles.WriteAtomic(credPath, rest); err != nil {
			return fmt.Errorf("write %s (the keys of %s are in the keyring too): %w", credPath, profile, err)
		}
		creds = rest
		fmt.Fprintf(streams.ErrOut, "%s: %s moved from %s to the %s keyring\n", profile, keystore.Mask(k.AccessKeyID), credPath, store.Backend)
		if !opts.credentialProcess {
			fmt.Fprintf(streams.ErrOut, "%s now has no credentials of its own: `switchrole keys import --credential-process %s` would have made it hand them out through switchrole\n", profile, profile)
		}
	}
	return nil
}

// selfCommand is this switchrole as a credential_process names it: the
// installed front (switchrole beside switchrole-engine) when there is one,
// quoted when the path has a blank.
func selfCommand() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("find switchrole's own path for credential_process: %w", err)
	}
	if strings.HasSuffix(filepath.Base(exe), "-engine") {
		front := strings.TrimSuffix(exe, "-engine")
		if fi, err := os.Stat(front); err == nil && !fi.IsDir() {
			exe = front
		}
	}
	if strings.ContainsAny(exe, " \t") {
		exe = `"` + exe + `"`
	}
	return exe, nil
}

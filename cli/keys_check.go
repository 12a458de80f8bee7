package cli

import (
	"fmt"
	"os"
	"slices"

	"github.com/switchrole/switchrole/awsfiles"
	"github.com/switchrole/switchrole/config"
)

// writeKeyConflicts notes, for `config check`, each source whose keys are
// both in the shared credentials file and in the keyring: the file wins,
// which after a `keys rotate` would mean an old, deleted key. A keyring
// that cannot be opened is not a configuration problem and is passed over.
func writeKeyConflicts(streams *IOStreams, cfg *config.Config) {
	path, err := sharedFile(streams, "AWS_SHARED_CREDENTIALS_FILE", "credentials")
	if err != nil {
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return
	}
	inFile := awsfiles.ProfilesWithKeys(data)
	var store interface{ Has(string) (bool, error) }
	for i := range cfg.Targets {
		t := &cfg.Targets[i]
		if t.Kind != config.KindSource || !slices.Contains(inFile, t.Profile) {
			continue
		}
		if store == nil {
			s, err := openKeystore(streams)
			if err != nil {
				return
			}
			store = s
		}
		for _, name := range keyNames(t) {
			if ok, _ := store.Has(name); ok {
				fmt.Fprintf(streams.Out, "note: %s has keys both in %s and in the keyring; the file's are used (`switchrole keys import %s` moves them, `switchrole keys remove %s` forgets the keyring's)\n",
					t.Name, path, t.Profile, t.Name)
				break
			}
		}
	}
}

package cli

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/switchrole/switchrole/config"
)

// checkKeyring notes, for `config check`, each source whose keys are both
// in the AWS files (Target.KeysInFile) and in the keyring: the file wins, which
// after a `keys rotate` would mean an old, deleted key. It notes each source
// whose keys switchrole reads from the keyring (Target.KeysInKeyring), which
// the AWS files alone do not show, and returns a problem for each such
// source the keyring holds no keys for. A keyring that cannot be opened is
// not a configuration problem and is passed over.
func checkKeyring(streams *IOStreams, cfg *config.Config) (missing []*config.Error) {
	var store keyHolder
	where := ""
	for i := range cfg.Targets {
		t := &cfg.Targets[i]
		both := t.Kind == config.KindSource && t.KeysInFile
		if !both && !t.KeysInKeyring {
			continue
		}
		if store == nil {
			s, err := openKeystore(streams)
			if err != nil {
				return missing
			}
			store, where = s, s.Backend+" keyring"
		}
		found := slices.ContainsFunc(t.KeyringNames(), func(name string) bool { ok, _ := store.Has(name); return ok })
		switch {
		case both && found:
			fmt.Fprintf(streams.Out, "note: %s has keys both in the AWS files and in the keyring; the file's are used (`switchrole keys import %s` moves them, `switchrole keys remove %s` forgets the keyring's)\n",
				t.Name, t.Profile, t.Name)
		case t.KeysInKeyring && !found:
			missing = append(missing, &config.Error{Origin: t.Origin, Msg: "profile " + strconv.Quote(t.Profile) +
				" has no keys in the AWS files, so switchrole reads them from the " + where + ", which holds none for it: add them with `switchrole keys add " + t.Name + "`"})
		case t.KeysInKeyring:
			fmt.Fprintf(streams.Out, "note: %s has no keys in the AWS files; switchrole reads them from the %s, which holds them\n", t.Name, where)
		}
	}
	return missing
}

// keyHolder is what checkKeyring asks of the keyring.
type keyHolder interface{ Has(string) (bool, error) }

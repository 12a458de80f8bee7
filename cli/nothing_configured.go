package cli

import (
	"fmt"

	"github.com/switchrole/switchrole/config"
)

// sayNothingConfigured tells a newcomer whose files define no target where
// switchrole looked and how to start, on stderr (stdout stays the empty
// result: nothing for the table, [] for --json).
func sayNothingConfigured(streams *IOStreams, g *globalOptions) {
	awsConfig, awsCreds, file := config.Paths(config.Options{File: g.configFile})
	fmt.Fprintf(streams.ErrOut, "switchrole: nothing is configured yet: no targets in %s, %s or %s; "+
		"run `switchrole config init` to write a starter file, or add role profiles to %s\n",
		file, awsConfig, awsCreds, awsConfig)
}

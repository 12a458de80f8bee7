package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// execCommandArgs lets `switchrole exec TARGET aws s3 ls --recursive` work
// without "--", as aws-vault allows: everything after TARGET is the command,
// its flags included. It inserts the "--" that cobra needs before the first
// word after TARGET; a command line that already has "--" is left alone.
func execCommandArgs(root *cobra.Command, args []string) []string {
	cmd, _, err := root.Find(args)
	if err != nil || cmd.Name() != "exec" {
		return args
	}
	for _, a := range args {
		if a == "--" {
			return args
		}
	}
	// The command is the third word that is neither a flag nor a flag's
	// value ("exec", TARGET, COMMAND), or the second with --each, whose
	// value is the query.
	commandAt := 3
	positional := 0
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--each" || strings.HasPrefix(a, "--each=") {
			commandAt = 2
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional++
			if positional == commandAt {
				out := append(append(append([]string{}, args[:i]...), "--"), args[i:]...)
				return out
			}
			continue
		}
		if takesValue(cmd, a) {
			i++ // its value
		}
	}
	return args
}

// takesValue reports whether the flag written as a (without "=value") reads
// the next word as its value.
func takesValue(cmd *cobra.Command, a string) bool {
	if strings.Contains(a, "=") {
		return false
	}
	var f *pflag.Flag
	if strings.HasPrefix(a, "--") {
		f = cmd.Flags().Lookup(a[2:])
	} else if len(a) == 2 {
		f = cmd.Flags().ShorthandLookup(a[1:])
	}
	return f != nil && f.NoOptDefVal == ""
}

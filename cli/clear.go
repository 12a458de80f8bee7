package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/internal/english"
)

func newClearCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "clear [TARGET]",
		Short: "Forget cached sessions (all, or one target's)",
		Long: `Remove cached credentials. With TARGET, only that target's (for a source, also
its MFA session and the roles reached through it); without, every session, so
the next switch asks for an MFA code again.`,
		Example:           "  switchrole clear prod-core/Admin\n  switchrole clear",
		ValidArgsFunction: completeTarget(g),
		Args:              cobra.MaximumNArgs(1),
		RunE: run(func(_ *cobra.Command, args []string) error {
			c, err := newCredentials(g, &credentialFlags{noSSO: true}, streams) // reads or clears caches only
			if err != nil {
				return err
			}
			name := ""
			if len(args) == 1 {
				t, err := resolveTarget(c.idx, args[0])
				if err != nil {
					return err
				}
				name = t.Name
			}
			n, err := c.engine.Clear(name)
			if err != nil {
				return err
			}
			fmt.Fprintf(streams.ErrOut, "cleared %s\n", english.Count(n, "cached session"))
			return nil
		}),
	}
}

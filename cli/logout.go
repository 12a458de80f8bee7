package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/internal/english"
)

func newLogoutCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "logout [SOURCE]",
		Short: "Forget a source's MFA session and the role sessions made from it",
		Long: `End the day for SOURCE: forget its cached MFA session and every role session
reached through it, so the next switch asks for an MFA code again. SOURCE may
be a role (its source is meant) and may be left out when there is one source.
Shells served by a credential server keep their current role credentials until
they expire, then ask for a new login.`,
		Example: "  switchrole logout\n  switchrole logout jump",
		Args:    cobra.MaximumNArgs(1),
		RunE: run(func(_ *cobra.Command, args []string) error {
			c, err := newCredentials(g, &credentialFlags{noSSO: true}, streams) // reads or clears caches only
			if err != nil {
				return err
			}
			t, err := c.sourceArg(args)
			if err != nil {
				return err
			}
			src, _, ok := c.engine.SessionSourceOf(t)
			if !ok {
				return aws.NoMFASession(t.Name)
			}
			n, err := c.engine.Clear(src.Name)
			if err != nil {
				return err
			}
			fmt.Fprintf(streams.ErrOut, "%s: forgot %s\n", src.Name, english.Count(n, "cached session"))
			return nil
		}),
	}
}

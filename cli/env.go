package cli

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/launch"
)

type envOptions struct {
	creds  credentialFlags
	format string
}

func newEnvCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	opts := &envOptions{}
	cmd := &cobra.Command{
		Use:   "env [TARGET]",
		Short: "Print a target's credentials as shell variables",
		Long: `Print the variables a shell needs to act as the target, and nothing else on
stdout (prompts go to the terminal), so the output can be evaluated. Without
TARGET the picker opens on the terminal.`,
		Example: `  eval "$(switchrole env prod-core/Admin)"
  switchrole env prod-core/Admin --format fish | source
  switchrole env prod-core/Admin --format powershell | Invoke-Expression
  switchrole env prod-core/Admin --format dotenv > .env`,
		ValidArgsFunction: completeTarget(g),
		Args:              cobra.MaximumNArgs(1),
		RunE: run(func(cmd *cobra.Command, args []string) error {
			if !launch.KnownFormat(opts.format) {
				return usageErrorf("unknown --format %q; use one of %s", opts.format, strings.Join(launch.Formats, ", "))
			}
			c, err := newCredentials(g, &opts.creds, streams)
			if err != nil {
				return err
			}
			c.enter = chooseFor("print the variables")
			sess, err := c.retrieveArgs(cmd.Context(), cmd, args, false)
			if err != nil {
				return err
			}
			// Render fully before writing, so a failure never leaves half
			// an environment on stdout for eval to run.
			var buf bytes.Buffer
			if err := launch.WriteEnv(&buf, launchSession(sess), opts.format); err != nil {
				return err
			}
			if _, err := streams.Out.Write(buf.Bytes()); err != nil {
				return fmt.Errorf("write the environment: %w", err)
			}
			return nil
		}),
	}
	opts.creds.register(cmd)
	opts.creds.registerRegion(cmd)
	cmd.Flags().StringVar(&opts.format, "format", "sh", "output format: "+strings.Join(launch.Formats, ", "))
	_ = cmd.RegisterFlagCompletionFunc("format", completeWords(launch.Formats...))
	return cmd
}

package cli

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/launch"
)

func newCredentialProcessCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	flags := &credentialFlags{noSSO: true}
	cmd := &cobra.Command{
		Use:   "credential-process [TARGET]",
		Short: "Print a target's credentials as credential_process JSON",
		Long: `Print the JSON that the AWS CLI and SDKs read from a credential_process, and
nothing else on stdout. Put it in ~/.aws/config:

  [profile prod-admin]
  credential_process = switchrole credential-process prod-core/Admin

MFA prompts go to the terminal (/dev/tty); cached sessions make repeated calls
instant. Without TARGET, and with a terminal, the picker opens there.`,
		ValidArgsFunction: completeTarget(g),
		Args:              cobra.MaximumNArgs(1),
		RunE: run(func(cmd *cobra.Command, args []string) error {
			c, err := newCredentials(g, flags, streams)
			if err != nil {
				return err
			}
			c.enter = chooseFor("hand the credentials to the caller")
			sess, err := c.retrieveArgs(cmd.Context(), cmd, args, true)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := launch.WriteProcessJSON(&buf, launchSession(sess)); err != nil {
				return err
			}
			if _, err := streams.Out.Write(buf.Bytes()); err != nil {
				return fmt.Errorf("write the credentials: %w", err)
			}
			return nil
		}),
	}
	flags.register(cmd)
	return cmd
}

package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/launch"
)

type shellOptions struct {
	creds credentialFlags
	force bool
}

func newShellCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	opts := &shellOptions{}
	cmd := &cobra.Command{
		Use:   "shell [TARGET]",
		Short: "Start $SHELL with a target's credentials",
		Long: `Start your $SHELL (else /bin/sh) with the target's temporary credentials in
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, its region in
AWS_REGION and AWS_DEFAULT_REGION, and SWITCHROLE_TARGET, SWITCHROLE_ACCOUNT and
SWITCHROLE_EXPIRATION for your prompt. Without TARGET the picker opens.`,
		Example: `  switchrole shell prod-core/Admin
  switchrole shell prdadm        # a fuzzy query that matches one target`,
		Args: cobra.MaximumNArgs(1),
		RunE: run(func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return runPicker(cmd.Context(), g, streams, pickerRequest{creds: &opts.creds, force: opts.force})
			}
			return runShell(cmd.Context(), g, streams, opts, args[0])
		}),
	}
	opts.creds.register(cmd)
	cmd.Flags().BoolVar(&opts.force, "force", false, "start even inside another switchrole or aws-vault shell")
	return cmd
}

func runShell(ctx context.Context, g *globalOptions, streams *IOStreams, opts *shellOptions, query string) error {
	if !opts.force {
		if err := launch.CheckNesting(streams.Env); err != nil {
			return err
		}
	}
	c, err := newCredentials(g, &opts.creds, streams)
	if err != nil {
		return err
	}
	sess, err := c.retrieve(ctx, query)
	if err != nil {
		return err
	}
	return startShell(ctx, streams, launchSession(sess), g)
}

// startShell replaces switchrole with the user's shell (a child in the demo,
// see replaceOrRun).
func startShell(ctx context.Context, streams *IOStreams, s launch.Session, g *globalOptions) error {
	env := launch.Environ(streams.Env, s)
	argv, err := launch.Shell(env)
	if err != nil {
		return err
	}
	banner(streams, s)
	if g.shellHint != "" {
		fmt.Fprintln(streams.ErrOut, g.shellHint)
	}
	return replaceOrRun(ctx, argv, env, g.keepAlive)
}

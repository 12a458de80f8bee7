package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/launch"
)

type shellOptions struct {
	creds    credentialFlags
	force    bool
	noServer bool
}

func newShellCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	opts := &shellOptions{}
	cmd := &cobra.Command{
		Use:   "shell [TARGET]",
		Short: "Start $SHELL with a target's credentials",
		Long: `Start your $SHELL (else /bin/sh) with the target's temporary credentials in
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, its region in
AWS_REGION and AWS_DEFAULT_REGION, and SWITCHROLE_TARGET, SWITCHROLE_ACCOUNT and
SWITCHROLE_EXPIRATION for your prompt. Without TARGET the picker opens.

By default the shell holds no keys: a credential server on 127.0.0.1 hands
them to every AWS CLI and SDK call (AWS_CONTAINER_CREDENTIALS_FULL_URI) and
renews them before they expire, for as long as the day's MFA session lasts.
--no-server puts fixed keys in the environment instead, which expire with the
role session.`,
		Example: `  switchrole shell prod-core/Admin
  switchrole shell prdadm        # a fuzzy query that matches one target`,
		ValidArgsFunction: completeTarget(g),
		Args:              cobra.MaximumNArgs(1),
		RunE: run(func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return runPicker(cmd.Context(), g, streams, pickerRequest{creds: &opts.creds, force: opts.force, noServer: opts.noServer})
			}
			return runShell(cmd.Context(), g, streams, opts, args[0])
		}),
	}
	opts.creds.register(cmd)
	opts.creds.registerRegion(cmd)
	cmd.Flags().BoolVar(&opts.force, "force", false, "start even inside another switchrole or aws-vault shell")
	cmd.Flags().BoolVar(&opts.noServer, "no-server", false, "put fixed keys in the shell's environment instead of serving renewing credentials")
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
	c.enter = chooseFor("open a shell")
	sess, err := c.retrieve(ctx, query)
	if err != nil {
		return err
	}
	return c.shell(ctx, sess, g, !opts.noServer)
}

// shell starts the user's shell for sess: served by a credential server,
// or with fixed keys (startShell).
func (c *credentials) shell(ctx context.Context, sess *aws.Session, g *globalOptions, serve bool) error {
	if !serve {
		return startShell(ctx, c.streams, launchSession(sess), g)
	}
	return c.runServed(ctx, sess, true, launch.Shell, func(s launch.Session) { shellBanner(c.streams, s, g) })
}

// startShell replaces switchrole with the user's shell (a child in the demo,
// see replaceOrRun).
func startShell(ctx context.Context, streams *IOStreams, s launch.Session, g *globalOptions) error {
	env := launch.ShellEnviron(streams.Env, s)
	argv, err := launch.Shell(env)
	if err != nil {
		return err
	}
	shellBanner(streams, s, g)
	return replaceOrRun(ctx, argv, env, g.keepAlive)
}

// shellBanner is what a shell starts with on stderr: who and where, and the
// demo's hint.
func shellBanner(streams *IOStreams, s launch.Session, g *globalOptions) {
	banner(streams, s)
	if g.shellHint != "" {
		fmt.Fprintln(streams.ErrOut, g.shellHint)
	}
}

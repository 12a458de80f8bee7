package cli

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/launch"
)

type execOptions struct {
	creds credentialFlags
	each  eachFlags
	// server serves renewing credentials instead of fixed keys.
	server bool
}

func newExecCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	opts := &execOptions{}
	cmd := &cobra.Command{
		Use:   "exec TARGET [--] COMMAND [ARGS...]",
		Short: "Run a command with a target's credentials",
		Long: `Run COMMAND with the target's credentials in its environment. Standard input,
output and error pass through, signals reach the command, and switchrole exits
with the command's exit code (127 when it is not found). Everything after
TARGET is the command, its flags included; "--" before it is optional.
Without TARGET ("switchrole exec -- COMMAND") the picker opens on the terminal.

"exec --each QUERY -- COMMAND [ARGS...]" runs COMMAND on every target QUERY
selects (the picker's fuzzy syntax; --dry-run lists them): one MFA prompt for
all, --parallel at a time, every output line prefixed with its target's name,
and a summary at the end. It exits 0 when every target succeeded, else 1.

With --server the command gets no keys: a credential server on 127.0.0.1
hands them to it (AWS_CONTAINER_CREDENTIALS_FULL_URI) and renews them before
they expire, for as long as the day's MFA session lasts, so a long terraform
apply never meets ExpiredToken.`,
		Example: `  switchrole exec prod-core/ReadOnly -- aws s3 ls
  switchrole exec prod-core/ReadOnly aws s3 ls --recursive s3://bucket
  switchrole exec staging-data/Admin -- terraform plan
  switchrole exec --each "'ReadOnly$ prod" -- aws s3 ls
  switchrole exec --each staging --yes --json -- aws sts get-caller-identity
  switchrole exec --server prod-core/Admin -- terraform apply`,
		ValidArgsFunction: completeTarget(g),
		Args: func(cmd *cobra.Command, args []string) error {
			if opts.each.set(cmd) {
				if opts.server {
					return usageErrorf("--server serves one command's credentials; with --each every target gets its own keys, so leave --server out")
				}
				return opts.each.args(cmd, args)
			}
			if err := opts.each.refuseWithoutEach(cmd); err != nil {
				return err
			}
			dash := cmd.ArgsLenAtDash()
			if dash < 0 || dash > 1 || len(args) <= dash {
				return usageErrorf("switchrole exec needs a TARGET and a command: switchrole exec TARGET [--] COMMAND [ARGS...]")
			}
			return nil
		},
		RunE: run(func(cmd *cobra.Command, args []string) error {
			if opts.each.set(cmd) {
				return runEach(cmd.Context(), g, streams, &opts.creds, &opts.each, args)
			}
			dash := cmd.ArgsLenAtDash()
			return runExec(cmd, g, streams, opts, args[:dash], args[dash:])
		}),
	}
	opts.creds.register(cmd)
	opts.each.register(cmd)
	cmd.Flags().BoolVar(&opts.server, "server", false, "serve renewing credentials from a local credential server instead of fixed keys")
	opts.creds.registerRegion(cmd)
	return cmd
}

// runExec runs argv as target (none: the picker chooses).
func runExec(cmd *cobra.Command, g *globalOptions, streams *IOStreams, opts *execOptions, target, argv []string) error {
	ctx := cmd.Context()
	c, err := newCredentials(g, &opts.creds, streams)
	if err != nil {
		return err
	}
	c.enter = chooseFor("run " + strings.Join(argv, " "))
	sess, err := c.retrieveArgs(ctx, cmd, target, false)
	if err != nil {
		return err
	}
	if opts.server {
		return c.runServed(ctx, sess, false, func([]string) ([]string, error) { return argv, nil }, nil)
	}
	return execCommand(ctx, streams, launchSession(sess), argv, g.keepAlive)
}

// execCommand runs argv with the session's environment, replacing this
// process so that signals and the exit code are the command's own.
func execCommand(ctx context.Context, streams *IOStreams, s launch.Session, argv []string, keepAlive bool) error {
	return replaceOrRun(ctx, argv, launch.Environ(streams.Env, s), keepAlive)
}

// replaceOrRun replaces switchrole with argv, or with keepAlive (the demo,
// whose fake AWS lives in this process) runs it as a child with forwarded
// signals and passes its exit status on.
func replaceOrRun(ctx context.Context, argv, env []string, keepAlive bool) error {
	if !keepAlive {
		return launch.Exec(argv, env)
	}
	code, err := launch.Run(ctx, argv, env, launch.StdStreams())
	if err != nil {
		return err
	}
	if code != 0 {
		return &ExitStatus{Code: code}
	}
	return nil
}

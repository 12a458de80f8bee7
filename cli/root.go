package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/front"
	"github.com/switchrole/switchrole/internal/gctune"
)

// globalOptions are the flags every command accepts.
type globalOptions struct {
	configFile string
	// keepAlive runs shells and commands as children rather than replacing
	// switchrole, for the demo whose fake AWS lives in this process.
	keepAlive bool
	// shellHint is printed under the banner when a shell starts (the demo
	// says how to reach its fake AWS).
	shellHint string
	// warnings receives one line per configuration problem that makes a
	// target unusable without stopping the others (config.Config.Problems).
	warnings io.Writer
}

// loadConfig reads the targets from the AWS shared config files and
// switchrole's own file, honouring --config.
func (g *globalOptions) loadConfig() (*config.Config, error) {
	return config.Load(config.Options{File: g.configFile})
}

// loadIndex is loadConfig for commands that need only some targets. It
// prints the problems that leave the other targets usable as warnings.
func (g *globalOptions) loadIndex() (*config.Index, error) {
	idx, err := config.LoadIndex(config.Options{File: g.configFile})
	if err == nil && g.warnings != nil {
		config.WriteWarnings(g.warnings, idx.Problems())
	}
	return idx, err
}

// runError marks an error that a command's RunE returned, so Execute can
// tell it from cobra's own argument and flag errors (which are usage errors).
type runError struct{ err error }

func (e *runError) Error() string { return e.err.Error() }
func (e *runError) Unwrap() error { return e.err }

// run adapts a command's run function to cobra and marks its errors.
func run(fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := fn(cmd, args); err != nil {
			return &runError{err: err}
		}
		return nil
	}
}

// NewRootCmd builds the whole command tree around the given streams.
func NewRootCmd(streams *IOStreams) *cobra.Command {
	g := &globalOptions{warnings: streams.ErrOut}
	root := &cobra.Command{
		Use:   "switchrole",
		Short: "Switch AWS roles fast and safely",
		Long: `switchrole lists the accounts and roles you can reach (from its own config and
~/.aws/config), assumes the one you pick with one MFA prompt per working day,
and gives you a shell, a command, export lines, a credential_process answer or
a signed-in AWS console.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
	}
	root.RunE = run(func(cmd *cobra.Command, _ []string) error {
		return runPicker(cmd.Context(), g, streams, pickerRequest{creds: &credentialFlags{}})
	})
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.ErrOut)
	root.PersistentFlags().StringVarP(&g.configFile, "config", "c", "",
		"switchrole config file (default $SWITCHROLE_CONFIG or $XDG_CONFIG_HOME/switchrole/config.toml)")

	root.AddCommand(
		newListCmd(g, streams),
		newShellCmd(g, streams),
		newExecCmd(g, streams),
		newEnvCmd(g, streams),
		newCredentialProcessCmd(g, streams),
		newWhoamiCmd(streams),
		newConsoleCmd(g, streams),
		newLinkCmd(g, streams),
		newClearCmd(g, streams),
		newLoginCmd(g, streams),
		newStatusCmd(g, streams),
		newLogoutCmd(g, streams),
		newKeysCmd(g, streams),
		newSSOCmd(g, streams),
		newConfigCmd(g, streams),
		newDiscoverCmd(g, streams),
		newDemoCmd(g, streams),
		newVersionCmd(streams),
	)
	root.Version = version()
	root.SetVersionTemplate(versionLine() + "\n")
	applyUsageRules(root)
	return root
}

// Execute runs switchrole with args and returns the error to map to an exit
// code. Errors that are not a command's own (unknown commands, bad flags,
// wrong argument counts) become usage errors.
func Execute(ctx context.Context, args []string, streams *IOStreams) error {
	gctune.ForShortRun()
	root := NewRootCmd(streams)
	root.SetArgs(execCommandArgs(root, args))
	err := root.ExecuteContext(ctx)
	if err == nil {
		return nil
	}
	var re *runError
	if errors.As(err, &re) {
		return re.err
	}
	var usage *UsageError
	if errors.As(err, &usage) {
		return err
	}
	return &UsageError{Err: err}
}

// Main runs switchrole on the process's arguments and streams and returns
// the exit code: the whole of a main package, shared by the module's root
// command and cmd/switchrole-engine.
func Main() int {
	// A warm credential-process, env or exec answers from its shortcut
	// without loading the configuration, through the fast front's code.
	if code, answered := front.Warm(os.Args[1:]); answered {
		return code
	}
	ctx, stop := InterruptContext()
	err := Execute(ctx, os.Args[1:], System())
	stop()
	if err != nil {
		if msg := Message(err); msg != "" {
			fmt.Fprintln(os.Stderr, "switchrole: "+msg)
		}
	}
	return ExitCode(err)
}

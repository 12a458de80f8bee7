package cli

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/english"
)

// applyUsageRules is the one place where cobra's and pflag's own wording
// ("accepts 1 arg(s)", "unknown shorthand flag", "unknown command") is turned
// into switchrole's: every usage error becomes one sentence naming the
// command, with "did you mean" for a mistyped command or flag. It walks the
// whole tree once, after every command is added, so a new command follows
// the rule without knowing about it.
func applyUsageRules(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	root.SetFlagErrorFunc(flagError)
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		if cmd.HasAvailableSubCommands() {
			cmd.Args = subcommandArgs
			if !cmd.Runnable() {
				// Without a subcommand, say what there is (cobra would
				// do this too, but skip Args for a non-runnable command).
				cmd.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
			}
		} else if cmd.Args != nil {
			cmd.Args = countedArgs(cmd.Args)
		}
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// subcommandArgs refuses a word that names no subcommand.
func subcommandArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	var names []string
	for _, sub := range cmd.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	sort.Strings(names)
	if s := config.Suggest(args[0], names); s != "" {
		return usageErrorf("%q is not a %s command (did you mean %q?); see `%s --help`", args[0], cmd.CommandPath(), s, cmd.CommandPath())
	}
	return usageErrorf("%q is not a %s command; it has %s", args[0], cmd.CommandPath(), orList(names))
}

// countedArgs keeps a command's own argument rule and rewords its complaint.
func countedArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		err := check(cmd, args)
		var usage *UsageError
		if err == nil || errors.As(err, &usage) {
			return err
		}
		return argCountError(cmd, args, check)
	}
}

// argCountError says how many arguments cmd takes, by asking its own rule
// (cobra's rules say so only in their wording).
func argCountError(cmd *cobra.Command, args []string, check cobra.PositionalArgs) error {
	params := strings.Fields(cmd.Use)[1:]
	for n := len(args) - 1; n >= 0; n-- {
		if check(cmd, args[:n]) != nil {
			continue
		}
		extra := quoteAll(args[n:])
		if n == 0 {
			return usageErrorf("%s takes no arguments; remove %s", cmd.CommandPath(), extra)
		}
		return usageErrorf("%s takes %s (%s); remove %s", cmd.CommandPath(),
			english.Count(n, "argument"), strings.Join(params[:min(n, len(params))], " "), extra)
	}
	return usageErrorf("%s needs %s; usage: %s", cmd.CommandPath(), strings.Join(params, " "), cmd.UseLine())
}

// flagError rewords pflag's errors, suggesting the flag that was meant.
func flagError(cmd *cobra.Command, err error) error {
	var (
		notExist *pflag.NotExistError
		needs    *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &notExist):
		if len(cmd.Flags().Args()) > 0 && cmd.HasAvailableSubCommands() {
			// "switchrole lisst --json": the command is the mistake.
			if err := subcommandArgs(cmd, cmd.Flags().Args()); err != nil {
				return err
			}
		}
		typed := "--" + notExist.GetSpecifiedName()
		if strings.HasPrefix(err.Error(), "unknown shorthand") {
			typed = "-" + notExist.GetSpecifiedName()
		}
		var names []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, "--"+f.Name) })
		cmd.InheritedFlags().VisitAll(func(f *pflag.Flag) { names = append(names, "--"+f.Name) })
		if s := config.Suggest(typed, names); s != "" {
			return usageErrorf("%s has no flag %s (did you mean %s?)", cmd.CommandPath(), typed, s)
		}
		return usageErrorf("%s has no flag %s; see `%s --help`", cmd.CommandPath(), typed, cmd.CommandPath())
	case errors.As(err, &needs):
		return usageErrorf("--%s needs a value: %s", needs.GetFlag().Name, needs.GetFlag().Usage)
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		switch f.Value.Type() {
		case "duration":
			return usageErrorf("--%s %q is not a length of time; write it like 90m or 1h", f.Name, invalid.GetValue())
		case "bool":
			return usageErrorf("--%s is on or off: write --%s or --%s=false, not %q", f.Name, f.Name, f.Name, invalid.GetValue())
		}
		return usageErrorf("--%s %q is not valid: %s", f.Name, invalid.GetValue(), f.Usage)
	case errors.As(err, &syntax):
		return usageErrorf("%q is not a flag; flags look like --name or -n", syntax.GetSpecifiedFlag())
	}
	return &UsageError{Err: err}
}

func quoteAll(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = fmt.Sprintf("%q", w)
	}
	return strings.Join(q, " ")
}

// orList is "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

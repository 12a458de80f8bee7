package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/aws/plan"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/fanout"
	"github.com/switchrole/switchrole/launch"
	"github.com/switchrole/switchrole/listing"
)

// eachFlags are exec's flags for running one command across many targets.
type eachFlags struct {
	query     string
	parallel  int
	yes       bool
	dryRun    bool
	group     bool
	json      bool
	outputDir string
}

func (f *eachFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.query, "each", "", "run the command on every target `QUERY` matches (the picker's fuzzy syntax)")
	fl.IntVar(&f.parallel, "parallel", fanout.DefaultParallel, "with --each: run at most `N` commands at once")
	fl.BoolVarP(&f.yes, "yes", "y", false, "with --each: run on several targets without asking")
	fl.BoolVar(&f.dryRun, "dry-run", false, "with --each: print the targets QUERY selects and run nothing")
	fl.BoolVar(&f.group, "group", false, "with --each: print each target's output whole when it finishes")
	fl.BoolVar(&f.json, "json", false, "with --each: print one JSON object per target")
	fl.StringVar(&f.outputDir, "output-dir", "", "with --each: also write each target's output to `DIR`/TARGET.log")
}

// set reports whether --each was given.
func (f *eachFlags) set(cmd *cobra.Command) bool { return cmd.Flags().Changed("each") }

// args checks exec's arguments when --each is given: only the command,
// after "--", which --dry-run may leave out.
func (f *eachFlags) args(cmd *cobra.Command, args []string) error {
	if dash := cmd.ArgsLenAtDash(); dash > 0 || (dash < 0 && len(args) > 0) {
		return usageErrorf("usage: switchrole exec --each QUERY -- COMMAND [ARGS...] (QUERY is the value of --each; the command goes after --)")
	}
	if strings.TrimSpace(f.query) == "" {
		return usageErrorf("--each needs a query; `switchrole list --filter QUERY` shows what one selects")
	}
	if f.parallel < 1 {
		return usageErrorf("--parallel must be at least 1")
	}
	if f.group && f.json {
		return usageErrorf("--group and --json cannot be used together")
	}
	return nil
}

// refuseWithoutEach rejects the --each-only flags on a plain exec.
func (f *eachFlags) refuseWithoutEach(cmd *cobra.Command) error {
	for _, name := range []string{"parallel", "yes", "dry-run", "group", "json", "output-dir"} {
		if cmd.Flags().Changed(name) {
			return usageErrorf("--%s works only with --each", name)
		}
	}
	return nil
}

// runEach is `exec --each`: select the targets, confirm, get one MFA
// session per source, then run the command on every target through fanout.
func runEach(ctx context.Context, g *globalOptions, streams *IOStreams, creds *credentialFlags, f *eachFlags, argv []string) error {
	if creds.noSessionToken || creds.duration > plan.ChainedMax {
		return usageErrorf("--each assumes every role through the day's MFA session; --no-session-token and --duration over %s would need a fresh MFA code per target", plan.ChainedMax)
	}
	c, err := newCredentials(g, creds, streams)
	if err != nil {
		return err
	}
	order := listing.Order(c.idx, f.query)
	if len(order) == 0 {
		return usageErrorf("no target matches %q; run `switchrole list --filter %q` to check the query", f.query, f.query)
	}
	targets := make([]*config.Target, len(order))
	for k, i := range order {
		targets[k] = c.idx.Target(i)
	}
	if f.dryRun || len(argv) == 0 {
		for _, t := range targets {
			fmt.Fprintln(streams.Out, t.Name)
		}
		return nil
	}
	if len(targets) > 1 && !f.yes {
		if err := confirmEach(streams, targets, argv); err != nil {
			return err
		}
	}
	return fanOut(ctx, c, streams, targets, argv, f)
}

// fanOut runs argv on every target, as `exec --each` and the picker's
// marked targets do, and ends with the summary: exit 0 when every target
// succeeded, 1 when one failed, 130 when interrupted.
func fanOut(ctx context.Context, c *credentials, streams *IOStreams, targets []*config.Target, argv []string, f *eachFlags) error {
	c.engine.MFA = oneAtATime(c.engine.MFA)
	env, err := eachEnvironments(ctx, c.engine, streams.Env, targets)
	if err != nil {
		return err
	}
	mode := fanout.Lines
	switch {
	case f.group:
		mode = fanout.Group
	case f.json:
		mode = fanout.JSON
	}
	shown := make([]fanout.Target, len(targets))
	for i, t := range targets {
		shown[i] = fanout.Target{Name: t.Name, AccountID: t.AccountID, Color: t.Color}
	}
	rep, err := fanout.Run(ctx, shown, env, fanout.Options{
		Argv:      argv,
		Parallel:  f.parallel,
		Mode:      mode,
		Out:       streams.Out,
		ErrOut:    streams.ErrOut,
		Color:     listing.UseColor(streams.OutIsTerminal, streams.Getenv),
		Progress:  streams.ErrIsTerminal && streams.Getenv("TERM") != "dumb",
		OutputDir: f.outputDir,
	})
	if err != nil {
		return err
	}
	if err := fanout.WriteSummary(streams.ErrOut, rep); err != nil {
		return err
	}
	switch {
	case rep.Interrupted:
		return ErrCancelled
	case rep.Failed() > 0:
		return &ExitStatus{Code: ExitFailure} // the summary said which
	}
	return nil
}

// confirmEach lists the targets and asks before running argv on all of
// them; without a terminal to ask on, --yes is required.
func confirmEach(streams *IOStreams, targets []*config.Target, argv []string) error {
	if !streams.interactive() {
		return usageErrorf("%d targets match; pass --yes to run %s on all of them (there is no terminal to ask on), or --dry-run to list them",
			len(targets), argv[0])
	}
	for _, t := range targets {
		fmt.Fprintln(streams.ErrOut, "  "+t.Name)
	}
	fmt.Fprintf(streams.ErrOut, "Run %s on these %d targets? [y/N] ", commandLine(argv), len(targets))
	line, err := bufio.NewReader(streams.In).ReadString('\n')
	if err != nil && err != io.EOF {
		return fmt.Errorf("read the answer: %w", err)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return ErrCancelled
}

// oneAtATime serialises MFA prompts: targets that cannot use a shared MFA
// session (a source with use_session_token = false) ask in turn, never two
// prompts on the terminal at once.
func oneAtATime(mfa aws.MFAFunc) aws.MFAFunc {
	if mfa == nil {
		return nil
	}
	var mu sync.Mutex
	return func(ctx context.Context, req aws.MFARequest) (string, error) {
		mu.Lock()
		defer mu.Unlock()
		return mfa(ctx, req)
	}
}

// commandLine shows argv as it would be typed in a shell, quoting only the
// words that need it.
func commandLine(argv []string) string {
	words := make([]string, len(argv))
	for i, a := range argv {
		words[i] = a
		if a == "" || strings.ContainsFunc(a, func(r rune) bool { return !strings.ContainsRune(shellSafe, r) }) {
			words[i] = shellQuote(a)
		}
	}
	return strings.Join(words, " ")
}

// shellSafe are the characters a shell word may hold unquoted.
const shellSafe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%"

// eachEnvironments returns the function fanout gets each target's
// environment from: the one `exec` gives it.
//
// Targets whose roles are assumed through the same MFA session share it,
// and its MFA prompt comes first, alone: one target of each such group is
// fetched here before any command starts (the cache's lock would also keep
// concurrent fetches to one GetSessionToken, but a refused or cancelled
// code would then be asked for again by each waiting target). When that
// first fetch leaves no session, the group's other targets fail with its
// error instead of prompting in turn. A prompt the user cancels cancels
// the whole run.
func eachEnvironments(ctx context.Context, engine *aws.Engine, base []string, targets []*config.Target) (fanout.EnvFunc, error) {
	first := map[int]*aws.Session{}
	firstErr := map[int]error{}
	groupErr := make([]error, len(targets))
	leaders := map[string]int{}
	for i, t := range targets {
		src, serial, ok := engine.SessionSourceOf(t)
		if !ok {
			continue
		}
		key := engine.SessionKey(src, serial)
		if k, seen := leaders[key]; seen {
			groupErr[i] = firstErr[k] // nil unless the session could not be had
			continue
		}
		leaders[key] = i
		if _, cached := engine.MFASessionUntil(t); cached {
			continue
		}
		s, err := engine.Retrieve(ctx, t)
		if ctx.Err() != nil || errors.Is(err, aws.ErrCancelled) {
			return nil, ErrCancelled
		}
		if err != nil {
			if _, cached := engine.MFASessionUntil(t); !cached {
				firstErr[i] = err
			}
			// The leader itself reports its own error when fanned out.
			first[i], groupErr[i] = nil, err
			continue
		}
		first[i] = s
	}
	return func(ctx context.Context, i int) ([]string, error) {
		if err := groupErr[i]; err != nil {
			return nil, err
		}
		s := first[i]
		if s == nil {
			var err error
			if s, err = engine.Retrieve(ctx, targets[i]); err != nil {
				return nil, err
			}
		}
		return launch.Environ(base, launchSession(s)), nil
	}, nil
}

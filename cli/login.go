package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/english"
)

type loginOptions struct {
	creds credentialFlags
	// renew starts a new MFA session even when a fresh one is cached.
	renew bool
}

func newLoginCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	opts := &loginOptions{}
	cmd := &cobra.Command{
		Use:   "login [SOURCE]",
		Short: "Start the day: take one MFA code and cache the MFA session",
		Long: `Take the MFA code for SOURCE once (on the terminal, --mfa-code, or the
source's mfa_process) and cache its MFA session, so every role reached through
it works without another code until the session ends; say how long it lasts.
SOURCE may also be a role (its source is meant), and may be left out when
there is one source. A credential server waiting for a new session picks it up
at once. With a fresh session already cached, login says so; --new starts
another.`,
		Example: "  switchrole login\n  switchrole login jump --mfa-code -",
		Args:    cobra.MaximumNArgs(1),
		RunE: run(func(cmd *cobra.Command, args []string) error {
			return runLogin(cmd.Context(), g, streams, opts, args)
		}),
	}
	opts.creds.registerMFACode(cmd)
	cmd.Flags().BoolVar(&opts.renew, "new", false, "start a new MFA session even when a fresh one is cached")
	return cmd
}

func runLogin(ctx context.Context, g *globalOptions, streams *IOStreams, opts *loginOptions, args []string) error {
	c, err := newCredentials(g, &opts.creds, streams)
	if err != nil {
		return err
	}
	t, err := c.sourceArg(args)
	if err != nil {
		return err
	}
	sess, err := c.engine.MFASession(ctx, t, opts.renew)
	if err != nil {
		return err
	}
	now := time.Now()
	until := sess.Credentials.Expires
	who := sess.Target.Name
	if sess.Arn != "" {
		who += " (" + sess.Arn + ")"
	}
	if sess.FromCache {
		fmt.Fprintf(streams.Out, "%s: already logged in until %s, %s left; --new starts a new session\n", who, clock(until, now), english.Remaining(until.Sub(now)))
		return nil
	}
	kind := "session"
	if sess.MFA {
		kind = "MFA session"
	}
	fmt.Fprintf(streams.Out, "%s: %s until %s, %s left\n", who, kind, clock(until, now), english.Remaining(until.Sub(now)))
	return nil
}

// clock is t as the time of day in now's zone, with the date when it is
// another day.
func clock(t, now time.Time) string {
	t = t.In(now.Location())
	if y, m, d := t.Date(); y != now.Year() || m != now.Month() || d != now.Day() {
		return t.Format("Mon 2 Jan 15:04")
	}
	return t.Format("15:04")
}

// sourceArg is the target that login and logout work on: the one named
// (fuzzy queries work as for every TARGET), else the only source with an
// MFA device, else the only source.
func (c *credentials) sourceArg(args []string) (*config.Target, error) {
	if len(args) == 1 {
		return resolveTarget(c.idx, args[0])
	}
	var sources, withMFA []*config.Target
	cfg := c.idx.Config()
	for i := range cfg.Targets {
		if t := &cfg.Targets[i]; t.Kind == config.KindSource {
			sources = append(sources, t)
			if t.MFASerial != "" {
				withMFA = append(withMFA, t)
			}
		}
	}
	switch {
	case len(withMFA) == 1:
		return withMFA[0], nil
	case len(sources) == 1:
		return sources[0], nil
	case len(sources) == 0:
		return nil, usageErrorf("no source is configured (a profile with keys, SSO or credential_process); see `switchrole config check`")
	}
	names := make([]string, len(sources))
	for i, t := range sources {
		names[i] = t.Name
	}
	return nil, usageErrorf("name a source: %s", strings.Join(names, ", "))
}

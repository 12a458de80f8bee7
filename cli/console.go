package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/console"
	"github.com/switchrole/switchrole/internal/english"
	"github.com/switchrole/switchrole/ui"
)

type consoleOptions struct {
	creds    credentialFlags
	print    bool
	service  string
	path     string
	region   string
	duration time.Duration
	isolate  bool
}

func newConsoleCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	opts := &consoleOptions{}
	cmd := &cobra.Command{
		Use:   "console [TARGET]",
		Short: "Open the AWS console signed in as a target",
		Long: `Get the target's credentials, exchange them for a console sign-in token
(federation), and open the console in your browser ($BROWSER is honoured). The
sign-in URL is valid for 15 minutes and works like a password: --print writes
it to stdout only. A source target (your jump user) signs in through
GetFederationToken.

With --isolate (or isolate_consoles = true in the config) the console opens in
the account's own browser profile, so that several accounts stay signed in side
by side: a Chromium-family browser gets a profile directory per account under
$XDG_DATA_HOME/switchrole/browser, Firefox a container tab per account (through
the "Open external links in a container" extension). The browser is the
config's browser, else $BROWSER, else the first Chromium-family browser or
Firefox in PATH.`,
		Example: `  switchrole console prod-core/Admin
  switchrole console prod-core/ReadOnly --service s3
  switchrole console prod-core/Admin --path "ec2/home#Instances" --region eu-west-1
  switchrole console prod-core/Admin --duration 8h     # a longer console session
  switchrole console prod-data/ReadOnly --isolate      # beside the others, in its own profile`,
		ValidArgsFunction: completeTarget(g),
		Args:              cobra.MaximumNArgs(1),
		RunE: run(func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 && !cmd.Flags().Changed("print") && !cmd.Flags().Changed("service") &&
				!cmd.Flags().Changed("path") && !cmd.Flags().Changed("region") && !cmd.Flags().Changed("duration") {
				// The picker's own console action: enter opens one, and
				// the picker stays so that several can be opened.
				return runPicker(cmd.Context(), g, streams, pickerRequest{creds: &opts.creds, enter: pickerEnter{action: ui.ActionConsole}})
			}
			if opts.duration != 0 && (opts.duration < console.MinSessionDuration || opts.duration > console.MaxSessionDuration) {
				return usageErrorf("--duration %s is out of range; a console session lasts 15m to 12h", english.Duration(opts.duration))
			}
			c, err := newCredentials(g, &opts.creds, streams)
			if err != nil {
				return err
			}
			c.enter = chooseFor("open console")
			var t *config.Target
			if len(args) == 0 {
				t, err = c.choose(cmd.Context(), cmd, false)
			} else {
				t, err = c.resolve(cmd.Context(), args[0])
			}
			if err != nil {
				return err
			}
			url, err := c.signinURL(cmd.Context(), t, opts, func(note string) { fmt.Fprintln(streams.ErrOut, "switchrole: "+note) })
			if err != nil {
				return err
			}
			if opts.print {
				_, err := fmt.Fprintln(streams.Out, url)
				return err
			}
			isolate := c.idx.Defaults().IsolateConsoles
			if cmd.Flags().Changed("isolate") {
				isolate = opts.isolate
			}
			what := "the console for " + t.Name
			if isolate {
				what += " in its own browser profile"
			}
			return openOrPrintWith(streams, url, what, c.consoleOpener(t, isolate))
		}),
	}
	opts.creds.registerExceptDuration(cmd)
	fl := cmd.Flags()
	fl.BoolVar(&opts.print, "print", false, "print the sign-in URL on stdout instead of opening it")
	fl.StringVar(&opts.service, "service", "", `open this service's page, e.g. "s3", "ec2", "cloudwatch"`)
	fl.StringVar(&opts.path, "path", "", `open this console path, e.g. "ec2/home#Instances"`)
	fl.StringVar(&opts.region, "region", "", "console region (default: the target's)")
	fl.DurationVar(&opts.duration, "duration", 0, "console session length, 15m to 12h (default: as long as the credentials)")
	fl.BoolVar(&opts.isolate, "isolate", false, "open it in the account's own browser profile, so several accounts stay signed in (default: isolate_consoles in the config)")
	return cmd
}

// signinURL gets t's credentials and turns them into a console sign-in URL.
// notes receives what the user should know (a changed MFA path, a dropped
// session length, a federated session's limits).
func (c *credentials) signinURL(ctx context.Context, t *config.Target, opts *consoleOptions, note func(string)) (string, error) {
	var sess *aws.Session
	var err error
	sessionDuration := opts.duration
	if t.Kind == config.KindSource && !t.IsSSO() {
		sess, err = c.engine.FederationToken(ctx, t, opts.duration)
		if err == nil && sess.Kind == aws.KindFederation {
			note(fmt.Sprintf("signing in as %s through GetFederationToken: %s", t.Name, aws.FederationLimits))
			sessionDuration = 0 // AWS refuses it for federation tokens; the token's own duration applies
		}
	} else {
		e := c.engine
		if opts.duration != 0 {
			// Role credentials from the MFA session are chained, and AWS
			// refuses a console SessionDuration for those: assume directly.
			direct := *c.engine
			direct.NoSessionToken = true
			direct.Duration = opts.duration
			e = &direct
		}
		if e == c.engine {
			sess, err = c.retrieveSigningIn(ctx, t) // an SSO target's credentials, as for a role
		} else {
			sess, err = e.Retrieve(ctx, t)
		}
		if err == nil && opts.duration != 0 {
			if console.AllowsSessionDuration(sess.Kind, sess.Chained) {
				note(fmt.Sprintf("assumed %s directly with MFA so that the console session can last %s", t.Name, english.Duration(opts.duration)))
			} else {
				note(fmt.Sprintf("AWS does not allow a console session length for %s (role chain or SSO credentials); the session lasts as long as its credentials", t.Name))
				sessionDuration = 0
			}
		}
	}
	if err != nil {
		return "", err
	}
	partition := ""
	if t.RoleARN != "" {
		partition, _, _, _ = console.ParseRoleARN(t.RoleARN)
	}
	region := opts.region
	if region == "" {
		region = sess.Region
	}
	return console.SigninURL(ctx, console.SigninOptions{
		Credentials:     sess.Credentials,
		Partition:       partition,
		Region:          region,
		Service:         opts.service,
		Path:            opts.path,
		SessionDuration: sessionDuration,
		FederationURL:   c.federationURL(t),
	})
}

// federationURL is the federation endpoint override: the environment, then
// the config; "" means AWS's own.
func (c *credentials) federationURL(t *config.Target) string {
	if u := c.streams.Getenv("SWITCHROLE_FEDERATION_URL"); u != "" {
		return u
	}
	return t.FederationURL
}

// consoleOpener opens t's console in the configured browser, in the
// account's own profile when isolate is set.
func (c *credentials) consoleOpener(t *config.Target, isolate bool) func(url string) error {
	o := browserOpener(c.streams, c.idx.Defaults())
	if !isolate {
		return o.Open
	}
	return func(url string) error { return o.OpenIsolated(url, console.ProfileFor(t)) }
}

// browserOpener opens URLs in the configured browser (`browser` in the
// config, else $BROWSER, else the system's).
func browserOpener(streams *IOStreams, d config.Defaults) console.Opener {
	return console.Opener{Browser: d.Browser, ProfileDir: console.DefaultProfileDir(streams.Getenv), Getenv: streams.Getenv}
}

// openOrPrintWith opens url with open; where no browser can be opened it
// says why on stderr and prints the URL on stdout instead.
func openOrPrintWith(streams *IOStreams, url, what string, open func(string) error) error {
	err := open(url)
	var noBrowser *console.NoBrowserError
	if errors.As(err, &noBrowser) {
		fmt.Fprintf(streams.ErrOut, "switchrole: %s; open %s with this URL (valid 15 minutes, keep it private):\n", noBrowser.Error(), what)
		_, err = fmt.Fprintln(streams.Out, url)
		return err
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(streams.ErrOut, "opened %s in your browser\n", what)
	return nil
}

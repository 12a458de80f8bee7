package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/aws/plan"
	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/front"
	"github.com/switchrole/switchrole/internal/english"
	"github.com/switchrole/switchrole/launch"
	"github.com/switchrole/switchrole/ui"
)

// credentialFlags are the flags of every command that gets credentials.
type credentialFlags struct {
	mfaCode        string
	noSessionToken bool
	duration       time.Duration
	sessionName    string
	// region overrides the target's region (shell, exec, env).
	region string
	// noSSO: the command neither offers an SSO sign-in nor lists an old
	// SSO listing again (see retrieveSigningIn, refreshListings): a
	// credential_process, whose caller has no one to talk to, and the
	// commands that only read or clear caches.
	noSSO bool
}

func (f *credentialFlags) register(cmd *cobra.Command) {
	f.registerExceptDuration(cmd)
	cmd.Flags().DurationVar(&f.duration, "duration", 0, "role session duration (15m to 12h; over 1h assumes directly with MFA)")
}

// registerRegion adds --region, for the commands that hand a region on.
func (f *credentialFlags) registerRegion(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.region, "region", "", "AWS_REGION and AWS_DEFAULT_REGION to set (default: the target's region)")
}

// registerExceptDuration is register for commands whose --duration means
// something else (the console session's length).
func (f *credentialFlags) registerExceptDuration(cmd *cobra.Command) {
	f.registerMFACode(cmd)
	fl := cmd.Flags()
	fl.BoolVar(&f.noSessionToken, "no-session-token", false, "assume the role directly with MFA instead of through the day's MFA session")
	fl.StringVar(&f.sessionName, "session-name", "", "role session name (default: your IAM user name)")
}

// registerMFACode is the one flag of commands that only take a code (login).
func (f *credentialFlags) registerMFACode(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.mfaCode, "mfa-code", "", `MFA code to use instead of prompting ("-" reads it from stdin, keeping it out of the process list)`)
}

// validate checks the flags before anything slow happens.
func (f *credentialFlags) validate() error {
	if f.duration != 0 && (f.duration < 15*time.Minute || f.duration > 12*time.Hour) {
		return usageErrorf("--duration %s is out of range; AWS accepts 15m to 12h", english.Duration(f.duration))
	}
	if f.region != "" && !regionPattern.MatchString(f.region) {
		return usageErrorf("--region %q is not an AWS region; write it like eu-west-1 or us-gov-west-1", f.region)
	}
	if f.mfaCode != "" && f.mfaCode != "-" && !aws.ValidMFACode(f.mfaCode) {
		return errNotMFACode
	}
	return nil
}

// regionPattern is the shape of every AWS region name (eu-west-1,
// us-gov-west-1, cn-north-1, ap-southeast-5).
var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// credentials bundles what a credentials command works with.
type credentials struct {
	// idx builds only the targets asked for: a credential_process call
	// on a 100,000-role configuration builds one, not 100,000.
	idx     *config.Index
	engine  *aws.Engine
	streams *IOStreams
	// region, when set, replaces each session's region (--region).
	region string
	// banner is the picker's extra header line (the demo's MFA code).
	banner func() string
	// watch stamped the configuration files before they were loaded, for
	// the shortcut that lets the next warm call skip loading them.
	watch *front.Watch
	// enter says what the command does with the target the picker
	// resolves an ambiguous query to, for the picker's footer.
	enter pickerEnter
	// noSignIn: never offer an SSO sign-in on the terminal (see
	// retrieveSigningIn).
	noSignIn bool
}

// newCredentials loads the configuration and builds the engine around the
// session cache, prompting for MFA codes on the terminal.
func newCredentials(g *globalOptions, f *credentialFlags, streams *IOStreams) (*credentials, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	watch := front.WatchConfig(g.configFile)
	idx, err := g.loadIndex()
	if err != nil {
		return nil, err
	}
	if !f.noSSO {
		refreshListings(g, streams, idx)
	}
	defaults := idx.Defaults()
	dir, err := cache.DefaultDir()
	if err != nil {
		return nil, err
	}
	store, err := cache.Open(dir, cache.WithRefreshWindow(defaults.RefreshWindow), cache.WithNotice(noticeTo(streams)))
	if err != nil {
		return nil, err
	}
	mfa, err := f.mfaFunc(streams)
	if err != nil {
		return nil, err
	}
	settings := plan.New(idx, defaults)
	settings.NoSessionToken = f.noSessionToken
	settings.Duration = f.duration
	settings.SessionName = f.sessionName
	engine := &aws.Engine{Settings: settings, Cache: store, MFA: mfa, Keys: &keyring{streams: streams}, SSO: ssoProvider()}
	engineHooks(engine, streams)
	return &credentials{idx: idx, engine: engine, streams: streams, watch: watch, region: f.region, noSignIn: f.noSSO}, nil
}

// retrieve resolves query to one target and gets its credentials. A query
// that matches several targets opens the picker on them when there is a
// terminal to draw it on; otherwise it is an error listing the candidates.
func (c *credentials) retrieve(ctx context.Context, query string) (*aws.Session, error) {
	t, err := c.resolve(ctx, query)
	if err != nil {
		return nil, err
	}
	s, err := c.retrieveSigningIn(ctx, t)
	if err != nil {
		return nil, err
	}
	c.recordShortcut(query, t, s)
	return c.withRegion(s), nil
}

// recordShortcut lets the next call for query answer without loading the
// configuration (front.Warm), when this one is what a warm call would have
// been: the query names t exactly, no flag changed the cache key, and t's
// credentials are cached.
func (c *credentials) recordShortcut(query string, t *config.Target, s *aws.Session) {
	e := c.engine
	if e.Cache == nil || e.NoSessionToken || e.Duration != 0 || e.SessionName != "" || e.SourceIdentity != "" {
		return
	}
	if exact, ok := c.idx.Lookup(query); !ok || exact.Name != t.Name {
		return
	}
	key, err := e.Key(t)
	if err != nil {
		return
	}
	if _, fresh := e.Cache.Get(key); !fresh {
		return
	}
	c.watch.Record(e.Cache, query, t, key, s.Region, c.idx.Defaults().RefreshWindow)
}

// withRegion is sess with --region in place of the target's region.
func (c *credentials) withRegion(sess *aws.Session) *aws.Session {
	if c.region == "" {
		return sess
	}
	s := *sess
	s.Region = c.region
	return &s
}

// retrieveArgs is retrieve for a command's optional TARGET: without one, the
// picker opens (enter picks) when there is a terminal to draw it on; tty
// says whether a terminal that is not stdin counts (credential-process runs
// with its stdin taken by the AWS CLI, but may still reach /dev/tty).
func (c *credentials) retrieveArgs(ctx context.Context, cmd *cobra.Command, args []string, tty bool) (*aws.Session, error) {
	if len(args) > 0 {
		return c.retrieve(ctx, args[0])
	}
	t, err := c.choose(ctx, cmd, tty)
	if err != nil {
		return nil, err
	}
	sess, err := c.retrieveSigningIn(ctx, t) // a cache hit: the picker already retrieved it
	if err != nil {
		return nil, err
	}
	return c.withRegion(sess), nil
}

// choose opens the picker for a command run without TARGET, or says that a
// TARGET is needed when nobody can answer it.
func (c *credentials) choose(ctx context.Context, cmd *cobra.Command, tty bool) (*config.Target, error) {
	if !c.streams.interactive() && !(tty && terminalReachable()) {
		return nil, usageErrorf("%s needs a TARGET when there is no terminal to pick one on (see `switchrole list`)", cmd.CommandPath())
	}
	return c.pickTarget(ctx, "")
}

// pickTarget opens the picker on query for the command to carry on with
// the target picked: enter names what the command does (c.enter), or
// "choose".
func (c *credentials) pickTarget(ctx context.Context, query string) (*config.Target, error) {
	enter := c.enter // enter gets the credentials and returns
	if enter.action == ui.ActionNone {
		enter = chooseFor("choose")
	}
	res, err := c.pick(ctx, query, enter)
	if err != nil {
		return nil, err
	}
	return res.Target, nil
}

// terminalReachable reports whether the controlling terminal can be opened.
func terminalReachable() bool {
	tty, err := os.OpenFile(ttyPath, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	tty.Close()
	return true
}

// resolve finds the target query means, asking in the picker when it is
// ambiguous and a person is at the terminal.
func (c *credentials) resolve(ctx context.Context, query string) (*config.Target, error) {
	t, err := resolveTarget(c.idx, query)
	var ambiguous *AmbiguousError
	if errors.As(err, &ambiguous) && c.streams.interactive() {
		return c.pickTarget(ctx, query)
	}
	return t, err
}

// launchSession turns an engine session into what launch hands to children.
func launchSession(s *aws.Session) launch.Session {
	return launch.NewSession(s.Target, launchCredentials(s.Credentials), s.Region)
}

// launchCredentials copies the fields launch uses out of the SDK's type.
func launchCredentials(c sdkaws.Credentials) launch.Credentials {
	return launch.Credentials{
		AccessKeyID:     c.AccessKeyID,
		SecretAccessKey: c.SecretAccessKey,
		SessionToken:    c.SessionToken,
		CanExpire:       c.CanExpire,
		Expires:         c.Expires,
		AccountID:       c.AccountID,
	}
}

// noticeTo says a note (such as the cache replacing a file that was not its
// own) on stderr, in one line.
func noticeTo(streams *IOStreams) func(string) {
	return func(msg string) { fmt.Fprintln(streams.ErrOut, "switchrole: "+msg) }
}

// banner writes the one-line "who you are now" note on stderr.
func banner(streams *IOStreams, s launch.Session) {
	fmt.Fprintln(streams.ErrOut, launch.Banner(s, time.Now()))
}

package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/console"
	"github.com/switchrole/switchrole/internal/english"
	"github.com/switchrole/switchrole/sso"
	"github.com/switchrole/switchrole/sso/listfile"
)

// ssoOptions are the flags of `switchrole sso login`.
type ssoOptions struct {
	deviceCode bool
	noBrowser  bool
}

func newSSOCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sso",
		Short: "Sign in to and out of IAM Identity Center (AWS SSO)",
		Long: `Sign in to IAM Identity Center sessions: the [sso-session NAME] sections of
~/.aws/config, legacy profiles with sso_start_url, and the [sso.NAME] tables of
switchrole's own file. The sign-in is cached
where the AWS CLI caches it (~/.aws/sso/cache), so "aws sso login" and
"switchrole sso login" share it, and so do the SDKs' SSO profiles.`,
		Args: cobra.NoArgs,
	}
	opts := &ssoOptions{}
	var background bool
	login := &cobra.Command{
		Use:   "login [SESSION]",
		Short: "Sign in to an SSO session in the browser",
		Long: `Sign in to SESSION (an sso-session name, a legacy profile's name, an
[sso.NAME] of switchrole's file, or a start URL; may be left out when there is
only one). The browser opens on the sign-in page and comes back to switchrole on
127.0.0.1. With --device-code, or where no browser can open (over SSH, no
display), switchrole prints a URL and a code to confirm on any device instead.
Then the accounts and roles the sign-in gives are listed, as by "sso sync".`,
		Example:           "  switchrole sso login corp\n  switchrole sso login --device-code",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeSSOSession(g),
		RunE: run(func(cmd *cobra.Command, args []string) error {
			s, signer, _, err := ssoSetup(cmd, g, streams, args)
			if err != nil {
				return err
			}
			if opts.noBrowser {
				signer.Open = nil
				opts.deviceCode = true
			}
			t, err := signer.Login(cmd.Context(), s, opts.deviceCode)
			if err != nil {
				return unreachableSSO(s, err)
			}
			fmt.Fprintf(streams.ErrOut, "Signed in to %s (SSO session %q) until %s.\n", s.StartURL, s.Name, t.ExpiresAt.Local().Format("15:04 MST"))
			// The roles come with the sign-in: without a listing, no
			// SSO role is a target, and only `sso sync` would make one.
			got, err := listAndCache(cmd.Context(), streams, s, signer)
			if err != nil {
				return fmt.Errorf("signed in, but the roles of SSO session %q could not be listed (`switchrole sso sync %s` tries again): %w", s.Name, s.Name, unreachableSSO(s, err))
			}
			listedLine(streams, s, got)
			return nil
		}),
	}
	login.Flags().BoolVar(&opts.deviceCode, "device-code", false, "sign in with a code shown on the terminal instead of a browser redirect")
	login.Flags().BoolVar(&opts.noBrowser, "no-browser", false, "never open a browser (implies the device code)")
	logout := &cobra.Command{
		Use:               "logout [SESSION]",
		Short:             "Sign out of an SSO session and forget its cached sign-in",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeSSOSession(g),
		RunE: run(func(cmd *cobra.Command, args []string) error {
			s, signer, c, err := ssoSetup(cmd, g, streams, args)
			if err != nil {
				return err
			}
			was, err := signer.Logout(cmd.Context(), s)
			if err != nil {
				return unreachableSSO(s, err)
			}
			forgot, err := forgetSSOCredentials(c, s.Name)
			if err != nil {
				return err
			}
			also := ""
			if forgot > 0 {
				also = " and forgot " + english.Count(forgot, "cached session") + " made with it"
			}
			if was {
				fmt.Fprintf(streams.ErrOut, "Signed out of SSO session %q%s.\n", s.Name, also)
			} else {
				fmt.Fprintf(streams.ErrOut, "SSO session %q was not signed in%s.\n", s.Name, also)
			}
			return nil
		}),
	}
	var asJSON bool
	sync := &cobra.Command{
		Use:   "sync [SESSION]",
		Short: "List the accounts and roles an SSO sign-in gives, and cache the list",
		Long: `List every account and role of SESSION's sign-in (every page, under Identity
Center's 20 requests per second, with progress on stderr), print them, and keep
the list in switchrole's cache. A failed listing keeps the last good one.`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeSSOSession(g),
		RunE: run(func(cmd *cobra.Command, args []string) error {
			s, signer, _, err := ssoSetup(cmd, g, streams, args)
			if err != nil {
				return err
			}
			err = ssoSync(cmd, streams, s, signer, asJSON)
			if err != nil && background {
				backgroundSyncFailed(s, err)
			}
			return unreachableSSO(s, err)
		}),
	}
	sync.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	// --background: started by the engine when a listing is old (see
	// refreshListings), with no terminal; a failure is kept for the next
	// command to say.
	sync.Flags().BoolVar(&background, "background", false, "record a failure for the next command to report")
	_ = sync.Flags().MarkHidden("background")
	cmd.AddCommand(login, logout, sync)
	return cmd
}

// ssoSetup finds the session named in args (in the AWS config or
// switchrole's TOML file) and builds a Signer for it.
func ssoSetup(cmd *cobra.Command, g *globalOptions, streams *IOStreams, args []string) (sso.Session, *sso.Signer, *config.Config, error) {
	c, err := g.loadConfig()
	if err != nil {
		return sso.Session{}, nil, nil, err
	}
	awsConfig, _, _ := config.Paths(config.Options{File: g.configFile})
	name := ""
	if len(args) == 1 {
		name = args[0]
	}
	s, err := sso.Find(sso.SessionsOf(c.SSO.Sessions), name, awsConfig)
	if err != nil {
		if p := brokenSSOSession(c, name); p != nil {
			err = p // there is one, but it cannot be used: say why
		}
		return sso.Session{}, nil, nil, &UsageError{Err: err}
	}
	signer, err := newSigner(cmd.Context(), s, streams)
	return s, signer, c, err
}

// brokenSSOSession is the configuration problem of the session or legacy
// profile name, which Load left out of the sessions; nil when there is
// none.
func brokenSSOSession(c *config.Config, name string) *config.Error {
	if name == "" {
		return nil
	}
	for _, p := range c.Problems {
		if strings.HasPrefix(p.Msg, "[sso-session "+name+"] ") || strings.HasPrefix(p.Msg, "[profile "+name+"] has sso_start_url") {
			return p
		}
	}
	return nil
}

// unreachableSSO words a call to Identity Center that got no answer as
// one sentence naming the session (see noAnswer).
func unreachableSSO(s sso.Session, err error) error {
	return noAnswer(err, fmt.Sprintf("IAM Identity Center in %s for SSO session %q", s.Region, s.Name), "AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL_SSO")
}

// forgetSSOCredentials drops the cached credentials of session's SSO roles
// and of every role assumed from them, as `aws sso logout` drops the CLI's:
// a sign-out ends what the sign-in gave. It returns how many it dropped.
func forgetSSOCredentials(c *config.Config, session string) (int, error) {
	roots := map[string]bool{}
	for i := range c.Targets {
		if c.Targets[i].SSOSession == session {
			roots[c.Targets[i].Name] = true
		}
	}
	if len(roots) == 0 {
		return 0, nil
	}
	dir, err := cache.DefaultDir()
	if err != nil {
		return 0, err
	}
	store, err := cache.Open(dir)
	if err != nil {
		return 0, err
	}
	return store.Clear(func(ent cache.Entry) bool { return roots[ent.Source] || roots[ent.Target] })
}

// newSigner builds the Signer of session s, talking to the user on
// streams' stderr.
func newSigner(ctx context.Context, s sso.Session, streams *IOStreams) (*sso.Signer, error) {
	clients, err := sso.NewClients(ctx, s.Region)
	if err != nil {
		return nil, fmt.Errorf("load the AWS SDK configuration: %w", err)
	}
	cache, err := sso.DefaultCache()
	if err != nil {
		return nil, err
	}
	return &sso.Signer{Clients: clients, Cache: cache, Out: streams.ErrOut, Open: openForSignIn}, nil
}

// ssoProvider gets SSO targets' credentials from the AWS CLI's token
// cache; nil when there is no home directory to find it in (SSO targets
// then fail with a sentence).
func ssoProvider() aws.SSOProvider {
	cache, err := sso.DefaultCache()
	if err != nil {
		return nil
	}
	return &sso.Provider{Cache: cache}
}

// openForSignIn opens the sign-in page; console.Open already refuses
// (with *console.NoBrowserError) over SSH or without a display, and the
// sign-in then falls back to the device code.
func openForSignIn(url string) error {
	err := console.Open(url)
	var nb *console.NoBrowserError
	if errors.As(err, &nb) {
		return errors.New(nb.Reason)
	}
	return err
}

// ssoSync lists the session's accounts and roles, caches and prints them.
func ssoSync(cmd *cobra.Command, streams *IOStreams, s sso.Session, signer *sso.Signer, asJSON bool) error {
	got, err := listAndCache(cmd.Context(), streams, s, signer)
	if err != nil {
		return err
	}
	if asJSON {
		return streams.printJSON(got)
	}
	tw := tabwriter.NewWriter(streams.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ACCOUNT\tID\tROLE")
	for _, a := range got {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", a.AccountName, a.AccountID, a.Role)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	listedLine(streams, s, got)
	return nil
}

// listedLine says on stderr what a listing of s found.
func listedLine(streams *IOStreams, s sso.Session, got []sso.Assignment) {
	fmt.Fprintf(streams.ErrOut, "%s in %s from SSO session %q.\n", english.Count(len(got), "role"), english.Count(countAccounts(got), "account"), s.Name)
}

// listAndCache lists every account and role of s's sign-in (progress on a
// terminal's stderr) and replaces the cached listing only when the whole
// list came: a failure keeps the last good one.
func listAndCache(ctx context.Context, streams *IOStreams, s sso.Session, signer *sso.Signer) ([]sso.Assignment, error) {
	tok, err := signer.Token(ctx, s)
	if err != nil {
		return nil, err
	}
	lister := &sso.Lister{Portal: signer.Clients.Portal}
	if streams.ErrIsTerminal {
		lister.Progress = func(done, total int) {
			fmt.Fprintf(streams.ErrOut, "\rlisting the roles of SSO session %s: %d of %d accounts", s.Name, done, total)
		}
	}
	got, err := lister.List(ctx, tok.AccessToken)
	if streams.ErrIsTerminal {
		fmt.Fprint(streams.ErrOut, "\r\033[K")
	}
	if err != nil {
		return nil, err
	}
	files, err := listfile.DefaultCache()
	if err != nil {
		return nil, err
	}
	if err := files.Write(s.CacheKey(), listfile.Listing{StartURL: s.StartURL, Region: s.Region, Fetched: time.Now().UTC(), Assignments: got}); err != nil {
		return nil, err
	}
	return got, nil
}

func countAccounts(as []sso.Assignment) int {
	seen := map[string]bool{}
	for _, a := range as {
		seen[a.AccountID] = true
	}
	return len(seen)
}

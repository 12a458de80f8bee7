package cli

import (
	"bytes"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/console"
	"github.com/switchrole/switchrole/internal/english"
)

type linkOptions struct {
	open   bool
	all    bool
	format string
	output string
}

func newLinkCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	opts := &linkOptions{}
	cmd := &cobra.Command{
		Use:   "link [TARGET]",
		Short: `Print the console's own "Switch Role" link for a role`,
		Long: `Print the AWS console's "Switch Role" link for a role: for people already
signed in to the jump account in their browser. No credentials or MFA needed.
For an IAM Identity Center role, the access portal's console link
(<start URL>/#/console?account_id=...&role_name=...).
With --all, export every role: --format html writes a bookmarks file every
browser imports (one folder per account), --format aesr the same roles as an
aws-extend-switch-roles configuration.`,
		Example: `  switchrole link prod-core/Admin
  switchrole link prod-core/Admin --open
  switchrole link --all --format html -o aws-roles.html
  switchrole link --all --format aesr`,
		ValidArgsFunction: completeTarget(g),
		Args:              cobra.MaximumNArgs(1),
		RunE: run(func(cmd *cobra.Command, args []string) error {
			if opts.all && !cmd.Flags().Changed("format") {
				opts.format = "html" // bookmarks: what most people export --all for
			}
			idx, err := g.loadIndex()
			if err != nil {
				return err
			}
			switch {
			case opts.all && len(args) > 0:
				return usageErrorf("give a TARGET or --all, not both")
			case opts.all:
				return writeAllLinks(streams, idx.Config(), opts)
			case len(args) == 0:
				return usageErrorf("name a target, or use --all")
			case opts.format != "url":
				return usageErrorf("--format %s needs --all; a single link is a URL", opts.format)
			}
			t, err := resolveTarget(idx, args[0])
			if err != nil {
				return err
			}
			url, err := switchRoleLink(t)
			if err != nil {
				return err
			}
			if opts.open {
				return openOrPrintWith(streams, url, "the Switch Role page for "+t.Name, browserOpener(streams, idx.Defaults()).Open)
			}
			_, err = fmt.Fprintln(streams.Out, url)
			return err
		}),
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.open, "open", false, "open the link in your browser")
	fl.BoolVar(&opts.all, "all", false, "every role, as bookmarks (--format html) or an aws-extend-switch-roles config (--format aesr)")
	fl.StringVar(&opts.format, "format", "url", "url for one link; with --all html (default) or aesr")
	fl.StringVarP(&opts.output, "output", "o", "", "write to this file instead of stdout (never overwrites)")
	_ = cmd.RegisterFlagCompletionFunc("format", completeWords("url", "html", "aesr"))
	return cmd
}

// linkEntry describes t for the console's Switch Role page.
func linkEntry(t *config.Target) console.LinkEntry {
	e := console.LinkEntry{
		Name: t.Name, Account: t.Account, AccountID: t.AccountID, RoleARN: t.RoleARN,
		Color: t.Color, Region: t.Region, ExternalID: t.ExternalID,
	}
	if t.IsSSO() {
		e.Role, e.PortalURL = t.Role, console.PortalConsoleURL(t.SSOStartURL, t.AccountID, t.Role)
	}
	return e
}

// switchRoleLink is t's Switch Role URL, or why the console cannot switch to
// it. An SSO target's link is its access portal's console link instead.
func switchRoleLink(t *config.Target) (string, error) {
	if t.IsSSO() {
		return linkEntry(t).SwitchRoleURL(), nil
	}
	if !t.IsRole() {
		return "", usageErrorf("%s is a source, not a role: there is nothing to switch to (use `switchrole console %s`)", t.Name, t.Name)
	}
	e := linkEntry(t)
	if err := e.Check(); err != nil {
		return "", err // names the target and says what to do instead
	}
	return e.SwitchRoleURL(), nil
}

func writeAllLinks(streams *IOStreams, cfg *config.Config, opts *linkOptions) error {
	var write func(io.Writer, string, []console.LinkEntry) error
	switch opts.format {
	case "html":
		write = console.WriteBookmarksHTML
	case "aesr":
		write = func(w io.Writer, _ string, entries []console.LinkEntry) error { return console.WriteAESR(w, entries) }
	default:
		if opts.format == "url" {
			return usageErrorf("--format url is for a single link; --all writes html (the default) or aesr")
		}
		return usageErrorf("--all writes --format html (the default) or --format aesr, not %q", opts.format)
	}
	var entries []console.LinkEntry
	skipped, ssoSkipped := 0, 0
	for i := range cfg.Targets {
		t := &cfg.Targets[i]
		switch {
		case t.IsSSO() && opts.format == "aesr":
			ssoSkipped++ // the extension switches roles; the portal signs in to these
			continue
		case !t.IsRole() && !t.IsSSO():
			continue
		}
		e := linkEntry(t)
		if e.Check() != nil {
			skipped++ // the writers leave it out with a comment saying why
		}
		entries = append(entries, e)
	}
	var buf bytes.Buffer
	if err := write(&buf, "AWS roles (switchrole)", entries); err != nil {
		return err
	}
	if opts.output != "" {
		if err := writeNewFile(opts.output, buf.Bytes()); err != nil {
			return err
		}
	} else if _, err := streams.Out.Write(buf.Bytes()); err != nil {
		return err
	}
	if skipped > 0 {
		fmt.Fprintf(streams.ErrOut, "switchrole: left out %s the console cannot switch to (an external id, or a name over 64 characters)\n", english.Count(skipped, "role"))
	}
	if ssoSkipped > 0 {
		fmt.Fprintf(streams.ErrOut, "switchrole: left out %s: aws-extend-switch-roles cannot switch to them (`--format html` links to their access portal)\n", english.Count(ssoSkipped, "IAM Identity Center role"))
	}
	return nil
}

package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aymanbagabas/go-udiff"
	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/discover"
	"github.com/switchrole/switchrole/internal/english"
)

type discoverOptions struct {
	creds  credentialFlags
	source string
	roles  []string
	// accountSource is each generated account's source.
	accountSource string
	write         bool
	dryRun        bool
	json          bool
	// rate overrides discover.DefaultRate (tests, benchmarks).
	rate int
}

func newDiscoverCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "discover",
		Short: "Learn accounts from AWS Organizations",
		Args:  cobra.NoArgs,
	}
	opts := &discoverOptions{}
	org := &cobra.Command{
		Use:   "org --source TARGET [--role NAME]... [--write [--dry-run] | --json]",
		Short: "List an AWS Organization's accounts as switchrole [[accounts]]",
		Long: `List every ACTIVE account of the AWS Organization that --source TARGET (any
target: a source or a role, in the management account or a delegated
administrator) belongs to, with its OU path as the account's group and its
AWS tags as tags ("key=value", or the key alone when the value is empty), as
switchrole's TOML [[accounts]] on stdout. --role names the roles each
account gets (repeat it); without it [defaults] roles apply. --account-source
names the target that assumes those roles (without it, the default source).

With --write the accounts are merged into switchrole's config file: each
generated account carries discovered = "<organization id>", and a later run
updates, adds and prunes (closed, suspended or removed accounts) only those.
Your own accounts, comments and layout are kept byte for byte; an account
you already have by hand stays yours and is not generated again; a colour,
region or comment you add to a generated account stays in it. The file is
replaced atomically, and only when the whole listing succeeded and the
result loads cleanly. --dry-run shows the change as a diff instead. --json
prints what AWS said instead of TOML (every ACTIVE account, with its tags as
an object), for scripts.

Needs organizations:ListAccounts, ListRoots and ListOrganizationalUnitsForParent
(for OU paths; ListAccountsForParent too where AWS gives accounts no path) and
ListTagsForResource (for tags); without those the accounts are written without
OU paths or tags, with a note.`,
		Example: `  switchrole discover org --source mgmt/OrgReader --role Admin --role ReadOnly
  switchrole discover org --source mgmt/OrgReader --role ReadOnly --write --dry-run
  switchrole discover org --source mgmt/OrgReader --role ReadOnly --write`,
		Args: cobra.NoArgs,
		RunE: run(func(cmd *cobra.Command, _ []string) error {
			return runDiscoverOrg(cmd.Context(), g, streams, opts)
		}),
	}
	fl := org.Flags()
	fl.StringVar(&opts.source, "source", "", "the target whose credentials list the organization (management account or delegated administrator)")
	fl.StringArrayVar(&opts.roles, "role", nil, "a role every discovered account gets (repeat for more; default: [defaults] roles)")
	fl.StringVar(&opts.accountSource, "account-source", "", "the target that assumes the accounts' roles, written as their source (default: the config's default source)")
	fl.BoolVar(&opts.write, "write", false, "merge the accounts into switchrole's config file")
	fl.BoolVar(&opts.dryRun, "dry-run", false, "with --write, show the change as a diff and write nothing")
	fl.BoolVar(&opts.json, "json", false, "print the organization's ACTIVE accounts as JSON (id, name, email, ou_path, tags) instead of TOML")
	fl.IntVar(&opts.rate, "rate", discover.DefaultRate, "Organizations requests per second to stay under")
	_ = fl.MarkHidden("rate")
	opts.creds.registerExceptDuration(org)
	_ = org.RegisterFlagCompletionFunc("source", completeTarget(g))
	cmd.AddCommand(org)
	return cmd
}

func runDiscoverOrg(ctx context.Context, g *globalOptions, streams *IOStreams, opts *discoverOptions) error {
	if opts.source == "" {
		return usageErrorf("switchrole discover org needs --source TARGET: the identity (in the management account or a delegated administrator) that lists the organization")
	}
	if opts.dryRun && !opts.write {
		return usageErrorf("--dry-run shows what --write would change; add --write")
	}
	if opts.json && opts.write {
		return usageErrorf("--json prints the accounts and --write merges them into the config file; choose one")
	}
	for _, r := range opts.roles {
		if msg := config.RoleNameProblem(r); msg != "" {
			return usageErrorf("--role %q: %s", r, msg)
		}
	}
	if opts.rate < 1 {
		return usageErrorf("--rate must be at least 1 request per second")
	}
	_, _, file := config.Paths(config.Options{File: g.configFile})
	if opts.write && file == "" {
		return errors.New("no config file to write to: set $HOME, $SWITCHROLE_CONFIG or --config")
	}
	existing, mode, err := discover.ReadFile(file)
	if err != nil {
		return err
	}

	c, err := newCredentials(g, &opts.creds, streams)
	if err != nil {
		return err
	}
	if opts.accountSource != "" {
		// It is written as each account's source: a name the file
		// cannot resolve would only fail after the listing.
		if _, ok := c.idx.Lookup(opts.accountSource); !ok {
			return usageErrorf("--account-source %q is not a target; name a source, AWS profile or role from `switchrole list`", opts.accountSource)
		}
	}
	if !opts.json && len(opts.roles) == 0 && !c.idx.Defaults().HasRoles {
		// Accounts without roles would not load: say so before the
		// MFA prompt and the listing, not after.
		return usageErrorf("name the roles every discovered account gets with --role NAME (repeat it for more), or list them as roles in [defaults] of %s", file)
	}
	c.enter = chooseFor("discover with")
	sess, err := c.retrieve(ctx, opts.source)
	if err != nil {
		return err
	}
	client, err := discover.NewClient(ctx, sess.Credentials, sess.Region)
	if err != nil {
		return fmt.Errorf("set up the Organizations client: %w", err)
	}
	lister := &discover.Lister{Client: client, Rate: opts.rate}
	progress := discoverProgress(streams)
	lister.Progress = progress.update
	org, err := lister.List(ctx)
	progress.done()
	if err != nil {
		return discoverError(sess, err)
	}

	if opts.json {
		discoverNotes(streams, sess, org, &discover.Plan{}, file)
		return writeOrgJSON(streams, org)
	}
	plan, err := discover.Merge(existing, org, discover.Template{Roles: opts.roles, Source: opts.accountSource})
	if err != nil {
		var syn *discover.SyntaxError
		if errors.As(err, &syn) {
			return &config.Error{Origin: config.Origin{File: file, Line: syn.Line}, Msg: "cannot merge into this file: " + syn.Msg + " (fix it, then run discover again)"}
		}
		return err
	}
	discoverNotes(streams, sess, org, plan, file)
	if !opts.write {
		fmt.Fprintf(streams.Out, "# Accounts of AWS Organization %s (switchrole discover org, %s).\n", org.ID, time.Now().UTC().Format("2006-01-02"))
		if len(plan.Entries) > 0 {
			fmt.Fprintln(streams.Out)
		}
		fmt.Fprint(streams.Out, plan.Render())
		return nil
	}
	if !plan.Changed() {
		fmt.Fprintf(streams.ErrOut, "%s is up to date with organization %s (%s)\n", file, org.ID, english.Count(len(plan.Entries), "discovered account"))
		return nil
	}
	if opts.dryRun {
		fmt.Fprint(streams.Out, udiff.Unified(file, file+" (after discover)", string(plan.Before), string(plan.After)))
		return nil
	}
	if err := discover.WriteFile(file, plan, mode); err != nil {
		return err
	}
	fmt.Fprintf(streams.ErrOut, "wrote %s: %d added, %d updated, %d removed (organization %s, %s)\n",
		file, plan.Added, plan.Updated, plan.Removed, org.ID, english.Count(len(plan.Entries), "discovered account"))
	return nil
}

// writeOrgJSON prints what AWS said about the organization, for scripts:
// every ACTIVE account, the user's own ones included, with its tags as an
// object.
func writeOrgJSON(streams *IOStreams, org *discover.Organization) error {
	type account struct {
		ID     string            `json:"id"`
		Name   string            `json:"name"`
		Email  string            `json:"email"`
		OUPath string            `json:"ou_path"`
		Tags   map[string]string `json:"tags"`
	}
	out := struct {
		Organization string    `json:"organization"`
		Accounts     []account `json:"accounts"`
		// Missing lists the permissions whose parts were left out.
		Missing []string `json:"missing_permissions"`
	}{Organization: org.ID, Accounts: []account{}, Missing: []string{}}
	for _, a := range org.Accounts {
		tags := map[string]string{}
		for _, t := range a.Tags {
			tags[t.Key] = t.Value
		}
		out.Accounts = append(out.Accounts, account{a.ID, a.Name, a.Email, a.OUPath, tags})
	}
	for _, m := range org.Missing {
		out.Missing = append(out.Missing, m.Action)
	}
	return streams.printJSON(out)
}

// discoverError words a failed listing in one sentence naming the identity.
func discoverError(sess *aws.Session, err error) error {
	who := identityOf(sess)
	var denied *discover.DeniedError
	if errors.As(err, &denied) {
		return fmt.Errorf("%s may not call %s: run discover with a source in the organization's management account or a delegated administrator account, with that permission", who, denied.Action)
	}
	if errors.Is(err, discover.ErrNotInOrganization) {
		return fmt.Errorf("%s is in an account that belongs to no AWS Organization; run discover with a source in the organization's management account or a delegated administrator account", who)
	}
	return fmt.Errorf("discover the organization's accounts as %s: %w", who, noAnswer(err, "AWS Organizations", "AWS_ENDPOINT_URL_ORGANIZATIONS"))
}

// identityOf names the identity a session acts as: its ARN when known.
func identityOf(sess *aws.Session) string {
	if sess.Arn != "" {
		return fmt.Sprintf("%s (%s)", sess.Target.Name, sess.Arn)
	}
	if id := sess.Credentials.AccountID; id != "" {
		return fmt.Sprintf("%s (account %s)", sess.Target.Name, id)
	}
	return sess.Target.Name
}

// discoverNotes says on stderr what was left out and why.
func discoverNotes(streams *IOStreams, sess *aws.Session, org *discover.Organization, plan *discover.Plan, file string) {
	w := streams.ErrOut
	for _, m := range org.Missing {
		fmt.Fprintf(w, "note: accounts listed without %s: %s may not call %s\n", m.Part, identityOf(sess), m.Action)
	}
	if n := len(org.Inactive); n > 0 {
		var names []string
		for _, a := range org.Inactive[:min(n, 5)] {
			names = append(names, a.Name+" ("+a.State+")")
		}
		if n > 5 {
			names = append(names, fmt.Sprintf("and %d more", n-5))
		}
		verb := "are"
		if n == 1 {
			verb = "is"
		}
		fmt.Fprintf(w, "note: left out %s that %s not ACTIVE: %s\n", english.Count(n, "account"), verb, strings.Join(names, ", "))
	}
	switch n := len(plan.Kept); {
	case n == 1:
		k := plan.Kept[0]
		fmt.Fprintf(w, "note: account %s (%s in AWS) is already yours as %q at %s:%d; kept yours\n", k.ID, k.AWSName, k.Name, file, k.Line)
	case n > 1:
		names := make([]string, 0, 5)
		for _, k := range plan.Kept[:min(n, 5)] {
			names = append(names, k.Name)
		}
		more := ""
		if n > 5 {
			more = fmt.Sprintf(" and %d more", n-5)
		}
		fmt.Fprintf(w, "note: %d of the organization's accounts are already yours in %s (%s%s); kept yours\n", n, file, strings.Join(names, ", "), more)
	}
}

// discoverProgressUI shows "accounts done of total" on a terminal's stderr.
type discoverProgressUI struct {
	streams *IOStreams
	shown   bool
	last    time.Time
}

func discoverProgress(streams *IOStreams) *discoverProgressUI {
	return &discoverProgressUI{streams: streams}
}

func (p *discoverProgressUI) update(done, total int) {
	if !p.streams.ErrIsTerminal {
		return
	}
	now := time.Now()
	if done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	p.shown = true
	fmt.Fprintf(p.streams.ErrOut, "\rdiscover: tags of %d of %d accounts", done, total)
}

func (p *discoverProgressUI) done() {
	if p.shown {
		fmt.Fprint(p.streams.ErrOut, "\r\033[K")
	}
}

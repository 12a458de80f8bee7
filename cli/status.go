package cli

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/english"
	"github.com/switchrole/switchrole/sso"
)

func newStatusCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the MFA sessions and cached role sessions, with the time each has left",
		Long: `Show what the day holds: each source's MFA session and every cached role
session, with when it ends and how long it has left, each IAM Identity Center
sign-in, and which keyring holds which source's keys. No AWS call and no MFA prompt; the keyring is asked
whether it holds keys, without reading them where it allows.`,
		Example: "  switchrole status\n  switchrole status --json | jq '.mfa_sessions'",
		Args:    cobra.NoArgs,
		RunE: run(func(*cobra.Command, []string) error {
			c, err := newCredentials(g, &credentialFlags{noSSO: true}, streams) // reads or clears caches only
			if err != nil {
				return err
			}
			st, err := statusOf(c.engine.Cache, time.Now())
			if err != nil {
				return err
			}
			st.keysIn(c, streams)
			st.ssoSignIns(c.idx.Config())
			if asJSON {
				return streams.printJSON(st)
			}
			st.write(streams.Out)
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// status is what `switchrole status` shows; the JSON field names are its
// --json format.
type status struct {
	MFASessions  []sessionStatus `json:"mfa_sessions"`
	RoleSessions []sessionStatus `json:"role_sessions"`
	// Keyring is the keyring in use and why; Keys the sources whose keys
	// it holds.
	Keyring struct {
		Backend string `json:"backend,omitempty"`
		Why     string `json:"why,omitempty"`
		Error   string `json:"error,omitempty"`
	} `json:"keyring"`
	Keys []string `json:"keys_in_keyring"`
	// SSO are the IAM Identity Center sessions and their sign-ins.
	SSO []ssoStatus `json:"sso_sessions"`
	now time.Time
}

// ssoStatus is one IAM Identity Center session's sign-in, as the token
// cache the AWS CLI shares holds it (no token is read beyond its times).
type ssoStatus struct {
	Session  string `json:"session"`
	StartURL string `json:"start_url"`
	// SignedIn: a token that has not expired. Renewable: an expired one
	// with a refresh token, which the next use renews without a browser.
	SignedIn    bool      `json:"signed_in"`
	Renewable   bool      `json:"renewable"`
	Expiration  time.Time `json:"expiration,omitzero"`
	SecondsLeft int64     `json:"seconds_left"`
	// Listed is when its accounts and roles were last listed.
	Listed time.Time `json:"listed,omitzero"`
	Error  string    `json:"error,omitempty"`
}

// ssoSignIns fills in the sign-in of each SSO session cfg declares.
func (st *status) ssoSignIns(cfg *config.Config) {
	st.SSO = []ssoStatus{}
	if len(cfg.SSO.Sessions) == 0 {
		return
	}
	tokens, err := sso.DefaultCache()
	for _, cs := range cfg.SSO.Sessions {
		s := ssoStatus{Session: cs.Name, StartURL: cs.StartURL, Listed: cs.Listed}
		if err != nil {
			s.Error = err.Error()
			st.SSO = append(st.SSO, s)
			continue
		}
		tok, found, terr := tokens.ReadToken(sso.SessionOf(cs))
		switch {
		case terr != nil:
			s.Error = terr.Error()
		case found:
			left := tok.ExpiresAt.Sub(st.now)
			s.Expiration = tok.ExpiresAt.UTC()
			s.SignedIn = left > 0
			s.Renewable = left <= 0 && tok.RefreshToken != ""
			s.SecondsLeft = max(int64(left/time.Second), 0)
		}
		st.SSO = append(st.SSO, s)
	}
}

// keysIn fills in the keyring and the sources whose keys it holds.
func (st *status) keysIn(c *credentials, streams *IOStreams) {
	st.Keys = []string{}
	store, err := openKeystore(streams)
	if err != nil {
		st.Keyring.Error = err.Error()
		return
	}
	st.Keyring.Backend, st.Keyring.Why = store.Backend, store.Why
	cfg := c.idx.Config()
	for i := range cfg.Targets {
		t := &cfg.Targets[i]
		if t.Kind != config.KindSource {
			continue
		}
		for _, name := range t.KeyringNames() {
			if ok, err := store.Has(name); err != nil {
				st.Keyring.Error = err.Error()
				return
			} else if ok {
				st.Keys = append(st.Keys, t.Name)
				break
			}
		}
	}
}

// sessionStatus is one cached session.
type sessionStatus struct {
	// Target is the role (or, for an MFA session, the source) it is for;
	// Source the jump identity at the root of its chain.
	Target string `json:"target"`
	Source string `json:"source,omitempty"`
	// Kind is session, role, federation, sso or process.
	Kind        string    `json:"kind"`
	Arn         string    `json:"arn,omitempty"`
	MFA         bool      `json:"mfa"`
	Expiration  time.Time `json:"expiration"`
	SecondsLeft int64     `json:"seconds_left"`
}

// statusOf lists the unexpired sessions in store at now, soonest-ending
// last within each group, MFA sessions apart.
func statusOf(store *cache.Store, now time.Time) (status, error) {
	st := status{MFASessions: []sessionStatus{}, RoleSessions: []sessionStatus{}, now: now}
	entries, err := store.List()
	if err != nil {
		return st, err
	}
	for _, e := range entries {
		left := e.Remaining(now)
		if left <= 0 {
			continue
		}
		s := sessionStatus{Target: e.Target, Source: e.Source, Kind: e.Kind, Arn: e.Arn, MFA: e.MFA,
			Expiration: e.Expiration.UTC(), SecondsLeft: int64(left / time.Second)}
		if e.Kind == aws.KindSession {
			st.MFASessions = append(st.MFASessions, s)
		} else {
			st.RoleSessions = append(st.RoleSessions, s)
		}
	}
	byName := func(a, b sessionStatus) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Target, b.Target), b.Expiration.Compare(a.Expiration))
	}
	slices.SortFunc(st.MFASessions, byName)
	slices.SortFunc(st.RoleSessions, byName)
	return st, nil
}

func (st status) write(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(st.MFASessions) == 0 {
		fmt.Fprintln(tw, "No MFA session: `switchrole login` starts one.")
	} else {
		fmt.Fprintln(tw, "MFA SESSION\tUNTIL\tLEFT\tIDENTITY")
		for _, s := range st.MFASessions {
			who := s.Arn
			if !s.MFA {
				who += " (no MFA)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Target, clock(s.Expiration, st.now), english.Remaining(time.Duration(s.SecondsLeft)*time.Second), who)
		}
	}
	if len(st.RoleSessions) > 0 {
		fmt.Fprintln(tw, "\t\t\t")
		fmt.Fprintln(tw, "ROLE SESSION\tUNTIL\tLEFT\tVIA")
		for _, s := range st.RoleSessions {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Target, clock(s.Expiration, st.now), english.Remaining(time.Duration(s.SecondsLeft)*time.Second), s.Source)
		}
	}
	if len(st.SSO) > 0 {
		fmt.Fprintln(tw, "\t\t\t")
		fmt.Fprintln(tw, "SSO SESSION\tUNTIL\tLEFT\tSIGN-IN")
		for _, s := range st.SSO {
			until, left, what := "-", "-", "signed in"
			switch {
			case s.Error != "":
				what = s.Error
			case s.SignedIn:
				until, left = clock(s.Expiration, st.now), english.Remaining(time.Duration(s.SecondsLeft)*time.Second)
			case s.Renewable:
				what = "expired; the next use renews it with its refresh token"
			default:
				what = "signed out: `switchrole sso login " + s.Session + "`"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Session, until, left, what)
		}
	}
	fmt.Fprintln(tw, "\t\t\t")
	switch {
	case st.Keyring.Error != "":
		fmt.Fprintf(tw, "keyring: %s\n", st.Keyring.Error)
	case len(st.Keys) == 0:
		fmt.Fprintf(tw, "keyring: %s (%s), holding no source's keys\n", st.Keyring.Backend, st.Keyring.Why)
	default:
		fmt.Fprintf(tw, "keyring: %s (%s), holding the keys of %s\n", st.Keyring.Backend, st.Keyring.Why, strings.Join(st.Keys, ", "))
	}
	tw.Flush()
}

package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/fanout"
	"github.com/switchrole/switchrole/internal/english"
	"github.com/switchrole/switchrole/internal/gctune"
	"github.com/switchrole/switchrole/launch"
	"github.com/switchrole/switchrole/ui"
)

// pickerRequest is what a command asks of the picker.
type pickerRequest struct {
	creds *credentialFlags
	force bool
	// noServer starts a picked shell with fixed keys (shell --no-server).
	noServer bool
	query    string
	// banner is a header line refreshed while the picker runs (the demo's MFA code).
	banner func() string
	// enter is what enter does; the zero value opens a shell.
	enter pickerEnter
}

// pickerEnter is what enter does in a picker a command opened, so that the
// footer names it: one of the picker's own actions (a shell, export lines,
// the console), or ui.ActionChoose with help naming what the command will do
// with the chosen target ("run aws s3 ls").
type pickerEnter struct {
	action ui.Action
	help   string
}

// chooseFor is the enter of a command that carries out its own action with
// the chosen target; help says what that is.
func chooseFor(help string) pickerEnter { return pickerEnter{action: ui.ActionChoose, help: help} }

// runPicker opens the picker and then does what the user picked: a shell
// (the default), a command, or export lines on stdout. Console and link
// actions happen inside the picker.
func runPicker(ctx context.Context, g *globalOptions, streams *IOStreams, req pickerRequest) error {
	c, err := newCredentials(g, req.creds, streams)
	if err != nil {
		return err
	}
	c.banner = req.banner
	res, err := c.pick(ctx, req.query, req.enter)
	if err != nil {
		return err
	}
	if res.Action == ui.ActionConsole {
		return nil // signed in; pick printed the URL
	}
	if len(res.Targets) > 1 {
		// Marked targets: the command runs on each, as with exec --each.
		return fanOut(ctx, c, streams, res.Targets, res.Command, &eachFlags{parallel: fanout.DefaultParallel})
	}
	sess, err := c.retrieveSigningIn(ctx, res.Target) // a cache hit, or an SSO sign-in the picker left to us
	if err != nil {
		return err
	}
	s := launchSession(c.withRegion(sess))
	switch res.Action {
	case ui.ActionExport:
		var buf bytes.Buffer
		if err := launch.WriteEnv(&buf, s, shellFormat(streams.Getenv("SHELL"))); err != nil {
			return err
		}
		_, err := streams.Out.Write(buf.Bytes())
		return err
	case ui.ActionExec:
		return execCommand(ctx, streams, s, res.Command, g.keepAlive)
	default:
		if !req.force {
			if err := launch.CheckNesting(streams.Env); err != nil {
				return err
			}
		}
		return c.shell(ctx, sess, g, !req.noServer)
	}
}

// pick runs the picker over every target, pre-filtered with query, with
// enter doing what enter says.
func (c *credentials) pick(ctx context.Context, query string, enter pickerEnter) (ui.Result, error) {
	gctune.ForLongRun()
	cfg := c.idx.Config()
	targets := make([]*config.Target, len(cfg.Targets))
	for i := range cfg.Targets {
		targets[i] = &cfg.Targets[i]
	}
	res, err := ui.Run(ctx, ui.Options{
		Targets:       targets,
		Backend:       &pickerBackend{engine: c.engine, idx: c.idx, streams: c.streams, signInAfter: !c.noSignIn},
		Query:         query,
		DefaultAction: enter.action,
		EnterHelp:     enter.help,
		Identity:      identity(cfg, c.engine),
		Banner:        c.banner,
		NoColor:       c.streams.Getenv("NO_COLOR") != "",
	})
	printSigninURLs(c.streams, res.SigninURLs)
	if errors.Is(err, ui.ErrCancelled) {
		return ui.Result{}, ErrCancelled
	}
	if err != nil {
		return ui.Result{}, err
	}
	if res.Target == nil {
		return ui.Result{}, ErrCancelled
	}
	return res, nil
}

// printSigninURLs prints the console sign-ins the picker could not open,
// once its screen is gone. They go to stderr, the terminal: stdout may be
// carrying export lines or a credential_process answer.
func printSigninURLs(streams *IOStreams, urls []ui.SigninURL) {
	for _, u := range urls {
		fmt.Fprintf(streams.ErrOut, "switchrole: %s; open the console for %s with this URL (valid 15 minutes, keep it private):\n%s\n",
			u.Why, u.Target, u.URL)
	}
}

// shellFormat picks the export syntax for the user's shell.
func shellFormat(shell string) string {
	switch filepath.Base(shell) {
	case "fish":
		return "fish"
	case "pwsh", "powershell":
		return "powershell"
	}
	return "sh"
}

// identity is the picker's "who you are" header: the jump identities and how
// long their MFA sessions last.
func identity(cfg *config.Config, engine *aws.Engine) string {
	var parts []string
	for i := range cfg.Targets {
		t := &cfg.Targets[i]
		if t.Kind != config.KindSource || t.IsSSO() {
			continue // SSO roles are many: their sessions are named below
		}
		part := t.Name
		if t.MFASerial != "" {
			device := t.MFASerial
			if i := strings.LastIndex(device, "/"); i >= 0 {
				device = device[i+1:]
			}
			part += " (MFA " + device
			if until, ok := engine.MFASessionUntil(t); ok {
				part += fmt.Sprintf(", session %s left", english.Remaining(time.Until(until)))
			}
			part += ")"
		}
		parts = append(parts, part)
	}
	for _, s := range cfg.SSO.Sessions {
		if !s.Listed.IsZero() {
			parts = append(parts, "SSO "+s.Name)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "via " + strings.Join(parts, ", ")
}

// pickerBackend adapts the credentials engine to the picker.
type pickerBackend struct {
	engine  *aws.Engine
	idx     *config.Index
	streams *IOStreams
	// signInAfter: a target whose SSO sign-in is missing or expired is
	// chosen all the same (Retrieve returns nil), and the CLI offers the
	// sign-in once the picker has given the terminal back
	// (retrieveSigningIn): a browser or a device code needs the whole
	// terminal, not a picker's status line.
	signInAfter bool

	mu       sync.Mutex
	timeLeft map[string]timeLeftMemo
}

// timeLeftMemo keeps a cached session's expiry for a second, so drawing the
// list does not read a cache file per row per frame.
type timeLeftMemo struct {
	until   time.Time
	ok      bool
	checked time.Time
}

// engineFor is the engine as the picker runs it: MFA codes asked in the
// picker (mfa), and nothing written on stderr, whose screen the picker owns.
func (b *pickerBackend) engineFor(mfa ui.MFAFunc) *aws.Engine {
	e := *b.engine
	e.MFA, e.OnMFAProcess = uiMFA(mfa), uiMFAProcess(mfa)
	e.OnWait, e.Warn = nil, nil
	return &e
}

func (b *pickerBackend) Retrieve(ctx context.Context, t *config.Target, mfa ui.MFAFunc) error {
	_, err := b.engineFor(mfa).Retrieve(ctx, t)
	b.forget(t)
	if b.signInAfter && errors.Is(err, aws.ErrSignIn) {
		return nil
	}
	return err
}

func (b *pickerBackend) TimeLeft(t *config.Target) (time.Duration, bool) {
	now := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.timeLeft == nil {
		b.timeLeft = map[string]timeLeftMemo{}
	}
	m, found := b.timeLeft[t.Name]
	if !found || now.Sub(m.checked) > time.Second {
		m.until, m.ok = b.engine.CachedUntil(t)
		m.checked = now
		b.timeLeft[t.Name] = m
	}
	if !m.ok {
		return 0, false
	}
	return m.until.Sub(now), true
}

func (b *pickerBackend) forget(t *config.Target) {
	b.mu.Lock()
	delete(b.timeLeft, t.Name)
	b.mu.Unlock()
}

func (b *pickerBackend) Clear(t *config.Target) error {
	_, err := b.engine.Clear(t.Name)
	b.forget(t)
	return err
}

// uiMFA lets the picker's MFA screen answer the engine's code requests.
func uiMFA(mfa ui.MFAFunc) aws.MFAFunc {
	return func(ctx context.Context, req aws.MFARequest) (string, error) {
		code, err := mfa(ctx, ui.MFARequest{
			Serial: req.Serial, Target: req.Target, Source: req.Source,
			Attempt: req.Attempt, Rejection: req.Reason,
		})
		if errors.Is(err, context.Canceled) {
			return "", aws.ErrCancelled
		}
		return code, err
	}
}

// uiMFAProcess tells the picker that the engine is running mfa_process for
// a code, so its MFA screen shows a spinner instead of asking the user (the
// picker answers such a request at once; its empty code is not used).
func uiMFAProcess(mfa ui.MFAFunc) func(context.Context, aws.MFARequest) {
	return func(ctx context.Context, req aws.MFARequest) {
		_, _ = mfa(ctx, ui.MFARequest{
			Serial: req.Serial, Target: req.Target, Source: req.Source,
			Attempt: req.Attempt, Rejection: req.Reason, Process: programName(req.Process),
		})
	}
}

// programName is the program an mfa_process command line runs, without its
// arguments: they may hold a secret (a TOTP seed, an account name), and the
// picker draws what it is given.
func programName(command string) string {
	fields := strings.Fields(command)
	if len(fields) == 0 {
		return "mfa_process"
	}
	return filepath.Base(fields[0])
}

func (b *pickerBackend) BrowserProblem() error {
	return browserOpener(b.streams, b.idx.Defaults()).Problem()
}

func (b *pickerBackend) ConsoleURL(ctx context.Context, t *config.Target, mfa ui.MFAFunc) (string, error) {
	c := &credentials{idx: b.idx, engine: b.engineFor(mfa), streams: b.streams, noSignIn: true} // the picker owns the terminal
	url, err := c.signinURL(ctx, t, &consoleOptions{}, func(string) {})
	b.forget(t)
	return url, err
}

func (b *pickerBackend) OpenConsole(t *config.Target, url string) error {
	c := &credentials{idx: b.idx, engine: b.engine, streams: b.streams}
	return c.consoleOpener(t, b.idx.Defaults().IsolateConsoles)(url)
}

func (b *pickerBackend) Link(t *config.Target) (string, error) { return switchRoleLink(t) }

func (b *pickerBackend) OpenURL(url string) error {
	return browserOpener(b.streams, b.idx.Defaults()).Open(url)
}

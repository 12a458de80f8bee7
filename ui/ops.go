package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/ui/mfa"
)

// operation is AWS or browser work in flight for one target.
type operation struct {
	id      int
	action  Action
	target  *config.Target
	command []string
	cancel  context.CancelFunc
	// label is shown next to the spinner while it runs.
	label string
	// cancelled is set when the user gave up, so the outcome reads
	// "Cancelled." rather than as a failure.
	cancelled bool
	// batch is the consoles of marked targets this one is part of.
	batch *consoleBatch
	// waiting is set while the operation waits for the user to type an MFA
	// code: nothing is in progress then, so the spinner stops.
	waiting bool
	// printURL makes a console operation fetch the sign-in URL for the CLI
	// to print, without a browser; why says why there is none.
	printURL bool
	why      string
}

// noBrowserError is a console operation's end when no browser can be
// opened: found before anything was assumed.
type noBrowserError struct{ err error }

func (e *noBrowserError) Error() string { return e.err.Error() }
func (e *noBrowserError) Unwrap() error { return e.err }

// opDoneMsg reports an operation's end; url is the link for the link
// actions and the sign-in URL for the console, set when it was built even
// if opening it failed.
type opDoneMsg struct {
	id  int
	err error
	url string
}

// mfaPromptMsg asks the UI for a code on behalf of operation id. The answer
// goes back on reply; next keeps listening to the operation.
type mfaPromptMsg struct {
	id    int
	req   MFARequest
	reply chan<- mfaReply
	next  tea.Cmd
}

type mfaReply struct {
	code string
	err  error
}

type favouriteSavedMsg struct {
	name string
	on   bool
	err  error
}

type usageSavedMsg struct{ err error }

// errMFACancelled is what the backend's MFAFunc returns when the user
// closes the MFA screen.
var errMFACancelled = fmt.Errorf("MFA prompt closed: %w", context.Canceled)

// withMFA runs work in its own goroutine and relays, as messages, each MFA
// code it asks for and finally its result. The returned command waits for
// the first of those; each mfaPromptMsg carries the command waiting for the
// next. Nothing here blocks Update: the MFAFunc blocks the worker goroutine
// until the user answers or ctx ends.
func withMFA(ctx context.Context, id int, work func(ctx context.Context, ask MFAFunc) (string, error)) tea.Cmd {
	events := make(chan tea.Msg, 1)
	var next tea.Cmd = func() tea.Msg { return <-events }
	ask := func(ctx context.Context, req MFARequest) (string, error) {
		reply := make(chan mfaReply, 1)
		select {
		case events <- mfaPromptMsg{id: id, req: req, reply: reply, next: next}:
		case <-ctx.Done():
			return "", ctx.Err()
		}
		select {
		case r := <-reply:
			return r.code, r.err
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	return func() tea.Msg {
		go func() {
			url, err := work(ctx, ask)
			// The buffer is free: the last prompt was read before its reply.
			events <- opDoneMsg{id: id, err: err, url: url}
		}()
		return <-events
	}
}

// newOp registers an operation and returns it with its context.
func (m *Model) newOp(a Action, t *config.Target, command []string) (*operation, context.Context) {
	m.nextOp++
	ctx, cancel := context.WithCancel(m.ctx)
	op := &operation{id: m.nextOp, action: a, target: t, command: command, cancel: cancel, label: progressLabel(a, t)}
	m.ops[op.id] = op
	return op, ctx
}

// startLeaving fetches credentials for an action that ends the picker.
func (m Model) startLeaving(a Action, t *config.Target, command []string) (tea.Model, tea.Cmd) {
	if m.backend == nil {
		m.setError("No credentials backend is configured.")
		return m, nil
	}
	op, ctx := m.newOp(a, t, command)
	m.leaving = op.id
	m.status = ""
	b := m.backend
	spin := m.spin()
	return m, tea.Batch(spin, withMFA(ctx, op.id, func(ctx context.Context, ask MFAFunc) (string, error) {
		return "", b.Retrieve(ctx, t, ask)
	}))
}

// startStaying runs an action while the picker stays usable; several may
// run at once (e.g. consoles for two accounts).
func (m Model) startStaying(a Action, t *config.Target) (tea.Model, tea.Cmd) {
	if m.backend == nil {
		m.setError("No credentials backend is configured.")
		return m, nil
	}
	op, ctx := m.newOp(a, t, nil)
	m.status = ""
	b := m.backend
	id := op.id
	var work tea.Cmd
	switch a {
	case ActionConsole:
		// Asked again after "no browser": get the URL to print.
		op.printURL, op.why = m.offerURL == t.Name, m.offerWhy
		m.offerURL, m.offerWhy = "", ""
		printURL := op.printURL
		if printURL {
			op.label = "Signing in to the console as " + t.Name + "…"
		}
		work = withMFA(ctx, id, consoleWork(b, t, printURL))
	case ActionCopyLink:
		work = func() tea.Msg {
			url, err := b.Link(t)
			return opDoneMsg{id: id, err: err, url: url}
		}
	case ActionOpenLink:
		work = func() tea.Msg {
			url, err := b.Link(t)
			if err == nil {
				err = b.OpenURL(url)
			}
			return opDoneMsg{id: id, err: err, url: url}
		}
	case ActionClearSession:
		work = func() tea.Msg { return opDoneMsg{id: id, err: b.Clear(t)} }
	default:
		delete(m.ops, id)
		op.cancel()
		return m, nil
	}
	spin := m.spin()
	return m, tea.Batch(spin, work)
}

// consoleWork signs in to t's console and opens it; it first checks for a
// browser, so that nothing is assumed for a console that cannot be shown.
// With printURL it only gets the sign-in URL, for the CLI to print.
func consoleWork(b Backend, t *config.Target, printURL bool) func(ctx context.Context, ask MFAFunc) (string, error) {
	return func(ctx context.Context, ask MFAFunc) (string, error) {
		if !printURL {
			if err := b.BrowserProblem(); err != nil {
				return "", &noBrowserError{err}
			}
		}
		url, err := b.ConsoleURL(ctx, t, ask)
		if err != nil || printURL {
			return url, err
		}
		return url, b.OpenConsole(t, url)
	}
}

// spin starts the spinner when something is in progress and it is not
// already turning.
func (m *Model) spin() tea.Cmd {
	if m.spinning || !m.busy() {
		return nil
	}
	m.spinning = true
	return m.spinner.Tick
}

// busy reports whether an operation is in progress, not waiting for the
// user.
func (m Model) busy() bool {
	for _, op := range m.ops {
		if !op.waiting {
			return true
		}
	}
	return false
}

// cancelOp gives up an operation: its context ends, and any MFA prompt it
// is waiting on is answered with a cancellation.
func (m *Model) cancelOp(id int) {
	op, ok := m.ops[id]
	if !ok {
		return
	}
	op.cancelled = true
	op.cancel()
	m.dropPrompts(id)
	if m.processOp == id {
		m.processOp = 0
	}
	m.showNextPrompt()
}

// dropPrompts answers every queued prompt of operation id with a
// cancellation.
func (m *Model) dropPrompts(id int) {
	kept := m.prompts[:0]
	for _, p := range m.prompts {
		if p.id == id {
			p.reply <- mfaReply{err: errMFACancelled}
			continue
		}
		kept = append(kept, p)
	}
	m.prompts = kept
}

// onPrompt queues an MFA request and shows it when nothing else is asked.
func (m Model) onPrompt(msg mfaPromptMsg) (tea.Model, tea.Cmd) {
	op, ok := m.ops[msg.id]
	if !ok || op.cancelled {
		msg.reply <- mfaReply{err: errMFACancelled}
		return m, msg.next
	}
	if msg.req.Process != "" {
		// The backend runs mfa_process itself; show that we wait for it.
		msg.reply <- mfaReply{}
		op.label = "Getting an MFA code from " + msg.req.Process + "…"
		if len(m.prompts) == 0 {
			m.processOp = msg.id
			m.shown = nil
			m.mfa = mfa.New(m.mfaRequest(msg.req), m.theme)
			m.openDialog(screenMFA)
			return m, tea.Batch(msg.next, m.mfa.Init())
		}
		return m, msg.next
	}
	if m.processOp == msg.id {
		m.processOp = 0
	}
	op.waiting = true
	op.label = "Waiting for your MFA code…"
	m.prompts = append(m.prompts, msg)
	m.showNextPrompt()
	return m, msg.next
}

// showNextPrompt makes the MFA screen show the first queued request (kept
// as is if it already does, so typed digits survive), the mfa_process wait,
// or nothing: then the list is back in front.
func (m *Model) showNextPrompt() {
	switch {
	case len(m.prompts) > 0:
		if m.screen == screenMFA && m.shown == m.prompts[0].reply {
			return
		}
		m.processOp = 0
		m.shown = m.prompts[0].reply
		m.mfa = mfa.New(m.mfaRequest(m.prompts[0].req), m.theme)
		m.openDialog(screenMFA)
	case m.processOp != 0:
		// The mfa_process wait stays on screen.
	default:
		m.shown = nil
		if m.screen == screenMFA {
			m.closeDialog()
		}
	}
}

func (m Model) mfaRequest(r MFARequest) mfa.Request {
	return mfa.Request{
		Serial: r.Serial, Target: r.Target, Source: r.Source,
		Attempt: r.Attempt, MaxAttempts: MaxMFAAttempts,
		Rejection: r.Rejection, Process: r.Process,
	}
}

func (m Model) onMFASubmit(msg mfa.SubmitMsg) (tea.Model, tea.Cmd) {
	if len(m.prompts) == 0 {
		return m, nil
	}
	p := m.prompts[0]
	m.prompts = m.prompts[1:]
	p.reply <- mfaReply{code: msg.Code}
	if op, ok := m.ops[p.id]; ok {
		op.label = "Checking the MFA code for " + p.req.Target + "…"
		op.waiting = false
	}
	m.showNextPrompt()
	return m, m.spin()
}

func (m Model) onMFACancel() (tea.Model, tea.Cmd) {
	switch {
	case len(m.prompts) > 0:
		m.cancelOp(m.prompts[0].id)
	case m.processOp != 0:
		m.cancelOp(m.processOp)
	}
	m.showNextPrompt()
	m.setStatus("Cancelled.")
	return m, nil
}

// onDone reports an operation's outcome in the status line, or ends the
// program for a leaving action that succeeded.
func (m Model) onDone(msg opDoneMsg) (tea.Model, tea.Cmd) {
	op, ok := m.ops[msg.id]
	if !ok {
		return m, nil
	}
	delete(m.ops, msg.id)
	op.cancel()
	if m.leaving == msg.id {
		m.leaving = 0
	}
	if m.processOp == msg.id {
		m.processOp = 0
	}
	// A finished operation answers no more prompts.
	m.dropPrompts(msg.id)
	m.showNextPrompt()

	t := op.target
	if op.batch != nil {
		m.consoleDone(op, msg.err)
		if msg.err == nil {
			return m, m.recordUse(t)
		}
		return m, nil
	}
	var noBrowser *noBrowserError
	switch {
	case msg.err == nil:
	case op.cancelled || errors.Is(msg.err, errMFACancelled):
		m.setStatus("Cancelled.")
		return m, nil
	case errors.As(msg.err, &noBrowser):
		m.offerURL, m.offerWhy = t.Name, oneLine(noBrowser.Error())
		m.setError(capitalised(sentence(oneLine(noBrowser.Error()))) + " Press " + m.consoleKey() + " again to get the sign-in URL for " +
			t.Name + ", printed when you leave.")
		return m, nil
	case op.action == ActionConsole && msg.url != "":
		// Signed in, but the browser would not open: keep the URL.
		m.signinURLs = append(m.signinURLs, SigninURL{Target: t.Name, URL: msg.url, Why: oneLine(msg.err.Error())})
		m.setError("Could not open the console for " + t.Name + ": " + sentence(oneLine(msg.err.Error())) +
			" Its sign-in URL is printed when you leave (valid 15 minutes).")
		return m, nil
	default:
		m.setError(failureSentence(op.action, t, msg.err, msg.url != ""))
		return m, nil
	}
	switch op.action {
	case ActionShell, ActionExport, ActionExec, ActionChoose:
		m.result = Result{Target: t, Action: op.action, Command: op.command}
		m.done = true
		return m, tea.Sequence(m.recordUse(t), tea.Quit)
	case ActionConsole:
		if op.printURL {
			m.signinURLs = append(m.signinURLs, SigninURL{Target: t.Name, URL: msg.url, Why: op.why})
			if m.defaultAction == ActionConsole {
				// `switchrole console` opened the picker: this was its job.
				m.result = Result{Target: t, Action: ActionConsole}
				m.done = true
				return m, tea.Sequence(m.recordUse(t), tea.Quit)
			}
			m.setStatus("The sign-in URL for " + t.Name + " is printed when you leave (valid 15 minutes).")
			return m, m.recordUse(t)
		}
		m.setStatus("Opened the console for " + t.Name + ".")
		return m, m.recordUse(t)
	case ActionCopyLink:
		// OSC 52: the terminal may drop it, and nothing tells us.
		m.setStatus("Sent the switch-role link for " + t.Name + " to the terminal's clipboard.")
		return m, tea.SetClipboard(msg.url)
	case ActionOpenLink:
		m.setStatus("Opened the switch-role link for " + t.Name + ".")
	case ActionClearSession:
		m.setStatus("Cleared the cached session of " + t.Name + ".")
	}
	return m, nil
}

// recordUse counts a use of t for the recents order.
func (m Model) recordUse(t *config.Target) tea.Cmd {
	s := m.store
	name := t.Name
	return func() tea.Msg { return usageSavedMsg{err: s.RecordUse(name)} }
}

// toggleFavourite flips t's mark and saves it in the background.
func (m Model) toggleFavourite(t *config.Target) tea.Cmd {
	s := m.store
	name := t.Name
	on := !s.IsFavourite(name)
	return func() tea.Msg { return favouriteSavedMsg{name: name, on: on, err: s.SetFavourite(name, on)} }
}

func (m Model) onFavouriteSaved(msg favouriteSavedMsg) (tea.Model, tea.Cmd) {
	m.picker.Rerank(m.store.Snapshot())
	switch {
	case msg.err != nil:
		m.setError(oneLine(msg.err.Error()))
	case msg.on:
		m.setStatus("Added " + msg.name + " to favourites.")
	default:
		m.setStatus("Removed " + msg.name + " from favourites.")
	}
	return m, nil
}

// progressLabel says what an operation is doing, for the spinner line.
func progressLabel(a Action, t *config.Target) string {
	switch a {
	case ActionShell, ActionExport, ActionExec, ActionChoose:
		if t.IsRole() && t.Role != "" {
			where := t.Account
			if where == "" {
				where = t.AccountID
			}
			if where == "" {
				return "Assuming " + t.Role + "…"
			}
			return "Assuming " + t.Role + " in " + where + "…"
		}
		return "Getting credentials for " + t.Name + "…"
	case ActionConsole:
		return "Opening the console for " + t.Name + "…"
	case ActionCopyLink, ActionOpenLink:
		return "Building the switch-role link for " + t.Name + "…"
	case ActionClearSession:
		return "Clearing the cached session of " + t.Name + "…"
	}
	return "Working on " + t.Name + "…"
}

// failureSentence turns an operation's error into the one sentence shown in
// the status line; built says the link was built, so opening it failed.
func failureSentence(a Action, t *config.Target, err error, built bool) string {
	var what string
	switch a {
	case ActionConsole:
		what = "open the console for " + t.Name
	case ActionOpenLink:
		if built {
			return "Could not open the switch-role link for " + t.Name + ": " + sentence(oneLine(err.Error())) +
				" ctrl+y sends it to the terminal's clipboard."
		}
		what = "build the switch-role link for " + t.Name
	case ActionCopyLink:
		what = "build the switch-role link for " + t.Name
	case ActionClearSession:
		what = "clear the cached session of " + t.Name
	default:
		what = "get credentials for " + t.Name
	}
	return "Could not " + what + ": " + sentence(oneLine(err.Error()))
}

// sentence ends s with a full stop.
func sentence(s string) string {
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// capitalised starts s with a capital letter.
func capitalised(s string) string {
	if s != "" && 'a' <= s[0] && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// consoleKey names the keys that open the console, for hints.
func (m Model) consoleKey() string {
	k := m.KeyMap.Console.Help().Key
	if m.defaultAction == ActionConsole {
		return "enter or " + k
	}
	return k
}

// oneLine folds whitespace (AWS messages may hold newlines) into single
// spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

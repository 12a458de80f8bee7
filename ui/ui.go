// Package ui is switchrole's picker: a Bubble Tea program that lists every
// target, filters them as the user types, asks for an MFA code when AWS wants
// one, and hands back the chosen target and action.
//
// The root model owns the screen and composes the components in the
// sub-packages (picker, mfa, actions, theme, state). All AWS work goes through
// the Backend interface, implemented by the CLI, and always runs inside a
// tea.Cmd so the picker never freezes.
package ui

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/ui/actions"
)

// ErrCancelled is returned by Run when the user leaves with esc or ctrl+c.
// The CLI maps it to exit code 130, like a shell does for SIGINT.
var ErrCancelled = errors.New("cancelled")

// MaxMFAAttempts is how many codes the backend is expected to try before it
// gives up; the MFA screen shows "attempt n of MaxMFAAttempts".
const MaxMFAAttempts = 3

// Action is what to do with the chosen target; see the constants.
type Action = actions.Action

// The actions a Result can carry, and the ones DefaultAction may name.
const (
	ActionNone         = actions.None
	ActionShell        = actions.Shell
	ActionExec         = actions.Exec
	ActionExport       = actions.Export
	ActionConsole      = actions.Console
	ActionCopyLink     = actions.CopyLink
	ActionOpenLink     = actions.OpenLink
	ActionFavourite    = actions.Favourite
	ActionClearSession = actions.ClearSession
	ActionChoose       = actions.Choose
)

// MFARequest describes one MFA code the backend needs.
type MFARequest struct {
	// Serial is the MFA device (ARN or hardware serial).
	Serial string
	// Target is the Name of the target being switched to, Source the Name of
	// the identity whose MFA session is being created.
	Target string
	Source string
	// Attempt counts from 1; above 1, Rejection holds AWS's reason for
	// refusing the previous code.
	Attempt   int
	Rejection string
	// Process names the program that mfa_process runs when the backend gets
	// the code from it (the program only: the command line may hold a
	// secret). The UI then only shows "getting a code from <Process>…" and
	// its spinner, and its MFAFunc returns "" at once: the backend runs the
	// command itself. If the command fails, the operation fails with the
	// backend's error.
	Process string
}

// MFAFunc returns an MFA code for req. The UI's implementation opens the MFA
// screen and blocks until the user types the code; it returns ctx.Err() or
// context.Canceled when the user gives up.
type MFAFunc func(ctx context.Context, req MFARequest) (string, error)

// Backend is everything the picker needs from the credentials engine and the
// console helpers. The CLI implements it; every method but TimeLeft may be
// slow and is only ever called inside a tea.Cmd, never from Update.
type Backend interface {
	// Retrieve gets (and caches) credentials for t. It calls mfa when an MFA
	// code is needed, possibly several times after rejections.
	Retrieve(ctx context.Context, t *config.Target, mfa MFAFunc) error
	// TimeLeft is the remaining time of t's cached session; false when there
	// is none. It is called while drawing visible rows, so it must be cheap
	// (no file reads or network).
	TimeLeft(t *config.Target) (time.Duration, bool)
	// BrowserProblem says why no browser can be opened here (no display,
	// no launcher), or nil. It must be quick and open nothing: the picker
	// asks it before signing in, so that it never assumes a role for a
	// console it cannot show.
	BrowserProblem() error
	// ConsoleURL signs in to the AWS console as t: the sign-in URL, valid
	// 15 minutes and secret like a password.
	ConsoleURL(ctx context.Context, t *config.Target, mfa MFAFunc) (string, error)
	// OpenConsole opens t's sign-in URL in the browser, the way the user
	// configured consoles (an isolated profile per account, say).
	OpenConsole(t *config.Target, url string) error
	// Link returns t's switch-role URL.
	Link(t *config.Target) (string, error)
	// OpenURL opens url in the browser.
	OpenURL(url string) error
	// Clear drops t's cached session.
	Clear(t *config.Target) error
}

// Result is what the user chose. Run returns it only for actions that leave
// the picker (shell, exec, export), and only after Backend.Retrieve has
// succeeded for Target, so the CLI's own Retrieve is a cache hit.
//
// SigninURLs is set whatever the outcome, ErrCancelled included: the CLI
// prints them once the terminal is restored.
type Result struct {
	Target *config.Target
	// Targets are the marked targets when the command runs on several
	// (ActionExec only; Target is then the first of them). Their
	// credentials are not fetched yet: the CLI fans the command out.
	Targets []*config.Target
	Action  Action
	// Command is the command to run for ActionExec, ready for exec: the
	// user's line wrapped as [shell, "-c", line].
	Command []string
	// SigninURLs are console sign-ins the picker could not open in a
	// browser: the user asked for them to be printed.
	SigninURLs []SigninURL
}

// SigninURL is a console sign-in URL for the CLI to print, with why it is
// printed rather than opened.
type SigninURL struct {
	Target string
	URL    string
	// Why is the browser's problem as a sentence part ("can't open a
	// browser: there is no graphical display ...").
	Why string
}

// Options configures Run. Targets and Backend are required.
type Options struct {
	Targets []*config.Target
	Backend Backend

	// DefaultAction is what enter does: ActionShell (the zero value means
	// that), ActionExport, ActionExec, ActionConsole, or ActionChoose when
	// the command that opened the picker carries out its own action with
	// the chosen target (`exec`'s command, `env`'s variables).
	DefaultAction Action
	// EnterHelp names what enter does, in the footer, the filter's
	// placeholder and the menu ("run aws s3 ls"); "" means the default
	// action's own phrase ("open a shell"). ActionChoose needs it.
	EnterHelp string
	// Query pre-fills the filter, e.g. with the arguments of `switchrole prod`.
	Query string
	// Identity says who the user is, shown in the header
	// ("jump: arn:aws:iam::111122223333:user/alice").
	Identity string
	// Banner, when set, is shown above the list and re-read every second
	// (the demo shows its MFA code there).
	Banner func() string

	// StatePath is the favourites and recents file; "" means
	// $XDG_STATE_HOME/switchrole/state.json.
	StatePath string
	// Shell runs the command typed for ActionExec; "" means $SHELL, else
	// /bin/sh.
	Shell string

	// NoColor turns all colours off; Run also honours the NO_COLOR variable.
	NoColor bool
	// Input and Output are the terminal; nil means stdin (or /dev/tty) and
	// stderr (or /dev/tty when stderr is redirected). Never stdout, which
	// carries the CLI's result.
	Input  io.Reader
	Output io.Writer
	// Now is the clock (nil: time.Now).
	Now func() time.Time
}

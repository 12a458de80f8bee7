// Package actions holds what a person can do with the selected target and the
// tab menu that lists every action with its key, so nothing is hidden behind a
// key combination nobody remembers.
package actions

// Action is something to do with the selected target. Some leave the picker
// (the CLI carries them out once the terminal is restored), the others run
// while the picker stays open.
type Action int

const (
	// None is the zero value: no action chosen.
	None Action = iota
	// Shell opens a shell with the target's credentials (leaves the picker).
	Shell
	// Exec runs a command typed by the user (leaves the picker).
	Exec
	// Export prints `export` lines on stdout and exits (leaves the picker).
	Export
	// Console opens the AWS console in the browser; the picker stays open.
	Console
	// CopyLink copies the switch-role URL to the clipboard.
	CopyLink
	// OpenLink opens the switch-role URL in the browser.
	OpenLink
	// Favourite toggles the target's favourite mark.
	Favourite
	// ClearSession drops the target's cached session.
	ClearSession
	// Choose hands the target back to the command that opened the picker,
	// which then does its own thing with it (runs the command `exec` was
	// given, prints `env`'s variables): it leaves the picker once the
	// credentials are fetched, like Shell.
	Choose
)

// String names the action the way the CLI's flags and the menu do.
func (a Action) String() string {
	switch a {
	case Shell:
		return "shell"
	case Exec:
		return "exec"
	case Export:
		return "export"
	case Console:
		return "console"
	case CopyLink:
		return "copy-link"
	case OpenLink:
		return "open-link"
	case Favourite:
		return "favourite"
	case ClearSession:
		return "clear-session"
	case Choose:
		return "choose"
	default:
		return "none"
	}
}

// Leaves reports whether the action ends the picker: its credentials are
// fetched first, then the CLI carries it out on a restored terminal.
func (a Action) Leaves() bool {
	return a == Shell || a == Exec || a == Export || a == Choose
}

// NeedsCredentials reports whether the action must fetch credentials (and so
// may prompt for an MFA code) before it can be carried out.
func (a Action) NeedsCredentials() bool {
	return a.Leaves() || a == Console
}

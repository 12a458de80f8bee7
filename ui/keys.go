package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"

	"github.com/switchrole/switchrole/ui/actions"
	"github.com/switchrole/switchrole/ui/picker"
)

// KeyMap is every key of the picker screen. Actions are ctrl/alt
// combinations, tab and enter so that any printable character goes to the
// filter; "?" toggles the full help only while the filter is empty.
type KeyMap struct {
	// Open runs the default action (enter).
	Open         key.Binding
	Shell        key.Binding
	Exec         key.Binding
	Export       key.Binding
	Console      key.Binding
	CopyLink     key.Binding
	OpenLink     key.Binding
	Favourite    key.Binding
	ClearSession key.Binding
	// Mark marks the selected target for an action on several at once.
	Mark key.Binding

	Menu key.Binding
	Help key.Binding
	// Back leaves a dialog, cancels running work, or quits the picker.
	Back key.Binding
	// Quit leaves at once from anywhere.
	Quit key.Binding

	// List moves the selection.
	List picker.KeyMap
}

// DefaultKeyMap returns the standard bindings, with enter running
// defaultAction (ActionShell when zero), described in help as enterHelp
// ("" for the action's own phrase). With ActionChoose the other actions that
// leave the picker (shell, exec, export) are off: the command that opened
// the picker does only its own.
func DefaultKeyMap(defaultAction Action, enterHelp string) KeyMap {
	if defaultAction == ActionNone {
		defaultAction = ActionShell
	}
	if enterHelp == "" {
		enterHelp = describe(defaultAction)
	}
	k := KeyMap{
		Open:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", enterHelp)),
		Shell:        key.NewBinding(key.WithKeys("alt+s"), key.WithHelp("alt+s", describe(ActionShell))),
		Exec:         key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", describe(ActionExec))),
		Export:       key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", describe(ActionExport))),
		Console:      key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", describe(ActionConsole))),
		CopyLink:     key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", describe(ActionCopyLink))),
		OpenLink:     key.NewBinding(key.WithKeys("alt+y"), key.WithHelp("alt+y", describe(ActionOpenLink))),
		Favourite:    key.NewBinding(key.WithKeys("ctrl+f", "ctrl+s"), key.WithHelp("ctrl+f", describe(ActionFavourite))),
		ClearSession: key.NewBinding(key.WithKeys("alt+c"), key.WithHelp("alt+c", describe(ActionClearSession))),
		Mark:         key.NewBinding(key.WithKeys("ctrl+space", "ctrl+t"), key.WithHelp("ctrl+space", "mark")),
		Menu:         key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "actions")),
		Help:         key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Back:         key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "quit")),
		Quit:         key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		List:         picker.DefaultKeyMap(),
	}
	if defaultAction == ActionChoose {
		k.Shell.SetEnabled(false)
		k.Exec.SetEnabled(false)
		k.Export.SetEnabled(false)
	}
	return k
}

// describe is the short phrase for an action in help and in the menu.
func describe(a Action) string {
	switch a {
	case ActionShell:
		return "open a shell"
	case ActionExec:
		return "run a command"
	case ActionExport:
		return "print exports"
	case ActionConsole:
		return "open console"
	case ActionCopyLink:
		return "copy switch link"
	case ActionOpenLink:
		return "open switch link"
	case ActionFavourite:
		return "favourite"
	case ActionClearSession:
		return "clear session"
	case ActionChoose:
		return "choose"
	default:
		return a.String()
	}
}

// binding is the key that runs a, outside the menu.
func (k KeyMap) binding(a Action) key.Binding {
	switch a {
	case ActionShell:
		return k.Shell
	case ActionExec:
		return k.Exec
	case ActionExport:
		return k.Export
	case ActionConsole:
		return k.Console
	case ActionCopyLink:
		return k.CopyLink
	case ActionOpenLink:
		return k.OpenLink
	case ActionFavourite:
		return k.Favourite
	case ActionClearSession:
		return k.ClearSession
	}
	return key.Binding{}
}

// menuOrder is the order of the action menu.
var menuOrder = []Action{
	ActionShell, ActionExec, ActionExport, ActionConsole, ActionCopyLink,
	ActionOpenLink, ActionFavourite, ActionClearSession,
}

// menuItems lists every action with the key that runs it; the default
// action shows "enter" and comes first. favourite says whether the target
// is one already, so the menu offers to unmark it.
// Actions whose keys are off are left out.
func (k KeyMap) menuItems(defaultAction Action, favourite bool) []actions.Item {
	items := make([]actions.Item, 0, len(menuOrder)+1)
	if !slices.Contains(menuOrder, defaultAction) {
		items = append(items, actions.Item{Action: defaultAction, Binding: k.Open})
	}
	for _, a := range menuOrder {
		b := k.binding(a)
		if a == defaultAction {
			b = key.NewBinding(key.WithKeys(append(k.Open.Keys(), b.Keys()...)...),
				key.WithHelp(k.Open.Help().Key, k.Open.Help().Desc))
			items = append([]actions.Item{{Action: a, Binding: b}}, items...)
			continue
		}
		if !b.Enabled() {
			continue
		}
		if a == ActionFavourite && favourite {
			b = key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(b.Help().Key, "unfavourite"))
		}
		items = append(items, actions.Item{Action: a, Binding: b})
	}
	return items
}

// ShortHelp implements help.KeyMap: the keys a new user needs first.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Menu, k.Console, k.Export, k.Favourite, k.Help, k.Back}
}

// FullHelp implements help.KeyMap: every key, by theme.
func (k KeyMap) FullHelp() [][]key.Binding {
	first := []key.Binding{k.Open, k.Shell, k.Exec, k.Export}
	if k.Open.Help().Desc == k.Shell.Help().Desc {
		first = []key.Binding{k.Open, k.Exec, k.Export}
	}
	return [][]key.Binding{
		first,
		{k.Console, k.CopyLink, k.OpenLink},
		{k.Favourite, k.ClearSession, k.Menu},
		{k.List.Up, k.List.Down, k.List.PageUp, k.List.PageDown},
		{k.Help, k.Back, k.Quit},
	}
}

// commandKeys is the help of the command prompt.
type commandKeys struct{ run, back key.Binding }

func (c commandKeys) ShortHelp() []key.Binding  { return []key.Binding{c.run, c.back} }
func (c commandKeys) FullHelp() [][]key.Binding { return [][]key.Binding{c.ShortHelp()} }

func newCommandKeys() commandKeys {
	return commandKeys{
		run:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run")),
		back: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}

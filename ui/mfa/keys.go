package mfa

import "charm.land/bubbles/v2/key"

// KeyMap are the MFA screen's keys. Digits are typed, not bound.
type KeyMap struct {
	Submit    key.Binding
	Backspace key.Binding
	Clear     key.Binding
	Cancel    key.Binding
}

// DefaultKeyMap: enter submits early, esc gives up.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Submit:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "submit")),
		Backspace: key.NewBinding(key.WithKeys("backspace", "ctrl+h"), key.WithHelp("⌫", "delete")),
		Clear:     key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "clear")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Cancel, k.Clear, k.Submit} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Submit, k.Backspace, k.Clear, k.Cancel}}
}

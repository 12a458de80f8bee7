// Package lineedit is the one-line text field used for the filter and the
// command prompt. It is deliberately small: bubbles' textinput binds ctrl+e,
// ctrl+f, ctrl+d and tab, which the picker needs for actions, and pulls in a
// clipboard module; this field edits with the readline keys that do not
// collide and renders only the slice of text that fits.
package lineedit

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// KeyMap holds the editing keys. Build it with DefaultKeyMap.
type KeyMap struct {
	Left, Right              key.Binding
	WordLeft, WordRight      key.Binding
	Home, End                key.Binding
	Backspace, Delete        key.Binding
	DeleteWordBackward       key.Binding
	DeleteWordForward        key.Binding
	DeleteToStart, DeleteEnd key.Binding
}

// DefaultKeyMap binds readline keys that do not collide with the picker's
// actions (no ctrl+e, ctrl+f, ctrl+d).
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Left:               key.NewBinding(key.WithKeys("left", "ctrl+b")),
		Right:              key.NewBinding(key.WithKeys("right")),
		WordLeft:           key.NewBinding(key.WithKeys("alt+left", "ctrl+left", "alt+b")),
		WordRight:          key.NewBinding(key.WithKeys("alt+right", "ctrl+right", "alt+f")),
		Home:               key.NewBinding(key.WithKeys("home", "ctrl+a")),
		End:                key.NewBinding(key.WithKeys("end")),
		Backspace:          key.NewBinding(key.WithKeys("backspace", "ctrl+h")),
		Delete:             key.NewBinding(key.WithKeys("delete")),
		DeleteWordBackward: key.NewBinding(key.WithKeys("ctrl+w", "alt+backspace")),
		DeleteWordForward:  key.NewBinding(key.WithKeys("alt+d", "alt+delete")),
		DeleteToStart:      key.NewBinding(key.WithKeys("ctrl+u")),
		DeleteEnd:          key.NewBinding(key.WithKeys("ctrl+k")),
	}
}

// Styles are the field's looks; the theme provides them.
type Styles struct {
	Prompt, Text, Placeholder, Cursor lipgloss.Style
}

// Model is a single-line editor. The zero value is usable; set KeyMap with
// DefaultKeyMap to get editing keys.
type Model struct {
	Prompt      string
	Placeholder string
	// CharLimit caps the length in runes (0: no limit).
	CharLimit int
	KeyMap    KeyMap
	Styles    Styles
	// Focused shows the cursor.
	Focused bool

	value []rune
	pos   int
}

// New returns a focused field with the default keys.
func New(prompt string) Model {
	return Model{Prompt: prompt, KeyMap: DefaultKeyMap(), Focused: true}
}

// Value is the text typed so far.
func (m Model) Value() string { return string(m.value) }

// SetValue replaces the text (cleaned like a paste) and puts the cursor at
// its end.
func (m *Model) SetValue(s string) {
	m.value = m.value[:0]
	m.pos = 0
	m.insert(s)
}

// Reset empties the field.
func (m *Model) Reset() { m.value, m.pos = nil, 0 }

// Position is the cursor's index in runes.
func (m Model) Position() int { return m.pos }

// Update applies a key press or a paste and reports whether the text changed.
// Keys it does not know are ignored so the caller may handle them first or
// after.
func (m *Model) Update(msg tea.Msg) (changed bool) {
	before := string(m.value)
	switch msg := msg.(type) {
	case tea.PasteMsg:
		m.insert(msg.Content)
	case tea.KeyPressMsg:
		m.handleKey(msg)
	}
	return string(m.value) != before
}

func (m *Model) handleKey(msg tea.KeyPressMsg) {
	k := m.KeyMap
	switch {
	case key.Matches(msg, k.Left):
		m.pos = max(0, m.pos-1)
	case key.Matches(msg, k.Right):
		m.pos = min(len(m.value), m.pos+1)
	case key.Matches(msg, k.WordLeft):
		m.pos = m.wordStart()
	case key.Matches(msg, k.WordRight):
		m.pos = m.wordEnd()
	case key.Matches(msg, k.Home):
		m.pos = 0
	case key.Matches(msg, k.End):
		m.pos = len(m.value)
	case key.Matches(msg, k.Backspace):
		if m.pos > 0 {
			m.value = append(m.value[:m.pos-1], m.value[m.pos:]...)
			m.pos--
		}
	case key.Matches(msg, k.Delete):
		if m.pos < len(m.value) {
			m.value = append(m.value[:m.pos], m.value[m.pos+1:]...)
		}
	case key.Matches(msg, k.DeleteWordBackward):
		start := m.wordStart()
		m.value = append(m.value[:start], m.value[m.pos:]...)
		m.pos = start
	case key.Matches(msg, k.DeleteWordForward):
		end := m.wordEnd()
		m.value = append(m.value[:m.pos], m.value[end:]...)
	case key.Matches(msg, k.DeleteToStart):
		m.value = append(m.value[:0], m.value[m.pos:]...)
		m.pos = 0
	case key.Matches(msg, k.DeleteEnd):
		m.value = m.value[:m.pos]
	default:
		if msg.Text != "" && msg.Mod&(tea.ModCtrl|tea.ModAlt|tea.ModSuper) == 0 {
			m.insert(msg.Text)
		}
	}
}

// insert adds s at the cursor. Line breaks and tabs become spaces and other
// control characters are dropped, so a pasted line cannot smuggle a newline
// into the filter or a command.
func (m *Model) insert(s string) {
	s = strings.TrimRight(s, "\r\n")
	rs := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			rs = append(rs, ' ')
		case unicode.IsControl(r):
		default:
			rs = append(rs, r)
		}
	}
	if m.CharLimit > 0 && len(m.value)+len(rs) > m.CharLimit {
		rs = rs[:max(0, m.CharLimit-len(m.value))]
	}
	if len(rs) == 0 {
		return
	}
	tail := append([]rune(nil), m.value[m.pos:]...)
	m.value = append(append(m.value[:m.pos], rs...), tail...)
	m.pos += len(rs)
}

func (m Model) wordStart() int {
	i := m.pos
	for i > 0 && isSep(m.value[i-1]) {
		i--
	}
	for i > 0 && !isSep(m.value[i-1]) {
		i--
	}
	return i
}

func (m Model) wordEnd() int {
	i := m.pos
	for i < len(m.value) && isSep(m.value[i]) {
		i++
	}
	for i < len(m.value) && !isSep(m.value[i]) {
		i++
	}
	return i
}

func isSep(r rune) bool {
	return unicode.IsSpace(r) || r == '/' || r == '-' || r == '_' || r == '.'
}

// View renders prompt and text in width cells, scrolling horizontally so the
// cursor stays visible.
func (m Model) View(width int) string {
	if width <= 0 {
		return ""
	}
	prompt := m.Styles.Prompt.Render(m.Prompt)
	room := width - ansi.StringWidth(m.Prompt)
	if room <= 0 {
		return ansi.Truncate(prompt, width, "")
	}
	if len(m.value) == 0 {
		var b strings.Builder
		b.WriteString(prompt)
		ph := m.Placeholder
		if m.Focused {
			first, rest := " ", ""
			if ph != "" {
				r := []rune(ph)
				first, rest = string(r[0]), string(r[1:])
			}
			b.WriteString(m.Styles.Cursor.Render(first))
			b.WriteString(m.Styles.Placeholder.Render(ansi.Truncate(rest, room-1, "…")))
		} else {
			b.WriteString(m.Styles.Placeholder.Render(ansi.Truncate(ph, room, "…")))
		}
		return b.String()
	}
	// Choose the visible window of runes: the cursor cell included.
	start := 0
	cells := func(rs []rune) int { return ansi.StringWidth(string(rs)) }
	for start < m.pos && cells(m.value[start:m.pos])+1 > room {
		start++
	}
	visible := m.value[start:]
	before := string(visible[:m.pos-start])
	var at, after string
	if m.pos < len(m.value) {
		at = string(m.value[m.pos])
		after = string(m.value[m.pos+1:])
	} else {
		at = " "
	}
	left := room - ansi.StringWidth(before) - ansi.StringWidth(at)
	after = ansi.Truncate(after, max(0, left), "")
	var b strings.Builder
	b.WriteString(prompt)
	b.WriteString(m.Styles.Text.Render(before))
	if m.Focused {
		b.WriteString(m.Styles.Cursor.Render(at))
	} else {
		b.WriteString(m.Styles.Text.Render(at))
	}
	b.WriteString(m.Styles.Text.Render(after))
	return b.String()
}

package actions

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/switchrole/switchrole/ui/theme"
)

// Item is one line of the menu: the action and the key that runs it
// outside the menu (its help text names the key and describes the action).
type Item struct {
	Action  Action
	Binding key.Binding
}

// ChosenMsg says the user picked an action from the menu.
type ChosenMsg struct{ Action Action }

// ClosedMsg says the menu was closed without a choice.
type ClosedMsg struct{}

// Model is the action menu for one target.
type Model struct {
	KeyMap KeyMap

	items  []Item
	target string
	cursor int
	theme  *theme.Theme
	width  int
	height int
}

// New builds the menu; items are listed in the order given.
func New(items []Item, th *theme.Theme) Model {
	if th == nil {
		th = theme.New(true, false)
	}
	return Model{KeyMap: DefaultKeyMap(), items: items, theme: th}
}

// Open resets the menu for target, the cursor on the first item.
func (m *Model) Open(target string) {
	m.target, m.cursor = target, 0
}

// SetItems replaces the items (when the key map changed).
func (m *Model) SetItems(items []Item) {
	m.items = items
	m.cursor = min(m.cursor, max(len(items)-1, 0))
}

// Items lists the menu's items.
func (m Model) Items() []Item { return m.items }

// Selected is the action under the cursor.
func (m Model) Selected() Action {
	if len(m.items) == 0 {
		return None
	}
	return m.items[m.cursor].Action
}

// SetSize gives the menu its area.
func (m *Model) SetSize(w, h int) { m.width, m.height = max(w, 0), max(h, 0) }

// SetTheme restyles the menu.
func (m *Model) SetTheme(th *theme.Theme) { m.theme = th }

// Update moves the cursor, or returns ChosenMsg / ClosedMsg.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	switch {
	case key.Matches(kp, m.KeyMap.Close):
		return m, func() tea.Msg { return ClosedMsg{} }
	case key.Matches(kp, m.KeyMap.Up):
		m.cursor = (m.cursor - 1 + len(m.items)) % max(len(m.items), 1)
		return m, nil
	case key.Matches(kp, m.KeyMap.Down):
		m.cursor = (m.cursor + 1) % max(len(m.items), 1)
		return m, nil
	case key.Matches(kp, m.KeyMap.Choose):
		a := m.Selected()
		return m, func() tea.Msg { return ChosenMsg{a} }
	}
	for _, it := range m.items {
		if key.Matches(kp, it.Binding) {
			a := it.Action
			return m, func() tea.Msg { return ChosenMsg{a} }
		}
	}
	return m, nil
}

// View lists the actions with their keys, the cursor's line highlighted;
// on a short terminal the list scrolls to keep the cursor visible.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	th := m.theme
	lines := []string{th.DialogTitle.Render("Actions for " + m.target)}
	keyWidth := 0
	for _, it := range m.items {
		keyWidth = max(keyWidth, ansi.StringWidth(it.Binding.Help().Key))
	}
	rows := max(m.height-1, 0)
	if m.height == 1 {
		lines = lines[:0]
		rows = 1
	}
	start := 0
	if m.cursor >= rows {
		start = m.cursor - rows + 1
	}
	for i := start; i < len(m.items) && i < start+rows; i++ {
		it := m.items[i]
		h := it.Binding.Help()
		k := h.Key + strings.Repeat(" ", keyWidth-ansi.StringWidth(h.Key))
		var line string
		if i == m.cursor {
			line = th.MenuSelected.Render("> " + k + "  " + h.Desc)
		} else {
			line = th.MenuItem.Render("  ") + th.MenuKey.Render(k) + th.MenuItem.Render("  "+h.Desc)
		}
		lines = append(lines, line)
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.width, "…")
	}
	return strings.Join(lines, "\n")
}

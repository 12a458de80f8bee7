package actions

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func testItems() []Item {
	b := func(k, desc string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc)) }
	return []Item{
		{Shell, b("enter", "open a shell")},
		{Export, b("ctrl+e", "print exports")},
		{Console, b("ctrl+o", "open console")},
	}
}

func msgOf(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	return cmd()
}

func TestMenuNavigationAndChoice(t *testing.T) {
	m := New(testItems(), nil)
	m.Open("prod-core/Admin")
	down := tea.KeyPressMsg{Code: tea.KeyDown}
	up := tea.KeyPressMsg{Code: tea.KeyUp}
	steps := []struct {
		k    tea.KeyPressMsg
		want Action
	}{
		{down, Export}, {down, Console}, {down, Shell}, // wraps
		{up, Console}, {tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl}, Export},
	}
	for i, s := range steps {
		m, _ = m.Update(s.k)
		if m.Selected() != s.want {
			t.Fatalf("step %d: selected %v, want %v", i, m.Selected(), s.want)
		}
	}
	_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if got, ok := msgOf(cmd).(ChosenMsg); !ok || got.Action != Export {
		t.Errorf("enter gave %#v, want ChosenMsg{Export}", msgOf(cmd))
	}
}

func TestMenuActionKeyChoosesDirectly(t *testing.T) {
	m := New(testItems(), nil)
	_, cmd := m.Update(tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl})
	if got, ok := msgOf(cmd).(ChosenMsg); !ok || got.Action != Console {
		t.Errorf("ctrl+o gave %#v, want ChosenMsg{Console}", msgOf(cmd))
	}
}

func TestMenuCloses(t *testing.T) {
	for _, k := range []tea.KeyPressMsg{{Code: tea.KeyEscape}, {Code: tea.KeyTab}} {
		m := New(testItems(), nil)
		_, cmd := m.Update(k)
		if _, ok := msgOf(cmd).(ClosedMsg); !ok {
			t.Errorf("%s gave %#v, want ClosedMsg", k, msgOf(cmd))
		}
	}
}

func TestMenuViewListsEveryActionWithItsKey(t *testing.T) {
	m := New(testItems(), nil)
	m.Open("prod-core/Admin")
	m.SetSize(60, 10)
	v := ansi.Strip(m.View())
	for _, want := range []string{"Actions for prod-core/Admin", "> enter   open a shell", "  ctrl+e  print exports", "  ctrl+o  open console"} {
		if !strings.Contains(v, want) {
			t.Errorf("menu lacks %q:\n%s", want, v)
		}
	}
	// A short screen scrolls to keep the cursor visible.
	m.SetSize(60, 2)
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyUp}) // last item
	v = ansi.Strip(m.View())
	if lines := strings.Split(v, "\n"); len(lines) != 2 || !strings.Contains(lines[1], "open console") {
		t.Errorf("2-line menu with the cursor on the last item:\n%s", v)
	}
}

func TestActionKinds(t *testing.T) {
	for a, want := range map[Action][2]bool{
		Shell: {true, true}, Exec: {true, true}, Export: {true, true}, Console: {false, true},
		CopyLink: {false, false}, OpenLink: {false, false}, Favourite: {false, false}, ClearSession: {false, false},
	} {
		if a.Leaves() != want[0] || a.NeedsCredentials() != want[1] {
			t.Errorf("%v: Leaves %v NeedsCredentials %v, want %v", a, a.Leaves(), a.NeedsCredentials(), want)
		}
		if a.String() == "none" {
			t.Errorf("%d has no name", a)
		}
	}
}

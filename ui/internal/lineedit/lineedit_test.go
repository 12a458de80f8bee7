package lineedit

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func k(s string) tea.KeyPressMsg {
	switch s {
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "delete":
		return tea.KeyPressMsg{Code: tea.KeyDelete}
	case "alt+b":
		return tea.KeyPressMsg{Code: 'b', Mod: tea.ModAlt}
	case "alt+f":
		return tea.KeyPressMsg{Code: 'f', Mod: tea.ModAlt}
	case "alt+d":
		return tea.KeyPressMsg{Code: 'd', Mod: tea.ModAlt}
	case "ctrl+w":
		return tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "ctrl+k":
		return tea.KeyPressMsg{Code: 'k', Mod: tea.ModCtrl}
	case "ctrl+a":
		return tea.KeyPressMsg{Code: 'a', Mod: tea.ModCtrl}
	case "ctrl+e":
		return tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	return tea.KeyPressMsg{Code: []rune(s)[0], Text: s}
}

func TestEditing(t *testing.T) {
	tests := []struct {
		name    string
		keys    []string
		want    string
		wantPos int
	}{
		{"typing", []string{"a", "b", "c"}, "abc", 3},
		{"space", []string{"a", "space", "b"}, "a b", 3},
		{"insert mid", []string{"a", "c", "left", "b"}, "abc", 2},
		{"home end", []string{"b", "home", "a", "end", "c"}, "abc", 3},
		{"ctrl+a", []string{"b", "ctrl+a", "a"}, "ab", 1},
		{"backspace", []string{"a", "b", "backspace"}, "a", 1},
		{"backspace at start", []string{"a", "home", "backspace"}, "a", 0},
		{"delete", []string{"a", "b", "home", "delete"}, "b", 0},
		{"delete word back", []string{"p", "r", "o", "d", "/", "a", "d", "ctrl+w"}, "prod/", 5},
		{"alt+b alt+d", []string{"a", "b", "space", "c", "d", "alt+b", "alt+d"}, "ab ", 3},
		{"alt+b alt+f", []string{"a", "b", "space", "c", "d", "alt+b", "alt+b", "alt+f", "x"}, "abx cd", 3},
		{"ctrl+u", []string{"a", "b", "c", "left", "ctrl+u"}, "c", 0},
		{"ctrl+k", []string{"a", "b", "c", "left", "left", "ctrl+k"}, "a", 1},
		{"right stops", []string{"a", "right", "right", "b"}, "ab", 2},
		{"ctrl+e is not the line end", []string{"a", "home", "ctrl+e", "b"}, "ba", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New("> ")
			for _, key := range tt.keys {
				m.Update(k(key))
			}
			if m.Value() != tt.want || m.Position() != tt.wantPos {
				t.Errorf("value %q pos %d, want %q pos %d", m.Value(), m.Position(), tt.want, tt.wantPos)
			}
		})
	}
}

func TestUpdateReportsChange(t *testing.T) {
	m := New("")
	if !m.Update(k("a")) {
		t.Error("typing reported no change")
	}
	if m.Update(k("left")) {
		t.Error("moving reported a change")
	}
}

func TestPasteIsCleaned(t *testing.T) {
	tests := []struct{ paste, want string }{
		{"prod\n", "prod"},
		{"aws s3 ls\r\n", "aws s3 ls"},
		{"a\tb\nc", "a b c"},
		{"x\x1b[31my\x07", "x[31my"},
	}
	for _, tt := range tests {
		m := New("")
		m.Update(tea.PasteMsg{Content: tt.paste})
		if m.Value() != tt.want {
			t.Errorf("paste %q gave %q, want %q", tt.paste, m.Value(), tt.want)
		}
	}
}

func TestCharLimit(t *testing.T) {
	m := New("")
	m.CharLimit = 3
	m.SetValue("abcdef")
	if m.Value() != "abc" {
		t.Errorf("CharLimit 3 kept %q", m.Value())
	}
}

func TestViewScrollsToCursorAndFits(t *testing.T) {
	m := New("> ")
	m.SetValue(strings.Repeat("abcdefghij", 5) + "XYZ")
	for w := 0; w <= 70; w++ {
		v := m.View(w)
		if got := ansi.StringWidth(v); got > w {
			t.Fatalf("width %d: view is %d wide: %q", w, got, ansi.Strip(v))
		}
		if w >= 6 && !strings.Contains(ansi.Strip(v), "XYZ") {
			t.Fatalf("width %d: cursor end not visible: %q", w, ansi.Strip(v))
		}
	}
	m.Update(k("home"))
	if v := ansi.Strip(m.View(12)); !strings.HasPrefix(v, "> abcdefghi") {
		t.Errorf("after home: %q", v)
	}
	empty := New("> ")
	empty.Placeholder = "type to filter"
	if v := ansi.Strip(empty.View(10)); v != "> type to…" {
		t.Errorf("placeholder view %q", v)
	}
}

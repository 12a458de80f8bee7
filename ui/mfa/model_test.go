package mfa

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func newPrompt() Model {
	m := New(Request{
		Serial: "arn:aws:iam::111111111111:mfa/alice", Target: "prod-core/Admin", Source: "jump",
		Attempt: 1, MaxAttempts: 3,
	}, nil)
	m.SetSize(80, 10)
	return m
}

func press(s string) tea.KeyPressMsg {
	switch s {
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// msgOf runs a command that answers at once (submit and cancel do).
func msgOf(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	return cmd()
}

func TestTypingDigitsSubmitsOnTheSixth(t *testing.T) {
	m := newPrompt()
	var cmd tea.Cmd
	for i, d := range "12345" {
		m, cmd = m.Update(press(string(d)))
		if cmd != nil {
			t.Fatalf("submitted after %d digits", i+1)
		}
	}
	if m.Code() != "12345" {
		t.Fatalf("Code = %q", m.Code())
	}
	m, cmd = m.Update(press("6"))
	if got, ok := msgOf(cmd).(SubmitMsg); !ok || got.Code != "123456" {
		t.Fatalf("sixth digit gave %#v, want SubmitMsg{123456}", msgOf(cmd))
	}
	// Nothing more is accepted once submitted.
	m, cmd = m.Update(press("7"))
	if cmd != nil || m.Code() != "123456" {
		t.Errorf("typing after submit changed the code to %q", m.Code())
	}
}

func TestRejectsNonDigits(t *testing.T) {
	m := newPrompt()
	m, _ = m.Update(press("1"))
	m, cmd := m.Update(press("a"))
	if cmd != nil || m.Code() != "1" {
		t.Fatalf("letter changed code to %q", m.Code())
	}
	if m.Problem() == "" || !strings.Contains(ansi.Strip(m.View()), "Digits only.") {
		t.Errorf("no complaint shown for a letter:\n%s", ansi.Strip(m.View()))
	}
	m, _ = m.Update(press("space")) // people type "123 456"
	m, _ = m.Update(press("2"))
	if m.Code() != "12" || m.Problem() != "" {
		t.Errorf("after space and digit: code %q, problem %q", m.Code(), m.Problem())
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: 'x', Mod: tea.ModCtrl})
	if m.Code() != "12" {
		t.Errorf("ctrl+x typed into the code: %q", m.Code())
	}
}

func TestEditing(t *testing.T) {
	m := newPrompt()
	for _, k := range []string{"1", "2", "3", "backspace"} {
		m, _ = m.Update(press(k))
	}
	if m.Code() != "12" {
		t.Fatalf("after backspace Code = %q", m.Code())
	}
	m, cmd := m.Update(press("enter"))
	if cmd != nil || !strings.Contains(m.Problem(), "6 digits") {
		t.Errorf("enter with 2 digits: cmd %v, problem %q", cmd, m.Problem())
	}
	m, _ = m.Update(press("ctrl+u"))
	if m.Code() != "" || m.Problem() != "" {
		t.Errorf("ctrl+u left %q / %q", m.Code(), m.Problem())
	}
}

func TestPaste(t *testing.T) {
	tests := []struct {
		name, before, paste string
		wantCode            string
		submitted           bool
		wantProblem         bool
	}{
		{"plain", "", "123456", "123456", true, false},
		{"spaced", "", "123 456", "123456", true, false},
		{"padded with newline", "", " 123456\n", "123456", true, false},
		{"dashed", "", "123-456", "123456", true, false},
		{"replaces partial input", "98", "123456", "123456", true, false},
		{"partial paste appends", "12", "34", "1234", false, false},
		{"completes", "12", "3456", "123456", true, false},
		{"letters refused", "", "12a456", "", false, true},
		{"too long refused", "", "1234567", "", false, true},
		{"overflow refused", "1234", "567", "1234", false, true},
		{"empty", "1", "   ", "1", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newPrompt()
			for _, d := range tt.before {
				m, _ = m.Update(press(string(d)))
			}
			m, cmd := m.Update(tea.PasteMsg{Content: tt.paste})
			if m.Code() != tt.wantCode {
				t.Errorf("Code = %q, want %q", m.Code(), tt.wantCode)
			}
			sub, ok := msgOf(cmd).(SubmitMsg)
			if ok != tt.submitted || (ok && sub.Code != tt.wantCode) {
				t.Errorf("submitted = %v (%q), want %v", ok, sub.Code, tt.submitted)
			}
			if (m.Problem() != "") != tt.wantProblem {
				t.Errorf("problem = %q, want one: %v", m.Problem(), tt.wantProblem)
			}
		})
	}
}

func TestEscCancels(t *testing.T) {
	m := newPrompt()
	m, _ = m.Update(press("1"))
	_, cmd := m.Update(press("esc"))
	if _, ok := msgOf(cmd).(CancelMsg); !ok {
		t.Fatalf("esc gave %#v, want CancelMsg", msgOf(cmd))
	}
}

func TestViewNamesDeviceTargetAndRejection(t *testing.T) {
	m := New(Request{
		Serial: "arn:aws:iam::111111111111:mfa/alice", Target: "prod-core/Admin", Source: "jump",
		Attempt: 2, MaxAttempts: 3, Rejection: "MultiFactorAuthentication failed\nwith invalid MFA one time pass code.",
	}, nil)
	m.SetSize(120, 10)
	m, _ = m.Update(press("4"))
	v := ansi.Strip(m.View())
	for _, want := range []string{
		"MFA code for prod-core/Admin (session for jump)",
		"arn:aws:iam::111111111111:mfa/alice",
		"code 4 _ _  _ _ _",
		"Attempt 2 of 3. AWS refused the last code: MultiFactorAuthentication failed with invalid MFA one time pass code.",
		"sent on the sixth digit",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

func TestProcessModeWaits(t *testing.T) {
	m := New(Request{Serial: "arn:aws:iam::1:mfa/a", Target: "prod", Process: "op item get aws --otp"}, nil)
	m.SetSize(80, 8)
	if m.Init() == nil {
		t.Error("process mode starts no spinner")
	}
	m, cmd := m.Update(press("1"))
	if cmd != nil || m.Code() != "" {
		t.Error("digits accepted while mfa_process runs")
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Getting a code from op item get aws --otp…") {
		t.Errorf("view:\n%s", v)
	}
	if _, ok := msgOf(func() tea.Cmd { _, c := m.Update(press("esc")); return c }()).(CancelMsg); !ok {
		t.Error("esc does not cancel while mfa_process runs")
	}
}

// TestViewFits shrinks the screen: the code line is the last to go.
func TestViewFits(t *testing.T) {
	m := New(Request{Serial: "arn:aws:iam::111111111111:mfa/alice", Target: "prod-core/Admin", Attempt: 2, MaxAttempts: 3, Rejection: "refused"}, nil)
	for w := 0; w <= 60; w += 3 {
		for h := 0; h <= 9; h++ {
			m.SetSize(w, h)
			v := m.View()
			if v == "" {
				if w > 0 && h > 0 {
					t.Fatalf("%dx%d: empty view", w, h)
				}
				continue
			}
			lines := strings.Split(v, "\n")
			if len(lines) > h {
				t.Fatalf("%dx%d: %d lines", w, h, len(lines))
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > w {
					t.Fatalf("%dx%d: line %q too wide", w, h, ansi.Strip(l))
				}
			}
			if h == 1 && w >= 20 && !strings.HasPrefix(ansi.Strip(v), "code") {
				t.Fatalf("%dx1 shows %q, want the code line", w, ansi.Strip(v))
			}
		}
	}
}

// Package mfa is the screen that asks for a six-digit MFA code. It names
// the device and the target so the user knows which authenticator entry to
// read, accepts digits only (a pasted "123 456" is cleaned), submits by
// itself on the sixth digit and shows AWS's reason when a code was refused.
package mfa

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/switchrole/switchrole/ui/theme"
)

// CodeLength is the number of digits of a TOTP code.
const CodeLength = 6

// Request is what the screen shows: the root copies it from ui.MFARequest.
type Request struct {
	Serial, Target, Source string
	// Attempt counts from 1; MaxAttempts is how many the backend allows.
	Attempt, MaxAttempts int
	// Rejection is AWS's message for the previous code.
	Rejection string
	// Process is the mfa_process command the backend is running; the screen
	// then only waits.
	Process string
}

// SubmitMsg carries the code the user entered.
type SubmitMsg struct{ Code string }

// CancelMsg says the user gave up (esc).
type CancelMsg struct{}

// Model is the MFA prompt.
type Model struct {
	KeyMap KeyMap

	req     Request
	digits  []byte
	problem string
	done    bool
	spinner spinner.Model
	theme   *theme.Theme
	width   int
	height  int
}

// New opens the prompt for req.
func New(req Request, th *theme.Theme) Model {
	if th == nil {
		th = theme.New(true, false)
	}
	m := Model{KeyMap: DefaultKeyMap(), req: req, theme: th}
	m.spinner = spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(th.Spinner))
	return m
}

// Init starts the spinner when the code comes from mfa_process.
func (m Model) Init() tea.Cmd {
	if m.req.Process != "" {
		return m.spinner.Tick
	}
	return nil
}

// Request is what the screen is asking for.
func (m Model) Request() Request { return m.req }

// Code is the digits typed so far.
func (m Model) Code() string { return string(m.digits) }

// Problem is the current input complaint ("digits only"), "" if none.
func (m Model) Problem() string { return m.problem }

// SetSize gives the screen its area.
func (m *Model) SetSize(w, h int) { m.width, m.height = max(w, 0), max(h, 0) }

// SetTheme restyles the screen.
func (m *Model) SetTheme(th *theme.Theme) {
	m.theme = th
	m.spinner.Style = th.Spinner
}

// Update handles typing, pasting, submitting and cancelling. It returns a
// command producing SubmitMsg or CancelMsg when the user is done.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if m.req.Process == "" {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case tea.PasteMsg:
		if m.req.Process != "" || m.done {
			return m, nil
		}
		return m.paste(msg.Content)
	case tea.KeyPressMsg:
		if key.Matches(msg, m.KeyMap.Cancel) {
			m.done = true
			return m, func() tea.Msg { return CancelMsg{} }
		}
		if m.req.Process != "" || m.done {
			return m, nil
		}
		switch {
		case key.Matches(msg, m.KeyMap.Submit):
			if len(m.digits) < CodeLength {
				m.problem = fmt.Sprintf("Enter all %d digits.", CodeLength)
				return m, nil
			}
			return m.submit()
		case key.Matches(msg, m.KeyMap.Backspace):
			if len(m.digits) > 0 {
				m.digits = m.digits[:len(m.digits)-1]
			}
			m.problem = ""
			return m, nil
		case key.Matches(msg, m.KeyMap.Clear):
			m.digits, m.problem = m.digits[:0], ""
			return m, nil
		}
		if msg.Text == "" || msg.Mod&(tea.ModCtrl|tea.ModAlt|tea.ModSuper) != 0 {
			return m, nil
		}
		return m.typed(msg.Text)
	}
	return m, nil
}

// typed handles printable input: digits are added, a space (people type
// "123 456") is skipped, anything else is refused.
func (m Model) typed(text string) (Model, tea.Cmd) {
	for _, r := range text {
		switch {
		case r == ' ':
		case r >= '0' && r <= '9':
			if len(m.digits) < CodeLength {
				m.digits = append(m.digits, byte(r))
				m.problem = ""
			}
		default:
			m.problem = "Digits only."
			return m, nil
		}
	}
	if len(m.digits) == CodeLength {
		return m.submit()
	}
	return m, nil
}

// paste accepts a pasted code: spaces, tabs, line breaks and dashes are
// dropped ("123 456", " 123456\n", "123-456"); anything else is refused as
// a whole so a wrong clipboard is never half-typed.
func (m Model) paste(content string) (Model, tea.Cmd) {
	var d []byte
	for _, r := range content {
		switch {
		case r >= '0' && r <= '9':
			d = append(d, byte(r))
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '-':
		default:
			m.problem = "The pasted text is not a code: digits only."
			return m, nil
		}
	}
	if len(d) == CodeLength {
		m.digits = d
	} else if len(m.digits)+len(d) > CodeLength {
		m.problem = fmt.Sprintf("The pasted text has %d digits; a code has %d.", len(d), CodeLength)
		return m, nil
	} else {
		m.digits = append(m.digits, d...)
	}
	m.problem = ""
	if len(m.digits) == CodeLength {
		return m.submit()
	}
	return m, nil
}

func (m Model) submit() (Model, tea.Cmd) {
	m.done = true
	code := string(m.digits)
	return m, func() tea.Msg { return SubmitMsg{Code: code} }
}

// View draws the prompt within the size given, dropping the least needed
// lines first on a short terminal.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	th := m.theme
	type line struct {
		text     string
		priority int // lower is kept longer
	}
	var lines []line
	add := func(p int, s string) { lines = append(lines, line{s, p}) }
	// addWrapped breaks a long sentence over several lines of one priority.
	addWrapped := func(p int, style func(...string) string, s string) {
		for _, l := range strings.Split(ansi.Wrap(s, max(m.width, 1), ""), "\n") {
			add(p, style(l))
		}
	}

	title := "MFA code for " + m.req.Target
	if m.req.Source != "" && m.req.Source != m.req.Target {
		title += " (session for " + m.req.Source + ")"
	}
	add(1, th.DialogTitle.Render(title))
	if m.req.Serial != "" {
		add(3, th.DialogHint.Render("device ")+th.DialogBody.Render(m.req.Serial))
	}
	add(5, "")
	if m.req.Process != "" {
		add(0, m.spinner.View()+" "+th.DialogBody.Render("Getting a code from "+m.req.Process+"…"))
	} else {
		add(0, m.codeView())
	}
	if m.problem != "" {
		add(2, th.Error.Render(m.problem))
	}
	if m.req.Attempt > 1 {
		msg := "AWS refused the last code"
		if m.req.Rejection != "" {
			msg += ": " + oneLine(m.req.Rejection)
		}
		if m.req.MaxAttempts > 0 {
			msg = fmt.Sprintf("Attempt %d of %d. %s", m.req.Attempt, m.req.MaxAttempts, msg)
		}
		addWrapped(2, th.Error.Render, msg)
	}
	add(4, "")
	hint := "Type the code from your authenticator: it is sent on the sixth digit."
	if m.req.Process != "" {
		hint = "The code comes from mfa_process; esc cancels."
	}
	addWrapped(4, th.DialogHint.Render, hint)

	// Drop the least important lines until they fit.
	for len(lines) > m.height {
		worst := 0
		for i, l := range lines {
			if l.priority >= lines[worst].priority {
				worst = i
			}
		}
		lines = append(lines[:worst], lines[worst+1:]...)
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = ansi.Truncate(l.text, m.width, "…")
	}
	return strings.Join(out, "\n")
}

// codeView draws the six slots: typed digits, then underscores.
func (m Model) codeView() string {
	var b strings.Builder
	b.WriteString(m.theme.DialogBody.Render("code "))
	for i := range CodeLength {
		if i == CodeLength/2 {
			b.WriteString(" ")
		}
		if i < len(m.digits) {
			b.WriteString(m.theme.Digit.Render(string(m.digits[i])))
		} else if i == len(m.digits) && !m.done {
			b.WriteString(m.theme.InputCursor.Render("_"))
		} else {
			b.WriteString(m.theme.DigitEmpty.Render("_"))
		}
		if i < CodeLength-1 {
			b.WriteString(" ")
		}
	}
	return b.String()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

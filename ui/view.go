package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/switchrole/switchrole/ui/picker"
)

// View draws the whole window: banner, header, the screen in front, the
// status line and the key help, every line cut to the window's width.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "switchrole"
	return v
}

// render is View's content, separate so tests can compare it.
func (m Model) render() string {
	if m.done || m.width <= 0 || m.height <= 0 {
		return ""
	}
	c := m.chrome()
	lines := make([]string, 0, m.height)
	if c.banner {
		lines = append(lines, m.theme.Banner.Render(m.bannerText))
	}
	if c.header {
		lines = append(lines, m.header())
	}
	bodyHeight := m.height - m.chromeHeight()
	body := m.body()
	n := 0
	if body != "" {
		for _, l := range strings.Split(body, "\n") {
			if n == bodyHeight {
				break
			}
			lines = append(lines, l)
			n++
		}
	}
	for ; n < bodyHeight; n++ {
		lines = append(lines, "")
	}
	if c.status {
		lines = append(lines, m.statusLines()...)
	}
	if h := m.helpLines(); h > 0 {
		lines = append(lines, strings.Split(m.helpView(), "\n")...)
	}
	if len(lines) > m.height {
		lines = lines[:m.height]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > m.width {
			lines[i] = ansi.Truncate(l, m.width, "…")
		}
	}
	return strings.Join(lines, "\n")
}

func (m Model) body() string {
	switch m.screen {
	case screenMenu:
		return m.menu.View()
	case screenMFA:
		return m.mfa.View()
	case screenCommand:
		return m.commandView()
	}
	return m.picker.View()
}

// header is "switchrole  12 of 2,000 targets" on the left and who the user
// is on the right, the identity giving way first when space is short.
func (m Model) header() string {
	th := m.theme
	shown, total := m.picker.Len(), m.picker.Total()
	count := picker.Thousands(total) + " targets"
	if shown != total {
		count = picker.Thousands(shown) + " of " + count
	}
	left := th.Title.Render("switchrole") + "  " + th.Count.Render(count)
	lw := ansi.StringWidth(left)
	room := m.width - lw - 2
	if m.identity == "" || room < 8 {
		return left
	}
	id := m.identity
	if ansi.StringWidth(id) > room {
		id = ansi.Truncate(id, room, "…")
	}
	pad := m.width - lw - ansi.StringWidth(id)
	return left + strings.Repeat(" ", pad) + th.Identity.Render(id)
}

// statusLines is the status line, or a long outcome or error wrapped at
// word boundaries over as many lines as it takes, up to a third of the
// window (the list shrinks for it), so no error is cut where the screen
// ends.
func (m Model) statusLines() []string {
	wrapped := m.wrappedStatus()
	if wrapped == nil {
		return []string{m.statusLine()}
	}
	style := m.theme.Info
	if m.statusIsErr {
		style = m.theme.Error
	}
	for i, l := range wrapped {
		wrapped[i] = style.Render(l)
	}
	return wrapped
}

// statusHeight is how many lines statusLines draws.
func (m Model) statusHeight() int { return max(len(m.wrappedStatus()), 1) }

// wrappedStatus is the outcome or error wrapped for statusLines, unstyled,
// the last line cut with "…" at statusLimit; nil when the one-line
// statusLine is drawn instead (work is running, there is no outcome, or no
// width yet).
func (m Model) wrappedStatus() []string {
	if m.latestOp() != nil || m.status == "" || m.width <= 0 {
		return nil
	}
	wrapped := strings.Split(ansi.Wrap(m.status, m.width, ""), "\n")
	if limit := m.statusLimit(); len(wrapped) > limit {
		wrapped = wrapped[:limit]
		last := wrapped[limit-1]
		wrapped[limit-1] = ansi.Truncate(last, m.width-1, "") + "…"
	}
	return wrapped
}

// statusLimit is the most lines the status may take: a third of the
// window, at least one.
func (m Model) statusLimit() int { return max(m.height/3, 1) }

// statusLine is the one-line status: running work (spinner and what is
// happening), else the last outcome or error.
func (m Model) statusLine() string {
	th := m.theme
	if op := m.latestOp(); op != nil {
		label := op.label
		if n := len(m.ops); n > 1 {
			label += " (+" + itoa(n-1) + " more)"
		}
		if m.leaving != 0 {
			label += "  esc cancels"
		}
		if !m.busy() {
			// Waiting for the user's MFA code: nothing turns.
			return th.Info.Render(label)
		}
		return m.spinner.View() + th.Info.Render(label)
	}
	if m.status == "" {
		return ""
	}
	if m.statusIsErr {
		return th.Error.Render(m.status)
	}
	return th.Info.Render(m.status)
}

func (m Model) latestOp() *operation {
	var latest *operation
	for _, op := range m.ops {
		if latest == nil || op.id > latest.id {
			latest = op
		}
	}
	return latest
}

func (m Model) helpView() string {
	var k help.KeyMap = m.KeyMap
	switch m.screen {
	case screenMenu:
		k = m.menu.KeyMap
	case screenMFA:
		k = m.mfa.KeyMap
	case screenCommand:
		k = newCommandKeys()
	}
	if m.helpLines() > 1 {
		return m.help.FullHelpView(k.FullHelp())
	}
	return m.help.ShortHelpView(k.ShortHelp())
}

// commandView is the prompt for the command to run with the target's
// credentials.
func (m Model) commandView() string {
	th := m.theme
	name := ""
	if m.cmdFor != nil {
		name = m.cmdFor.Name
	}
	lines := []string{
		m.command.View(m.width),
		th.DialogTitle.Render("Run a command as " + name),
		th.DialogHint.Render("It runs in " + m.shell + " with the credentials in its environment."),
	}
	bodyHeight := m.height - m.chromeHeight()
	if bodyHeight < len(lines) {
		lines = lines[:max(bodyHeight, 0)]
	}
	return strings.Join(lines, "\n")
}

func itoa(n int) string { return picker.Thousands(n) }

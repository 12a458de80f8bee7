package ui

import (
	"context"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/ui/actions"
	"github.com/switchrole/switchrole/ui/internal/lineedit"
	"github.com/switchrole/switchrole/ui/mfa"
	"github.com/switchrole/switchrole/ui/picker"
	"github.com/switchrole/switchrole/ui/state"
	"github.com/switchrole/switchrole/ui/theme"
)

// screen is what occupies the body of the window.
type screen int

const (
	screenList screen = iota
	screenMenu
	screenCommand
	screenMFA
)

// Model is the root of the picker program: it owns the window, lays out
// the header, body and footer, routes keys to the screen in front, and runs
// all AWS work as commands. Build it with NewModel; Run is the usual entry.
type Model struct {
	// KeyMap holds every key of the list screen.
	KeyMap KeyMap

	ctx           context.Context // Run's context: parent of every operation
	backend       Backend
	defaultAction Action
	identity      string
	banner        func() string
	shell         string
	store         *state.Store

	theme   *theme.Theme
	isDark  bool
	noColor bool

	screen  screen
	picker  picker.Model
	menu    actions.Model
	mfa     mfa.Model
	command lineedit.Model
	cmdFor  *config.Target
	marks   *marks
	help    help.Model
	spinner spinner.Model

	width, height int
	bannerText    string

	ops    map[int]*operation
	nextOp int
	// spinning is set while the spinner's tick is scheduled.
	spinning bool
	leaving  int // the operation whose success ends the program, 0 if none
	prompts  []mfaPromptMsg
	// shown is the reply channel of the prompt on the MFA screen.
	shown chan<- mfaReply
	// processOp is the operation whose mfa_process the MFA screen is
	// waiting on (0: none).
	processOp int

	status      string
	statusIsErr bool

	// offerURL is the target whose console could not be opened for want of
	// a browser: the console key again gets its sign-in URL to print.
	offerURL string
	// offerWhy is why there is no browser.
	offerWhy string
	// signinURLs are printed by the CLI when the picker ends.
	signinURLs []SigninURL

	result Result
	err    error
	done   bool
}

// NewModel builds the root model. ctx bounds every AWS call started from
// the picker. Load problems with the favourites file are shown in the
// status line, never fatal.
func NewModel(ctx context.Context, opts Options) Model {
	if ctx == nil {
		ctx = context.Background()
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	def := opts.DefaultAction
	if def == ActionNone {
		def = ActionShell
	}
	path := opts.StatePath
	if path == "" {
		path = state.DefaultPath()
	}
	store, loadErr := state.Load(path, now)
	shell := opts.Shell
	if shell == "" {
		shell = os.Getenv("SHELL")
	}
	if shell == "" {
		shell = "/bin/sh"
	}
	noColor := opts.NoColor || os.Getenv("NO_COLOR") != ""
	th := theme.New(true, noColor)

	m := Model{
		KeyMap:        DefaultKeyMap(def, opts.EnterHelp),
		ctx:           ctx,
		backend:       opts.Backend,
		defaultAction: def,
		identity:      opts.Identity,
		banner:        opts.Banner,
		shell:         shell,
		store:         store,
		theme:         th,
		isDark:        true,
		noColor:       noColor,
		ops:           map[int]*operation{},
		help:          help.New(),
		command:       lineedit.New("$ "),
		marks:         &marks{},
	}
	var timeLeft func(*config.Target) (time.Duration, bool)
	if opts.Backend != nil {
		timeLeft = opts.Backend.TimeLeft
	}
	m.picker = picker.New(opts.Targets, picker.Config{
		Ranking:     store.Snapshot(),
		TimeLeft:    timeLeft,
		Theme:       th,
		Query:       opts.Query,
		Placeholder: "type to filter · enter " + m.KeyMap.Open.Help().Desc + " · tab actions · esc quit",
		Marked:      m.marks.has,
	})
	m.menu = actions.New(m.KeyMap.menuItems(def, false), th)
	m.spinner = spinner.New(spinner.WithSpinner(spinner.Dot))
	m.command.Placeholder = "aws sts get-caller-identity"
	if m.banner != nil {
		m.bannerText = m.banner()
	}
	if loadErr != nil {
		m.setError(loadErr.Error())
	}
	m.applyTheme()
	return m
}

// Result is what the user chose; valid once the program has ended.
func (m Model) Result() (Result, error) {
	if m.err != nil {
		return Result{SigninURLs: m.signinURLs}, m.err
	}
	if m.result.Target == nil {
		return Result{SigninURLs: m.signinURLs}, ErrCancelled
	}
	r := m.result
	r.SigninURLs = m.signinURLs
	return r, nil
}

// refreshEvery is how often the header banner and the rows' session times
// are redrawn.
func (m Model) refreshEvery() time.Duration {
	if m.banner != nil {
		return time.Second
	}
	return 30 * time.Second
}

type refreshMsg struct{}

// interruptedMsg says Run's context ended (SIGINT or SIGTERM): the picker
// quits as if the user had pressed ctrl+c.
type interruptedMsg struct{}

func (m Model) refresh() tea.Cmd {
	return tea.Tick(m.refreshEvery(), func(time.Time) tea.Msg { return refreshMsg{} })
}

// Init asks the terminal for its background colour (the theme follows it)
// and starts the refresh tick.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.refresh(), m.picker.Init())
}

func (m *Model) applyTheme() {
	m.theme = theme.New(m.isDark, m.noColor)
	m.picker.SetTheme(m.theme)
	m.menu.SetTheme(m.theme)
	m.mfa.SetTheme(m.theme)
	m.command.Styles = lineedit.Styles{
		Prompt:      m.theme.InputPrompt,
		Text:        m.theme.InputText,
		Placeholder: m.theme.InputPlaceholder,
		Cursor:      m.theme.InputCursor,
	}
	m.help.Styles = m.theme.Help
	m.spinner.Style = m.theme.Spinner
}

func (m *Model) setStatus(s string) { m.status, m.statusIsErr = s, false; m.layout() }
func (m *Model) setError(s string)  { m.status, m.statusIsErr = s, true; m.layout() }

// Update routes a message to the screen in front; operation results and
// MFA requests are handled whatever the screen.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.applyTheme()
		return m, nil
	case refreshMsg:
		if m.banner != nil {
			m.bannerText = m.banner()
		}
		return m, m.refresh()
	case spinner.TickMsg:
		var cmds []tea.Cmd
		if msg.ID == m.spinner.ID() {
			if m.busy() {
				var cmd tea.Cmd
				m.spinner, cmd = m.spinner.Update(msg)
				cmds = append(cmds, cmd)
			} else {
				m.spinning = false
			}
		}
		var cmd tea.Cmd
		m.mfa, cmd = m.mfa.Update(msg)
		return m, tea.Batch(append(cmds, cmd)...)
	case mfaPromptMsg:
		return m.onPrompt(msg)
	case opDoneMsg:
		return m.onDone(msg)
	case favouriteSavedMsg:
		return m.onFavouriteSaved(msg)
	case usageSavedMsg:
		return m, nil
	case mfa.SubmitMsg:
		return m.onMFASubmit(msg)
	case mfa.CancelMsg:
		return m.onMFACancel()
	case actions.ChosenMsg:
		m.closeDialog()
		return m.act(msg.Action)
	case actions.ClosedMsg:
		m.closeDialog()
		return m, nil
	case interruptedMsg:
		return m.quit(ErrCancelled)
	case tea.KeyPressMsg:
		if key.Matches(msg, m.KeyMap.Quit) {
			return m.quit(ErrCancelled)
		}
		return m.onKey(msg)
	case tea.PasteMsg:
		return m.onPaste(msg)
	}
	// Component messages (the search index built in the background).
	var cmd tea.Cmd
	m.picker, cmd = m.picker.Update(msg)
	return m, cmd
}

// onKey sends a key to the screen in front.
func (m Model) onKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.screen {
	case screenMFA:
		m.mfa, cmd = m.mfa.Update(msg)
		return m, cmd
	case screenMenu:
		m.menu, cmd = m.menu.Update(msg)
		return m, cmd
	case screenCommand:
		return m.onCommandKey(msg)
	}
	return m.onListKey(msg)
}

func (m Model) onPaste(msg tea.PasteMsg) (tea.Model, tea.Cmd) {
	switch m.screen {
	case screenMFA:
		var cmd tea.Cmd
		m.mfa, cmd = m.mfa.Update(msg)
		return m, cmd
	case screenCommand:
		m.command.Update(msg)
	case screenList:
		if m.leaving == 0 {
			m.picker, _ = m.picker.Update(msg)
		}
	}
	return m, nil
}

func (m Model) onListKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.KeyMap
	if key.Matches(msg, k.Back) {
		if m.leaving != 0 {
			m.cancelOp(m.leaving)
			return m, nil
		}
		return m.quit(ErrCancelled)
	}
	if m.leaving != 0 {
		// Credentials for a leaving action are on their way: the list is
		// frozen so the choice cannot change under the user.
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Open):
		return m.act(m.defaultAction)
	case key.Matches(msg, k.Menu):
		t, ok := m.picker.Selected()
		if !ok {
			m.setError("Nothing is selected: change the filter first.")
			return m, nil
		}
		m.menu.SetItems(m.KeyMap.menuItems(m.defaultAction, m.store.IsFavourite(t.Name)))
		m.menu.Open(t.Name)
		// The last outcome was about another moment, maybe another target.
		m.status = ""
		m.openDialog(screenMenu)
		return m, nil
	case key.Matches(msg, k.Mark):
		return m.toggleMark()
	case key.Matches(msg, k.Help) && m.picker.Query() == "":
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
		return m, nil
	}
	for _, a := range menuOrder {
		if key.Matches(msg, k.binding(a)) {
			return m.act(a)
		}
	}
	var cmd tea.Cmd
	m.picker, cmd = m.picker.Update(msg)
	return m, cmd
}

func (m Model) onCommandKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch msg.String() {
	case "esc":
		m.closeDialog()
		return m, nil
	case "enter":
		line := m.command.Value()
		if len(line) == 0 || isBlank(line) {
			m.setError("Type a command to run, or esc to go back.")
			return m, nil
		}
		t := m.cmdFor
		m.closeDialog()
		if t == nil {
			// On the marked targets: the CLI gets their credentials.
			m.result = Result{Target: m.marks.targets[0], Targets: m.marks.targets, Action: ActionExec, Command: []string{m.shell, "-c", line}}
			m.done = true
			return m, tea.Quit
		}
		return m.startLeaving(ActionExec, t, []string{m.shell, "-c", line})
	}
	m.command.Update(msg)
	return m, nil
}

func isBlank(s string) bool {
	for _, r := range s {
		if r != ' ' {
			return false
		}
	}
	return true
}

// act carries out an action on the selected target.
func (m Model) act(a Action) (tea.Model, tea.Cmd) {
	if len(m.marks.targets) > 0 {
		switch a {
		case ActionExec:
			return m.askCommand(nil)
		case ActionConsole:
			return m.openMarkedConsoles()
		}
	}
	t, ok := m.picker.Selected()
	if !ok {
		m.setError("Nothing is selected: change the filter first.")
		return m, nil
	}
	switch a {
	case ActionShell, ActionExport, ActionChoose:
		return m.startLeaving(a, t, nil)
	case ActionExec:
		return m.askCommand(t)
	case ActionFavourite:
		return m, m.toggleFavourite(t)
	}
	return m.startStaying(a, t)
}

// askCommand opens the command prompt for t (nil: the marked targets).
func (m Model) askCommand(t *config.Target) (tea.Model, tea.Cmd) {
	m.cmdFor = t
	m.command.Reset()
	m.openDialog(screenCommand)
	return m, nil
}

func (m *Model) openDialog(s screen) {
	m.screen = s
	m.picker.SetFocused(false)
	m.layout()
}

func (m *Model) closeDialog() {
	m.screen = screenList
	m.picker.SetFocused(true)
	m.layout()
}

// quit ends the program with err (nil with a result).
func (m Model) quit(err error) (tea.Model, tea.Cmd) {
	for id := range m.ops {
		m.cancelOp(id)
	}
	m.err = err
	m.done = true
	return m, tea.Quit
}

// layout hands each part its share of the window. Lines are given up from
// the least useful first so that even a 1-line terminal shows the filter
// (or the MFA code).
func (m *Model) layout() {
	w, h := m.width, m.height
	m.help.SetWidth(w)
	body := h - m.chromeHeight()
	m.picker.SetSize(w, body)
	m.menu.SetSize(w, body)
	m.mfa.SetSize(w, body)
}

// chrome is which of the fixed lines are shown at the current height.
type chrome struct{ banner, header, status, help bool }

func (m Model) chrome() chrome {
	h := m.height
	return chrome{
		header: h >= 3,
		status: h >= 4,
		help:   h >= 6,
		banner: m.banner != nil && h >= 8,
	}
}

func (m Model) helpLines() int {
	if !m.chrome().help {
		return 0
	}
	if m.help.ShowAll && m.screen == screenList {
		// The help drops columns that do not fit: count what it draws.
		n := strings.Count(m.help.FullHelpView(m.KeyMap.FullHelp()), "\n") + 1
		// Full help only when it leaves room for a few rows.
		if m.height-n >= 8 {
			return n
		}
	}
	return 1
}

func (m Model) chromeHeight() int {
	c := m.chrome()
	n := m.helpLines()
	for _, on := range []bool{c.banner, c.header} {
		if on {
			n++
		}
	}
	if c.status {
		n += m.statusHeight()
	}
	return n
}

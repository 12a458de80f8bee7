// Package picker is the list of targets with its filter line: typing
// narrows the list with the fuzzy matcher at once, favourites and recent
// targets lead, and only the rows on screen are ever drawn, so 100,000
// targets feel like ten.
package picker

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/ui/internal/lineedit"
	"github.com/switchrole/switchrole/ui/theme"
)

// Config is what New needs besides the targets.
type Config struct {
	// Matcher filters; nil builds package fuzzy's matcher over each
	// target's SearchText.
	Matcher Matcher
	// Ranking puts favourites and recent targets first; nil means none.
	Ranking Ranking
	// TimeLeft reports a target's cached session; it is called for drawn
	// rows only. Nil shows no times.
	TimeLeft func(*config.Target) (time.Duration, bool)
	// Theme styles the list; nil means the dark theme.
	Theme *theme.Theme
	// Query pre-fills the filter.
	Query string
	// Placeholder is shown in the empty filter.
	Placeholder string
	// Marked reports whether a target is marked (for an action on several
	// at once); its rows show a dot. Nil marks none.
	Marked func(*config.Target) bool
}

// Model is the filter line and the list below it.
type Model struct {
	// KeyMap moves the selection.
	KeyMap KeyMap

	targets  []*config.Target
	texts    []string
	matcher  Matcher
	timeLeft func(*config.Target) (time.Duration, bool)
	marked   func(*config.Target) bool
	theme    *theme.Theme
	paints   *paints
	filter   lineedit.Model
	widths   naturalWidths

	ranking Ranking
	order   []int   // unfiltered order
	rank    []int32 // target index → position in order
	boosted int     // how many lead order because of favourites or use

	pattern   string
	filtering bool
	hits      []Match
	tieBuf    []Match

	cursor, offset int
	width, height  int
}

// New prepares the list. Its cost is linear in the number of targets.
func New(targets []*config.Target, cfg Config) Model {
	m := Model{
		KeyMap:   DefaultKeyMap(),
		targets:  targets,
		timeLeft: cfg.TimeLeft,
		marked:   cfg.Marked,
		theme:    cfg.Theme,
		filter:   lineedit.New("> "),
		widths:   measure(targets),
	}
	if m.theme == nil {
		m.theme = theme.New(true, false)
	}
	m.filter.Placeholder = cfg.Placeholder
	m.applyTheme()
	m.matcher = cfg.Matcher
	if m.matcher != nil {
		m.texts = searchTexts(targets)
	}
	r := cfg.Ranking
	if r == nil {
		r = noRanking{}
	}
	m.ranking = r
	m.order, m.rank, m.boosted = baseOrder(targets, r)
	if cfg.Query != "" {
		m.filter.SetValue(cfg.Query)
		m.refilter()
	}
	return m
}

// matcherReadyMsg carries the search index built in the background.
type matcherReadyMsg struct {
	texts   []string
	matcher Matcher
}

// Init builds the search index in the background, so the first frame does
// not wait for it; a key typed before it is ready builds it at once.
func (m Model) Init() tea.Cmd {
	if m.matcher != nil {
		return nil
	}
	targets := m.targets
	return func() tea.Msg {
		texts := searchTexts(targets)
		return matcherReadyMsg{texts: texts, matcher: newDefaultMatcher(texts)}
	}
}

func searchTexts(targets []*config.Target) []string {
	texts := make([]string, len(targets))
	for i, t := range targets {
		texts[i] = t.SearchText()
	}
	return texts
}

// ensureMatcher builds the search index now if the background build has
// not delivered it yet.
func (m *Model) ensureMatcher() {
	if m.matcher == nil {
		m.texts = searchTexts(m.targets)
		m.matcher = newDefaultMatcher(m.texts)
	}
}

// SetTheme restyles the list (after the terminal reported its background).
func (m *Model) SetTheme(t *theme.Theme) {
	m.theme = t
	m.applyTheme()
}

func (m *Model) applyTheme() {
	m.paints = newPaints(m.theme)
	m.filter.Styles = lineedit.Styles{
		Prompt:      m.theme.InputPrompt,
		Text:        m.theme.InputText,
		Placeholder: m.theme.InputPlaceholder,
		Cursor:      m.theme.InputCursor,
	}
}

// SetSize gives the list its area: the filter line plus height-1 rows.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = max(width, 0), max(height, 0)
	m.clamp()
}

// SetFocused shows or hides the filter's cursor (hidden while a dialog is
// open over the list).
func (m *Model) SetFocused(f bool) { m.filter.Focused = f }

// Rerank re-sorts the unfiltered order after favourites or recents changed,
// keeping the selection on the same target.
func (m *Model) Rerank(r Ranking) {
	if r == nil {
		r = noRanking{}
	}
	sel, ok := m.selectedIndex()
	m.ranking = r
	m.order, m.rank, m.boosted = baseOrder(m.targets, r)
	if m.filtering {
		m.sortHits()
	}
	if ok {
		m.moveTo(sel)
	}
}

// Query is the filter text.
func (m Model) Query() string { return m.filter.Value() }

// SetQuery replaces the filter text and filters.
func (m *Model) SetQuery(q string) {
	m.filter.SetValue(q)
	m.refilter()
}

// Len is how many targets the filter lets through; Total how many exist.
func (m Model) Len() int {
	if m.filtering {
		return len(m.hits)
	}
	return len(m.order)
}

// Total is the number of targets.
func (m Model) Total() int { return len(m.targets) }

// Selected is the target under the cursor; false when nothing matches.
func (m Model) Selected() (*config.Target, bool) {
	i, ok := m.selectedIndex()
	if !ok {
		return nil, false
	}
	return m.targets[i], true
}

// Cursor is the selected row's position in the filtered list.
func (m Model) Cursor() int { return m.cursor }

func (m Model) selectedIndex() (int, bool) {
	if m.cursor < 0 || m.cursor >= m.Len() {
		return 0, false
	}
	return m.at(m.cursor), true
}

// at is the target index shown at row i of the filtered list.
func (m Model) at(i int) int {
	if m.filtering {
		return m.hits[i].Index
	}
	return m.order[i]
}

func (m *Model) moveTo(target int) {
	for i, n := 0, m.Len(); i < n; i++ {
		if m.at(i) == target {
			m.cursor = i
			m.clamp()
			return
		}
	}
}

// Update moves the selection or edits the filter. Keys the root handles
// (actions, quit) never reach it.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case matcherReadyMsg:
		if m.matcher == nil {
			m.texts, m.matcher = msg.texts, msg.matcher
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.KeyMap.Up):
			m.move(-1)
			return m, nil
		case key.Matches(msg, m.KeyMap.Down):
			m.move(1)
			return m, nil
		case key.Matches(msg, m.KeyMap.PageUp):
			m.move(-max(m.rows()-1, 1))
			return m, nil
		case key.Matches(msg, m.KeyMap.PageDown):
			m.move(max(m.rows()-1, 1))
			return m, nil
		}
		if m.filter.Update(msg) {
			m.refilter()
		}
	case tea.PasteMsg:
		if m.filter.Update(msg) {
			m.refilter()
		}
	}
	return m, nil
}

// move shifts the cursor by delta rows, stopping at the ends.
func (m *Model) move(delta int) {
	m.cursor += delta
	m.clamp()
}

// rows is how many list rows fit under the filter line.
func (m Model) rows() int { return max(m.height-1, 0) }

func (m *Model) clamp() {
	n := m.Len()
	m.cursor = min(max(m.cursor, 0), max(n-1, 0))
	rows := m.rows()
	if rows == 0 {
		m.offset = m.cursor
		return
	}
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	m.offset = min(m.offset, max(n-rows, 0))
	m.offset = max(m.offset, 0)
}

// refilter runs the matcher for the current filter text and puts the cursor
// on the best match.
func (m *Model) refilter() {
	p := normalizePattern(m.filter.Value())
	if p == m.pattern && (p == "") == !m.filtering {
		return
	}
	m.pattern = p
	m.cursor, m.offset = 0, 0
	if p == "" {
		m.filtering, m.hits = false, nil
		return
	}
	m.filtering = true
	m.ensureMatcher()
	m.hits = m.matcher.Find(p)
	m.sortHits()
}

func (m *Model) sortHits() {
	m.tieBuf = breakTies(m.hits, m.rank, m.boosted, m.tieBuf)
}

// normalizePattern drops surrounding spaces, which only separate terms.
func normalizePattern(s string) string {
	start, end := 0, len(s)
	for start < end && s[start] == ' ' {
		start++
	}
	for end > start && s[end-1] == ' ' {
		end--
	}
	return s[start:end]
}

package picker

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/switchrole/switchrole/config"
)

func typeText(m Model, s string) Model {
	for _, r := range s {
		m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func press(m Model, keys ...tea.KeyPressMsg) Model {
	for _, k := range keys {
		m, _ = m.Update(k)
	}
	return m
}

var (
	keyDown   = tea.KeyPressMsg{Code: tea.KeyDown}
	keyUp     = tea.KeyPressMsg{Code: tea.KeyUp}
	keyCtrlN  = tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl}
	keyCtrlP  = tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl}
	keyPgDown = tea.KeyPressMsg{Code: tea.KeyPgDown}
	keyPgUp   = tea.KeyPressMsg{Code: tea.KeyPgUp}
	keyBS     = tea.KeyPressMsg{Code: tea.KeyBackspace}
	keyCtrlU  = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
)

func names(m Model) []string {
	var out []string
	for i := 0; i < m.Len(); i++ {
		out = append(out, m.targets[m.at(i)].Name)
	}
	return out
}

func selectedName(t *testing.T, m Model) string {
	t.Helper()
	sel, ok := m.Selected()
	if !ok {
		return ""
	}
	return sel.Name
}

func TestTypingFilters(t *testing.T) {
	tests := []struct {
		query   string
		want    string // selected (best) target
		wantLen int
	}{
		{"", "jump", 7},
		{"staging", "staging/Developer", 1},
		{"prod-core/read", "prod-core/ReadOnly", 1},
		{"444444", "staging/Developer", 1},      // account id
		{"production", "prod-core/Admin", 1},    // tag
		{"  staging  ", "staging/Developer", 1}, // surrounding spaces ignored
		{"zzzzzz", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			m := New(sampleTargets(), Config{})
			m.SetSize(80, 10)
			m = typeText(m, tt.query)
			if got := m.Query(); got != tt.query {
				t.Errorf("Query = %q, want %q", got, tt.query)
			}
			if got := selectedName(t, m); got != tt.want {
				t.Errorf("selected %q, want %q (list %v)", got, tt.want, names(m))
			}
			if m.Len() != tt.wantLen {
				t.Errorf("Len = %d, want %d (%v)", m.Len(), tt.wantLen, names(m))
			}
			if m.Total() != 7 {
				t.Errorf("Total = %d, want 7", m.Total())
			}
		})
	}
}

func TestEditingFilterRefilters(t *testing.T) {
	m := New(sampleTargets(), Config{})
	m.SetSize(80, 10)
	m = typeText(m, "stagingx")
	if m.Len() != 0 {
		t.Fatalf("stagingx matched %v", names(m))
	}
	m = press(m, keyBS)
	if got := selectedName(t, m); got != "staging/Developer" {
		t.Errorf("after backspace selected %q", got)
	}
	m = press(m, keyCtrlU)
	if m.Query() != "" || m.Len() != 7 {
		t.Errorf("ctrl+u left query %q and %d rows", m.Query(), m.Len())
	}
	m, _ = m.Update(tea.PasteMsg{Content: "legacy\n"})
	if m.Query() != "legacy" || selectedName(t, m) != "legacy-ci" {
		t.Errorf("paste gave query %q selecting %q", m.Query(), selectedName(t, m))
	}
}

func TestSpaceIsTyped(t *testing.T) {
	m := New(sampleTargets(), Config{})
	m = typeText(m, "prod")
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	m = typeText(m, "read")
	if m.Query() != "prod read" {
		t.Errorf("query = %q, want %q", m.Query(), "prod read")
	}
}

func TestMovementClampsAndScrolls(t *testing.T) {
	m := New(manyTargets(100), Config{})
	m.SetSize(80, 6) // filter + 5 rows
	steps := []struct {
		key        tea.KeyPressMsg
		wantCursor int
	}{
		{keyUp, 0}, // already at the top
		{keyDown, 1},
		{keyCtrlN, 2},
		{keyCtrlP, 1},
		{keyPgDown, 5},
		{keyPgDown, 9},
		{keyPgUp, 5},
		{keyPgUp, 1},
		{keyPgUp, 0},
	}
	for i, s := range steps {
		m = press(m, s.key)
		if m.Cursor() != s.wantCursor {
			t.Fatalf("step %d (%s): cursor %d, want %d", i, s.key, m.Cursor(), s.wantCursor)
		}
		if m.Cursor() < m.offset || m.Cursor() >= m.offset+m.rows() {
			t.Fatalf("step %d: cursor %d outside visible rows [%d,%d)", i, m.Cursor(), m.offset, m.offset+m.rows())
		}
	}
	for range 200 {
		m = press(m, keyDown)
	}
	if m.Cursor() != 99 {
		t.Errorf("cursor after many downs = %d, want 99", m.Cursor())
	}
	// The selected row is drawn with the cursor mark.
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "> ") || !strings.Contains(last, m.targets[m.at(99)].Name) {
		t.Errorf("last visible line %q is not the selected row", last)
	}
}

func TestFilterResetsCursorToBestMatch(t *testing.T) {
	m := New(sampleTargets(), Config{})
	m.SetSize(80, 10)
	m = press(m, keyDown, keyDown, keyDown)
	m = typeText(m, "s")
	if m.Cursor() != 0 {
		t.Errorf("cursor after typing = %d, want 0", m.Cursor())
	}
}

func TestBaseOrderFavouritesThenRecentsThenInput(t *testing.T) {
	r := fakeRanking{
		fav:   map[string]bool{"legacy-ci": true, "prod-data/Admin": true},
		score: map[string]float64{"prod-data/Admin": 1, "staging/Developer": 5, "prod-core/ReadOnly": 2},
	}
	m := New(sampleTargets(), Config{Ranking: r})
	want := []string{
		"prod-data/Admin", "legacy-ci", // favourites, most used first
		"staging/Developer", "prod-core/ReadOnly", // recents by frecency
		"jump", "prod-core/Admin", "acme-sandbox-admin", // the rest in input order
	}
	if got := names(m); !slices.Equal(got, want) {
		t.Errorf("order = %v\nwant    %v", got, want)
	}
}

// stubMatcher returns fixed matches so tie-breaking can be tested apart
// from fuzzy scoring.
type stubMatcher struct{ ms []Match }

func (s stubMatcher) Find(string) []Match         { return slices.Clone(s.ms) }
func (s stubMatcher) Positions(string, int) []int { return nil }

func TestTiesBrokenByFavouritesAndRecentsOnly(t *testing.T) {
	// Scores: jump 50, then a tie at 40 among prod-core/Admin,
	// prod-core/ReadOnly, prod-data/Admin, staging/Developer, then 10.
	sm := stubMatcher{[]Match{{Index: 0, Score: 50}, {Index: 1, Score: 40}, {Index: 2, Score: 40}, {Index: 3, Score: 40}, {Index: 4, Score: 40}, {Index: 6, Score: 10}}}
	r := fakeRanking{
		fav:   map[string]bool{"staging/Developer": true, "legacy-ci": true},
		score: map[string]float64{"prod-data/Admin": 3},
	}
	m := New(sampleTargets(), Config{Matcher: sm, Ranking: r})
	m.SetQuery("x")
	want := []string{
		"jump", // best score stays first although not boosted
		"staging/Developer", "prod-data/Admin", "prod-core/Admin", "prod-core/ReadOnly",
		"legacy-ci", // a favourite never jumps over a better score
	}
	if got := names(m); !slices.Equal(got, want) {
		t.Errorf("order = %v\nwant    %v", got, want)
	}
}

func TestRerankKeepsSelection(t *testing.T) {
	m := New(sampleTargets(), Config{})
	m.SetSize(80, 10)
	m = press(m, keyDown, keyDown) // prod-core/ReadOnly
	if got := selectedName(t, m); got != "prod-core/ReadOnly" {
		t.Fatalf("selected %q", got)
	}
	m.Rerank(fakeRanking{fav: map[string]bool{"prod-core/ReadOnly": true}})
	if got := selectedName(t, m); got != "prod-core/ReadOnly" {
		t.Errorf("after rerank selected %q, want the same target", got)
	}
	if m.Cursor() != 0 {
		t.Errorf("favourite is at row %d, want 0", m.Cursor())
	}
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "★ prod-core/ReadOnly") {
		t.Errorf("favourite not marked with ★:\n%s", view)
	}
}

func TestQueryOption(t *testing.T) {
	m := New(sampleTargets(), Config{Query: "staging"})
	if m.Query() != "staging" || m.Len() != 1 {
		t.Errorf("Query option gave %q with %d rows", m.Query(), m.Len())
	}
}

func TestEmptyStates(t *testing.T) {
	m := New(nil, Config{})
	m.SetSize(40, 5)
	if _, ok := m.Selected(); ok {
		t.Error("empty list has a selection")
	}
	if v := ansi.Strip(m.View()); !strings.Contains(v, "No targets.") {
		t.Errorf("empty list view:\n%s", v)
	}
	m = New(sampleTargets(), Config{})
	m.SetSize(80, 5)
	m = typeText(m, "qqqq")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "Nothing matches “qqqq”") {
		t.Errorf("no-match view:\n%s", v)
	}
}

func TestTimeLeftShownForDrawnRowsOnly(t *testing.T) {
	var asked []string
	tl := func(t *config.Target) (time.Duration, bool) {
		asked = append(asked, t.Name)
		if t.Name == "prod-core/Admin" {
			return 58 * time.Minute, true
		}
		return 0, false
	}
	m := New(manyTargets(1000), Config{})
	m.timeLeft = tl
	m.SetSize(120, 6)
	m.View()
	if len(asked) != 5 {
		t.Errorf("TimeLeft called %d times for 5 drawn rows", len(asked))
	}
	m = New(sampleTargets(), Config{TimeLeft: tl})
	m.SetSize(120, 10)
	v := ansi.Strip(m.View())
	for _, line := range strings.Split(v, "\n") {
		if strings.Contains(line, "prod-core/Admin") && !strings.HasSuffix(strings.TrimRight(line, " "), "58m") {
			t.Errorf("row without its time left: %q", line)
		}
	}
}

func TestFormatTimeLeft(t *testing.T) {
	tests := []struct {
		d    time.Duration
		ok   bool
		want string
	}{
		{0, false, ""},
		{time.Hour, false, ""},
		{-time.Minute, true, ""},
		{0, true, ""},
		{30 * time.Second, true, "<1m"},
		{time.Minute, true, "1m"},
		{58*time.Minute + 59*time.Second, true, "58m"},
		{time.Hour, true, "1h"},
		{11*time.Hour + 59*time.Minute, true, "11h"},
		{36 * time.Hour, true, "36h"},
	}
	for _, tt := range tests {
		if got := FormatTimeLeft(tt.d, tt.ok); got != tt.want {
			t.Errorf("FormatTimeLeft(%v, %v) = %q, want %q", tt.d, tt.ok, got, tt.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 12: "12", 999: "999", 1000: "1,000", 2000: "2,000", 100000: "100,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

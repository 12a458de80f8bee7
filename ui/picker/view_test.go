package picker

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/ui/theme"
)

func goldenPicker(t *testing.T, th *theme.Theme) Model {
	t.Helper()
	m := New(sampleTargets(), Config{
		Theme:    th,
		Ranking:  fakeRanking{fav: map[string]bool{"staging/Developer": true}},
		TimeLeft: fixedTimes(map[string]time.Duration{"prod-core/Admin": 58 * time.Minute, "jump": 11*time.Hour + 5*time.Minute, "prod-data/Admin": 4 * time.Minute}),
	})
	return m
}

// TestGoldenWidths pins the layout at narrow, medium and wide terminals,
// unfiltered and filtered (escape codes stripped).
func TestGoldenWidths(t *testing.T) {
	for _, w := range []int{40, 80, 140} {
		for _, q := range []string{"", "prod"} {
			t.Run(fmt.Sprintf("w%d_q%s", w, q), func(t *testing.T) {
				m := goldenPicker(t, theme.New(true, false))
				m.SetSize(w, 9)
				m.SetQuery(q)
				m = press(m, keyDown)
				golden.RequireEqual(t, ansi.Strip(m.View()))
			})
		}
	}
}

// TestViewFitsAnySize draws every size from 0x0 to 150x12: no line wider
// than the width, never more lines than the height, no panic.
func TestViewFitsAnySize(t *testing.T) {
	for _, noColor := range []bool{false, true} {
		base := goldenPicker(t, theme.New(true, noColor))
		base.SetQuery("pr")
		for w := 0; w <= 150; w += 1 + w/20 {
			for h := 0; h <= 12; h++ {
				m := base
				m.SetSize(w, h)
				checkFits(t, m.View(), w, h)
			}
		}
	}
}

func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	if view == "" {
		return
	}
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Fatalf("%dx%d: %d lines:\n%s", w, h, len(lines), ansi.Strip(view))
	}
	for _, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("%dx%d: line of width %d: %q", w, h, lw, ansi.Strip(l))
		}
	}
}

func TestColumnsDropProgressively(t *testing.T) {
	w := measure(sampleTargets())
	tests := []struct {
		width int
		shown []column
	}{
		{200, []column{colName, colAccount, colID, colRole, colRegion, colVia, colLeft}},
		{80, []column{colName, colAccount, colID, colRole, colLeft}},
		{50, []column{colName, colID, colLeft}},
		{30, []column{colName, colLeft}},
		{20, []column{colName}},
		{3, []column{colName}},
	}
	for _, tt := range tests {
		l := w.layout(tt.width)
		var got []column
		for c := colName; c < numColumns; c++ {
			if l[c] > 0 {
				got = append(got, c)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.shown) {
			t.Errorf("width %d shows columns %v, want %v", tt.width, got, tt.shown)
		}
	}
}

func TestMatchedCharactersHighlighted(t *testing.T) {
	th := theme.New(true, true) // matches: bold + underline
	m := New(sampleTargets(), Config{Theme: th})
	m.SetSize(120, 4)
	m.SetQuery("stag")
	view := m.View()
	row := strings.Split(view, "\n")[1]
	want := newPaint(th.SelectedMatch).pre + "stag" + newPaint(th.SelectedMatch).post
	if !strings.Contains(row, want) {
		t.Errorf("selected row %q does not highlight %q as %q", row, "stag", want)
	}
}

func TestRenderFieldHighlightsAndPads(t *testing.T) {
	base := lipgloss.NewStyle()
	hi := lipgloss.NewStyle().Bold(true)
	tests := []struct {
		s     string
		width int
		hl    []int
		want  string
	}{
		{"prod-core", 12, []int{0, 1}, hi.Render("pr") + base.Render("od-core") + base.Render("   ")},
		{"prod-core", 5, []int{0, 7}, hi.Render("p") + base.Render("rod") + base.Render("…")}, // match beyond the cut dropped
		{"prod", 4, nil, base.Render("prod")},
		{"héllo", 5, []int{1}, base.Render("h") + hi.Render("é") + base.Render("llo") + base.Render("")},
	}
	for _, tt := range tests {
		var b spans
		renderField(&b, tt.s, tt.width, tt.hl, newPaint(base), newPaint(hi))
		got := b.String()
		if got != tt.want {
			t.Errorf("renderField(%q, %d, %v) = %q, want %q", tt.s, tt.width, tt.hl, got, tt.want)
		}
		if w := ansi.StringWidth(got); w != tt.width {
			t.Errorf("renderField(%q, %d) width %d", tt.s, tt.width, w)
		}
	}
}

func TestFieldOffsets(t *testing.T) {
	tg := sampleTargets()[1] // prod-core/Admin, account inside the name
	f := rowFields(tg, "")
	text := tg.SearchText()
	off := fieldOffsets(text, f)
	if off[colName] != 0 {
		t.Errorf("name offset %d", off[colName])
	}
	if off[colAccount] != -1 {
		t.Errorf("account is part of the name, offset = %d, want -1", off[colAccount])
	}
	if got := text[off[colID] : off[colID]+12]; got != "222222222222" {
		t.Errorf("id offset points at %q", got)
	}
	if positionsIn([]int{0, 17, 30}, off[colID], 12) == nil {
		t.Error("position inside the id not mapped")
	}
}

// TestHiddenFieldMatchIsNamed: filtering "prod" also finds dev-tools/
// Developer through its group "development", which is not on screen; the
// row says so ("group: development") instead of highlighting a stray
// "p…er" that looks like a mistake. A row matched on screen gets no hint.
func TestHiddenFieldMatchIsNamed(t *testing.T) {
	targets := []*config.Target{
		{Name: "prod-core/Admin", Kind: config.KindRole, Account: "prod-core", AccountID: "210000000001", Role: "Admin",
			Region: "us-east-1", Group: "production", Tags: []string{"prod", "production"}},
		{Name: "dev-tools/Developer", Kind: config.KindRole, Account: "dev-tools", AccountID: "410000000002", Role: "Developer",
			Region: "eu-west-2", Group: "development", Tags: []string{"dev", "tools", "development"}},
	}
	for _, w := range []int{120, 60} {
		m := New(targets, Config{Theme: theme.New(true, false)})
		m.SetSize(w, 6)
		m.SetQuery("prod")
		v := ansi.Strip(m.View())
		var dev, prod string
		for _, l := range strings.Split(v, "\n") {
			switch {
			case strings.Contains(l, "dev-tools/"):
				dev = l
			case strings.Contains(l, "prod-core/"):
				prod = l
			}
		}
		if dev == "" {
			t.Fatalf("width %d: dev-tools/Developer is not listed:\n%s", w, v)
		}
		if !strings.HasSuffix(strings.TrimRight(dev, " "), "tag: tools · group: development") {
			t.Errorf("width %d: the row does not name the hidden field it matched:\n%q", w, dev)
		}
		if ansi.StringWidth(dev) > w {
			t.Errorf("width %d: the row is %d wide", w, ansi.StringWidth(dev))
		}
		if strings.Contains(prod, "group:") || strings.Contains(prod, "tag:") {
			t.Errorf("width %d: a row matched on screen has a hint:\n%q", w, prod)
		}
	}
}

package picker

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/switchrole/switchrole/ui/theme"
)

// paint is a style reduced to the escape codes before and after a text.
// Rows are drawn many times per second; wrapping text in precomputed codes
// is several times faster than lipgloss's Render, and the styles used for
// rows (colours and attributes, no padding or borders) need nothing more.
type paint struct{ pre, post string }

const sentinel = "\uE000"

func newPaint(s lipgloss.Style) paint {
	r := s.Render(sentinel)
	i := strings.Index(r, sentinel)
	if i < 0 {
		return paint{}
	}
	return paint{r[:i], r[i+len(sentinel):]}
}

// spans builds a line of painted texts, merging neighbours of the same
// paint so a row carries few escape codes.
type spans struct {
	b    strings.Builder
	cur  paint
	open bool
}

// write appends text in paint p.
func (s *spans) write(p paint, text string) {
	if text == "" {
		return
	}
	if !s.open || p != s.cur {
		s.close()
		s.b.WriteString(p.pre)
		s.cur, s.open = p, true
	}
	s.b.WriteString(text)
}

func (s *spans) close() {
	if s.open {
		s.b.WriteString(s.cur.post)
		s.open = false
	}
}

// String ends the last span and returns the line.
func (s *spans) String() string {
	s.close()
	return s.b.String()
}

// rowPaints are the paints of one kind of row (selected or not).
type rowPaints struct {
	base, match, muted, cursor, fav, left, short paint
}

// paints are all the row paints of a theme, and the badge paints by
// account colour, filled lazily (an organisation has few colours).
type paints struct {
	normal, selected rowPaints
	badges           map[badgeKey]paint
}

type badgeKey struct {
	color    string
	selected bool
}

func newPaints(th *theme.Theme) *paints {
	return &paints{
		normal: rowPaints{
			base: newPaint(th.Row), match: newPaint(th.Match), muted: newPaint(th.Muted),
			cursor: newPaint(th.Cursor), fav: newPaint(th.Favourite.Inherit(th.Row)),
			left: newPaint(th.TimeLeft.Inherit(th.Row)), short: newPaint(th.TimeShort.Inherit(th.Row)),
		},
		selected: rowPaints{
			base: newPaint(th.Selected), match: newPaint(th.SelectedMatch), muted: newPaint(th.SelectedMuted),
			cursor: newPaint(th.SelectedCursor), fav: newPaint(th.Favourite.Inherit(th.Selected)),
			left: newPaint(th.TimeLeft.Inherit(th.Selected)), short: newPaint(th.TimeShort.Inherit(th.Selected)),
		},
		badges: map[badgeKey]paint{},
	}
}

func (p *paints) badge(th *theme.Theme, color string, selected bool) paint {
	k := badgeKey{color, selected}
	if b, ok := p.badges[k]; ok {
		return b
	}
	base := th.Row
	if selected {
		base = th.Selected
	}
	b := newPaint(th.Badge(color).Inherit(base))
	p.badges[k] = b
	return b
}

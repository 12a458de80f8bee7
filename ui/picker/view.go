package picker

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// shortLeft is when a session's remaining time is shown as a warning.
const shortLeft = 10 * time.Minute

// View draws the filter line and the visible rows, each exactly the width
// given to SetSize and never more than height lines.
func (m Model) View() string {
	if m.height <= 0 || m.width <= 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(m.filter.View(m.width))
	rows := m.rows()
	if rows == 0 {
		return b.String()
	}
	n := m.Len()
	if n == 0 {
		b.WriteByte('\n')
		msg := "No targets."
		if m.filtering {
			msg = "Nothing matches “" + m.pattern + "”: ctrl+u clears the filter."
		}
		b.WriteString(m.theme.Empty.Render(ansi.Truncate(msg, m.width, "…")))
		return b.String()
	}
	lay := m.widths.layout(m.width)
	end := min(m.offset+rows, n)
	for i := m.offset; i < end; i++ {
		b.WriteByte('\n')
		m.renderRow(&b, i, lay)
	}
	return b.String()
}

// renderRow draws row i of the filtered list.
func (m Model) renderRow(b *strings.Builder, i int, lay layout) {
	idx := m.at(i)
	t := m.targets[idx]
	th := m.theme
	selected := i == m.cursor

	var left string
	var d time.Duration
	var ok bool
	if m.timeLeft != nil && lay[colLeft] > 0 {
		d, ok = m.timeLeft(t)
		left = FormatTimeLeft(d, ok)
	}
	f := rowFields(t, left)

	var pos []int
	var off [numColumns]int
	hint := ""
	limit := m.width
	if m.filtering {
		pos = m.matcher.Positions(m.pattern, idx)
		off = fieldOffsets(m.texts[idx], f)
		if hint = hiddenMatch(t, m.texts[idx], pos, off, f, lay); hint != "" {
			// Drawn at the row's end, the columns giving way to it.
			hint = gap + hint
			limit = max(m.width-cellWidth(hint), prefixWidth)
		}
	}

	p := &m.paints.normal
	cursor := "  "
	if selected {
		p = &m.paints.selected
		cursor = "> "
	}
	if m.marked != nil && m.marked(t) {
		cursor = cursor[:1] + "•"
	}

	var line spans
	line.b.Grow(m.width + 128)
	line.write(p.cursor, cursor)
	line.write(m.paints.badge(th, t.Color, selected), th.BadgeGlyph())
	if m.ranking.IsFavourite(t.Name) {
		line.write(p.base, " ")
		line.write(p.fav, "★")
		line.write(p.base, " ")
	} else {
		line.write(p.base, "   ")
	}

	used := prefixWidth
	first := true
	for c := colName; c < numColumns; c++ {
		w := lay[c]
		if w == 0 {
			continue
		}
		sep := 0
		if !first {
			sep = len(gap)
		}
		if used+sep+w > limit {
			if w = limit - used - sep; w <= 0 {
				break
			}
		}
		if !first {
			line.write(p.base, gap)
			used += len(gap)
		}
		first = false
		base := p.base
		switch c {
		case colID, colRegion, colVia:
			base = p.muted
		case colLeft:
			base = p.left
			if ok && d < shortLeft {
				base = p.short
			}
			// Right-align the time.
			f[c] = strings.Repeat(" ", max(w-len(f[c]), 0)) + f[c]
		}
		var hl []int
		if pos != nil {
			hl = positionsIn(pos, off[c], len(f[c]))
		}
		renderField(&line, f[c], w, hl, base, p.match)
		used += w
	}
	if hint != "" {
		line.write(p.muted, hint)
		used += cellWidth(hint)
	}
	if used < m.width {
		line.write(p.base, strings.Repeat(" ", m.width-used))
	}
	s := line.String()
	if used > m.width {
		s = ansi.Truncate(s, m.width, "…")
	}
	b.WriteString(s)
}

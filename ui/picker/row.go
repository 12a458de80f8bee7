package picker

import (
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/switchrole/switchrole/config"
)

// column identifies one column of a row; the order of the constants is the
// order on screen.
type column int

const (
	colName column = iota
	colAccount
	colID
	colRole
	colRegion
	colVia
	colLeft
	numColumns
)

// dropOrder is which columns go first when the terminal is narrow: the
// least useful for choosing go first; the name always stays. The columns
// before keepForName are dropped rather than truncate the name; the others
// only when even a shortened name does not fit.
var dropOrder = [...]column{colVia, colRegion, colRole, colAccount, colID, colLeft}

const keepForName = 4

// maxWidths caps each column so one long name does not push the others off
// screen; longer values are truncated with an ellipsis.
var maxWidths = [numColumns]int{colName: 44, colAccount: 24, colID: 12, colRole: 24, colRegion: 14, colVia: 22, colLeft: 3}

// minNameWidth is how much of the name is kept before dropping columns.
const minNameWidth = 16

// prefixWidth is the cursor mark, colour badge and favourite mark.
const prefixWidth = 6

const gap = "  "

type naturalWidths [numColumns]int

// measure finds the widest value of each column over all targets, capped.
func measure(targets []*config.Target) naturalWidths {
	var w naturalWidths
	w[colLeft] = maxWidths[colLeft]
	for _, t := range targets {
		w[colName] = max(w[colName], cellWidth(t.Name))
		w[colAccount] = max(w[colAccount], cellWidth(t.Account))
		w[colID] = max(w[colID], len(t.AccountID))
		w[colRole] = max(w[colRole], cellWidth(t.Role))
		w[colRegion] = max(w[colRegion], len(t.Region))
		w[colVia] = max(w[colVia], viaWidth(t))
	}
	for c := range w {
		w[c] = min(w[c], maxWidths[c])
	}
	return w
}

// cellWidth is the display width, with a fast path for ASCII.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// via says how a target is reached: the source it is assumed from, and
// whether an MFA code is involved.
func via(t *config.Target) string {
	var s string
	switch {
	case t.IsSSO():
		s = "via " + t.From() // an IAM Identity Center role: "via sso:corp"
	case t.Kind == config.KindSource:
		s = "source"
	case t.Source != "":
		s = "via " + t.Source
	case t.CredentialSource != "":
		s = "via " + t.CredentialSource
	}
	if t.MFASerial != "" || t.MFAProcess != "" {
		if s != "" {
			s += " "
		}
		s += "+mfa"
	}
	return s
}

// viaWidth is cellWidth(via(t)) without building the string.
func viaWidth(t *config.Target) int {
	n := 0
	switch {
	case t.IsSSO():
		n = len("via ") + cellWidth(t.From())
	case t.Kind == config.KindSource:
		n = len("source")
	case t.Source != "":
		n = len("via ") + cellWidth(t.Source)
	case t.CredentialSource != "":
		n = len("via ") + cellWidth(t.CredentialSource)
	}
	if t.MFASerial != "" || t.MFAProcess != "" {
		if n > 0 {
			n++
		}
		n += len("+mfa")
	}
	return n
}

// layout is the width of each shown column (0: hidden) for one screen width.
type layout [numColumns]int

func (w naturalWidths) layout(width int) layout {
	var l layout
	shown := [numColumns]bool{}
	for c := range shown {
		shown[c] = w[c] > 0
	}
	shown[colName] = true
	room := width - prefixWidth
	need := func(name int) int {
		n := name
		for c := colAccount; c < numColumns; c++ {
			if shown[c] {
				n += len(gap) + w[c]
			}
		}
		return n
	}
	minName := min(w[colName], minNameWidth)
	for i, c := range dropOrder {
		name := minName
		if i < keepForName {
			name = w[colName]
		}
		if need(name) <= room {
			break
		}
		shown[c] = false
	}
	others := need(0)
	for c := range l {
		if shown[c] {
			l[c] = w[c]
		}
	}
	l[colName] = max(min(w[colName], room-others), 1)
	return l
}

// fields are the texts of one row's columns.
type fields [numColumns]string

func rowFields(t *config.Target, left string) fields {
	return fields{
		colName:    t.Name,
		colAccount: t.Account,
		colID:      t.AccountID,
		colRole:    t.Role,
		colRegion:  t.Region,
		colVia:     via(t),
		colLeft:    left,
	}
}

// fieldOffsets finds where each searchable column sits in the search text,
// so the matcher's byte offsets can be mapped to columns; -1 when the
// column's text is not part of it on its own.
func fieldOffsets(text string, f fields) [numColumns]int {
	var off [numColumns]int
	for c := range off {
		off[c] = -1
	}
	if strings.HasPrefix(text, f[colName]) {
		off[colName] = 0
	}
	at := len(f[colName])
	for _, c := range []column{colAccount, colID} {
		if f[c] == "" {
			continue
		}
		if i := strings.Index(text[at:], " "+f[c]); i >= 0 {
			off[c] = at + i + 1
			at = off[c] + len(f[c])
		}
	}
	return off
}

// renderField draws s in exactly width cells: truncated with an ellipsis,
// matched bytes (offsets into s) highlighted, padded with spaces.
func renderField(b *spans, s string, width int, hl []int, base, match paint) {
	if width <= 0 {
		return
	}
	w := cellWidth(s)
	visible := s
	tail := ""
	if w > width {
		visible = ansi.Truncate(s, width-1, "")
		tail = "…"
		w = cellWidth(visible) + 1
	}
	pad := strings.Repeat(" ", width-w)
	if len(hl) == 0 {
		b.write(base, visible+tail+pad)
		return
	}
	// Split visible into runs of matched and unmatched bytes.
	start, k := 0, 0
	inMatch := false
	flush := func(end int) {
		if end > start {
			if inMatch {
				b.write(match, visible[start:end])
			} else {
				b.write(base, visible[start:end])
			}
		}
		start = end
	}
	for i := range visible { // rune starts
		for k < len(hl) && hl[k] < i {
			k++
		}
		matched := k < len(hl) && hl[k] == i
		if matched != inMatch {
			flush(i)
			inMatch = matched
		}
	}
	flush(len(visible))
	b.write(base, tail+pad)
}

// hiddenMatch names the fields that hold a match lying half or more in
// text the row does not show (tags, the group, a hidden column), as
// "tag: tools · group: development", so that a row ranked for them does
// not look like a mistake; "" when the match is mostly on screen. Only
// drawn rows pay for it, never the filtering.
func hiddenMatch(t *config.Target, text string, pos []int, off [numColumns]int, f fields, lay layout) string {
	shown := 0
	for c := range numColumns {
		if lay[c] > 0 && off[c] >= 0 {
			shown += countIn(pos, off[c], off[c]+len(f[c]))
		}
	}
	if len(pos) == 0 || 2*(len(pos)-shown) < len(pos) {
		return ""
	}
	// The words of the search text, after the name, that hold matched
	// positions and are not on screen.
	var parts []string
	for start := len(f[colName]); start < len(text); {
		end := strings.IndexByte(text[start+1:], ' ')
		if end < 0 {
			end = len(text)
		} else {
			end += start + 1
		}
		word := strings.TrimPrefix(text[start:end], " ")
		onScreen := false
		for c := range numColumns {
			if lay[c] > 0 && off[c] >= start && off[c] < end {
				onScreen = true
			}
		}
		if !onScreen && countIn(pos, start, end) > 0 {
			parts = append(parts, fieldLabel(t, word)+word)
		}
		start = end
	}
	return strings.Join(parts, " · ")
}

// fieldLabel says which of t's fields word of its search text is.
func fieldLabel(t *config.Target, word string) string {
	switch {
	case word == t.Group:
		return "group: "
	case word == t.Account:
		return "account: "
	case word == t.AccountID:
		return "id: "
	case slices.Contains(t.Tags, word):
		return "tag: "
	}
	return ""
}

// countIn counts the offsets in [from, to).
func countIn(pos []int, from, to int) int {
	n := 0
	for _, p := range pos {
		if p >= from && p < to {
			n++
		}
	}
	return n
}

// positionsIn returns the offsets in [off, off+n) shifted to start at 0.
func positionsIn(pos []int, off, n int) []int {
	if off < 0 {
		return nil
	}
	var out []int
	for _, p := range pos {
		if p >= off && p < off+n {
			out = append(out, p-off)
		}
	}
	return out
}

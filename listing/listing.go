// Package listing shows targets the way `switchrole list` does: a table for
// people (colour badges only on a terminal) and a JSON array for programs,
// either in configuration order or filtered and ranked by the picker's fuzzy
// matcher. It builds each target only while writing its row, so 100,000
// targets are never held at once. It links neither the AWS SDK nor the
// terminal UI: the fast front (cmd/switchrole) lists with it too.
package listing

import (
	"bufio"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/fuzzy"
)

// UseColor reports whether the table may carry colour: only on a terminal,
// and never when NO_COLOR is set (https://no-color.org) or TERM is dumb.
// getenv looks a variable up (os.Getenv, or a command's own environment).
func UseColor(isTerminal bool, getenv func(string) string) bool {
	return isTerminal && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

// Write prints the targets matching filter (all of them when it is blank)
// as JSON or as a table, buffered; color adds the badges.
func Write(w io.Writer, idx *config.Index, filter string, asJSON, color bool) error {
	order := Order(idx, filter)
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	if asJSON {
		err = writeJSON(bw, idx, order)
	} else {
		err = writeTable(bw, idx, order, color)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// Order returns the indexes of the targets matching query, best
// first; all of them in configuration order when the query is empty.
func Order(idx *config.Index, query string) []int {
	if strings.TrimSpace(query) == "" {
		order := make([]int, idx.Len())
		for i := range order {
			order[i] = i
		}
		return order
	}
	matches := fuzzy.FilterSeq(idx.Len(), idx.SearchTextRange, query)
	order := make([]int, len(matches))
	for k, m := range matches {
		order[k] = m.Index
	}
	return order
}

// targetJSON is the stable JSON shape of `switchrole list --json`.
type targetJSON struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	Account   string `json:"account"`
	AccountID string `json:"account_id"`
	Role      string `json:"role"`
	RoleARN   string `json:"role_arn"`
	Source    string `json:"source"`
	MFASerial string `json:"mfa_serial"`
	Region    string `json:"region"`
	Color     string `json:"color"`
	Origin    string `json:"origin"`
	// From says which configuration defined the target: "aws-config",
	// "toml", or "sso:SESSION" for a role of an SSO session's listing.
	From string `json:"from"`
	// Problem is why switchrole cannot use the target (FILE:LINE and the
	// fix), on a target whose AWS profile is broken; absent otherwise.
	Problem string `json:"problem,omitempty"`
}

// fillEach calls fn(k, t) with target order[k] for every k, each filled in
// turn into a scratch Target (config.Index.Fill). A long list is split
// between two goroutines, so fn may only write what belongs to k.
func fillEach(idx *config.Index, order []int, fn func(k int, t *config.Target)) {
	fill := func(fill func(int, *config.Target), lo, hi int) {
		var t config.Target
		for k := lo; k < hi; k++ {
			fill(order[k], &t)
			fn(k, &t)
		}
	}
	if len(order) < fillParallelMin || runtime.GOMAXPROCS(0) < 2 {
		fill(idx.Fill, 0, len(order))
		return
	}
	half := len(order) / 2
	var wg sync.WaitGroup
	wg.Go(func() { fill(idx.Filler(), half, len(order)) })
	fill(idx.Filler(), 0, half)
	wg.Wait()
}

// fillParallelMin is the list length from which fillEach uses two
// goroutines.
const fillParallelMin = 4096

// writeTable prints the table for people. Only the colour badge is
// coloured, and only when color is true. Like writeJSON, it keeps
// each target's cells, not the target.
func writeTable(w io.Writer, idx *config.Index, order []int, color bool) error {
	header := newRow([7]string{"NAME", "ACCOUNT", "ID", "ROLE", "REGION", "SOURCE", "MFA"}, "")
	widths := header.width
	rows := make([]tableRow, len(order))
	fillEach(idx, order, func(k int, t *config.Target) { rows[k] = newTableRow(t) })
	for k := range rows {
		for j, n := range rows[k].width {
			widths[j] = max(widths[j], n)
		}
	}

	badges := map[string]string{}
	dark := color && darkBackground(os.Getenv("COLORFGBG"))
	badge := func(hex string) string {
		if !color {
			return ""
		}
		if b, ok := badges[hex]; ok {
			return b
		}
		b := colorBadge(config.TerminalShade(hex, dark))
		badges[hex] = b
		return b
	}

	line := make([]byte, 0, 256)
	writeRow := func(prefix string, r *tableRow) error {
		line = append(line[:0], prefix...)
		for j, cell := range r.cells {
			line = append(line, cell...)
			if j < len(r.cells)-1 {
				line = appendSpaces(line, int(widths[j]-r.width[j])+2)
			}
		}
		for len(line) > 0 && line[len(line)-1] == ' ' {
			line = line[:len(line)-1]
		}
		_, err := w.Write(append(line, '\n'))
		return err
	}
	headPrefix := ""
	if color {
		headPrefix = "  "
	}
	if err := writeRow(headPrefix, &header); err != nil {
		return err
	}
	for k := range rows {
		if err := writeRow(badge(rows[k].color), &rows[k]); err != nil {
			return err
		}
	}
	return nil
}

// appendSpaces appends n spaces (none when n <= 0).
func appendSpaces(dst []byte, n int) []byte {
	const spaces = "                                "
	for ; n > len(spaces); n -= len(spaces) {
		dst = append(dst, spaces...)
	}
	return append(dst, spaces[:max(n, 0)]...)
}

// tableRow is what the table shows of a target: its cells, their display
// widths, and the colour of its badge.
type tableRow struct {
	cells [7]string
	width [7]int32
	color string
}

func newRow(cells [7]string, color string) tableRow {
	r := tableRow{cells: cells, color: color}
	for j, cell := range cells {
		r.width[j] = int32(cellWidth(cell))
	}
	return r
}

func newTableRow(t *config.Target) tableRow {
	role, source := t.Role, t.Source
	switch {
	case t.IsSSO():
		source = t.From() // the role of an SSO session: "sso:corp"
	case t.Kind == config.KindSource:
		role = "(source)"
	}
	if t.Problem != nil {
		// The warning on stderr says why, and the JSON's problem field.
		role += " (unusable)"
	}
	mfa := ""
	if t.MFASerial != "" {
		mfa = "yes"
	}
	return newRow([7]string{t.Name, t.Account, t.AccountID, role, t.Region, source, mfa}, t.Color)
}

// darkBackground guesses the terminal's background for the colour badges
// (the picker asks the terminal; a one-shot table cannot wait for the
// answer): COLORFGBG ("15;0", set by rxvt, Konsole, iTerm2 and others) when
// it says, else dark, the common case.
func darkBackground(colorfgbg string) bool {
	i := strings.LastIndexByte(colorfgbg, ';')
	if i < 0 {
		return true
	}
	switch colorfgbg[i+1:] {
	case "7", "9", "10", "11", "12", "13", "14", "15":
		return false
	}
	return true
}

package config

import (
	"bytes"
	"sort"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// go-toml/v2 decodes without telling where each value was, so this file walks
// the same bytes with go-toml's own parser (the unstable package) and
// reports the line of every key and array element by its path, e.g.
// ["accounts", "3", "roles", "2"]. Array-of-tables headers count as array
// elements, so [[accounts]] number 4 is path ["accounts", "3"].

// tomlWalk calls visit(path, line) for every table header, key and array
// element. path is reused between calls: copy it to keep it.
func tomlWalk(data []byte, visit func(path []string, line int)) {
	var p unstable.Parser
	p.Reset(data)
	w := tomlWalker{p: &p, visit: visit, arrayIdx: make(map[string]int), newlines: newlineOffsets(data), interned: make(map[string]string)}
	for p.NextExpression() {
		w.expression(p.Expression())
	}
	// Syntax errors were already reported by the decoder; a partial walk is
	// all we need here.
}

type tomlWalker struct {
	p        *unstable.Parser
	visit    func([]string, int)
	stack    []string       // path of the node being visited; its head is the current [table]
	arrayIdx map[string]int // joined path of an array of tables → current index
	newlines []int          // offsets of '\n' in the document, for offset → line
	interned map[string]string
	indexes  []string // "0", "1", ... so array indexes cost no allocation
}

// newlineOffsets lists the offset of every newline in data. go-toml's
// Parser.Shape rescans the document from the start on every call, which is
// quadratic over 100,000 roles; a binary search over this list is not.
func newlineOffsets(data []byte) []int {
	offs := make([]int, 0, bytes.Count(data, []byte{'\n'}))
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			return offs
		}
		offs = append(offs, i+j)
		i += j + 1
	}
}

func (w *tomlWalker) line(n *unstable.Node, fallback int) int {
	if n == nil || n.Raw.Length == 0 && n.Raw.Offset == 0 {
		return fallback
	}
	return sort.SearchInts(w.newlines, int(n.Raw.Offset)) + 1
}

// key returns the key's text, shared between repeats of the same key.
func (w *tomlWalker) key(b []byte) string {
	if s, ok := w.interned[string(b)]; ok {
		return s
	}
	s := string(b)
	w.interned[s] = s
	return s
}

func (w *tomlWalker) index(i int) string {
	for len(w.indexes) <= i {
		w.indexes = append(w.indexes, strconv.Itoa(len(w.indexes)))
	}
	return w.indexes[i]
}

// header resolves a table header's key into w.stack, inserting the current
// index after every segment that names an array of tables (except the last
// segment of an [[array.table]] header, which starts a new element).
func (w *tomlWalker) header(e *unstable.Node, arrayTable bool) (line int) {
	w.stack = w.stack[:0]
	var keys []*unstable.Node
	it := e.Key()
	for it.Next() {
		keys = append(keys, it.Node())
	}
	for i, k := range keys {
		if line == 0 {
			line = w.line(k, 0)
		}
		w.stack = append(w.stack, w.key(k.Data))
		if arrayTable && i == len(keys)-1 {
			break
		}
		if idx, ok := w.arrayIdx[strings.Join(w.stack, "\x00")]; ok {
			w.stack = append(w.stack, w.index(idx))
		}
	}
	return line
}

func (w *tomlWalker) expression(e *unstable.Node) {
	switch e.Kind {
	case unstable.Table:
		line := w.header(e, false)
		w.visit(w.stack, line)
	case unstable.ArrayTable:
		line := w.header(e, true)
		j := strings.Join(w.stack, "\x00")
		idx, ok := w.arrayIdx[j]
		if ok {
			idx++
		}
		w.arrayIdx[j] = idx
		w.stack = append(w.stack, w.index(idx))
		w.visit(w.stack, line)
	case unstable.KeyValue:
		w.keyValue(e, 0)
	}
}

func (w *tomlWalker) keyValue(e *unstable.Node, fallback int) {
	n := len(w.stack)
	line := fallback
	it := e.Key()
	for it.Next() {
		k := it.Node()
		line = w.line(k, line)
		w.stack = append(w.stack, w.key(k.Data))
	}
	w.visit(w.stack, line)
	w.value(e.Value(), line)
	w.stack = w.stack[:n]
}

func (w *tomlWalker) value(v *unstable.Node, line int) {
	if v == nil {
		return
	}
	switch v.Kind {
	case unstable.Array:
		it := v.Children()
		for i := 0; it.Next(); i++ {
			c := it.Node()
			cl := w.line(c, line)
			w.stack = append(w.stack, w.index(i))
			w.visit(w.stack, cl)
			w.value(c, cl)
			w.stack = w.stack[:len(w.stack)-1]
		}
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			w.keyValue(it.Node(), line)
		}
	}
}

// tomlLines answers "which line is this path on" for error messages. It walks
// the document once, on the first question, so loading a correct file never
// pays for it.
type tomlLines struct {
	data  []byte
	lines map[string]int
}

func (l *tomlLines) line(path ...string) int {
	if l.lines == nil {
		l.lines = make(map[string]int)
		tomlWalk(l.data, func(p []string, line int) {
			k := strings.Join(p, ".")
			if _, seen := l.lines[k]; !seen {
				l.lines[k] = line
			}
		})
	}
	// Fall back to the nearest enclosing path that has a line.
	for n := len(path); n > 0; n-- {
		if line, ok := l.lines[strings.Join(path[:n], ".")]; ok {
			return line
		}
	}
	return 0
}

// tomlIndex holds the lines Load needs for every TOML target's Origin and the
// file order of [sources.*], gathered in one walk.
type tomlIndex struct {
	accounts     []int          // line of each account
	roles        [][]int        // account index → line of each role entry
	defaultRoles []int          // line of each [defaults] roles entry
	sources      map[string]int // source key → line
}

func buildTOMLIndex(data []byte) *tomlIndex {
	ix := &tomlIndex{sources: make(map[string]int)}
	tomlWalk(data, func(p []string, line int) {
		switch {
		case len(p) == 2 && p[0] == "accounts":
			if i, err := strconv.Atoi(p[1]); err == nil && i == len(ix.accounts) {
				ix.accounts = append(ix.accounts, line)
			}
		case len(p) == 4 && p[0] == "accounts" && p[2] == "roles":
			i, err1 := strconv.Atoi(p[1])
			j, err2 := strconv.Atoi(p[3])
			if err1 == nil && err2 == nil && i < len(ix.accounts) && j == len(ix.rolesOf(i)) {
				for len(ix.roles) <= i {
					ix.roles = append(ix.roles, nil)
				}
				ix.roles[i] = append(ix.roles[i], line)
			}
		case len(p) == 3 && p[0] == "defaults" && p[1] == "roles":
			if j, err := strconv.Atoi(p[2]); err == nil && j == len(ix.defaultRoles) {
				ix.defaultRoles = append(ix.defaultRoles, line)
			}
		case len(p) == 2 && p[0] == "sources":
			if _, ok := ix.sources[p[1]]; !ok {
				ix.sources[p[1]] = line
			}
		}
	})
	return ix
}

// rolesOf returns the lines of account i's role entries.
func (ix *tomlIndex) rolesOf(i int) []int {
	if i < len(ix.roles) {
		return ix.roles[i]
	}
	return nil
}

// at returns lines[i] or 0.
func at(lines []int, i int) int {
	if i < len(lines) {
		return lines[i]
	}
	return 0
}

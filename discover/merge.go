package discover

import (
	"bytes"
	"errors"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// Plan is an organization merged into switchrole's TOML file.
type Plan struct {
	// Before is the file as it was; After is the file with the
	// organization's generated accounts added, updated or pruned, and
	// every other byte as it was.
	Before, After []byte
	// Entries are the generated accounts, in the organization's order.
	Entries []Entry
	// Kept are the organization's accounts that the file already has as
	// the user's own: they win and are not generated.
	Kept []Kept
	// Added, Updated and Removed count the generated entries that are new,
	// changed, or gone from the organization (or no longer ACTIVE).
	Added, Updated, Removed int
}

// Kept is an account of the organization that the user wrote by hand.
type Kept struct {
	ID, AWSName string
	// Name is the user's name for it; Line is where its table starts.
	Name string
	Line int
}

// Changed reports whether the merge changes the file.
func (p *Plan) Changed() bool { return !bytes.Equal(p.Before, p.After) }

// Render is the generated accounts alone, as TOML, for stdout.
func (p *Plan) Render() string {
	var b strings.Builder
	for i := range p.Entries {
		if i > 0 {
			b.WriteByte('\n')
		}
		p.Entries[i].render(&b)
	}
	return b.String()
}

// block is one [[accounts]] table of the file: its bytes from its header
// line to the next header (trailing comments and blank lines excluded, so
// that they stay with what follows).
type block struct {
	start, end int
	line       int
	id, name   string
	org        string // its discovered key
}

// Template is what every generated account gets besides what AWS says.
type Template struct {
	// Roles are the account's roles (none: the file's [defaults] roles).
	Roles []string
	// Source is the target that assumes them ("": the default source).
	Source string
}

// Merge plans the merge of org into the TOML file content existing (nil or
// empty for a file that does not exist yet), each generated account made
// after tmpl. It fails only when existing is not valid TOML.
func Merge(existing []byte, org *Organization, tmpl Template) (*Plan, error) {
	blocks, err := accountBlocks(existing)
	if err != nil {
		return nil, err
	}
	p := &Plan{Before: existing}
	taken := map[string]bool{}
	hand := map[string]*block{}
	for i := range blocks {
		b := &blocks[i]
		if b.org == org.ID && org.ID != "" {
			continue // this organization's own: updated or pruned below
		}
		taken[b.name] = true
		if _, dup := hand[b.id]; !dup {
			hand[b.id] = b
		}
	}
	want := map[string]*Entry{}
	for _, a := range org.Accounts {
		if h, ok := hand[a.ID]; ok {
			p.Kept = append(p.Kept, Kept{ID: a.ID, AWSName: a.Name, Name: h.name, Line: h.line})
			continue
		}
		name := uniqueName(accountName(a.Name, a.ID), a.ID, taken)
		taken[name] = true
		e := Entry{Name: name, ID: a.ID, Group: printable(a.OUPath), Roles: tmpl.Roles, Source: tmpl.Source, Org: org.ID}
		for _, t := range a.Tags {
			e.Tags = append(e.Tags, TagText(t))
		}
		p.Entries = append(p.Entries, e)
		want[a.ID] = &p.Entries[len(p.Entries)-1]
	}

	var out bytes.Buffer
	at := 0      // bytes of existing copied so far
	insert := -1 // where new entries go: after this organization's last entry
	for i := range blocks {
		b := &blocks[i]
		if b.org != org.ID || org.ID == "" {
			continue
		}
		e, keep := want[b.id]
		if !keep {
			// Pruned, with the blank line that separated it.
			from := b.start
			if from >= 2 && existing[from-1] == '\n' && existing[from-2] == '\n' {
				from--
			}
			out.Write(existing[at:from])
			at = b.end
			p.Removed++
			continue
		}
		var r strings.Builder
		e.render(&r)
		if mine := userLines(existing[b.start:b.end]); mine != "" {
			// After the header, where the next run finds them again.
			whole := r.String()
			header, rest, _ := strings.Cut(whole, "\n")
			r.Reset()
			r.WriteString(header + "\n" + mine + rest)
		}
		out.Write(existing[at:b.start])
		out.WriteString(r.String())
		at = b.end
		if r.String() != string(existing[b.start:b.end]) {
			p.Updated++
		}
		delete(want, b.id)
		insert = out.Len()
	}
	var added strings.Builder
	for i := range p.Entries {
		e := &p.Entries[i]
		if _, isNew := want[e.ID]; !isNew {
			continue
		}
		added.WriteByte('\n')
		e.render(&added)
		p.Added++
	}
	rest := existing[at:]
	if insert < 0 {
		out.Write(rest)
		if out.Len() > 0 && out.Bytes()[out.Len()-1] != '\n' {
			out.WriteByte('\n')
		}
		if out.Len() == 0 && added.Len() > 0 {
			out.WriteString(fileHeader)
		}
		out.WriteString(added.String())
	} else {
		whole := out.Bytes()
		var merged bytes.Buffer
		merged.Write(whole[:insert])
		merged.WriteString(added.String())
		merged.Write(whole[insert:])
		merged.Write(rest)
		out = merged
	}
	p.After = out.Bytes()
	return p, nil
}

// ownKeys are the keys discover writes in an account it generates; the
// other lines of such an account (a colour, a region, a comment) are the
// user's and stay.
var ownKeys = map[string]bool{"name": true, "id": true, "group": true, "tags": true, "roles": true, "source": true, "discovered": true}

// userLines are the lines of a generated [[accounts]] table (from its
// header line) that discover did not write: comments, and keys not in
// ownKeys with their continuation lines; "" when there are none.
func userLines(table []byte) string {
	var out strings.Builder
	keep := false
	lines := strings.SplitAfter(string(table), "\n")
	for _, l := range lines[1:] {
		text := strings.TrimSpace(l)
		switch {
		case text == "":
			continue
		case strings.HasPrefix(text, "#"):
			out.WriteString(l)
			continue
		}
		if k, _, ok := strings.Cut(text, "="); ok && bareKey(strings.TrimSpace(k)) {
			keep = !ownKeys[strings.TrimSpace(k)]
		}
		if keep {
			out.WriteString(l)
		}
	}
	if out.Len() > 0 && !strings.HasSuffix(out.String(), "\n") {
		out.WriteByte('\n')
	}
	return out.String()
}

// bareKey reports whether k is a TOML bare key (A-Za-z0-9_-).
func bareKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// fileHeader opens a config file that discovery creates.
const fileHeader = "# switchrole configuration (see `switchrole config init` for every key).\n" +
	"# Accounts with a `discovered` key come from AWS Organizations: `switchrole discover org --write`\n" +
	"# updates and prunes them. Delete that key to make an account your own.\n"

// accountBlocks finds the top-level [[accounts]] tables of data.
func accountBlocks(data []byte) ([]block, error) {
	var p unstable.Parser
	p.Reset(data)
	var blocks []block
	var cur *block
	headerStart := func(n *unstable.Node) int {
		it := n.Key()
		it.Next()
		off := int(it.Node().Raw.Offset)
		return bytes.LastIndexByte(data[:off], '\n') + 1
	}
	closeBlock := func(end int) {
		if cur != nil {
			cur.end = trimTrailing(data, cur.start, end)
			cur = nil
		}
	}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			start := headerStart(e)
			closeBlock(start)
			if e.Kind == unstable.ArrayTable && keyIs(e, "accounts") {
				blocks = append(blocks, block{start: start, line: 1 + bytes.Count(data[:start], []byte{'\n'})})
				cur = &blocks[len(blocks)-1]
			}
		case unstable.KeyValue:
			if cur == nil {
				continue
			}
			it := e.Key()
			it.Next()
			if it.IsLast() {
				v := e.Value()
				switch string(it.Node().Data) {
				case "id":
					if v.Kind == unstable.String || v.Kind == unstable.Integer {
						cur.id = string(v.Data)
					}
				case "name":
					cur.name = string(v.Data)
				case "discovered":
					cur.org = string(v.Data)
				}
			}
		}
	}
	if err := p.Error(); err != nil {
		var perr *unstable.ParserError
		if errors.As(err, &perr) {
			return nil, &SyntaxError{Line: p.Shape(p.Range(perr.Highlight)).Start.Line, Msg: perr.Message}
		}
		return nil, err
	}
	closeBlock(len(data))
	return blocks, nil
}

// SyntaxError is a config file that is not valid TOML: merging into it
// could lose what its author meant.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return e.Msg }

// keyIs reports whether a header's key is exactly name.
func keyIs(e *unstable.Node, name string) bool {
	it := e.Key()
	return it.Next() && string(it.Node().Data) == name && it.IsLast()
}

// trimTrailing moves end back over the blank and comment lines that end
// data[start:end].
func trimTrailing(data []byte, start, end int) int {
	for end > start {
		body := bytes.TrimSuffix(data[start:end], []byte{'\n'})
		last := bytes.LastIndexByte(body, '\n') + 1
		text := strings.TrimSpace(string(body[last:]))
		if text != "" && !strings.HasPrefix(text, "#") {
			return end
		}
		end = start + last
	}
	return end
}

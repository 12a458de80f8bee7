package discover

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Entry is one generated [[accounts]] table.
type Entry struct {
	Name, ID string
	// Group is the account's OU path.
	Group string
	// Tags are the AWS tags as switchrole tags: "key=value", or "key" for
	// a tag with an empty value.
	Tags  []string
	Roles []string
	// Source names the target that assumes the roles ("": the default).
	Source string
	// Org is the organization id written as discovered = "...".
	Org string
}

// TagText is an AWS tag as a switchrole tag: "key=value", or the key alone
// when the value is empty. Both halves are searchable, and the pair stays
// readable in `list`.
func TagText(t Tag) string {
	if t.Value == "" {
		return printable(t.Key)
	}
	return printable(t.Key + "=" + t.Value)
}

// printable drops control and text-direction characters, which switchrole
// refuses in names, tags and groups (they could rewrite the terminal).
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s)
}

// render writes e as a TOML [[accounts]] table, ending with a newline.
func (e *Entry) render(b *strings.Builder) {
	b.WriteString("[[accounts]]\n")
	fmt.Fprintf(b, "name = %s\nid = %s\n", tomlString(e.Name), tomlString(e.ID))
	if e.Group != "" {
		fmt.Fprintf(b, "group = %s\n", tomlString(e.Group))
	}
	if len(e.Tags) > 0 {
		fmt.Fprintf(b, "tags = %s\n", tomlList(e.Tags))
	}
	if e.Source != "" {
		fmt.Fprintf(b, "source = %s\n", tomlString(e.Source))
	}
	if len(e.Roles) > 0 {
		fmt.Fprintf(b, "roles = %s\n", tomlList(e.Roles))
	}
	fmt.Fprintf(b, "discovered = %s\n", tomlString(e.Org))
}

func tomlList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = tomlString(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// tomlString quotes s as a TOML basic string: only \" \\ and \uXXXX
// escapes, which every TOML reader knows (Go's %q may write \x or \a).
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\u` + fmt.Sprintf("%04X", r))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// accountName makes an AWS account name a switchrole account name: no "/"
// (it separates account and role in target names), no control characters,
// no surrounding spaces; the id when nothing is left.
func accountName(name, id string) string {
	name = strings.TrimSpace(printable(strings.ReplaceAll(name, "/", "-")))
	if name == "" {
		return id
	}
	return name
}

// uniqueName is name, or name-<last four digits of id> (then -2, -3, ...)
// when taken: AWS allows two accounts of one name, switchrole does not.
func uniqueName(name, id string, taken map[string]bool) string {
	if !taken[name] {
		return name
	}
	base := name + "-" + id[max(0, len(id)-4):]
	candidate := base
	for n := 2; taken[candidate]; n++ {
		candidate = base + "-" + strconv.Itoa(n)
	}
	return candidate
}

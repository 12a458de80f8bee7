package console

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"strings"
)

// WriteBookmarksHTML writes Switch Role links as a Netscape bookmark file,
// the format every browser imports: one folder named title, holding a
// folder per account (in the order accounts first appear) with a bookmark
// per role. Entries the console cannot switch to (see LinkEntry.Check) are
// left out, each with an HTML comment saying why. All text is HTML-escaped.
func WriteBookmarksHTML(w io.Writer, title string, entries []LinkEntry) error {
	if strings.TrimSpace(title) == "" {
		title = "switchrole"
	}
	bw := bufio.NewWriter(w)
	esc := html.EscapeString
	fmt.Fprint(bw, "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n")
	fmt.Fprint(bw, "<!-- This is an automatically generated file. It will be read and overwritten. -->\n")
	fmt.Fprint(bw, `<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">`+"\n")
	fmt.Fprintf(bw, "<TITLE>%s</TITLE>\n<H1>%s</H1>\n", esc(title), esc(title))
	fmt.Fprint(bw, "<DL><p>\n")
	fmt.Fprintf(bw, "    <DT><H3>%s</H3>\n    <DL><p>\n", esc(title))

	groups, skipped := groupByAccount(entries)
	for _, err := range skipped {
		fmt.Fprintf(bw, "        <!-- left out: %s -->\n", commentText(err.Error()))
	}
	for _, g := range groups {
		fmt.Fprintf(bw, "        <DT><H3>%s</H3>\n        <DL><p>\n", esc(g.folder))
		for _, e := range g.entries {
			fmt.Fprintf(bw, "            <DT><A HREF=\"%s\">%s</A>\n", esc(e.SwitchRoleURL()), esc(e.Label()))
		}
		fmt.Fprint(bw, "        </DL><p>\n")
	}
	fmt.Fprint(bw, "    </DL><p>\n</DL><p>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write bookmarks: %w", err)
	}
	return nil
}

// accountGroup is the switchable entries of one account.
type accountGroup struct {
	folder  string
	entries []LinkEntry
}

// groupByAccount splits entries into switchable ones, grouped by
// partition and account in order of first appearance, and the reasons
// the others were left out.
func groupByAccount(entries []LinkEntry) ([]accountGroup, []error) {
	var groups []accountGroup
	index := map[string]int{}
	var skipped []error
	for _, e := range entries {
		if err := e.Check(); err != nil {
			skipped = append(skipped, err)
			continue
		}
		r := e.resolved()
		key := partitionOr(r.Partition) + "\x00" + r.AccountID
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, accountGroup{folder: accountFolder(r)})
		}
		groups[i].entries = append(groups[i].entries, e)
	}
	return groups, skipped
}

// accountFolder names an account "prod (222222222222)", or by id alone.
func accountFolder(e LinkEntry) string {
	name := strings.TrimSpace(e.Account)
	if name == "" || name == e.AccountID {
		return e.AccountID
	}
	return name + " (" + e.AccountID + ")"
}

// commentText makes text safe inside <!-- -->: escaped, single line and
// without "--".
func commentText(s string) string {
	s = html.EscapeString(strings.Join(strings.Fields(s), " "))
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "- -")
	}
	return s
}

package console

import (
	"bytes"
	"errors"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// bookmark is one link read back from a bookmark file, with the folders
// it sits in.
type bookmark struct {
	folders []string
	href    string
	text    string
}

var bookmarkToken = regexp.MustCompile(`(?i)<DT><H3>([^<]*)</H3>|<DT><A HREF="([^"]*)">([^<]*)</A>|<DL><p>|</DL><p>`)

// parseBookmarks reads the Netscape format the way browsers do: <DL>
// opens the folder named by the <H3> before it, </DL> closes it. Raw "<",
// ">" or quotes inside names or URLs would break the token pattern and
// show up as missing links.
func parseBookmarks(t *testing.T, doc string) []bookmark {
	t.Helper()
	var stack []string
	pending := ""
	var out []bookmark
	depth := 0
	for _, m := range bookmarkToken.FindAllStringSubmatch(doc, -1) {
		switch {
		case strings.EqualFold(m[0], "<DL><p>"):
			depth++
			if depth > 1 {
				stack = append(stack, pending)
			}
		case strings.EqualFold(m[0], "</DL><p>"):
			depth--
			if depth < 0 {
				t.Fatalf("unbalanced </DL>")
			}
			if len(stack) > 0 && depth >= 1 {
				stack = stack[:len(stack)-1]
			}
		case m[1] != "" || strings.HasPrefix(strings.ToUpper(m[0]), "<DT><H3>"):
			pending = html.UnescapeString(m[1])
		default:
			out = append(out, bookmark{folders: append([]string(nil), stack...), href: html.UnescapeString(m[2]), text: html.UnescapeString(m[3])})
		}
	}
	if depth != 0 {
		t.Fatalf("unbalanced <DL>: depth %d at end", depth)
	}
	return out
}

func TestWriteBookmarksHTML(t *testing.T) {
	entries := []LinkEntry{
		{Name: "prod/Admin", Account: "prod", AccountID: "222222222222", Role: "Admin", Color: "#ff0000"},
		{Name: "dev/ReadOnly", Account: "dev", AccountID: "333333333333", RoleARN: "arn:aws:iam::333333333333:role/team/ReadOnly"},
		{Name: "prod/ReadOnly", Account: "prod", AccountID: "222222222222", Role: "ReadOnly"},
		{Name: `evil <b>"quoted"</b> & co`, Account: `acme <script>alert(1)</script>`, AccountID: "444444444444", Role: "R"},
		{Name: "partner/Vendor", Account: "partner", AccountID: "555555555555", Role: "Vendor", ExternalID: "secret-ext--id"},
		{Name: "gov", AccountID: "666666666666", Role: "Admin", Partition: "aws-us-gov"},
	}
	var buf bytes.Buffer
	if err := WriteBookmarksHTML(&buf, `AWS & "roles"`, entries); err != nil {
		t.Fatal(err)
	}
	doc := buf.String()
	if !strings.HasPrefix(doc, "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n") {
		t.Errorf("missing doctype:\n%s", doc)
	}
	for _, raw := range []string{"<script>", "<b>", `"quoted"`, "secret-ext--id"} {
		if strings.Contains(doc, raw) {
			t.Errorf("output contains unescaped or secret %q", raw)
		}
	}
	if !strings.Contains(doc, "<!-- left out: partner/Vendor: the console&#39;s Switch Role cannot pass an external id") {
		t.Errorf("no comment for the external-id role:\n%s", doc)
	}
	if !strings.Contains(doc, "<TITLE>AWS &amp; &#34;roles&#34;</TITLE>") {
		t.Errorf("title not escaped:\n%s", doc)
	}

	got := parseBookmarks(t, doc)
	want := []struct {
		folders []string
		text    string
		href    string
	}{
		{[]string{`AWS & "roles"`, "prod (222222222222)"}, "prod/Admin", "https://signin.aws.amazon.com/switchrole?account=222222222222&roleName=Admin&displayName=prod%2FAdmin&color=f2b0a9"},
		{[]string{`AWS & "roles"`, "prod (222222222222)"}, "prod/ReadOnly", "https://signin.aws.amazon.com/switchrole?account=222222222222&roleName=ReadOnly&displayName=prod%2FReadOnly"},
		{[]string{`AWS & "roles"`, "dev (333333333333)"}, "dev/ReadOnly", "https://signin.aws.amazon.com/switchrole?account=333333333333&roleName=team%2FReadOnly&displayName=dev%2FReadOnly"},
		{[]string{`AWS & "roles"`, "acme <script>alert(1)</script> (444444444444)"}, `evil <b>"quoted"</b> & co`, ""},
		{[]string{`AWS & "roles"`, "666666666666"}, "gov", "https://signin.amazonaws-us-gov.com/switchrole?account=666666666666&roleName=Admin&displayName=gov"},
	}
	if len(got) != len(want) {
		t.Fatalf("read back %d bookmarks, want %d:\n%s", len(got), len(want), doc)
	}
	for i, w := range want {
		g := got[i]
		if strings.Join(g.folders, " / ") != strings.Join(w.folders, " / ") || g.text != w.text {
			t.Errorf("bookmark %d = %q in %q, want %q in %q", i, g.text, g.folders, w.text, w.folders)
		}
		if w.href != "" && g.href != w.href {
			t.Errorf("bookmark %d href\n got %s\nwant %s", i, g.href, w.href)
		}
		u, err := url.Parse(g.href)
		if err != nil || u.Scheme != "https" || u.Path != "/switchrole" {
			t.Errorf("bookmark %d href %q is not a switchrole URL", i, g.href)
		}
	}
	if dn := mustQuery(t, got[3].href).Get("displayName"); dn != `evil <b>"quoted"</b> & co` {
		t.Errorf("displayName round trip = %q", dn)
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func TestWriteBookmarksHTMLEmptyAndDefaults(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteBookmarksHTML(&buf, "  ", nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<H3>switchrole</H3>") {
		t.Errorf("default title missing:\n%s", buf.String())
	}
	if n := len(parseBookmarks(t, buf.String())); n != 0 {
		t.Errorf("%d bookmarks from no entries", n)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWritersReportWriteErrors(t *testing.T) {
	e := []LinkEntry{{AccountID: "123456789012", Role: "R"}}
	if err := WriteBookmarksHTML(failingWriter{}, "t", e); err == nil || !strings.Contains(err.Error(), "write bookmarks: disk full") {
		t.Errorf("bookmarks: %v", err)
	}
	if err := WriteAESR(failingWriter{}, e); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("aesr: %v", err)
	}
}

func TestCommentText(t *testing.T) {
	got := commentText("a -- b --- c\n<d>")
	if strings.Contains(got, "--") || strings.Contains(got, "<") || strings.Contains(got, "\n") {
		t.Errorf("commentText = %q", got)
	}
}

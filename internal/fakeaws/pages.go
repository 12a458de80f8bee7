package fakeaws

import (
	"html"
	"io"
	"net/url"
	"strings"
)

// The fake's HTML pages are built by hand rather than with html/template:
// the fake is linked into every switchrole binary (for `switchrole demo`),
// and html/template's reflective method calls stop the linker from dropping
// unused methods, which made every run of the binary load ~5 MB more. The
// pages are tiny, so each interpolated value goes through html.EscapeString
// (text and quoted attributes alike) and every link through safeHref.

// consolePageData is what the stand-in console shows about a session.
type consolePageData struct {
	Identity, Account, Destination, Expires string
}

// writeConsolePage writes the stand-in console page naming the signed-in
// identity, the login's destination and when the session ends.
func writeConsolePage(w io.Writer, d consolePageData) error {
	signedIn := "Signed in as " + html.EscapeString(d.Identity) + " in " + html.EscapeString(d.Account)
	dest := html.EscapeString(d.Destination)
	expires := html.EscapeString(d.Expires)
	var b strings.Builder
	b.WriteString("<!doctype html>\n")
	b.WriteString(`<html lang="en"><head><meta charset="utf-8"><title>` + signedIn + "</title></head>\n")
	b.WriteString("<body>\n")
	b.WriteString(`<h1 id="identity">` + signedIn + "</h1>\n")
	b.WriteString(`<p>Destination: <a id="destination" href="` + safeHref(d.Destination) + `">` + dest + "</a></p>\n")
	b.WriteString(`<p>Session expires: <time id="expires" datetime="` + expires + `">` + expires + "</time></p>\n")
	b.WriteString("</body></html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeExpiredPage writes the page a browser gets once its console session
// has ended, linking back to the login's Issuer when there was one.
func writeExpiredPage(w io.Writer, issuer string) error {
	var b strings.Builder
	b.WriteString("<!doctype html>\n")
	b.WriteString(`<html lang="en"><head><meta charset="utf-8"><title>Session expired</title></head>` + "\n")
	b.WriteString("<body><h1>Your console session has expired</h1>\n")
	if issuer != "" {
		b.WriteString(`<p><a id="issuer" href="` + safeHref(issuer) + `">Sign in again</a></p>`)
	}
	b.WriteString("\n</body></html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeErrorPage writes an error page whose title and heading are title.
func writeErrorPage(w io.Writer, title string) error {
	t := html.EscapeString(title)
	_, err := io.WriteString(w, "<!doctype html>\n"+
		`<html lang="en"><head><meta charset="utf-8"><title>`+t+"</title></head>\n"+
		"<body><h1>"+t+"</h1></body></html>\n")
	return err
}

// safeHref makes a caller-supplied URL safe for a quoted href attribute:
// only http, https and relative URLs are linked (a javascript: or data:
// Issuer must not run in the browser that opens the page); anything else
// becomes "#", as html/template's "#ZgotmplZ" did. The result is
// attribute-escaped.
func safeHref(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "#"
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
		return html.EscapeString(raw)
	default:
		return "#"
	}
}

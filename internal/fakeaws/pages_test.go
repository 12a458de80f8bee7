package fakeaws

import (
	"strings"
	"testing"
)

func TestSafeHref(t *testing.T) {
	for _, tt := range []struct {
		raw, want string
	}{
		{"https://example.com/switchrole", "https://example.com/switchrole"},
		{"http://127.0.0.1:8080/console?a=1&b=2", "http://127.0.0.1:8080/console?a=1&amp;b=2"},
		{"HTTPS://example.com/", "HTTPS://example.com/"},
		{"/console", "/console"},
		{"switchrole", "switchrole"},
		{`https://example.com/"><script>`, "https://example.com/&#34;&gt;&lt;script&gt;"},
		{"javascript:alert(1)", "#"},
		{"JavaScript:alert(1)", "#"},
		{"data:text/html,<script>alert(1)</script>", "#"},
		{"vbscript:msgbox", "#"},
		{" javascript:alert(1)", "#"}, // unparsable: a leading space before a colon
		{"java\tscript:alert(1)", "#"},
	} {
		if got := safeHref(tt.raw); got != tt.want {
			t.Errorf("safeHref(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestPagesEscapeEveryValue(t *testing.T) {
	const hostile = `"><script>alert('x')</script>&`
	const escaped = `&#34;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;`
	var b strings.Builder
	if err := writeConsolePage(&b, consolePageData{Identity: hostile, Account: hostile, Destination: "https://e.com/" + hostile, Expires: hostile}); err != nil {
		t.Fatal(err)
	}
	console := b.String()
	if strings.Contains(console, "<script>") || strings.Contains(console, "alert('") {
		t.Errorf("console page lets markup through:\n%s", console)
	}
	// Title, heading, link text, href, datetime and time text.
	if n := strings.Count(console, escaped); n != 8 {
		t.Errorf("escaped value appears %d times, want 8:\n%s", n, console)
	}

	b.Reset()
	if err := writeErrorPage(&b, hostile); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); strings.Contains(got, "<script>") || strings.Count(got, escaped) != 2 {
		t.Errorf("error page:\n%s", got)
	}

	b.Reset()
	if err := writeExpiredPage(&b, "javascript:alert(1)"); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); strings.Contains(got, "javascript") || !strings.Contains(got, `<a id="issuer" href="#">`) {
		t.Errorf("expired page links a script:\n%s", got)
	}
}

func TestPagesContent(t *testing.T) {
	var b strings.Builder
	_ = writeConsolePage(&b, consolePageData{
		Identity: "assumed-role/Admin/alice", Account: "222222222222",
		Destination: "https://console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:", Expires: "2026-01-02T04:04:05Z",
	})
	want := `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signed in as assumed-role/Admin/alice in 222222222222</title></head>
<body>
<h1 id="identity">Signed in as assumed-role/Admin/alice in 222222222222</h1>
<p>Destination: <a id="destination" href="https://console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:">https://console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:</a></p>
<p>Session expires: <time id="expires" datetime="2026-01-02T04:04:05Z">2026-01-02T04:04:05Z</time></p>
</body></html>
`
	if b.String() != want {
		t.Errorf("console page:\n%s\nwant:\n%s", b.String(), want)
	}

	for _, tt := range []struct {
		issuer, want string
	}{
		{"", "<body><h1>Your console session has expired</h1>\n\n</body></html>\n"},
		{"https://example.com/sr", "<body><h1>Your console session has expired</h1>\n" +
			`<p><a id="issuer" href="https://example.com/sr">Sign in again</a></p>` + "\n</body></html>\n"},
	} {
		b.Reset()
		_ = writeExpiredPage(&b, tt.issuer)
		if !strings.HasSuffix(b.String(), tt.want) || !strings.Contains(b.String(), "<title>Session expired</title>") {
			t.Errorf("expired page for issuer %q:\n%s", tt.issuer, b.String())
		}
	}
}

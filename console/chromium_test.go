//go:build unix

package console

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/switchrole/switchrole/internal/browsertest"
)

// TestChromiumSignsIn drives a real headless browser through the whole
// console sign-in: AssumeRole with long-term keys (so SessionDuration is
// allowed), getSigninToken, then the login URL, whose 302 the browser
// follows to the fake console page naming the signed-in role.
func TestChromiumSignsIn(t *testing.T) {
	browsertest.Need(t)
	s := newFake(t)
	creds := assumeAsAlice(t, s, adminARN)
	if !AllowsSessionDuration("role", false) {
		t.Fatal("AssumeRole with long-term keys should allow SessionDuration")
	}
	login, err := SigninURL(context.Background(), SigninOptions{
		Credentials: creds, Partition: "aws", Region: "eu-west-1", Service: "s3",
		SessionDuration: 2 * time.Hour, FederationURL: s.FederationURL(),
	})
	if err != nil {
		t.Fatalf("SigninURL: %v", err)
	}

	dom, stderr := browsertest.DumpDOM(t, login)
	const want = "Signed in as assumed-role/Admin/alice in 222222222222"
	if !strings.Contains(dom, want) {
		t.Fatalf("the browser did not land signed in (want %q)\nDOM:\n%s\nchromium stderr (tail):\n%s", want, dom, browsertest.Tail(stderr, 2000))
	}
	if !strings.Contains(dom, "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1") {
		t.Errorf("console page does not show the destination:\n%s", dom)
	}
	if s.Calls("login") != 1 || s.Calls("console") < 1 {
		t.Errorf("fake saw %d login and %d console requests", s.Calls("login"), s.Calls("console"))
	}
}

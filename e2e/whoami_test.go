package e2e

import (
	"strings"
	"testing"

	"github.com/switchrole/switchrole/internal/fakeaws"
)

// TestWhoamiWithoutCredentialsSaysSo: outside a switchrole shell, with no
// keys anywhere, whoami says so in one sentence and names what to run,
// instead of the SDK's chain of provider errors.
func TestWhoamiWithoutCredentialsSaysSo(t *testing.T) {
	w := newWorld(t)
	r := w.run("", "whoami")
	assertFailedCleanly(t, w, r, "no AWS credentials in this environment", "switchrole shell", `eval "$(switchrole env TARGET)"`)
	for _, raw := range []string{"IMDS", "failed to refresh"} {
		if strings.Contains(r.stderr, raw) {
			t.Errorf("stderr shows the SDK's chain (%q): %q", raw, r.stderr)
		}
	}
}

// TestWhoamiAgainstANonAWSAnswerNamesStatusAndURL: an endpoint that answers
// with a page, not an AWS error, gets its status and URL named instead of
// "UnknownError: UnknownError".
func TestWhoamiAgainstANonAWSAnswerNamesStatusAndURL(t *testing.T) {
	for _, tc := range []struct {
		fault fakeaws.Fault
		want  []string
	}{
		{fakeaws.Fault{Status: 404, Page: "404 page not found\n"}, []string{"HTTP 404 Not Found", "endpoint URL"}},
		{fakeaws.Fault{Status: 503, Page: "<html><head><title>503 Service Unavailable</title></head><body>proxy</body></html>"},
			[]string{"HTTP 503 Service Unavailable", "AWS or a proxy"}},
	} {
		t.Run(tc.want[0], func(t *testing.T) {
			w := newWorld(t)
			w.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE01")
			w.setenv("AWS_SECRET_ACCESS_KEY", "secret/for/this/test")
			w.env.Server.SetFault(tc.fault)
			r := w.run("", "whoami")
			assertFailedCleanly(t, w, r, append(tc.want, w.env.Server.URL())...)
			if strings.Contains(r.stderr, "UnknownError") {
				t.Errorf("stderr says UnknownError: %q", r.stderr)
			}
		})
	}
}

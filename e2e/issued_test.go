package e2e

import (
	"testing"
	"time"

	"github.com/switchrole/switchrole/internal/fakeaws"
)

// TestBrokenCredentialsAreNotHandedOutOrCached: an STS answer whose
// credentials expired before they arrived, or that has no session token,
// fails in one sentence and leaves nothing in the cache.
func TestBrokenCredentialsAreNotHandedOutOrCached(t *testing.T) {
	for _, tc := range []struct {
		name   string
		quirks fakeaws.Quirks
		want   string
	}{
		{"expired", fakeaws.Quirks{ExpirationShift: -13 * time.Hour}, "already expired"},
		{"no session token", fakeaws.Quirks{NoSessionToken: true}, "without a session token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.env.Server.SetQuirks(tc.quirks)
			r := w.run("", "credential-process", "prod-core/Admin", "--mfa-code", w.code())
			assertFailedCleanly(t, w, r, tc.want)
			if files := cachedFiles(w); len(files) != 0 {
				t.Errorf("a broken answer was cached: %v", files)
			}
		})
	}
}

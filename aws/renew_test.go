package aws

import (
	"context"
	"testing"
	"time"
)

func TestRenewFetchesANewRoleSessionOnTheCachedMFASession(t *testing.T) {
	f := newFixture(t)
	first := f.retrieve(t, "prod")
	f.clock.Advance(40 * time.Minute) // the entry is still fresh
	renewed, err := f.e.Renew(context.Background(), f.targets["prod"])
	if err != nil {
		t.Fatal(err)
	}
	if renewed.FromCache || renewed.Credentials.AccessKeyID == first.Credentials.AccessKeyID {
		t.Fatalf("Renew returned the cached session %+v", renewed)
	}
	if !renewed.Credentials.Expires.Equal(t0.Add(40*time.Minute + time.Hour)) {
		t.Errorf("renewed expiry = %s", renewed.Credentials.Expires)
	}
	if n := f.sts.count("GetSessionToken"); n != 1 {
		t.Errorf("GetSessionToken calls = %d, want 1 (the MFA session comes from the cache)", n)
	}
	if n := f.prompt.count(); n != 1 {
		t.Errorf("MFA prompts = %d, want 1", n)
	}
	again := f.retrieve(t, "prod")
	if !again.FromCache || again.Credentials != renewed.Credentials {
		t.Errorf("Retrieve after Renew = %+v, want the renewed session from the cache", again.Credentials)
	}
}

func TestRenewFailureKeepsTheCachedEntry(t *testing.T) {
	f := newFixture(t)
	first := f.retrieve(t, "prod")
	f.sts.failNext("AssumeRole", apiErr("Throttling", "Rate exceeded"))
	if _, err := f.e.Renew(context.Background(), f.targets["prod"]); err == nil {
		t.Fatal("Renew succeeded although AssumeRole failed")
	}
	again := f.retrieve(t, "prod")
	if !again.FromCache || again.Credentials != first.Credentials {
		t.Errorf("after a failed Renew the cache holds %+v, want the first session", again.Credentials)
	}
}

// TestChainOverAFailingParentIsAnError: when the parent role of a chain
// cannot be had, the child's Retrieve says why (it used to dereference the
// missing parent's credentials and panic).
func TestChainOverAFailingParentIsAnError(t *testing.T) {
	child := roleTarget("child", devARN, "prod")
	f := newFixture(t, jumpTarget(), roleTarget("prod", prodARN, "jump"), child)
	delete(f.backend.profiles, "jump")
	if err := f.retrieveErr("child"); err == nil {
		t.Fatal("a chain over a source that cannot load succeeded")
	}
}

package aws

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestMFASessionCoversTheDayAndRenewsOnRequest(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	s, err := f.e.MFASession(ctx, f.targets["prod"], false) // a role names its source
	if err != nil {
		t.Fatal(err)
	}
	if s.Target.Name != "jump" || s.Kind != KindSession || !s.MFA || s.FromCache || !s.Credentials.Expires.Equal(t0.Add(12*time.Hour)) {
		t.Errorf("login session = %+v", s)
	}
	f.retrieve(t, "prod")
	f.retrieve(t, "dev")
	if n := f.prompt.count(); n != 1 {
		t.Errorf("MFA prompts = %d after login and two roles, want 1", n)
	}
	again, err := f.e.MFASession(ctx, f.targets["jump"], false)
	if err != nil || !again.FromCache {
		t.Errorf("second login = %+v, %v; want the cached session", again, err)
	}
	renewed, err := f.e.MFASession(ctx, f.targets["jump"], true)
	if err != nil || renewed.FromCache || renewed.Credentials.AccessKeyID == s.Credentials.AccessKeyID {
		t.Errorf("renewed login = %+v, %v; want a new session", renewed, err)
	}
	if n := f.sts.count("GetSessionToken"); n != 2 {
		t.Errorf("GetSessionToken calls = %d, want 2", n)
	}
}

func TestMFASessionOfADirectRoleIsAnError(t *testing.T) {
	long := roleTarget("long", prodARN, "jump")
	long.Duration = 4 * time.Hour // over an hour: assumed directly with a code
	f := newFixture(t, jumpTarget(), long)
	_, err := f.e.MFASession(context.Background(), long, false)
	if !errors.Is(err, ErrNoMFASession) || !strings.Contains(err.Error(), "long is not assumed") {
		t.Errorf("err = %v, want ErrNoMFASession", err)
	}
}

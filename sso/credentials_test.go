package sso

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	engine "github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/aws/plan"
	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/fakeaws"
	"github.com/switchrole/switchrole/internal/fakeawstest"
)

// lookup is a configuration of a few targets.
type lookup map[string]*config.Target

func (l lookup) Lookup(name string) (*config.Target, bool) { t, ok := l[name]; return t, ok }

const deployARN = "arn:aws:iam::666666666666:role/Deploy"

// ssoWorld is the engine with an SSO target (prod/Admin of session corp)
// and a role chained from it (app/Deploy), against the fake, signed in.
type ssoWorld struct {
	s      *fakeaws.Server
	signer *Signer
	e      *engine.Engine
	prov   *Provider
	ts     lookup
}

func newSSOWorld(t *testing.T) *ssoWorld {
	t.Helper()
	s := fakeawstest.Start(t, fakeaws.WithIdentityCenter(center()))
	if err := s.AddRole(fakeaws.Role{ARN: deployARN, Trust: fakeaws.Trust{Principals: []string{"222222222222"}}}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_ENDPOINT_URL_STS", s.URL())
	g := newSigner(t, s, &approver{s: s})
	if _, err := g.Login(context.Background(), corp, true); err != nil {
		t.Fatal(err)
	}
	admin := &config.Target{Name: "prod/Admin", Kind: config.KindSource, Account: "prod", AccountID: "222222222222", Role: "Admin",
		SSOSession: corp.Name, SSOStartURL: corp.StartURL, SSORegion: corp.Region, CredentialsID: "sso " + startURL + " 222222222222 Admin"}
	deploy := &config.Target{Name: "app/Deploy", Kind: config.KindRole, AccountID: "666666666666", Role: "Deploy", RoleARN: deployARN, Source: "prod/Admin"}
	ts := lookup{admin.Name: admin, deploy.Name: deploy}
	store, err := cache.Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	prov := &Provider{Cache: g.Cache}
	e := &engine.Engine{Settings: plan.Settings{Targets: ts}, Cache: store, SSO: prov}
	return &ssoWorld{s: s, signer: g, e: e, prov: prov, ts: ts}
}

func (w *ssoWorld) retrieve(t *testing.T, name string) *engine.Session {
	t.Helper()
	sess, err := w.e.Retrieve(context.Background(), w.ts[name])
	if err != nil {
		t.Fatalf("Retrieve(%s): %v", name, err)
	}
	return sess
}

// TestSSOTargetCredentials: an SSO target's credentials come from
// GetRoleCredentials with the cached sign-in, and are cached like a
// source's session: the second call makes no request.
func TestSSOTargetCredentials(t *testing.T) {
	w := newSSOWorld(t)
	sess := w.retrieve(t, "prod/Admin")
	if sess.Kind != engine.KindSSO || sess.FromCache || sess.Credentials.AccountID != "222222222222" || sess.Credentials.SessionToken == "" {
		t.Fatalf("session %+v", sess)
	}
	issued, ok := w.s.Issued(sess.Credentials.AccessKeyID)
	if !ok || !strings.Contains(issued.ARN, "AWSReservedSSO_Admin_") {
		t.Fatalf("the fake did not issue these credentials: %+v", issued)
	}
	if again := w.retrieve(t, "prod/Admin"); !again.FromCache || w.s.Calls("GetRoleCredentials") != 1 {
		t.Fatalf("second call: from cache %t, GetRoleCredentials %d", again.FromCache, w.s.Calls("GetRoleCredentials"))
	}
}

// TestRoleChainedFromSSOTarget: a role whose source is an SSO target is
// assumed with the SSO role's credentials (one GetRoleCredentials for
// both, cached).
func TestRoleChainedFromSSOTarget(t *testing.T) {
	w := newSSOWorld(t)
	sess := w.retrieve(t, "app/Deploy")
	if !sess.Chained || !strings.HasPrefix(sess.Arn, "arn:aws:sts::666666666666:assumed-role/Deploy/") {
		t.Fatalf("session %+v", sess)
	}
	w.retrieve(t, "prod/Admin")
	if w.s.Calls("GetRoleCredentials") != 1 || w.s.Calls("AssumeRole") != 1 {
		t.Fatalf("GetRoleCredentials %d AssumeRole %d, want 1 1", w.s.Calls("GetRoleCredentials"), w.s.Calls("AssumeRole"))
	}
}

// TestSSOTargetNeedsSignIn: with no sign-in, or one that ran out without a
// usable refresh token, the error is one sentence saying what to run.
func TestSSOTargetNeedsSignIn(t *testing.T) {
	w := newSSOWorld(t)
	w.prov.Cache = Cache{Dir: t.TempDir()}
	_, err := w.e.Retrieve(context.Background(), w.ts["prod/Admin"])
	want := `SSO session "corp" is not signed in; sign in with ` + "`switchrole sso login corp`"
	if !errors.Is(err, engine.ErrSignIn) || err.Error() != want {
		t.Fatalf("err = %v", err)
	}
	// A sign-in that expired, with no refresh token to renew it.
	w = newSSOWorld(t)
	tok, _, _ := w.signer.Cache.ReadToken(corp)
	tok.RefreshToken, tok.ExpiresAt = "", time.Now().Add(-time.Hour)
	if err := w.signer.Cache.WriteToken(corp, tok); err != nil {
		t.Fatal(err)
	}
	_, err = w.e.Retrieve(context.Background(), w.ts["app/Deploy"])
	if !errors.Is(err, engine.ErrSignIn) || !strings.Contains(err.Error(), `the sign-in to SSO session "corp" expired at`) ||
		strings.Contains(err.Error(), tok.AccessToken) || w.s.Calls("GetRoleCredentials") != 0 {
		t.Fatalf("err = %v", err)
	}
}

// TestSSOTargetRefreshesTheSignIn: an expired sign-in with a refresh token
// is renewed (and cached for the AWS CLI too) without a new sign-in; so is
// one the portal stopped accepting early.
func TestSSOTargetRefreshesTheSignIn(t *testing.T) {
	w := newSSOWorld(t)
	before, _, _ := w.signer.Cache.ReadToken(corp)
	w.prov.Now = func() time.Time { return time.Now().Add(9 * time.Hour) }
	w.retrieve(t, "prod/Admin")
	after, _, _ := w.signer.Cache.ReadToken(corp)
	if after.AccessToken == before.AccessToken || w.s.Calls("CreateToken") != 2 {
		t.Fatalf("no refresh: CreateToken %d", w.s.Calls("CreateToken"))
	}

	w = newSSOWorld(t)
	w.s.ExpireSSOTokens()
	if sess := w.retrieve(t, "prod/Admin"); sess.Credentials.AccessKeyID == "" || w.s.Calls("GetRoleCredentials") != 2 {
		t.Fatalf("GetRoleCredentials %d, want 2 (refused, then with the refreshed token)", w.s.Calls("GetRoleCredentials"))
	}
}

// TestSSOTargetNotAssigned: a role the portal no longer gives is one
// sentence pointing at `sso sync`.
func TestSSOTargetNotAssigned(t *testing.T) {
	w := newSSOWorld(t)
	w.ts["prod/Admin"].Role = "Gone"
	_, err := w.e.Retrieve(context.Background(), w.ts["prod/Admin"])
	if !errors.Is(err, engine.ErrSSO) || !strings.Contains(err.Error(), "role Gone of account 222222222222 is not assigned to you") ||
		!strings.Contains(err.Error(), "switchrole sso sync corp") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v", err)
	}
}

package sso

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/switchrole/switchrole/internal/fakeaws"
	"github.com/switchrole/switchrole/internal/fakeawstest"
)

// bigCenter is an Identity Center with n accounts of three roles, throttled
// at rps requests per second.
func bigCenter(n, rps int) fakeaws.IdentityCenter {
	ic := fakeaws.IdentityCenter{StartURL: startURL, RequestsPerSecond: rps, AutoApprove: true}
	for i := range n {
		ic.Accounts = append(ic.Accounts, fakeaws.SSOAccount{ID: fmt.Sprintf("%012d", i+1), Name: fmt.Sprintf("acct-%04d", i+1),
			Roles: []string{"AdministratorAccess", "ReadOnlyAccess", "Billing"}})
	}
	return ic
}

func signedIn(t testing.TB, s *fakeaws.Server, g *Signer) string {
	t.Helper()
	tok, err := g.Login(context.Background(), corp, true)
	if err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}

func TestListEveryPageUnderThrottling(t *testing.T) {
	// The lister asks for twice what the fake allows: throttled requests
	// must be retried, and the listing still complete and in order.
	s := fakeawstest.Start(t, fakeaws.WithIdentityCenter(bigCenter(250, 100)))
	g := newSigner(t, s, &approver{s: s})
	token := signedIn(t, s, g)
	var last, calls int
	l := &Lister{Portal: g.Clients.Portal, Rate: 200, Progress: func(done, total int) {
		calls++
		if total != 250 || done <= last {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
	}}
	got, err := l.List(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 750 || got[0] != (Assignment{AccountID: "000000000001", AccountName: "acct-0001", Role: "AdministratorAccess"}) || got[749].AccountID != "000000000250" {
		t.Fatalf("%d assignments, first %+v", len(got), got[0])
	}
	if calls != 250 || last != 250 {
		t.Errorf("progress called %d times, last %d", calls, last)
	}
	if s.Calls("ListAccounts") < 3 {
		t.Errorf("ListAccounts calls = %d, want 3 pages of 100", s.Calls("ListAccounts"))
	}
	throttled := 0
	for _, r := range s.Requests() {
		if r.Code == "TooManyRequestsException" {
			throttled++
		}
	}
	if throttled == 0 {
		t.Error("the fake never throttled: the test does not exercise retries")
	}
}

func TestListExpiredSignIn(t *testing.T) {
	s := fakeawstest.Start(t, fakeaws.WithIdentityCenter(bigCenter(3, 0)))
	g := newSigner(t, s, &approver{s: s})
	token := signedIn(t, s, g)
	s.ExpireSSOTokens()
	_, err := (&Lister{Portal: g.Clients.Portal, Rate: 100}).List(context.Background(), token)
	if err == nil {
		t.Fatal("an expired token listed accounts")
	}
}

// BenchmarkList2000x3 lists 2,000 accounts of three roles from a fake that
// throttles above 20 requests per second, as Identity Center does. The
// floor is (20 ListAccounts pages + 2,000 ListAccountRoles) / 20 per
// second = 101 s; it reports the ratio to that floor.
func BenchmarkList2000x3(b *testing.B) {
	const accounts, rps = 2000, 20
	s := fakeawstest.Start(b, fakeaws.WithIdentityCenter(bigCenter(accounts, rps)))
	g := newSignerB(b, s)
	tok, err := g.Login(context.Background(), corp, true)
	if err != nil {
		b.Fatal(err)
	}
	floor := time.Duration(accounts+accounts/pageSize) * time.Second / rps
	for b.Loop() {
		start := time.Now()
		got, err := (&Lister{Portal: g.Clients.Portal, Rate: rps}).List(context.Background(), tok.AccessToken)
		if err != nil || len(got) != 3*accounts {
			b.Fatalf("%d assignments, %v", len(got), err)
		}
		b.ReportMetric(time.Since(start).Seconds()/floor.Seconds(), "x-floor")
	}
}

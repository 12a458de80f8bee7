package discover

import (
	"context"
	"fmt"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/switchrole/switchrole/internal/fakeaws"
	"github.com/switchrole/switchrole/internal/fakeawstest"
)

// BenchmarkDiscover800 lists an organization of 800 accounts in 20 OUs,
// each with 3 tags, against a fake that answers each call in 100 ms and
// throttles above limit requests per second (aws-sso-cli #448 took 7.5
// minutes for 800 accounts): 10, above DefaultRate, and 5, below it, where
// the listing lives on retries. One iteration takes as long as the rate
// allows (about 860 calls): run it with -benchtime=1x.
func BenchmarkDiscover800(b *testing.B) {
	for _, limit := range []int{10, 5} {
		b.Run(fmt.Sprintf("limit=%d", limit), func(b *testing.B) { benchmarkDiscover(b, 800, limit) })
	}
}

func benchmarkDiscover(b *testing.B, accounts, limit int) {
	org := fakeaws.Organization{ManagementAccountID: mgmtAccount, RequestsPerSecond: limit}
	for i := range 20 {
		org.OUs = append(org.OUs, fmt.Sprintf("Unit%02d", i))
	}
	for i := range accounts {
		org.Accounts = append(org.Accounts, fakeaws.OrgAccount{ID: fmt.Sprintf("2%011d", i), Name: fmt.Sprintf("acct-%03d", i),
			OU: org.OUs[i%20], Tags: map[string]string{"env": "prod", "team": fmt.Sprint(i % 7), "cost": "x"}})
	}
	s := fakeawstest.Start(b,
		fakeaws.WithUser(fakeaws.User{Name: "alice", AccountID: mgmtAccount, AccessKeyID: aliceKey, SecretAccessKey: aliceSecret}),
		fakeaws.WithOrganization(org))
	s.SetFault(fakeaws.Fault{Latency: 100 * time.Millisecond})
	b.Setenv("AWS_ENDPOINT_URL_ORGANIZATIONS", s.URL())
	c, err := NewClient(context.Background(), sdkaws.Credentials{AccessKeyID: aliceKey, SecretAccessKey: aliceSecret}, "us-east-1")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		got, err := (&Lister{Client: c}).List(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if len(got.Accounts) != accounts || got.Accounts[accounts-1].OUPath != org.OUs[(accounts-1)%20] || len(got.Accounts[0].Tags) != 3 {
			b.Fatalf("listed %d accounts", len(got.Accounts))
		}
	}
	b.ReportMetric(float64(len(s.Requests()))/float64(b.N), "calls/op")
	b.ReportMetric(float64(throttledRequests(s))/float64(b.N), "throttled/op")
}

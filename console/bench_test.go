package console

import (
	"context"
	"fmt"
	"io"
	"testing"
)

func BenchmarkConsoleColor(b *testing.B) {
	for b.Loop() {
		ConsoleColor("#3fa7d6")
	}
}

func BenchmarkSwitchRoleURL(b *testing.B) {
	o := LinkOptions{AccountID: "123456789012", RoleName: "team/Admin", DisplayName: "prod admin", Color: "#ff0000"}
	for b.Loop() {
		SwitchRoleURL(o)
	}
}

func BenchmarkDestination(b *testing.B) {
	for b.Loop() {
		Destination("aws", "eu-west-1", "", "ec2/home#Instances:sort=desc")
	}
}

// BenchmarkWriteBookmarksHTML exports 500 roles, a large organisation.
func BenchmarkWriteBookmarksHTML(b *testing.B) {
	entries := manyEntries(500)
	for b.Loop() {
		if err := WriteBookmarksHTML(io.Discard, "AWS", entries); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteAESR(b *testing.B) {
	entries := manyEntries(500)
	for b.Loop() {
		if err := WriteAESR(io.Discard, entries); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSigninURL is one getSigninToken round trip to the local fake:
// the part of `switchrole console` this package owns.
func BenchmarkSigninURL(b *testing.B) {
	s := newFake(b)
	creds := assumeAsAlice(b, s, adminARN)
	o := SigninOptions{Credentials: creds, Region: "eu-west-1", FederationURL: s.FederationURL()}
	for b.Loop() {
		if _, err := SigninURL(context.Background(), o); err != nil {
			b.Fatal(err)
		}
	}
}

func manyEntries(n int) []LinkEntry {
	out := make([]LinkEntry, n)
	for i := range out {
		out[i] = LinkEntry{Name: fmt.Sprintf("acct-%d/Role%d", i/5, i%5), Account: fmt.Sprintf("acct-%d", i/5),
			AccountID: fmt.Sprintf("%012d", 100000000000+i/5), Role: fmt.Sprintf("team/Role%d", i%5), Color: "#83d4e8", Region: "eu-west-1",
			SourceAccountID: "111111111111", SourceName: "identity"}
	}
	return out
}

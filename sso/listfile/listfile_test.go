package listfile

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

const start = "https://d-1234567890.awsapps.com/start"

// TestWriteRead: a listing comes back as written, in order; a field with a
// tab or newline keeps its line; another start URL's listing is not used.
func TestWriteRead(t *testing.T) {
	c := Cache{Dir: filepath.Join(t.TempDir(), "sso")}
	l := Listing{StartURL: start, Region: "eu-west-1", Fetched: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC), Assignments: []Assignment{
		{AccountID: "222222222222", AccountName: "prod", Email: "a@example.com", Role: "Admin"},
		{AccountID: "333333333333", AccountName: "odd\tname\n", Role: "ReadOnly"},
	}}
	if err := c.Write("corp", l); err != nil {
		t.Fatal(err)
	}
	got, ok := c.Read("corp", start)
	l.Assignments[1].AccountName = "odd name "
	if !ok || !reflect.DeepEqual(got, l) {
		t.Fatalf("read %+v, %t\nwant %+v", got, ok, l)
	}
	fi, err := os.Stat(filepath.Join(c.Dir, FileName("corp")))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("file: %v %v", err, fi)
	}
	if _, ok := c.Read("corp", "https://other.awsapps.com/start"); ok {
		t.Error("read another start URL's listing")
	}
	if _, ok := c.Read("nope", start); ok {
		t.Error("read a listing never written")
	}
}

// TestReadsTheJSONListing: the one-object JSON file of before is read.
func TestReadsTheJSONListing(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, FileName("corp")), []byte(`{"start_url":"`+start+`","region":"eu-west-1","fetched":"2026-12-03T09:00:00Z","assignments":[{"account_id":"222222222222","account_name":"prod","role":"Admin"}]}`), 0o600)
	got, ok := Cache{Dir: dir}.Read("corp", start)
	if !ok || len(got.Assignments) != 1 || got.Assignments[0].Role != "Admin" {
		t.Fatalf("read %+v %t", got, ok)
	}
	os.WriteFile(filepath.Join(dir, FileName("corp")), []byte(`{"start_url":"`+start+`"}`+"\n222222222222\tprod\n"), 0o600)
	if _, ok := (Cache{Dir: dir}).Read("corp", start); ok {
		t.Error("a broken line was read")
	}
}

// TestTriesAreForgottenByAWrite: a try, and a failure's sentence, are
// remembered until a listing is written; the sentence is given once.
func TestTriesAreForgottenByAWrite(t *testing.T) {
	c := Cache{Dir: filepath.Join(t.TempDir(), "sso")}
	if !c.LastTried("corp").IsZero() || c.TakeFailure("corp") != "" {
		t.Fatal("a try before any")
	}
	if err := c.Tried("corp"); err != nil {
		t.Fatal(err)
	}
	if since := time.Since(c.LastTried("corp")); since < 0 || since > time.Minute || c.TakeFailure("corp") != "" {
		t.Fatalf("last tried %s ago", since)
	}
	if err := c.Failed("corp", "no answer"); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-10 * time.Minute)
	if err := os.Chtimes(c.triedPath("corp"), past, past); err != nil {
		t.Fatal(err)
	}
	if why := c.TakeFailure("corp"); why != "no answer" {
		t.Fatalf("TakeFailure = %q", why)
	}
	if why := c.TakeFailure("corp"); why != "" {
		t.Errorf("the failure was given twice: %q", why)
	}
	if !c.LastTried("corp").Equal(past) {
		t.Errorf("taking the failure moved the try to %s", c.LastTried("corp"))
	}
	if err := c.Write("corp", Listing{StartURL: start}); err != nil {
		t.Fatal(err)
	}
	if !c.LastTried("corp").IsZero() {
		t.Error("the try outlived a new listing")
	}
}

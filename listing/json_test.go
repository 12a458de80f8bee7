package listing

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/switchrole/switchrole/config"
)

// TestJSONAsEncodingJSON: list --json writes what encoding/json's Encoder
// with a two-space indent writes for targetJSON, byte for byte: strings that
// need escaping (quotes in a problem, HTML characters, non-ASCII), the
// problem field only where there is one, and an empty list.
func TestJSONAsEncodingJSON(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	opts := config.Options{
		AWSConfigFile: write("config", "[profile jump]\naws_access_key_id = AKIAJUMP\naws_secret_access_key = s\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n"+
			"[profile prod-é]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = jump\nregion = eu-west-1\n"+
			"[profile broken]\nrole_arn = Admin\nsource_profile = jump\n"),
		AWSCredentialsFile: filepath.Join(dir, "none"),
		File: write("switchrole.toml", "[sources.jump]\nprofile = \"jump\"\n[[accounts]]\nname = \"a<b>&\\\"c\"\nid = \"333333333333\"\ncolor = \"red\"\n"+
			"tags = [\"x\"]\nroles = [\"Admin\", \"ReadOnly\"]\n"+
			"[[accounts]]\nname = \"d<e\"\nid = \"444444444444\"\nroles = [\"Admin\"]\n"),
	}
	idx, err := config.LoadIndex(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, order := range [][]int{Order(idx, ""), Order(idx, "admin"), {}} {
		var got bytes.Buffer
		if err := writeJSON(&got, idx, order); err != nil {
			t.Fatal(err)
		}
		want := make([]targetJSON, len(order))
		for k, i := range order {
			tg := idx.Target(i)
			want[k] = targetJSON{Name: tg.Name, Kind: string(tg.Kind), Account: tg.Account, AccountID: tg.AccountID,
				Role: tg.Role, RoleARN: tg.RoleARN, Source: tg.Source, MFASerial: tg.MFASerial,
				Region: tg.Region, Color: tg.Color, Origin: tg.Origin.String(), From: tg.From()}
			if tg.Problem != nil {
				want[k].Problem = tg.Problem.Error()
			}
		}
		var wantBuf bytes.Buffer
		enc := json.NewEncoder(&wantBuf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(want); err != nil {
			t.Fatal(err)
		}
		if got.String() != wantBuf.String() {
			t.Errorf("list --json of %d targets:\n%s\nencoding/json:\n%s", len(order), got.String(), wantBuf.String())
		}
	}
}

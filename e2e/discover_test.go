package e2e

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/switchrole/switchrole/internal/fakeaws"
)

// TestDiscoverOrg runs `discover org` as a user would, against the demo's
// Organization: stdout, --write, a second run, the missing-permission
// sentences, and a failure midway that leaves the file alone.
func TestDiscoverOrg(t *testing.T) {
	w := newWorld(t)
	before, err := os.ReadFile(w.env.ConfigFile)
	if err != nil {
		t.Fatal(err)
	}

	// stdout: only what the demo config does not have by hand.
	r := w.mustRun("", "discover", "org", "--source", "jump", "--role", "ReadOnly", "--mfa-code", w.code())
	for _, want := range []string{`name = "identity"`, `name = "sandbox-alice"`, `group = "Workloads/Dev/Sandboxes"`, `tags = ["dev", "owner=alice"]`, `roles = ["ReadOnly"]`, `discovered = "o-`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %s:\n%s", want, r)
		}
	}
	if strings.Contains(r.stdout, "sandbox-old") || strings.Contains(r.stdout, `"prod-core"`) {
		t.Errorf("stdout holds a suspended or hand-written account:\n%s", r)
	}
	if !strings.Contains(r.stderr, "15 of the organization's accounts are already yours") || !strings.Contains(r.stderr, "left out 1 account that is not ACTIVE: sandbox-old (SUSPENDED)") {
		t.Errorf("stderr:\n%s", r)
	}

	// --dry-run changes nothing; --write merges; a second --write has nothing to do.
	r = w.mustRun("", "discover", "org", "--source", "jump", "--role", "ReadOnly", "--write", "--dry-run")
	if !strings.Contains(r.stdout, `+name = "sandbox-bob"`) {
		t.Errorf("dry run:\n%s", r)
	}
	if now, _ := os.ReadFile(w.env.ConfigFile); string(now) != string(before) {
		t.Fatal("--dry-run wrote the file")
	}
	r = w.mustRun("", "discover", "org", "--source", "jump", "--role", "ReadOnly", "--write")
	if !strings.Contains(r.stderr, "3 added, 0 updated, 0 removed") {
		t.Errorf("write:\n%s", r)
	}
	after, _ := os.ReadFile(w.env.ConfigFile)
	if !strings.HasPrefix(string(after), string(before)) {
		t.Fatal("the demo's own config changed")
	}
	st, _ := os.Stat(w.env.ConfigFile)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v", st.Mode())
	}
	r = w.mustRun("", "list", "--filter", "Sandboxes")
	if !strings.Contains(r.stdout, "sandbox-alice/ReadOnly") || !strings.Contains(r.stdout, "sandbox-bob/ReadOnly") {
		t.Errorf("list --filter Sandboxes:\n%s", r)
	}
	r = w.mustRun("", "discover", "org", "--source", "jump", "--role", "ReadOnly", "--write")
	if !strings.Contains(r.stderr, "is up to date") {
		t.Errorf("second write:\n%s", r)
	}

	// --json: what AWS said, the user's own accounts included.
	r = w.mustRun("", "discover", "org", "--source", "jump", "--json")
	var listed struct {
		Organization string
		Accounts     []struct {
			ID, Name string
			OUPath   string `json:"ou_path"`
			Tags     map[string]string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &listed); err != nil {
		t.Fatalf("--json: %v\n%s", err, r)
	}
	if len(listed.Accounts) != 18 || !strings.HasPrefix(listed.Organization, "o-") {
		t.Errorf("--json listed %d accounts of %q", len(listed.Accounts), listed.Organization)
	}
	for _, a := range listed.Accounts {
		if a.Name == "prod-core" && (a.OUPath != "Workloads/Prod" || a.Tags["cost-center"] != "production") {
			t.Errorf("prod-core in JSON = %+v", a)
		}
	}

	// A failure midway leaves the file as it was.
	org := w.env.Server
	org.SetFault(fakeaws.Fault{Status: 500, Code: "ServiceException", Message: "internal failure", Count: 1, Actions: []string{"organizations:ListTagsForResource"}})
	r = w.run("", "discover", "org", "--source", "jump", "--role", "Admin", "--write")
	if r.code != 1 || !strings.Contains(r.stderr, "ServiceException") {
		t.Errorf("faulted run:\n%s", r)
	}
	if now, _ := os.ReadFile(w.env.ConfigFile); string(now) != string(after) {
		t.Fatal("a failed run changed the file")
	}

	// Tags denied: written without them, with one note.
	org.Deny("arn:aws:iam::111111111111:user/alice", "organizations:ListTagsForResource")
	r = w.mustRun("", "discover", "org", "--source", "jump", "--role", "ReadOnly")
	if !strings.Contains(r.stderr, "note: accounts listed without tags: jump") || !strings.Contains(r.stderr, "may not call organizations:ListTagsForResource") || strings.Contains(r.stdout, "tags =") {
		t.Errorf("tags denied:\n%s", r)
	}
	// ListAccounts denied: one sentence, exit 1.
	org.Deny("111111111111", "organizations:ListAccounts")
	r = w.run("", "discover", "org", "--source", "jump", "--role", "ReadOnly")
	if r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "may not call organizations:ListAccounts") {
		t.Errorf("ListAccounts denied:\n%s", r)
	}
	// A role in a member account: not the management account.
	r = w.run("", "discover", "org", "--source", "prod-core/ReadOnly", "--role", "ReadOnly")
	if r.code != 1 || !strings.Contains(r.stderr, "prod-core/ReadOnly") || !strings.Contains(r.stderr, "organizations:ListAccounts") {
		t.Errorf("member account:\n%s", r)
	}
	r = w.run("", "discover", "org")
	if r.code != 2 || !strings.Contains(r.stderr, "needs --source") {
		t.Errorf("no --source:\n%s", r)
	}
	// No --role and no [defaults] roles: the accounts would not load, so
	// it stops before the listing.
	r = w.run("", "discover", "org", "--source", "jump")
	if r.code != 2 || !strings.Contains(r.stderr, "with --role NAME") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("no --role:\n%s", r)
	}
	// alice's account in no organization.
	if err := org.SetOrganization(fakeaws.Organization{ManagementAccountID: "999999999999"}); err != nil {
		t.Fatal(err)
	}
	r = w.run("", "discover", "org", "--source", "jump", "--role", "ReadOnly")
	if r.code != 1 || !strings.Contains(r.stderr, "belongs to no AWS Organization") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("not in an organization:\n%s", r)
	}
}

// TestDiscoverOrgUnreachable: with no answer from Organizations (offline, a
// VPN down) discover says so in one sentence, not the SDK's
// "operation error … RequestID".
func TestDiscoverOrgUnreachable(t *testing.T) {
	w := newWorld(t)
	w.setenv("AWS_ENDPOINT_URL_ORGANIZATIONS", "http://127.0.0.1:1")
	r := w.run("", "discover", "org", "--source", "jump", "--role", "ReadOnly", "--mfa-code", w.code())
	if r.code != 1 || !strings.Contains(r.stderr, "no answer from AWS Organizations") || strings.Contains(r.stderr, "operation error") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("unreachable:\n%s", r)
	}
}

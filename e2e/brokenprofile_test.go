package e2e

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestOneBadProfileDoesNotStopTheTool: a broken profile in the shared
// ~/.aws/config is a warning naming FILE:LINE; list works and exits 0 and
// marks it in --json; using it fails with the sentence (exit 2); the other
// targets work; config check lists the problem and exits 2.
func TestOneBadProfileDoesNotStopTheTool(t *testing.T) {
	w := newWorld(t)
	awsConfig := filepath.Join(w.env.Dir, "aws", "config")
	appendAWSConfig(t, w, "\n[profile broken]\nrole_arn = Admin\ncredential_source = Environment\n")
	const sentence = `profile "broken": role_arn "Admin" is not an ARN`

	r := w.run("", "list")
	if r.code != 0 || !strings.Contains(r.stderr, "switchrole: warning: "+awsConfig+":") || !strings.Contains(r.stderr, sentence) {
		t.Fatalf("list: %s", r)
	}
	if n := strings.Count(r.stderr, "\n"); n != 1 {
		t.Errorf("list: %d warning lines, want 1: %s", n, r.stderr)
	}
	if !strings.Contains(r.stdout, "prod-core/Admin") {
		t.Errorf("list lost the other targets: %s", r)
	}

	r = w.run("", "list", "--json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || r.code != 0 {
		t.Fatalf("list --json: %v\n%s", err, r)
	}
	marked := 0
	for _, row := range rows {
		if p, ok := row["problem"].(string); ok {
			marked++
			if row["name"] != "broken" || !strings.Contains(p, sentence) {
				t.Errorf("row %v", row)
			}
		}
	}
	if marked != 1 {
		t.Errorf("%d targets marked, want 1", marked)
	}

	r = w.run("", "env", "broken")
	if r.code != 2 || !strings.Contains(r.stderr, sentence) || r.stdout != "" {
		t.Errorf("env broken: %s", r)
	}
	r = w.run("", "env", "prod-core/ReadOnly", "--mfa-code", w.code())
	if r.code != 0 || !strings.Contains(r.stdout, "AWS_SECRET_ACCESS_KEY") {
		t.Errorf("env prod-core/ReadOnly: %s", r)
	}

	r = w.run("", "config", "check")
	if r.code != 2 || !strings.Contains(r.stderr, sentence) || !strings.Contains(r.stdout, "1 problem (below)") {
		t.Errorf("config check: %s", r)
	}
}

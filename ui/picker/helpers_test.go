package picker

import (
	"fmt"
	"time"

	"github.com/switchrole/switchrole/config"
)

// sampleTargets is a small realistic mix: TOML roles, a jump source, profile
// names from ~/.aws/config, with and without colours and MFA.
func sampleTargets() []*config.Target {
	return []*config.Target{
		{Name: "jump", Kind: config.KindSource, Account: "identity", AccountID: "111111111111", Region: "eu-west-1", MFASerial: "arn:aws:iam::111111111111:mfa/alice", Color: "#4455ff"},
		{Name: "prod-core/Admin", Kind: config.KindRole, Account: "prod-core", AccountID: "222222222222", Role: "Admin", Region: "eu-west-1", Source: "jump", MFASerial: "arn:aws:iam::111111111111:mfa/alice", Color: "#ff0000", Tags: []string{"production"}},
		{Name: "prod-core/ReadOnly", Kind: config.KindRole, Account: "prod-core", AccountID: "222222222222", Role: "ReadOnly", Region: "eu-west-1", Source: "jump", MFASerial: "arn:aws:iam::111111111111:mfa/alice", Color: "#ff0000"},
		{Name: "prod-data/Admin", Kind: config.KindRole, Account: "prod-data", AccountID: "333333333333", Role: "Admin", Region: "us-east-1", Source: "jump", MFASerial: "arn:aws:iam::111111111111:mfa/alice", Color: "#ff8800"},
		{Name: "staging/Developer", Kind: config.KindRole, Account: "staging", AccountID: "444444444444", Role: "Developer", Region: "eu-central-1", Source: "jump", Color: "#00aa00"},
		{Name: "acme-sandbox-admin", Kind: config.KindRole, Account: "", AccountID: "555555555555", Role: "OrganizationAccountAccessRole", Region: "ap-southeast-2", Source: "jump"},
		{Name: "legacy-ci", Kind: config.KindRole, AccountID: "666666666666", Role: "ci-deployer", CredentialSource: "Environment"},
	}
}

// manyTargets generates n targets shaped like a large organisation:
// accounts of 50 roles each.
func manyTargets(n int) []*config.Target {
	roles := []string{"Admin", "ReadOnly", "Developer", "Billing", "SecurityAudit", "DataScientist", "NetworkAdmin", "Support", "PowerUser", "Operator"}
	envs := []string{"prod", "staging", "dev", "sandbox", "shared", "audit", "data", "ml", "edge", "core"}
	out := make([]*config.Target, 0, n)
	for i := 0; len(out) < n; i++ {
		account := fmt.Sprintf("%s-%s-%d", envs[i%len(envs)], envs[(i/len(envs))%len(envs)], i)
		id := fmt.Sprintf("%012d", 100000000000+i)
		for r := 0; r < 50 && len(out) < n; r++ {
			role := roles[r%len(roles)]
			if r >= len(roles) {
				role = fmt.Sprintf("%s%d", role, r/len(roles))
			}
			out = append(out, &config.Target{
				Name: account + "/" + role, Kind: config.KindRole, Account: account, AccountID: id,
				Role: role, Region: "eu-west-1", Source: "jump", MFASerial: "arn:aws:iam::111111111111:mfa/alice",
				Tags: []string{envs[i%len(envs)]},
			})
		}
	}
	return out
}

// fakeRanking is an in-memory Ranking.
type fakeRanking struct {
	fav   map[string]bool
	score map[string]float64
}

func (f fakeRanking) IsFavourite(n string) bool { return f.fav[n] }
func (f fakeRanking) Frecency(n string) float64 { return f.score[n] }

// fixedTimes answers TimeLeft from a map.
func fixedTimes(m map[string]time.Duration) func(*config.Target) (time.Duration, bool) {
	return func(t *config.Target) (time.Duration, bool) {
		d, ok := m[t.Name]
		return d, ok
	}
}

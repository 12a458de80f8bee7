package fuzzy

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
)

// loadTargets reads testdata/targets.txt: a curated, realistic list of
// candidate lines ("name account id tags...").
func loadTargets(t testing.TB) []string {
	t.Helper()
	data, err := os.ReadFile("testdata/targets.txt")
	if err != nil {
		t.Fatalf("read targets: %v", err)
	}
	return strings.Split(strings.TrimRight(string(data), "\n"), "\n")
}

// nameOf is the target name of a candidate line: its first field.
func nameOf(line string) string {
	name, _, _ := strings.Cut(line, " ")
	return name
}

// generated is the benchmark data set: 2,000 accounts x 50 roles.
var generated = sync.OnceValue(func() []string { return generateTargets(2000, 50) })

// generateTargets builds accounts*roles realistic candidate lines such as
// "prod-core-eu1/Admin prod-core-eu1 482913400112 prod core eu1", with a
// deterministic random source so that runs are comparable.
func generateTargets(accounts, roles int) []string {
	envs := []string{"prod", "staging", "dev", "sandbox", "test", "qa", "perf", "shared", "security", "audit"}
	products := []string{"core", "data", "payments", "search", "ml", "web", "api", "billing", "identity", "network",
		"analytics", "logging", "mobile", "checkout", "ledger", "media", "edge", "batch", "crm", "hr"}
	suffixes := []string{"eu1", "us1", "us2", "ap1", "eu2", "sa1", "ca1", "me1", "af1", "us3"}
	roleNames := []string{"Admin", "ReadOnly", "PowerUser", "Developer", "Deployer", "BreakGlass", "Billing",
		"SecurityAudit", "DataScientist", "DataEngineer", "NetworkAdmin", "SupportUser", "ViewOnly", "Operator",
		"CIDeploy", "Terraform", "IncidentResponse", "DatabaseAdmin", "Auditor", "Analyst", "OnCall", "Release",
		"Backup", "Monitoring", "LogReader", "KMSAdmin", "IAMAdmin", "S3ReadOnly", "EC2Operator", "LambdaDeployer",
		"EKSAdmin", "ECSDeployer", "RDSReader", "DynamoWriter", "SQSConsumer", "SNSPublisher", "CostExplorer",
		"Compliance", "Forensics", "Pentest", "ReadOnlyAccess", "AdministratorAccess", "PowerUserAccess",
		"ViewOnlyAccess", "SecurityHub", "GuardDuty", "Inspector", "Macie", "Config", "CloudTrail"}
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]string, 0, accounts*roles)
	for a := range accounts {
		env := envs[a%len(envs)]
		product := products[(a/len(envs))%len(products)]
		suffix := suffixes[(a/(len(envs)*len(products)))%len(suffixes)]
		account := fmt.Sprintf("%s-%s-%s", env, product, suffix)
		id := fmt.Sprintf("%012d", rng.Int64N(1e12))
		tags := env + " " + product + " " + suffix
		if env == "prod" {
			tags += " production"
		}
		for r := range roles {
			out = append(out, fmt.Sprintf("%s/%s %s %s %s", account, roleNames[r%len(roleNames)], account, id, tags))
		}
	}
	return out
}

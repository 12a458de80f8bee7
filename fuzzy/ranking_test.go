package fuzzy

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/switchrole/switchrole/fuzzy/internal/alt"
)

// rankingCase is a realistic query over testdata/targets.txt and the target
// a user expects on top. fzfDiffers explains a deliberate disagreement with
// fzf's own ranking of the same lines.
type rankingCase struct {
	query, want string
	fzfDiffers  string
}

var rankingTable = []rankingCase{
	{query: "prdadm", want: "prod-core/Admin",
		fzfDiffers: "fzf puts the literal run in sandbox-prdadm-test first; we favour an abbreviation anchored at the name's start, and prd→prod keeps its word (wordBonus)"},
	{query: "prdro", want: "prod-core/ReadOnly",
		fzfDiffers: "fzf takes the d of \"data\" (prod-data/ReadOnly); we read prd as prod (wordBonus), a tie that input order breaks"},
	{query: "ntwkadm", want: "network-hub/NetworkAdmin"},
	{query: "pca", want: "prod-core/Admin"},
	{query: "p", want: "prod-core/Admin"},
	{query: "prod admin", want: "prod-core/Admin"},
	{query: "222222", want: "prod-core/Admin"},
	{query: "audit", want: "security-audit/Admin",
		fzfDiffers: "fzf prefers production-audit for its tag \"audit\"; both names contain audit, ours is the shorter"},
	{query: "Admin", want: "ci-cd/Admin"},
	{query: "pcro", want: "prod-core/ReadOnly"},
	{query: "stgdata", want: "staging-data/Admin"},
	{query: "acme prod", want: "acme-prod-admin"},
	{query: "readonly", want: "ci-cd/ReadOnly"},
	{query: "breakglass", want: "prod-core/BreakGlass"},
	{query: "dsci", want: "prod-data/DataScientist"},
	{query: "netadm", want: "network-hub/NetworkAdmin",
		fzfDiffers: "fzf ignores that network-hub starts with \"net\" and breaks the tie by line length"},
	{query: "ml dev", want: "ml-platform-dev/Admin"},
	{query: "^prod", want: "prod-core/Admin"},
	{query: "Admin$", want: "ci-cd/Admin",
		fzfDiffers: "fzf anchors $ at the end of the line, we at the end of the target name"},
	{query: "!prod admin", want: "ci-cd/Admin"},
	{query: "prod | staging", want: "staging-core/Admin"},
	{query: "sso", want: "sso-dev-ReadOnlyAccess"},
	{query: "4444", want: "prod-payments/Admin"},
	{query: "eu", want: "legacy-prod-eu/Admin"},
	{query: "BV", want: "billing/BillingViewer"},
	{query: "dlp", want: "data-lake-prod/Admin"},
	{query: "RO", want: "ci-cd/ReadOnly"},
	{query: "stg ro", want: "staging-core/ReadOnly"},
	{query: "core deploy", want: "prod-core/Deployer"},
	{query: "acme prod ro", want: "acme-prod-readonly"},
	{query: "'lake", want: "data-lake-prod/Admin"},
	{query: "dev !sandbox", want: "dev-core/Admin"},
	{query: "sec aud", want: "security-audit/Admin",
		fzfDiffers: "fzf gives production-audit/SecurityAudit the bonus of its tag \"audit\""},
	{query: "sso admin", want: "sso-prod-AdministratorAccess",
		fzfDiffers: "fzf prefers identity-prod/Admin for its tag \"sso\""},
	{query: "lgarch", want: "log-archive/Admin"},
	{query: "prd core brk", want: "prod-core/BreakGlass"},
	{query: "jump", want: "jump"},
	{query: "org", want: "org-management/BillingViewer"},
}

func TestRanking(t *testing.T) {
	lines := loadTargets(t)
	m := New(lines)
	for _, tc := range rankingTable {
		t.Run(tc.query, func(t *testing.T) {
			got := m.Find(tc.query)
			if len(got) == 0 {
				t.Fatalf("Find(%q) matched nothing, want %s on top", tc.query, tc.want)
			}
			if top := nameOf(lines[got[0].Index]); top != tc.want {
				t.Errorf("Find(%q) top = %s (score %d), want %s; next: %s", tc.query, top, got[0].Score, tc.want, topNames(lines, got, 4))
			}
		})
	}
}

func topNames(lines []string, ms []Match, n int) string {
	var names []string
	for k := 0; k < n && k < len(ms); k++ {
		names = append(names, nameOf(lines[ms[k].Index]))
	}
	return strings.Join(names, ", ")
}

// TestRankingBriefRules checks the rules the ranking was designed for, each
// on a small list where only that rule decides.
func TestRankingBriefRules(t *testing.T) {
	tests := []struct {
		name       string
		candidates []string
		query      string
		want       string
	}{
		{"acronym at name start beats literal run", []string{
			"sandbox-prdadm-test/Viewer sandbox-prdadm-test 999999999999 sandbox",
			"production-audit/Admin production-audit 444444444444 audit production",
			"prod-data/ReadOnly prod-data 333333333333 prod data production",
			"prod-core/Admin prod-core 222222222222 prod core production",
		}, "prdadm", "prod-core/Admin"},
		{"an abbreviation keeps its word: prd is prod, not p-r of prod + d of data", []string{
			"prod-core/Admin prod-core 222222222222 prod core",
			"prod-data/Admin prod-data 333333333333 prod data",
		}, "prdadm", "prod-core/Admin"},
		{"one letter is not an abbreviation: sr is an acronym", []string{
			"aws-org/Superuser aws-org 111111111111",
			"aws-org/SecurityRole aws-org 111111111111",
		}, "sr", "aws-org/SecurityRole"},
		{"word boundary beats mid-word", []string{
			"adminer/ReadOnly adminer 111111111111",
			"badminton/ReadOnly badminton 111111111112",
			"core/Admin core 111111111113",
		}, "min", "core/Admin"},
		{"camelCase hump beats a closer mid-word letter", []string{
			"aws-org/Superuser aws-org 111111111111",
			"aws-org/SecurityRole aws-org 111111111111",
		}, "sr", "aws-org/SecurityRole"},
		{"consecutive beats scattered", []string{
			"d-a-t-a-x/Admin dx 111111111111",
			"data/Admin data 111111111112",
		}, "data", "data/Admin"},
		{"name beats tag", []string{
			"ops/Admin ops 111111111111 payments",
			"payments/Admin payments 111111111112",
		}, "payments", "payments/Admin"},
		{"name beats account id", []string{
			"legacy/Admin legacy 123412341234",
			"team-1234/Admin team-1234 999999999999",
		}, "1234", "team-1234/Admin"},
		{"shorter name wins a tie", []string{
			"prod-core-legacy/Admin prod-core-legacy 111111111111",
			"prod-core/Admin prod-core 111111111112 a b c d e f g",
		}, "prod", "prod-core/Admin"},
		{"equal names keep input order", []string{
			"x/Admin acct-a 111111111111",
			"x/Admin acct-b 111111111112",
		}, "admin", "x/Admin"},
		{"smart case: upper case is exact", []string{
			"readonly-tools/Admin readonly-tools 111111111111",
			"dev/ReadOnly dev 111111111112",
		}, "Read", "dev/ReadOnly"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := New(tc.candidates).Find(tc.query)
			if len(got) == 0 {
				t.Fatalf("Find(%q) matched nothing", tc.query)
			}
			if top := nameOf(tc.candidates[got[0].Index]); top != tc.want {
				t.Errorf("Find(%q) top = %s, want %s (all: %s)", tc.query, top, tc.want, topNames(tc.candidates, got, len(got)))
			}
		})
	}
}

// TestRankingAgreesWithFzf runs the table through the fzf binary on the
// same lines. fzf's top result must be ours, or tie with ours on our score
// (the tie-break differs: we prefer the shorter target name, fzf the
// shorter line). Rows with fzfDiffers are deliberate and only logged.
func TestRankingAgreesWithFzf(t *testing.T) {
	fzf, err := exec.LookPath("fzf")
	if err != nil {
		t.Skip("fzf not installed")
	}
	lines := loadTargets(t)
	input := strings.Join(lines, "\n") + "\n"
	m := New(lines)
	byLine := make(map[string]int, len(lines))
	for i, l := range lines {
		byLine[l] = i
	}
	exact, tied := 0, 0
	for _, tc := range rankingTable {
		cmd := exec.Command(fzf, "--filter", tc.query)
		cmd.Stdin = strings.NewReader(input)
		cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir()} // no FZF_DEFAULT_OPTS
		out, err := cmd.Output()
		if err != nil && !bytes.Equal(out, nil) {
			t.Fatalf("fzf --filter %q: %v", tc.query, err)
		}
		fzfTop, _, _ := strings.Cut(string(out), "\n")
		got := m.Find(tc.query)
		ourTop := ""
		if len(got) > 0 {
			ourTop = lines[got[0].Index]
		}
		switch {
		case fzfTop == ourTop:
			exact++
		case tc.fzfDiffers != "":
			t.Logf("%q: fzf top %s, ours %s: %s", tc.query, nameOf(fzfTop), nameOf(ourTop), tc.fzfDiffers)
		default:
			i, ok := byLine[fzfTop]
			score, matched := 0, false
			if ok {
				score, matched = New([]string{lines[i]}).scoreOf(tc.query)
			}
			if !matched || len(got) == 0 || score != got[0].Score {
				t.Errorf("%q: fzf top %q, ours %q (score %d, fzf's top scores %d with us)", tc.query, fzfTop, ourTop, got[0].Score, score)
				continue
			}
			tied++
		}
	}
	t.Logf("agreement with fzf on %d queries: %d same top, %d tied with our top, %d deliberate differences",
		len(rankingTable), exact, tied, len(rankingTable)-exact-tied)
}

// scoreOf is the score of the single candidate of m for pattern.
func (m *Matcher) scoreOf(pattern string) (int, bool) {
	var sc scratch
	return m.eval(parseQuery(pattern), 0, &sc)
}

// TestRankingQualityOfAlternatives measures how many rows of the table the
// rejected matchers get right (logged for the package documentation); the
// fuzzy-only rows are used since neither supports fzf's extended syntax.
func TestRankingQualityOfAlternatives(t *testing.T) {
	lines := loadTargets(t)
	impls := map[string]func(string) []alt.Match{
		"fzfalgo": alt.NewFzfAlgo(lines).Find,
		"sahilm":  alt.NewSahilm(lines).Find,
		"own": func(q string) []alt.Match {
			var out []alt.Match
			for _, mt := range New(lines).Find(q) {
				out = append(out, alt.Match(mt))
			}
			return out
		},
	}
	fuzzyRows := 0
	for _, tc := range rankingTable {
		if !strings.ContainsAny(tc.query, "'^$!|") {
			fuzzyRows++
		}
	}
	for name, find := range impls {
		right := 0
		for _, tc := range rankingTable {
			if strings.ContainsAny(tc.query, "'^$!|") {
				continue
			}
			if got := find(tc.query); len(got) > 0 && nameOf(lines[got[0].Index]) == tc.want {
				right++
			}
		}
		t.Logf("%-8s top result as expected on %d/%d fuzzy queries", name, right, fuzzyRows)
		if name == "own" && right != fuzzyRows {
			t.Errorf("own matcher right on %d/%d", right, fuzzyRows)
		}
	}
}

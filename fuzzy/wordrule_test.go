package fuzzy

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/config/configtest"
)

// loadLines reads a testdata file of candidate lines.
func loadLines(t testing.TB, name string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return strings.Split(strings.TrimRight(string(data), "\n"), "\n")
}

// TestRankingDemoOrg ranks the demo organisation exactly as the picker
// sees it: testdata/demo.txt holds config.Target.SearchText of the 43
// targets of `switchrole demo` (41 roles, the jump source and profile).
func TestRankingDemoOrg(t *testing.T) {
	lines := loadLines(t, "demo.txt")
	m := New(lines)
	tests := []struct {
		query string
		want  []string // the top results, in order; any of wantAny may lead instead
	}{
		// prd abbreviates prod, adm Admin: the three prod-*/Admin are
		// equally good, and input order puts prod-core first.
		{"prdadm", []string{"prod-core/Admin", "prod-data/Admin", "prod-edge/Admin"}},
		{"prdro", []string{"prod-core/ReadOnly", "prod-data/ReadOnly", "prod-edge/ReadOnly"}},
		{"stgdata", []string{"staging-data/Admin"}},
		{"stgro", []string{"staging-core/ReadOnly", "staging-data/ReadOnly"}},
		{"ntwkadm", []string{"prod-edge/NetworkAdmin", "network-hub/NetworkAdmin"}},
		// Acronyms: one letter per word.
		{"pca", []string{"prod-core/Admin"}},
		{"pcro", []string{"prod-core/ReadOnly"}},
		{"pdda", []string{"prod-data/DatabaseAdmin"}},
		// Mixed: an initial, then an abbreviated word.
		{"pdadm", []string{"prod-data/Admin"}},
		{"dsci", []string{"prod-data/DataScientist"}}, // three equal names: config order decides
		{"lgrd", []string{"log-archive/ReadOnly"}},
	}
	for _, tc := range tests {
		got := names(lines, m.Find(tc.query))
		if len(got) < len(tc.want) || !slices.Equal(got[:len(tc.want)], tc.want) {
			t.Errorf("Find(%q) top = %v, want %v", tc.query, got[:min(len(got), len(tc.want)+2)], tc.want)
		}
	}
	// prdadm: the abbreviation prd→prod is worth as much as grabbing the
	// word start of "data" (fzf's pick), so the prod-*/Admin tie.
	got := m.Find("prdadm")
	if got[0].Score != got[1].Score || got[1].Score != got[2].Score {
		t.Errorf("prdadm: prod-*/Admin scores %d, %d, %d, want a tie", got[0].Score, got[1].Score, got[2].Score)
	}
}

// generatedConfigLines loads configtest.GenerateTOML(2000, 50) through
// config.Load and returns the search texts of its 100,001 targets.
func generatedConfigLines(t testing.TB) []string {
	t.Helper()
	dir := t.TempDir()
	files := map[string][]byte{
		"config.toml": configtest.GenerateTOML(2000, 50),
		"aws-config":  configtest.GenerateAWSConfig(1),
		"credentials": nil,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c, err := config.Load(config.Options{
		AWSConfigFile:      filepath.Join(dir, "aws-config"),
		AWSCredentialsFile: filepath.Join(dir, "credentials"),
		File:               filepath.Join(dir, "config.toml"),
	})
	if err != nil {
		t.Fatalf("load generated config: %v", err)
	}
	lines := make([]string, len(c.Targets))
	for i := range c.Targets {
		lines[i] = c.Targets[i].SearchText()
	}
	return lines
}

// TestRankingGeneratedConfig checks the word rule on the 100k generated
// targets of config/configtest (prod-core, ..., prod-ml-2, ... x Admin,
// ReadOnly, ..., Admin2, ...).
func TestRankingGeneratedConfig(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 100,000 targets")
	}
	lines := generatedConfigLines(t)
	m := New(lines)
	score := func(q, name string) int {
		for _, mt := range m.Find(q) {
			if nameOf(lines[mt.Index]) == name {
				return mt.Score
			}
		}
		t.Fatalf("%q does not match %s", q, name)
		return 0
	}
	// prdadm: only prod-*/Admin* lead; prod-core/Admin and
	// prod-data/Admin are equally good (fzf puts prod-data 8 points ahead
	// for the word start of "data"). prod-ml and prod-web lead by 2 and 1
	// points: fzf's gap penalty skips "ml" more cheaply than "core".
	got := m.Find("prdadm")
	for k, mt := range got[:40] {
		account, role, _ := strings.Cut(nameOf(lines[mt.Index]), "/")
		if !strings.HasPrefix(account, "prod-") || !strings.HasPrefix(role, "Admin") {
			t.Fatalf("prdadm: result %d is %s, want prod-*/Admin*", k, nameOf(lines[mt.Index]))
		}
	}
	if core, data := score("prdadm", "prod-core/Admin"), score("prdadm", "prod-data/Admin"); core != data || core < got[0].Score-2 {
		t.Errorf("prdadm: prod-core/Admin %d, prod-data/Admin %d, top %d; want equal and within 2 of the top", core, data, got[0].Score)
	}
	if top := nameOf(lines[got[0].Index]); top != "prod-ml/Admin" {
		t.Errorf("prdadm: top %s, want prod-ml/Admin (shortest skipped word)", top)
	}
	// stgdata abbreviates staging and data.
	if top := nameOf(lines[m.Find("stgdata")[0].Index]); !strings.HasPrefix(top, "staging-") || !strings.Contains(top, "/Data") && !strings.HasPrefix(top, "staging-data/") {
		t.Errorf("stgdata: top %s, want a staging target with data", top)
	}
	if a, b := score("stgdata", "staging-data/Admin"), m.Find("stgdata")[0].Score; a < b-1 {
		t.Errorf("stgdata: staging-data/Admin scores %d, top %d", a, b)
	}
	for q, want := range map[string]string{"ntwkadm": "/NetworkAdmin", "pca": "/Admin", "stgcoreadm": "staging-core/Admin"} {
		if top := nameOf(lines[m.Find(q)[0].Index]); !strings.Contains(top, want) {
			t.Errorf("%s: top %s, want ...%s", q, top, want)
		}
	}
}

// TestWordRuleKernelsAgree checks on random strings that the sparse
// kernel (Find) and the full matrix (Positions) give the same score with
// the word rule and that the positions spell the pattern. Rescoring the
// backtraced positions alone (scorePositions) does not always give the
// score back, in fzf's V2 neither (its backtrace is a heuristic); the rule
// must not make that more frequent.
func TestWordRuleKernelsAgree(t *testing.T) {
	const alphabet = "abcdAB-/_ 1"
	rescoredDiffer := map[bool]int{}
	for _, plain := range []bool{true, false} {
		rng := rand.New(rand.NewPCG(11, 12))
		randStr := func(n int) string {
			b := make([]byte, n)
			for i := range b {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
			return string(b)
		}
		sc := scratch{plain: plain}
		for range 5000 {
			text := randStr(1 + rng.IntN(40))
			pattern := strings.ToLower(strings.NewReplacer(" ", "", "/", "", "-", "", "_", "").Replace(randStr(2 + rng.IntN(5))))
			if len(pattern) < 2 {
				continue
			}
			lower := []byte(strings.ToLower(text))
			bonus := plainBonuses([]byte(text))
			tm, _ := parseTerm(pattern)
			score, _, ok := matchBytes(&tm, lower, bonusRef{ready: bonus}, &sc, false)
			full, pos, okPos := matchBytes(&tm, lower, bonusRef{ready: bonus}, &sc, true)
			if ok != okPos {
				t.Fatalf("%q in %q: sparse matches %v, full matrix %v", pattern, text, ok, okPos)
			}
			if !ok {
				continue
			}
			pos = slices.Clone(pos)
			if full != score {
				t.Fatalf("plain=%v %q in %q: sparse %d, full matrix %d", plain, pattern, text, score, full)
			}
			var spelled []byte
			for _, p := range pos {
				spelled = append(spelled, lower[p])
			}
			if string(spelled) != pattern {
				t.Fatalf("plain=%v %q in %q: positions %v spell %q", plain, pattern, text, pos, spelled)
			}
			if again, _ := scorePositions(bonus, pos, &sc, false); again != score {
				rescoredDiffer[plain]++
			}
		}
	}
	t.Logf("backtraced positions rescore differently: fzf %d/5000, with the word rule %d/5000", rescoredDiffer[true], rescoredDiffer[false])
	if rescoredDiffer[false] > rescoredDiffer[true]+rescoredDiffer[true]/10 {
		t.Errorf("the word rule makes backtraces less faithful: %d vs fzf's %d", rescoredDiffer[false], rescoredDiffer[true])
	}
}

// TestWordRuleOffIsFzf checks the word rule's two cases on fzf's plain
// bonuses: without it (plain) the kernel is fzf; with it, only an
// abbreviation that stays in its word after two letters gains.
func TestWordRuleOffIsFzf(t *testing.T) {
	tests := []struct {
		text, pattern string
		gain          int // score with the rule minus fzf's
	}{
		{"prod-data/Admin", "prdadm", 0}, // fzf's "d" of data is already as good
		{"prod-core/Admin", "prdadm", 8}, // d continues "pr" in prod: a word-start bonus
		{"aws/Superuser", "sr", 0},       // one letter does not make a word: acronyms stay first
		{"network/Admin", "ntwkadm", 8},  // k continues "ntw"; t continues a single n: nothing
		{"xprod-core", "prd", 0},         // pr starts mid-word: nothing to inherit
		{"prod-core/Admin", "pca", 0},    // acronym: no gaps inside a word
		{"staging-data/Admin", "stgdata", 8},
	}
	for _, tc := range tests {
		fzf, _, _ := fzfScore(tc.text, tc.pattern, false)
		plain, _, _ := ownPlainScore(tc.text, tc.pattern, false)
		lower := []byte(strings.ToLower(tc.text))
		tm, _ := parseTerm(tc.pattern)
		var sc scratch
		got, _, _ := matchBytes(&tm, lower, bonusRef{ready: plainBonuses([]byte(tc.text))}, &sc, false)
		if plain != fzf || got-fzf != tc.gain {
			t.Errorf("%q in %q: fzf %d, plain %d, with word rule %d (gain %d, want %d)", tc.pattern, tc.text, fzf, plain, got, got-fzf, tc.gain)
		}
	}
}

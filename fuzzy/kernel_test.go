package fuzzy

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	fzfalgo "github.com/junegunn/fzf/src/algo"
	fzfutil "github.com/junegunn/fzf/src/util"
)

// plainBonuses are fzf's own per-character bonuses (no name or metadata
// adjustment), to check the kernel against fzf's implementation.
func plainBonuses(text []byte) []int8 {
	b := make([]int8, len(text))
	prev := charWhite
	for i, c := range text {
		cur := asciiClass[c]
		b[i] = bonusTable[prev][cur]
		prev = cur
	}
	return b
}

// fzfScore runs fzf's FuzzyMatchV2 (case-insensitive, forward).
func fzfScore(text, pattern string, withPos bool) (int, []int, bool) {
	fzfalgo.Init("default")
	chars := fzfutil.ToChars([]byte(text))
	res, pos := fzfalgo.FuzzyMatchV2(false, false, true, &chars, []rune(pattern), withPos, fzfutil.MakeSlab(100*1024, 2048))
	if res.Start < 0 {
		return 0, nil, false
	}
	var p []int
	if pos != nil {
		p = slices.Clone(*pos)
		slices.Sort(p)
	}
	return res.Score, p, true
}

// ownPlainScore runs this package's kernel with fzf's plain bonuses.
func ownPlainScore(text, pattern string, withPos bool) (int, []int, bool) {
	lower := []byte(strings.ToLower(text))
	t, _ := parseTerm(pattern)
	sc := scratch{plain: true}
	score, pos, ok := matchBytes(&t, lower, bonusRef{ready: plainBonuses([]byte(text))}, &sc, withPos)
	return score, slices.Clone(pos), ok
}

func TestKernelMatchesFzfV2(t *testing.T) {
	tests := []struct{ text, pattern string }{
		{"prod-core/Admin prod-core 222222222222 prod core production", "prdadm"},
		{"sandbox-prdadm-test/Viewer", "prdadm"},
		{"fuzzyfinder", "ff"},
		{"fuzzy-finder", "ff"},
		{"foobar", "foob"},
		{"foo-bar", "foob"},
		{"out-of-bound", "oob"},
		{"FooBarBaz", "fbb"},
		{"abc123def", "c1d"},
		{"a_____b___abc__", "abc"},
		{"aaaaaaaaaa", "aaa"},
		{"x", "x"},
		{"network-hub/NetworkAdmin", "netadm"},
	}
	for _, tc := range tests {
		want, wantPos, wantOK := fzfScore(tc.text, tc.pattern, true)
		got, gotPos, gotOK := ownPlainScore(tc.text, tc.pattern, true)
		if got != want || gotOK != wantOK || !slices.Equal(gotPos, wantPos) {
			t.Errorf("%q in %q: got %d %v %v, fzf %d %v %v", tc.pattern, tc.text, got, gotPos, gotOK, want, wantPos, wantOK)
		}
	}
}

// TestKernelMatchesFzfV2Random compares scores on random strings made of
// letters and separators, where alignments compete the most.
func TestKernelMatchesFzfV2Random(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	const alphabet = "abcAB-/_ 1"
	randStr := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 3000 {
		text := randStr(1 + rng.IntN(40))
		pattern := strings.ToLower(strings.NewReplacer(" ", "", "/", "", "-", "", "_", "").Replace(randStr(1 + rng.IntN(5))))
		if pattern == "" {
			continue
		}
		want, _, wantOK := fzfScore(text, pattern, false)
		got, _, gotOK := ownPlainScore(text, pattern, false)
		if len(pattern) == 1 && gotOK == wantOK && got >= want {
			// fzf stops at the first occurrence on a word boundary; we
			// take the best one (a later one may follow a space).
			continue
		}
		if got != want || gotOK != wantOK {
			t.Fatalf("%q in %q: got %d %v, fzf %d %v", pattern, text, got, gotOK, want, wantOK)
		}
		// The rolling-row score and the full-matrix score agree.
		full, pos, _ := ownPlainScore(text, pattern, true)
		if gotOK && (full != got || len(pos) != len(pattern)) {
			t.Fatalf("%q in %q: withPos score %d pos %v, score-only %d", pattern, text, full, pos, got)
		}
	}
}

func TestScorePositionsMatchesExactRuns(t *testing.T) {
	// An exact term is scored like fzf's calculateScore over the run.
	text := "prod-core/Admin"
	b := plainBonuses([]byte(text))
	var sc scratch
	got, _ := scorePositions(b, []int{10, 11, 12, 13, 14}, &sc, false)
	want, _, _ := fzfScore("Admin", "admin", false) // same run, fresh start: bonus differs
	if got <= 0 || want <= 0 {
		t.Fatalf("scores must be positive: %d %d", got, want)
	}
	// "/Admin": A after a delimiter gets 9, consecutive letters inherit it.
	if wantRun := 5*scoreMatch + 9*bonusFirstCharMultiplier + 4*9; got != wantRun {
		t.Errorf("scorePositions = %d, want %d", got, wantRun)
	}
	// A gap of three costs -3-1-1.
	got, _ = scorePositions(b, []int{0, 4}, &sc, false)
	if want := 2*scoreMatch + int(b[0])*bonusFirstCharMultiplier + int(b[4]) - 5; got != want {
		t.Errorf("gap score = %d, want %d", got, want)
	}
}

package fuzzy

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var small = []string{
	"prod-core/Admin prod-core 222222222222 prod core production",
	"prod-core/ReadOnly prod-core 222222222222 prod core production",
	"staging-data/ReadOnly staging-data 666666666666 staging data",
	"acme-prod-admin acme-prod 310000000001",
	"dev/Admin dev 777777777777 dev",
}

// names returns the target names of ms, in order.
func names(lines []string, ms []Match) []string {
	out := make([]string, len(ms))
	for k, m := range ms {
		out[k] = nameOf(lines[m.Index])
	}
	return out
}

func TestFindEmptyPatternReturnsAllInOrder(t *testing.T) {
	m := New(small)
	// Operators without text are ignored, as in fzf; a lone "|" or "$" is
	// text.
	for _, p := range []string{"", " ", "   ", "!", "^", "'"} {
		got := m.Find(p)
		if len(got) != len(small) {
			t.Fatalf("Find(%q) = %d matches, want all %d", p, len(got), len(small))
		}
		for i, mt := range got {
			if mt.Index != i || mt.Score != 0 {
				t.Errorf("Find(%q)[%d] = %+v, want {Index:%d Score:0}", p, i, mt, i)
			}
		}
	}
	for _, p := range []string{"|", "$"} {
		if got := m.Find(p); len(got) != 0 {
			t.Errorf("Find(%q) = %v, want no match (no candidate holds it)", p, got)
		}
	}
	if m.Len() != len(small) {
		t.Errorf("Len = %d, want %d", m.Len(), len(small))
	}
	for _, p := range []string{"", "x"} {
		if got := New(nil).Find(p); len(got) != 0 {
			t.Errorf("no candidates: Find(%q) = %v", p, got)
		}
	}
}

func TestFindSyntax(t *testing.T) {
	tests := []struct {
		pattern string
		want    []string // names, in rank order
	}{
		{"prod admin", []string{"prod-core/Admin", "acme-prod-admin"}},
		{"zzz", nil},
		{"Admin", []string{"dev/Admin", "prod-core/Admin"}}, // smart case: acme-prod-admin is lower case
		{"ADMIN", nil}, // case-sensitive, no such text
		{"'ging", []string{"staging-data/ReadOnly"}}, // exact substring
		{"'pdadm", nil},                        // exact: not a fuzzy match
		{"^acme", []string{"acme-prod-admin"}}, // prefix of the name
		{"^core", nil},                         // core is not a prefix
		{"ReadOnly$", []string{"prod-core/ReadOnly", "staging-data/ReadOnly"}}, // suffix of the name
		{"production$", nil},                                              // $ anchors the name, not the tags
		{"^dev/Admin$", []string{"dev/Admin"}},                            // whole name
		{"^dev$", nil},                                                    //
		{"admin !prod", []string{"dev/Admin"}},                            // negation is an exact "not contains"
		{"!'prdcr", []string{"dev/Admin", "staging-data/ReadOnly"}},       // negated fuzzy; acme-prod-admin holds p-r-d-c-r
		{"!prod !staging", []string{"dev/Admin"}},                         // only negations: score 0, input order
		{"^dev | ^acme", []string{"acme-prod-admin", "dev/Admin"}},        // OR
		{"ro ^staging | ^dev", []string{"staging-data/ReadOnly"}},         // AND of a term and an OR set
		{"666", []string{"staging-data/ReadOnly"}},                        // account id
		{"production", []string{"prod-core/Admin", "prod-core/ReadOnly"}}, // tags count
		{`core\ 2222`, []string{"prod-core/Admin", "prod-core/ReadOnly"}}, // escaped space
	}
	m := New(small)
	for _, tc := range tests {
		t.Run(tc.pattern, func(t *testing.T) {
			got := names(small, m.Find(tc.pattern))
			if !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("Find(%q) = %v, want %v", tc.pattern, got, tc.want)
			}
		})
	}
}

func TestFindScoresDescendAndTiesAreStable(t *testing.T) {
	lines := loadTargets(t)
	m := New(lines)
	for _, q := range []string{"a", "prod", "ro", "admin", "2", "d a"} {
		got := m.Find(q)
		for k := 1; k < len(got); k++ {
			a, b := got[k-1], got[k]
			if a.Score < b.Score {
				t.Fatalf("%q: score rises at %d: %v then %v", q, k, a, b)
			}
			if a.Score == b.Score {
				ta, tb := m.tie[a.Index], m.tie[b.Index]
				if ta > tb || ta == tb && a.Index > b.Index {
					t.Fatalf("%q: tie order broken at %d: %q before %q", q, k, lines[a.Index], lines[b.Index])
				}
			}
		}
	}
}

func TestFindUnicode(t *testing.T) {
	lines := []string{
		"café-prod/Admin café 111111111111 équipe",
		"cafe-dev/Admin cafe 111111111112",
		"Ünïcode/ReadOnly x 111111111113",
	}
	m := New(lines)
	tests := []struct {
		pattern string
		want    []string
		pos     []int // byte offsets in the top candidate
	}{
		{"café", []string{"café-prod/Admin"}, []int{0, 1, 2, 3}},
		{"caf adm", []string{"cafe-dev/Admin", "café-prod/Admin"}, nil},
		{"équipe", []string{"café-prod/Admin"}, nil},
		{"ünï", []string{"Ünïcode/ReadOnly"}, []int{0, 2, 3}}, // case-insensitive on runes; Ü is two bytes
		{"Ünï", []string{"Ünïcode/ReadOnly"}, nil},
		{"ÜNÏ", nil, nil},
		{"é", []string{"café-prod/Admin"}, nil},
		{"ro", []string{"Ünïcode/ReadOnly", "café-prod/Admin"}, nil},
	}
	for _, tc := range tests {
		got := m.Find(tc.pattern)
		if n := names(lines, got); !slices.Equal(n, tc.want) && !(len(n) == 0 && len(tc.want) == 0) {
			t.Errorf("Find(%q) = %v, want %v", tc.pattern, n, tc.want)
			continue
		}
		if tc.pos != nil {
			if p := m.Positions(tc.pattern, got[0].Index); !slices.Equal(p, tc.pos) {
				t.Errorf("Positions(%q) = %v, want %v", tc.pattern, p, tc.pos)
			}
		}
	}
}

func TestPositions(t *testing.T) {
	m := New(small)
	tests := []struct {
		pattern string
		i       int
		want    []int
	}{
		{"prdadm", 0, []int{0, 1, 3, 10, 11, 12}},
		{"prod admin", 0, []int{0, 1, 2, 3, 10, 11, 12, 13, 14}},
		{"'core", 0, []int{5, 6, 7, 8}},
		{"^prod", 0, []int{0, 1, 2, 3}},
		{"Admin$", 0, []int{10, 11, 12, 13, 14}},
		{"admin !staging", 4, []int{4, 5, 6, 7, 8}},
		{"2222", 0, []int{26, 27, 28, 29}},
		{"p", 0, []int{0}},
		{"zzz", 0, nil},     // no match
		{"", 0, nil},        // empty pattern
		{"prod", 99, nil},   // out of range
		{"prod", -1, nil},   // out of range
		{"staging", 0, nil}, // candidate 0 does not match
	}
	for _, tc := range tests {
		if got := m.Positions(tc.pattern, tc.i); !slices.Equal(got, tc.want) {
			t.Errorf("Positions(%q, %d) = %v, want %v", tc.pattern, tc.i, got, tc.want)
		}
	}
}

// TestPositionsAgreeWithFind checks on every match of single-term queries
// that the highlighted bytes spell the query, and that multi-term queries
// highlight one byte per pattern letter.
func TestPositionsAgreeWithFind(t *testing.T) {
	lines := loadTargets(t)
	m := New(lines)
	for _, q := range []string{"prdadm", "2222", "stgdata", "a", "secaud", "ro", "prod ro", "sec aud"} {
		letters := strings.ReplaceAll(q, " ", "")
		for _, mt := range m.Find(q) {
			pos := m.Positions(q, mt.Index)
			var b strings.Builder
			for _, p := range pos {
				b.WriteByte(lines[mt.Index][p] | 0x20)
			}
			spelled := b.String()
			if !strings.Contains(q, " ") && spelled != q {
				t.Fatalf("Positions(%q, %q) = %v spelling %q", q, lines[mt.Index], pos, spelled)
			}
			if len(pos) == 0 || len(pos) > len(letters) || !slices.IsSorted(pos) {
				t.Fatalf("Positions(%q, %q) = %v", q, lines[mt.Index], pos)
			}
		}
	}
}

// TestFindNarrowingMatchesFreshFind types random queries keystroke by
// keystroke (with backspaces and operators) and checks that answers served
// from remembered results equal a fresh full scan.
func TestFindNarrowingMatchesFreshFind(t *testing.T) {
	lines := generateTargets(60, 20)
	cached := New(lines)
	fresh := New(lines)
	fresh.noCache = true
	rng := rand.New(rand.NewPCG(3, 4))
	const keys = "prodadmincoreRAdt 2|!^$'-eu1"
	for range 300 {
		var typed []byte
		for range 1 + rng.IntN(12) {
			if len(typed) > 0 && rng.IntN(5) == 0 {
				typed = typed[:len(typed)-1] // backspace
			} else {
				typed = append(typed, keys[rng.IntN(len(keys))])
			}
			p := string(typed)
			got, want := cached.Find(p), fresh.Find(p)
			if !slices.Equal(got, want) {
				t.Fatalf("after typing %q: cached Find gives %d matches, fresh %d", p, len(got), len(want))
			}
		}
	}
}

func TestNarrows(t *testing.T) {
	tests := []struct {
		prev, next string
		want       bool
	}{
		{"p", "pr", true},
		{"prod", "prod admin", true},
		{"prod admin", "prod", false},
		{"prod", "prd", false},
		{"pro", "Pro", true},
		{"Pro", "pro", false},
		{"prod", "^prod", true},
		{"prod", "prod$", true},
		{"'core", "'cores", true},
		{"'core", "core", false},
		{"!prod", "!pro", true},
		{"!pro", "!prod", false},
		{"prod", "prod |", true},
		{"prod", "prod | dev", false},
		{"prod | dev", "prod", true},
		{"^dev", "^deve", true},
		{"dev$", "adev$", true},
		{"dev$", "deva$", false},
	}
	for _, tc := range tests {
		if got := parseQuery(tc.next).narrows(parseQuery(tc.prev)); got != tc.want {
			t.Errorf("%q narrows %q = %v, want %v", tc.next, tc.prev, got, tc.want)
		}
	}
}

// TestParallelScanIsDeterministic compares the parallel scan of 40k
// targets (enough for two workers) with a single-goroutine scan.
func TestParallelScanIsDeterministic(t *testing.T) {
	m := New(generateTargets(800, 50))
	m.noCache = true
	for _, q := range []string{"p", "prdadm", "prod admin", "222222"} {
		par := m.Find(q)
		seq := m.rank(m.scanRange(parseQuery(q), nil, false, 0, m.Len(), nil))
		if !slices.Equal(par, seq) {
			t.Errorf("%q: parallel scan differs from sequential (%d vs %d matches)", q, len(par), len(seq))
		}
	}
}

func TestRadixSortMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	keys := make([]uint64, 5000)
	for i := range keys {
		keys[i] = rng.Uint64()&^keyIndexMax | uint64(i)
	}
	want := slices.Clone(keys)
	slices.Sort(want)
	radixSort(keys)
	if !slices.Equal(keys, want) {
		t.Fatal("radixSort order differs from slices.Sort")
	}
}

func TestParseQuery(t *testing.T) {
	q := parseQuery(`  'ex ^pre suf$ ^eq$ !neg !'nf Up a | b \ sp `)
	type want struct {
		kind       termKind
		negate, cs bool
		text       string
	}
	var got []want
	for _, set := range q {
		for _, tm := range set {
			got = append(got, want{tm.kind, tm.negate, tm.caseSensitive, tm.text})
		}
	}
	exp := []want{
		{termExact, false, false, "ex"},
		{termPrefix, false, false, "pre"},
		{termSuffix, false, false, "suf"},
		{termEqual, false, false, "eq"},
		{termExact, true, false, "neg"},
		{termFuzzy, true, false, "nf"},
		{termFuzzy, false, true, "Up"},
		{termFuzzy, false, false, "a"},
		{termFuzzy, false, false, "b"},
		{termFuzzy, false, false, " sp"},
	}
	if !slices.Equal(got, exp) {
		t.Errorf("parseQuery = %+v\nwant %+v", got, exp)
	}
	if len(q) != 9 || len(q[7]) != 2 {
		t.Errorf("want 9 sets with a|b grouped, got %d sets", len(q))
	}
}

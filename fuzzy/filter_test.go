package fuzzy

import (
	"slices"
	"testing"
)

// filterQueries cover every kind of term: fuzzy, exact, anchors, negation,
// alternatives, smart case, digits, non-ASCII, no match and the empty query.
var filterQueries = []string{
	"", "  ", "p", "prdadm", "prod admin", "'core", "^prod", "admin$", "^prod-core-eu1/Admin$",
	"!prod adm", "!'data admin", "payments | ledger rd", "Admin", "DataSci", "482", "zzzzzz", "café", "日本", "ÄBC",
	"rôle",
}

// TestFilterMatchesFind checks that Filter returns exactly what a prepared
// Matcher's Find returns, on the curated targets plus non-ASCII ones, and
// on enough generated targets for the parallel scan.
func TestFilterMatchesFind(t *testing.T) {
	curated := append(loadTargets(t), "Café/Admin café 123", "ÄBC/Ünïcödé", "日本語/Role 111", "mixed/Rôle prod", "", " ")
	for _, c := range []struct {
		name  string
		cands []string
	}{
		{"curated", curated},
		{"generated 40k", generateTargets(800, 50)},
	} {
		m := New(c.cands)
		m.noCache = true
		for _, q := range filterQueries {
			want := m.Find(q)
			if got := Filter(c.cands, q); !slices.Equal(got, want) {
				t.Errorf("%s, %q: Filter gives %d matches, Find %d (or another order)", c.name, q, len(got), len(want))
			}
		}
	}
}

// TestFilterWithoutParallelism runs the single-goroutine path on data that
// would otherwise be split.
func TestFilterWithoutParallelism(t *testing.T) {
	cands := generateTargets(800, 50)
	m := New(cands)
	m.noCache = true
	var f filterRun
	q := parseQuery("prdadm")
	f.scan(q, cands, 0, len(cands))
	if got, want := rankHits(f.hits, f.ties, len(cands)), m.Find("prdadm"); !slices.Equal(got, want) {
		t.Errorf("one goroutine: %d matches, Find %d (or another order)", len(got), len(want))
	}
}

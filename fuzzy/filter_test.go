package fuzzy

import (
	"iter"
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

// TestFilterSeqReusesBuffers gives FilterSeq, in parallel and on one
// goroutine, each line in a buffer that the next line overwrites.
func TestFilterSeqReusesBuffers(t *testing.T) {
	cands := generateTargets(800, 50)
	texts := func(lo, hi int) iter.Seq2[int, []byte] {
		return func(yield func(int, []byte) bool) {
			var buf []byte
			for i := lo; i < hi; i++ {
				buf = append(buf[:0], cands[i]...)
				if !yield(i, buf) {
					return
				}
			}
		}
	}
	m := New(cands)
	m.noCache = true
	for _, q := range []string{"prdadm", "prod admin", "DataSci", "!prod adm"} {
		want := m.Find(q)
		if got := FilterSeq(len(cands), texts, q); !slices.Equal(got, want) {
			t.Errorf("%q: FilterSeq gives %d matches, Find %d (or another order)", q, len(got), len(want))
		}
		var f filterRun
		f.scan(parseQuery(q), texts(0, len(cands)))
		if got := rankHits(f.hits, f.ties, len(cands)); !slices.Equal(got, want) {
			t.Errorf("%q, one goroutine: %d matches, Find %d (or another order)", q, len(got), len(want))
		}
	}
}

package fuzzy

import (
	"testing"

	"github.com/switchrole/switchrole/fuzzy/internal/alt"
)

var benchQueries = []string{"p", "prdadm", "prod admin", "222222", "zzzzzz"}

// BenchmarkFind measures one query over 100,000 generated targets with
// each implementation. "own" is this package with the result cache off (a
// full scan every time), "own-1cpu" the same on one goroutine.
func BenchmarkFind(b *testing.B) {
	lines := generated()
	own := New(lines)
	own.noCache = true
	fzf := alt.NewFzfAlgo(lines)
	sah := alt.NewSahilm(lines)
	impls := []struct {
		name string
		find func(string) int
	}{
		{"own", func(q string) int { return len(own.Find(q)) }},
		{"own-1cpu", func(q string) int {
			return len(own.rank(own.scanRange(parseQuery(q), nil, false, 0, own.Len(), nil)))
		}},
		{"fzfalgo", func(q string) int { return len(fzf.Find(q)) }},
		{"sahilm", func(q string) int { return len(sah.Find(q)) }},
	}
	for _, impl := range impls {
		for _, q := range benchQueries {
			b.Run(impl.name+"/"+q, func(b *testing.B) {
				b.ReportAllocs()
				n := 0
				for b.Loop() {
					n = impl.find(q)
				}
				b.ReportMetric(float64(n), "matches")
			})
		}
	}
}

// BenchmarkTyping types "prdadm" one keystroke at a time (six queries),
// with and without reusing the previous keystroke's matches.
func BenchmarkTyping(b *testing.B) {
	lines := generated()
	for _, cached := range []bool{false, true} {
		name := "fresh"
		if cached {
			name = "narrowing"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m := benchMatcher(lines)
				m.noCache = !cached
				for k := 1; k <= len("prdadm"); k++ {
					m.Find("prdadm"[:k])
				}
			}
		})
	}
}

// benchMatcher shares one prepared 100k matcher between typing runs.
func benchMatcher(lines []string) *Matcher {
	if shared == nil {
		shared = New(lines)
	}
	return &Matcher{
		cands: shared.cands, lower: shared.lower, later: shared.later,
		start: shared.start, mask: shared.mask, tie: shared.tie, wide: shared.wide,
	}
}

var shared *Matcher

// BenchmarkNew prepares 100,000 targets.
func BenchmarkNew(b *testing.B) {
	lines := generated()
	b.ReportAllocs()
	for b.Loop() {
		New(lines)
	}
}

// BenchmarkPositions highlights the 30 rows a picker draws.
func BenchmarkPositions(b *testing.B) {
	m := New(generated())
	for _, q := range []string{"prdadm", "prod admin"} {
		top := m.Find(q)[:30]
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, mt := range top {
					m.Positions(q, mt.Index)
				}
			}
		})
	}
}

// BenchmarkOneQuery answers one query over 100,000 targets from scratch, as
// `switchrole list --filter` does: New then Find, against Filter.
func BenchmarkOneQuery(b *testing.B) {
	lines := generated()
	for _, q := range []string{"prdadm", "prod admin", "zzzzzz"} {
		b.Run("new+find/"+q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				New(lines).Find(q)
			}
		})
		b.Run("filter/"+q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Filter(lines, q)
			}
		})
	}
}

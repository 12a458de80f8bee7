package fuzzy

import (
	"iter"
	"unsafe"
)

// Filter answers one query: it returns exactly what New(candidates).Find
// (pattern) would, without preparing the candidates for more queries. Each
// candidate is lower-cased into scratch memory, tested, and scored only if
// it matches, so memory grows with the matches, not with the candidates:
// over 100,000 targets New writes some 9 MB that a single query reads once.
// `switchrole list --filter` and TARGET queries ask one question; the
// picker, which asks one per keystroke, uses New.
func Filter(candidates []string, pattern string) []Match {
	return FilterSeq(len(candidates), func(lo, hi int) iter.Seq2[int, []byte] {
		return func(yield func(int, []byte) bool) {
			for i := lo; i < hi; i++ {
				if !yield(i, stringBytes(candidates[i])) {
					return
				}
			}
		}
	}, pattern)
}

// FilterSeq is Filter over n candidates that are written on demand:
// texts(lo, hi) yields candidates lo..hi-1, in order, and each one's bytes
// need only last until the next, so a caller that can write the lines
// (config's SearchTextRange) never keeps them all. texts is called for
// disjoint ranges at the same time.
func FilterSeq(n int, texts func(lo, hi int) iter.Seq2[int, []byte], pattern string) []Match {
	q := parseQuery(pattern)
	if q.isEmpty() {
		all := make([]Match, n)
		for i := range all {
			all[i].Index = i
		}
		return all
	}
	runs := inParts(n, parallelMin, func(lo, hi int) filterRun {
		var f filterRun
		f.scan(q, texts(lo, hi))
		return f
	})
	hits, ties := make([][]hit, len(runs)), make([][]uint32, len(runs))
	for w := range runs {
		hits[w], ties[w] = runs[w].hits, runs[w].ties
	}
	return rankHits(joinParts(hits), joinParts(ties), n)
}

// filterRun is one goroutine's part of a Filter: the matches of a range of
// candidates, in index order, and their tie-breaks.
type filterRun struct {
	hits []hit
	ties []uint32
}

// scan evaluates q on the candidates texts yields. Each is loaded in turn
// into a Matcher of one candidate, which the kernel reads as it reads a
// prepared Matcher; it keeps no bonus arena (later is nil), so bonuses go
// to scratch memory, and nothing refers to the candidate's bytes after its
// turn.
func (f *filterRun) scan(q query, texts iter.Seq2[int, []byte]) {
	var (
		one   Matcher
		cand  [1]string
		start [2]uint32
		mask  [1]uint64
		tie   [1]uint32
		sc    scratch
	)
	one.cands, one.start, one.mask, one.tie = cand[:], start[:], mask[:], tie[:]
	t := tables()
	for i, text := range texts {
		s := unsafe.String(unsafe.SliceData(text), len(text))
		cand[0] = s
		start[1] = uint32(len(s))
		one.lower = grow(one.lower, len(s))
		mask[0], tie[0] = prepareASCII(t, s, one.lower)
		one.wide = nil
		sc.bonusValid = false
		if mask[0]&maskNonASCII != 0 {
			w := prepareWide(s)
			one.wide = map[int32]*wideCandidate{0: w}
			mask[0], tie[0] = w.maskTie()
		}
		if score, ok := one.eval(q, 0, &sc); ok {
			f.hits = append(f.hits, hit{index: int32(i), score: int32(score)})
			f.ties = append(f.ties, tie[0])
		}
	}
	cand[0] = ""
}

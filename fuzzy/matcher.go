package fuzzy

// Matcher holds prepared candidates so that each query is fast: lower-cased
// byte copies, per-byte boundary bonuses and character masks are computed
// once in New. A Matcher is safe for concurrent use; its candidates never
// change (build a new Matcher when the target list changes).
type Matcher struct {
	cands []string

	// The lower-cased bytes of all candidates, one after the other;
	// candidate i occupies [start[i], start[i+1]) (unused for the wide
	// ones).
	lower []byte
	start []uint32
	mask  []uint64 // characters present, see maskBit
	tie   []uint32 // packed tie-break lengths, see packTie

	// later holds the bonuses computed on first use; nil in the
	// one-candidate views of Filter, which keep none.
	later *deferredArenas

	// wide holds the candidates with non-ASCII text, by index.
	wide map[int32]*wideCandidate

	// recent remembers the last queries' matches: a query that narrows one
	// of them (the next keystroke) only rescans those candidates.
	recent  resultCache
	noCache bool // benchmarks measure full scans
}

// Match is one matching candidate: its index in the slice given to New and
// its score (higher is better; 0 for the empty pattern).
type Match struct {
	Index int
	Score int
}

// New prepares candidates for matching. Each candidate is one line of
// space-separated fields: the target name first (it matters most: bonuses
// are raised at its start and lowered in the fields after it), then the
// account name, account id and tags. The slice is kept, not copied.
func New(candidates []string) *Matcher {
	m := &Matcher{cands: candidates}
	m.prepare()
	return m
}

// Len is the number of candidates.
func (m *Matcher) Len() int { return len(m.cands) }

// Find returns the candidates that match pattern, best first; ties keep the
// candidates' original order after preferring the shorter target name and
// then the shorter candidate. An empty (or all-space) pattern returns every
// candidate in order with Score 0.
//
// The pattern follows fzf's extended syntax: space-separated terms are
// ANDed; a term is fuzzy unless written 'exact, ^prefix, suffix$ or
// ^equal$ (both anchors apply to the target name); !term excludes
// candidates containing term; "a | b" matches either. Smart case: a term
// with an upper-case letter is case-sensitive.
func (m *Matcher) Find(pattern string) []Match {
	return m.find(parseQuery(pattern), !m.noCache)
}

// find answers q, scanning only the matches of a remembered query that q
// narrows when useCache is set.
func (m *Matcher) find(q query, useCache bool) []Match {
	if q.isEmpty() {
		all := make([]Match, len(m.cands))
		for i := range all {
			all[i].Index = i
		}
		return all
	}
	var subset []int32
	narrowed := false
	if useCache {
		subset, narrowed = m.recent.lookup(q)
	}
	hits := m.scan(q, subset, narrowed)
	if useCache {
		idx := make([]int32, len(hits))
		for k, h := range hits {
			idx[k] = h.index
		}
		m.recent.store(q, idx)
	}
	return m.rank(hits)
}

// hit is a matching candidate before ranking.
type hit struct {
	index int32
	score int32
}

// Parallel scanning: a scan of at least parallelMin candidates is split
// into one chunk per CPU (at most maxWorkers); each chunk keeps index
// order, so concatenating them keeps the result deterministic.
const (
	parallelMin = 16 << 10
	maxWorkers  = 4
)

// scan evaluates q on every candidate, or only on subset when narrowed, and
// returns the matches in ascending index order.
func (m *Matcher) scan(q query, subset []int32, narrowed bool) []hit {
	n := len(m.cands)
	if narrowed {
		n = len(subset)
	}
	return joinParts(inParts(n, parallelMin, func(lo, hi int) []hit {
		return m.scanRange(q, subset, narrowed, lo, hi, nil)
	}))
}

// scanRange evaluates q on candidates [lo, hi) of the scan (positions in
// subset when narrowed) and appends the matches to out.
func (m *Matcher) scanRange(q query, subset []int32, narrowed bool, lo, hi int, out []hit) []hit {
	var sc scratch
	for k := lo; k < hi; k++ {
		i := k
		if narrowed {
			i = int(subset[k])
		}
		if score, ok := m.eval(q, i, &sc); ok {
			out = append(out, hit{index: int32(i), score: int32(score)})
		}
	}
	return out
}

// eval reports whether candidate i satisfies every set of q and its total
// score: per set, the score of its first matching term (fzf's rule). All
// sets are checked with the cheap existence tests before any is scored, so
// that "prod admin" does not score "prod" on the many candidates without
// "admin".
func (m *Matcher) eval(q query, i int, sc *scratch) (int, bool) {
	if len(q) == 1 && len(q[0]) == 1 && !q[0][0].negate {
		// One term: scoring is the existence test.
		score, _, ok := m.matchTerm(&q[0][0], i, sc, false)
		return score, ok
	}
	for _, set := range q {
		if !m.satisfies(set, i) {
			return 0, false
		}
	}
	total := 0
	for _, set := range q {
		for k := range set {
			t := &set[k]
			if t.negate {
				continue
			}
			if score, _, ok := m.matchTerm(t, i, sc, false); ok {
				total += score
				break
			}
		}
	}
	return total, true
}

// satisfies reports whether one of the set's terms holds for candidate i:
// a positive term that occurs or a negated one that does not.
func (m *Matcher) satisfies(set termSet, i int) bool {
	for k := range set {
		t := &set[k]
		if m.occurs(t, i) != t.negate {
			return true
		}
	}
	return false
}

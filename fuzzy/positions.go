package fuzzy

import "slices"

// Positions returns the byte offsets in candidate i that pattern matched,
// ascending and without duplicates, for highlighting. It redoes the full
// alignment with a backtrace, which Find skips, so call it only for the
// rows that are drawn. For a multi-byte character the offset of its first
// byte is given. The result is nil when i is out of range, the pattern is
// empty or candidate i does not match; negated terms mark nothing.
func (m *Matcher) Positions(pattern string, i int) []int {
	if i < 0 || i >= len(m.cands) {
		return nil
	}
	q := parseQuery(pattern)
	if q.isEmpty() {
		return nil
	}
	var sc scratch
	if _, ok := m.eval(q, i, &sc); !ok {
		return nil
	}
	var out []int
	for _, set := range q {
		for k := range set {
			t := &set[k]
			if t.negate {
				continue
			}
			if _, pos, ok := m.matchTerm(t, i, &sc, true); ok {
				out = append(out, pos...)
				break
			}
		}
	}
	if w := m.wide[int32(i)]; w != nil {
		for k, p := range out {
			out[k] = int(w.byteOff[p])
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

package fuzzy

import (
	"bytes"
	"slices"
)

// matchTerm matches one term against candidate i, ignoring negation. It
// returns the term's score and, with withPos, the matched positions (byte
// offsets for ASCII candidates, rune indices for wide ones; the slice is
// scratch memory, valid until the next call).
func (m *Matcher) matchTerm(t *term, i int, sc *scratch, withPos bool) (int, []int, bool) {
	if t.mask&^m.mask[i] != 0 {
		return 0, nil, false
	}
	if m.mask[i]&maskNonASCII != 0 {
		if w := m.wide[int32(i)]; w != nil {
			return matchRunes(t, w, sc, withPos)
		}
	}
	text := m.lower[m.start[i]:m.start[i+1]]
	if t.caseSensitive {
		text = stringBytes(m.cands[i])
	}
	return matchBytes(t, text, bonusRef{m: m, i: i}, sc, withPos)
}

// occurs reports whether term t (ignoring negation) matches candidate i,
// without scoring: a mask test, then a greedy subsequence or substring
// search.
func (m *Matcher) occurs(t *term, i int) bool {
	if t.mask&^m.mask[i] != 0 {
		return false
	}
	if m.mask[i]&maskNonASCII != 0 {
		if w := m.wide[int32(i)]; w != nil {
			var sc scratch
			_, _, ok := matchRunes(t, w, &sc, false)
			return ok
		}
	}
	if !t.ascii {
		return false
	}
	text := m.lower[m.start[i]:m.start[i+1]]
	if t.caseSensitive {
		text = stringBytes(m.cands[i])
	}
	pat := t.bytes
	switch t.kind {
	case termFuzzy:
		for _, c := range pat {
			j := bytes.IndexByte(text, c)
			if j < 0 {
				return false
			}
			text = text[j+1:]
		}
		return true
	case termExact:
		return bytes.Contains(text, pat)
	}
	var sc scratch
	_, _, ok := matchBytes(t, text, bonusRef{m: m, i: i}, &sc, false)
	return ok
}

// matchBytes matches a term against an ASCII candidate. It asks bonuses
// for the candidate's per-byte bonuses only once the term is known to
// match.
func matchBytes(t *term, text []byte, bonuses bonusRef, sc *scratch, withPos bool) (int, []int, bool) {
	if !t.ascii {
		return 0, nil, false
	}
	pat := t.bytes
	switch t.kind {
	case termFuzzy:
		first := sc.first[:0]
		from := 0
		for _, c := range pat {
			j := bytes.IndexByte(text[from:], c)
			if j < 0 {
				sc.first = first
				return 0, nil, false
			}
			first = append(first, from+j)
			from += j + 1
		}
		sc.first = first
		tail := first[len(first)-1]
		last := tail + bytes.LastIndexByte(text[tail:], pat[len(pat)-1])
		bonus := bonuses.get(sc)
		if withPos || len(pat) == 1 {
			score, pos := fuzzyScore(text, bonus, pat, first, last, sc, withPos)
			return score, pos, true
		}
		occurrences(text, pat, first, last, sc)
		return sparseScore(bonus, sc.occ, sc.rowEnd, sc), nil, true
	case termExact:
		j := bytes.Index(text, pat)
		if j < 0 {
			return 0, nil, false
		}
		bonus := bonuses.get(sc)
		best, bestAt := bonus[j], j
		for from := j + 1; best < bonusNameStart; {
			j := bytes.Index(text[from:], pat)
			if j < 0 {
				break
			}
			if b := bonus[from+j]; b > best {
				best, bestAt = b, from+j
			}
			from += j + 1
		}
		return scoreRun(bonus, bestAt, len(pat), sc, withPos)
	}
	name := text[:nameEndBytes(text)]
	lead := leadingSpaces(name)
	var at int
	switch {
	case t.kind == termPrefix && bytes.HasPrefix(text[lead:], pat):
		at = lead
	case t.kind == termSuffix && bytes.HasSuffix(name, pat):
		at = len(name) - len(pat)
	case t.kind == termEqual && bytes.Equal(name[lead:], pat):
		at = lead
	default:
		return 0, nil, false
	}
	return scoreRun(bonuses.get(sc), at, len(pat), sc, withPos)
}

// matchRunes matches a term against a wide (non-ASCII) candidate, the same
// way as matchBytes but rune by rune.
func matchRunes(t *term, w *wideCandidate, sc *scratch, withPos bool) (int, []int, bool) {
	text, bonus, pat := w.lower, w.bonus, t.runes
	if t.caseSensitive {
		text = w.orig
	}
	switch t.kind {
	case termFuzzy:
		first := sc.first[:0]
		from := 0
		for _, r := range pat {
			j := slices.Index(text[from:], r)
			if j < 0 {
				sc.first = first
				return 0, nil, false
			}
			first = append(first, from+j)
			from += j + 1
		}
		sc.first = first
		last := len(text) - 1
		for text[last] != pat[len(pat)-1] {
			last--
		}
		if withPos || len(pat) == 1 {
			score, pos := fuzzyScore(text, bonus, pat, first, last, sc, withPos)
			return score, pos, true
		}
		occurrences(text, pat, first, last, sc)
		return sparseScore(bonus, sc.occ, sc.rowEnd, sc), nil, true
	case termExact:
		best, bestAt := int8(-1), -1
		for j := 0; j+len(pat) <= len(text); j++ {
			if slices.Equal(text[j:j+len(pat)], pat) && bonus[j] > best {
				best, bestAt = bonus[j], j
			}
		}
		if bestAt < 0 {
			return 0, nil, false
		}
		return scoreRun(bonus, bestAt, len(pat), sc, withPos)
	}
	name := text[:w.nameEnd]
	lead := 0
	for lead < len(name) && name[lead] == ' ' {
		lead++
	}
	name = name[lead:]
	var at int
	switch {
	case t.kind == termPrefix && len(text)-lead >= len(pat) && slices.Equal(text[lead:lead+len(pat)], pat):
		at = lead
	case t.kind == termSuffix && len(name) >= len(pat) && slices.Equal(name[len(name)-len(pat):], pat):
		at = lead + len(name) - len(pat)
	case t.kind == termEqual && slices.Equal(name, pat):
		at = lead
	default:
		return 0, nil, false
	}
	return scoreRun(bonus, at, len(pat), sc, withPos)
}

// scoreRun scores the contiguous alignment text[at:at+n].
func scoreRun(bonus []int8, at, n int, sc *scratch, withPos bool) (int, []int, bool) {
	run := sc.first[:0]
	for k := range n {
		run = append(run, at+k)
	}
	sc.first = run
	score, pos := scorePositions(bonus, run, sc, withPos)
	return score, pos, true
}

// nameEndBytes is the end of the target name: the first space, or the end.
func nameEndBytes(text []byte) int {
	lead := leadingSpaces(text)
	if j := bytes.IndexByte(text[lead:], ' '); j >= 0 {
		return lead + j
	}
	return len(text)
}

func leadingSpaces(text []byte) int {
	n := 0
	for n < len(text) && text[n] == ' ' {
		n++
	}
	return n
}

package fuzzy

// cell is one match cell of the score matrix: pattern character i aligned
// on text position pos. The cells between two match cells of a row only
// carry the gap penalty forward, so the sparse kernel stores match cells
// and derives the others with decayAt.
type cell struct {
	pos   int32
	h     int32 // best score of pattern[:i+1] within text[:pos+1]
	m     int32 // best score with pattern[i] on pos itself (h may come from a gap)
	c     int16 // length of the consecutive run ending here (0 if none)
	fb    int8  // bonus a consecutive follower inherits (fzf's run bonus)
	wb    int8  // bonus of the first letter matched in pos's word
	multi bool  // two or more letters of pos's word are matched
	inGap bool  // the gap move won at this cell
}

// decayAt is the score matrix value (and gap state) at position x of a row
// whose last match cell at or before x is c: each following cell costs
// scoreGapStart then scoreGapExtension, never below zero.
func decayAt(c cell, x int32) (int32, bool) {
	d := x - c.pos
	if d == 0 {
		return c.h, c.inGap
	}
	v := c.h + scoreGapStart
	if c.inGap {
		v = c.h + scoreGapExtension
	}
	v += (d - 1) * scoreGapExtension
	if v <= 0 {
		return 0, false
	}
	return v, true
}

// sparseScore computes the same score as fuzzyScore without positions,
// visiting only the cells where a pattern character occurs: occ holds, row
// after row, the ascending positions of pat[i] in [first[i], bound[i]], and
// rowEnd[i] where row i's positions end in occ. On this data most rows have
// a handful of occurrences against some sixty text positions, which makes
// it several times faster than the dense matrix.
func sparseScore(bonus []int8, occ []int32, rowEnd []int, sc *scratch) int {
	cells := grow(sc.cells, len(occ))
	// Row 0: every occurrence starts a match, whatever precedes it.
	for k := 0; k < rowEnd[0]; k++ {
		j := occ[k]
		h := scoreMatch + int32(bonus[j])*bonusFirstCharMultiplier
		cells[k] = cell{pos: j, h: h, m: h, c: 1, fb: bonus[j], wb: bonus[j]}
	}
	coherent := !sc.plain
	var best int32
	last := len(rowEnd) - 1
	prevStart := 0
	for i := 1; i <= last; i++ {
		start, end := rowEnd[i-1], rowEnd[i]
		p := prevStart // the previous row's last cell at or before j-1
		for k := start; k < end; k++ {
			j := occ[k]
			for p+1 < start && cells[p+1].pos <= j-1 {
				p++
			}
			var hd int32
			var cd int16
			pc := &cells[p]
			if pc.pos <= j-1 {
				hd, _ = decayAt(*pc, j-1)
				if pc.pos == j-1 {
					cd = pc.c
				}
			}
			var left int32
			inGap := false
			if k > start {
				left, inGap = decayAt(cells[k-1], j-1)
			}
			s2 := left + scoreGapStart
			if inGap {
				s2 = left + scoreGapExtension
			}
			s1 := hd + scoreMatch
			bj := int32(bonus[j])
			b, fb := bj, bonus[j]
			wb, multi := bonus[j], false // a new word unless shown otherwise
			consecutive := cd + 1
			if consecutive > 1 {
				if b >= bonusBoundary && b > int32(pc.fb) {
					consecutive = 1 // a stronger boundary starts a new run
				} else {
					b, fb = max(b, bonusConsecutive, int32(pc.fb)), pc.fb
				}
				if bj == 0 {
					wb, multi = pc.wb, true
				}
			}
			if s1+b < s2 {
				s1 += bj
				consecutive, fb = 0, bonus[j]
			} else {
				s1 += b
			}
			if coherent && bj == 0 && consecutive <= 1 {
				// Continue the word of an earlier match of the previous
				// row (see wordBonus).
				kk := j - 1
			scan:
				for q := p; q >= prevStart; q-- {
					qc := &cells[q]
					for ; kk > qc.pos; kk-- {
						if bonus[kk] != 0 {
							break scan // a word boundary lies between
						}
					}
					if qc.pos == j-1 {
						continue
					}
					wbq := wordBonus(qc.wb, qc.multi)
					if v := qc.m + scoreGapStart + (j-qc.pos-2)*scoreGapExtension + scoreMatch + int32(wbq); v >= s1 {
						s1, consecutive, fb, wb, multi = v, 1, wbq, qc.wb, true
					}
				}
			}
			if s1 < s2 {
				consecutive = 0
			}
			h := max(s1, s2, 0)
			cells[k] = cell{pos: j, h: h, m: s1, c: consecutive, fb: fb, wb: wb, multi: multi, inGap: s1 < s2}
			if i == last && h > best {
				best = h
			}
		}
		prevStart = start
	}
	sc.cells = cells
	return int(best)
}

// occurrences fills sc.occ and sc.rowEnd for sparseScore: row i holds the
// positions of pat[i] from first[i] up to bound[i], the last position from
// which the rest of the pattern still fits. Bytes for ASCII candidates, runes
// for wide ones.
func occurrences[T unit](text, pat []T, first []int, last int, sc *scratch) {
	M := len(pat)
	bound := grow(sc.bound, M)
	bound[M-1] = last
	for i := M - 2; i >= 0; i-- {
		b := bound[i+1] - 1
		for text[b] != pat[i] {
			b--
		}
		bound[i] = b
	}
	occ, rowEnd := sc.occ[:0], grow(sc.rowEnd, M)
	for i := range M {
		c, hi := pat[i], bound[i]
		for j := first[i]; j <= hi; j++ {
			if text[j] == c {
				occ = append(occ, int32(j))
			}
		}
		rowEnd[i] = len(occ)
	}
	sc.bound, sc.occ, sc.rowEnd = bound, occ, rowEnd
}

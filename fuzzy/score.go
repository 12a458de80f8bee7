package fuzzy

import "bytes"

// unit is a character of prepared text: a byte for ASCII candidates, a rune
// for the rare candidates that hold other text.
type unit interface{ ~byte | ~rune }

// scratch holds the buffers of one scanning goroutine, reused from one
// candidate to the next so that scoring does not allocate.
type scratch struct {
	first []int   // first[i]: leftmost position of pattern[i] after pattern[i-1]
	h     []int32 // score rows
	m     []int32 // match scores (pattern[i] on j itself)
	c     []int16 // consecutive-run rows
	fb    []int8  // inherited run bonuses (see cell.fb)
	wb    []int8  // word bonuses (see cell.wb)
	multi []bool  // see cell.multi
	from  []int32 // same-word predecessor of a match, or -1
	pos   []int
	bonus []int8 // a candidate's bonuses, when the arena's are being computed
	// bonusValid: bonus holds the bonuses of the candidate a one-candidate
	// view (Filter) has loaded.
	bonusValid bool

	// sparse kernel
	cells  []cell
	occ    []int32
	rowEnd []int
	bound  []int

	// plain scores exactly like fzf, without the same-word rule; tests
	// set it to compare the kernels with fzf's own.
	plain bool
}

// maxMatrixCells bounds the full score matrix built for Positions; beyond it
// (a pathological candidate of many kilobytes) the greedy alignment is
// used, as fzf falls back to its V1 algorithm.
const maxMatrixCells = 1 << 22

// fuzzyScore is fzf's FuzzyMatchV2 plus the same-word rule (see
// sameWordBonus): the best score of any alignment of pat as a subsequence
// of text[first[0]:last+1]. first holds the greedy leftmost positions of
// pat (computed by the caller with the fastest search for its unit) and
// last the last occurrence of pat's final character. With withPos it also
// returns the matched positions, in ascending order.
//
// Unlike a textbook Smith-Waterman, no pattern character may be skipped; a
// run of consecutive matches inherits the bonus of its first character.
// Find uses sparseScore, which computes the same score; this full matrix
// serves Positions.
func fuzzyScore[T unit](text []T, bonus []int8, pat []T, first []int, last int, sc *scratch, withPos bool) (int, []int) {
	M := len(pat)
	f0 := first[0]
	if M == 1 {
		return bestSingle(text, bonus, pat[0], f0, last, sc, withPos)
	}
	width := last - f0 + 1
	rows := 2
	if withPos {
		if width*M > maxMatrixCells {
			return scorePositions(bonus, first, sc, withPos)
		}
		rows = M
	}
	n := rows * width
	sc.h, sc.m, sc.c, sc.fb = grow(sc.h, n), grow(sc.m, n), grow(sc.c, n), grow(sc.fb, n)
	sc.wb, sc.multi, sc.from = grow(sc.wb, n), grow(sc.multi, n), grow(sc.from, n)
	H, Mt, C, F, WB, Multi, From := sc.h[:n], sc.m[:n], sc.c[:n], sc.fb[:n], sc.wb[:n], sc.multi[:n], sc.from[:n]
	coherent := !sc.plain

	// Row 0: the first pattern character, with gap penalties running on.
	p0 := pat[0]
	var prevH int32
	inGap := false
	for j := f0; j <= last; j++ {
		k := j - f0
		From[k] = -1
		if text[j] == p0 {
			H[k] = scoreMatch + int32(bonus[j])*bonusFirstCharMultiplier
			Mt[k], C[k], F[k], WB[k], Multi[k] = H[k], 1, bonus[j], bonus[j], false
			inGap = false
		} else {
			if inGap {
				H[k] = max(prevH+scoreGapExtension, 0)
			} else {
				H[k] = max(prevH+scoreGapStart, 0)
			}
			C[k] = 0
			inGap = true
		}
		prevH = H[k]
	}

	var maxScore int32
	maxPos := 0
	for i := 1; i < M; i++ {
		row, prow := (i%rows)*width, ((i-1)%rows)*width
		pc, pp := pat[i], pat[i-1]
		fi, fp := first[i], first[i-1]
		inGap := false
		var left int32 // H[i][fi-1] counts as 0: pat[i] cannot sit before fi
		for j := fi; j <= last; j++ {
			k := j - f0
			var s1, s2 int32
			var consecutive int16
			if inGap {
				s2 = left + scoreGapExtension
			} else {
				s2 = left + scoreGapStart
			}
			From[row+k] = -1
			if text[j] == pc {
				s1 = H[prow+k-1] + scoreMatch
				bj := int32(bonus[j])
				b, fb := bj, bonus[j]
				wb, multi := bonus[j], false // a new word unless shown otherwise
				consecutive = C[prow+k-1] + 1
				if consecutive > 1 {
					pfb := F[prow+k-1]
					if b >= bonusBoundary && b > int32(pfb) {
						consecutive = 1 // a stronger boundary starts a new run
					} else {
						b, fb = max(b, bonusConsecutive, int32(pfb)), pfb
					}
					if bj == 0 {
						wb, multi = WB[prow+k-1], true
					}
				}
				if s1+b < s2 {
					s1 += bj
					consecutive, fb = 0, bonus[j]
				} else {
					s1 += b
				}
				if coherent && bj == 0 && consecutive <= 1 {
					// Continue the word of an earlier match of pat[i-1]
					// (see wordBonus).
					for q := j - 1; q >= fp; q-- {
						if q < j-1 && text[q] == pp {
							qk := prow + q - f0
							wbq := wordBonus(WB[qk], Multi[qk])
							if v := Mt[qk] + scoreGapStart + int32(j-q-2)*scoreGapExtension + scoreMatch + int32(wbq); v >= s1 {
								s1, consecutive, fb, wb, multi = v, 1, wbq, WB[qk], true
								From[row+k] = int32(q)
							}
						}
						if bonus[q] != 0 {
							break // q starts the word
						}
					}
				}
				if s1 < s2 {
					consecutive = 0
				}
				Mt[row+k], F[row+k], WB[row+k], Multi[row+k] = s1, fb, wb, multi
			}
			C[row+k] = consecutive
			inGap = s1 < s2
			score := max(s1, s2, 0)
			H[row+k] = score
			left = score
			if i == M-1 && score > maxScore {
				maxScore, maxPos = score, j
			}
		}
	}
	if !withPos {
		return int(maxScore), nil
	}
	return int(maxScore), backtrace(H, C, From, first, f0, width, maxPos, M, sc)
}

// backtrace walks the full matrix back from the best cell to recover the
// matched positions, preferring matches that keep a consecutive run (fzf's
// phase 4). A match reached by the same-word rule jumps straight to its
// predecessor (from), which the score rows alone would not reveal.
func backtrace(H []int32, C []int16, from []int32, first []int, f0, width, j, M int, sc *scratch) []int {
	pos := sc.pos[:0]
	i := M - 1
	preferMatch, forced := true, false
	for {
		I := i * width
		k := j - f0
		s := H[I+k]
		var s1, s2 int32
		if i > 0 && j >= first[i] {
			s1 = H[I-width+k-1]
		}
		if j > first[i] {
			s2 = H[I+k-1]
		}
		if forced || s > s1 && (s > s2 || s == s2 && preferMatch) {
			pos = append(pos, j)
			if i == 0 {
				break
			}
			i--
			if q := from[I+k]; q >= 0 {
				j, forced = int(q), true
				continue
			}
			forced = false
		}
		preferMatch = C[I+k] > 1 || I+width+k+1 < len(C) && C[I+width+k+1] > 0
		j--
	}
	for l, r := 0, len(pos)-1; l < r; l, r = l+1, r-1 {
		pos[l], pos[r] = pos[r], pos[l]
	}
	sc.pos = pos
	return pos
}

// bestSingle scores a one-character pattern: the occurrence with the best
// bonus wins, the first one on ties. Byte texts jump between occurrences
// with bytes.IndexByte.
func bestSingle[T unit](text []T, bonus []int8, c T, from, last int, sc *scratch, withPos bool) (int, []int) {
	best, bestPos := int8(-1), from
	if bt, ok := any(text).([]byte); ok {
		cb := byte(c)
		for j := from; j <= last; {
			if b := bonus[j]; bt[j] == cb && b > best {
				best, bestPos = b, j
				if best >= bonusBoundaryWhite {
					break // only the name's first byte scores more
				}
			}
			k := bytes.IndexByte(bt[j+1:last+1], cb)
			if k < 0 {
				break
			}
			j += k + 1
		}
	} else {
		for j := from; j <= last; j++ {
			if text[j] == c && bonus[j] > best {
				best, bestPos = bonus[j], j
			}
		}
	}
	score := scoreMatch + int(best)*bonusFirstCharMultiplier
	if !withPos {
		return score, nil
	}
	sc.pos = append(sc.pos[:0], bestPos)
	return score, sc.pos
}

// scorePositions scores a given alignment (ascending positions) the way
// fzf's calculateScore does: matches, gap penalties, boundary bonuses and
// consecutive runs, plus, unless sc.plain, the same-word rule of
// wordBonus. Exact, prefix and suffix terms use it on their one contiguous
// alignment; tests use it as the definition of an alignment's score.
func scorePositions(bonus []int8, pos []int, sc *scratch, withPos bool) (int, []int) {
	score := 0
	consecutive := 0
	var firstBonus, wb int8
	multi := false
	for i, p := range pos {
		b := bonus[p]
		sameWordGap, prevMulti := false, multi
		if i > 0 {
			if p != pos[i-1]+1 {
				score += scoreGapStart + (p-pos[i-1]-2)*scoreGapExtension
				consecutive, firstBonus = 0, 0
				sameWordGap = b == 0 && sameWord(bonus, pos[i-1], p)
			}
			if b == 0 && (p == pos[i-1]+1 || sameWordGap) {
				multi = true // p continues the word of pos[i-1]
			} else {
				wb, multi = b, false
			}
		} else {
			wb = b
		}
		if sameWordGap && !sc.plain {
			b = wordBonus(wb, prevMulti)
		}
		score += scoreMatch
		if consecutive == 0 {
			firstBonus = b
		} else {
			if b >= bonusBoundary && b > firstBonus {
				firstBonus = b
			}
			b = max(b, firstBonus, bonusConsecutive)
		}
		if i == 0 {
			score += int(b) * bonusFirstCharMultiplier
		} else {
			score += int(b)
		}
		consecutive++
	}
	if !withPos {
		return score, nil
	}
	sc.pos = append(sc.pos[:0], pos...)
	return score, sc.pos
}

// sameWord reports whether positions p < q lie in the same word: no word
// boundary (a character with a bonus) in (p, q].
func sameWord(bonus []int8, p, q int) bool {
	for k := q; k > p; k-- {
		if bonus[k] != 0 {
			return false
		}
	}
	return true
}

// grow returns s with room for n elements, reusing its array when it can.
func grow[E any](s []E, n int) []E {
	if cap(s) < n {
		return make([]E, n, n+n/2)
	}
	return s[:n]
}

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
	c     []int16 // consecutive-run rows
	pos   []int

	// sparse kernel
	cells  []cell
	occ    []int32
	rowEnd []int
	bound  []int
}

// maxMatrixCells bounds the full score matrix built for Positions; beyond it
// (a pathological candidate of many kilobytes) the greedy alignment is
// used, as fzf falls back to its V1 algorithm.
const maxMatrixCells = 1 << 22

// fuzzyScore is fzf's FuzzyMatchV2: the best score of any alignment of pat
// as a subsequence of text[first[0]:last+1]. first holds the greedy
// leftmost positions of pat (computed by the caller with the fastest search
// for its unit) and last the last occurrence of pat's final character.
// With withPos it also returns the matched positions, in ascending order.
//
// Unlike a textbook Smith-Waterman, no pattern character may be skipped; a
// run of consecutive matches inherits the bonus of its first character.
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
	sc.h = grow(sc.h, rows*width)
	sc.c = grow(sc.c, rows*width)
	H, C := sc.h[:rows*width], sc.c[:rows*width]

	// Row 0: the first pattern character, with gap penalties running on.
	p0 := pat[0]
	var prevH int32
	inGap := false
	for j := f0; j <= last; j++ {
		k := j - f0
		if text[j] == p0 {
			H[k] = scoreMatch + int32(bonus[j])*bonusFirstCharMultiplier
			C[k] = 1
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
		pc := pat[i]
		fi := first[i]
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
			if text[j] == pc {
				s1 = H[prow+k-1] + scoreMatch
				b := int32(bonus[j])
				consecutive = C[prow+k-1] + 1
				if consecutive > 1 {
					fb := int32(bonus[j-int(consecutive)+1])
					if b >= bonusBoundary && b > fb {
						consecutive = 1 // a stronger boundary starts a new run
					} else {
						b = max(b, bonusConsecutive, fb)
					}
				}
				if s1+b < s2 {
					s1 += int32(bonus[j])
					consecutive = 0
				} else {
					s1 += b
				}
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
	return int(maxScore), backtrace(H, C, first, f0, width, maxPos, M, sc)
}

// backtrace walks the full matrix back from the best cell to recover the
// matched positions, preferring matches that keep a consecutive run (fzf's
// phase 4).
func backtrace(H []int32, C []int16, first []int, f0, width, j, M int, sc *scratch) []int {
	pos := sc.pos[:0]
	i := M - 1
	preferMatch := true
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
		if s > s1 && (s > s2 || s == s2 && preferMatch) {
			pos = append(pos, j)
			if i == 0 {
				break
			}
			i--
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
// consecutive runs. Exact, prefix and suffix terms use it on their one
// contiguous alignment.
func scorePositions(bonus []int8, pos []int, sc *scratch, withPos bool) (int, []int) {
	score := 0
	consecutive := 0
	var firstBonus int8
	for i, p := range pos {
		if i > 0 && p != pos[i-1]+1 {
			score += scoreGapStart + (p-pos[i-1]-2)*scoreGapExtension
			consecutive, firstBonus = 0, 0
		}
		score += scoreMatch
		b := bonus[p]
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

// grow returns s with room for n elements, reusing its array when it can.
func grow[E any](s []E, n int) []E {
	if cap(s) < n {
		return make([]E, n, n+n/2)
	}
	return s[:n]
}

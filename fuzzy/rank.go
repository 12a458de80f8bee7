package fuzzy

import (
	"slices"
)

// Sort keys pack, from the most significant bit: the inverted score (16
// bits), the target name's length (8 bits), the candidate's length (12
// bits) and the index (28 bits). Sorting keys ascending ranks best first,
// and since the index is part of the key every order is deterministic.
const (
	keyScoreBits = 16
	tieNameBits  = 8
	tieTotalBits = 12
	keyIndexBits = 28

	maxKeyScore = 1<<keyScoreBits - 1
	maxTieName  = 1<<tieNameBits - 1
	maxTieTotal = 1<<tieTotalBits - 1
	keyIndexMax = 1<<keyIndexBits - 1
)

// radixMin is the result size from which an LSD radix sort beats pdqsort.
const radixMin = 1024

// rank sorts hits best first and turns them into Matches.
func (m *Matcher) rank(hits []hit) []Match {
	ties := make([]uint32, len(hits))
	for k, h := range hits {
		ties[k] = m.tie[h.index]
	}
	return rankHits(hits, ties, len(m.cands))
}

// rankHits sorts hits, whose tie-breaks are ties (ties[k] is hits[k]'s),
// best first and turns them into Matches; n is the number of candidates.
func rankHits(hits []hit, ties []uint32, n int) []Match {
	out := make([]Match, len(hits))
	if n > keyIndexMax {
		// Too many candidates for the packed key: sort the hits directly.
		order := make([]int, len(hits))
		for k := range order {
			order[k] = k
		}
		slices.SortStableFunc(order, func(a, b int) int {
			if hits[a].score != hits[b].score {
				return int(hits[b].score - hits[a].score)
			}
			return int(ties[a]) - int(ties[b])
		})
		for k, o := range order {
			out[k] = Match{Index: int(hits[o].index), Score: int(hits[o].score)}
		}
		return out
	}
	keys := make([]uint64, len(hits))
	for k, h := range hits {
		keys[k] = uint64(maxKeyScore-min(h.score, maxKeyScore))<<(64-keyScoreBits) |
			uint64(ties[k])<<keyIndexBits | uint64(h.index)
	}
	if len(keys) < radixMin {
		slices.Sort(keys)
	} else {
		radixSort(keys)
	}
	for k, key := range keys {
		out[k] = Match{
			Index: int(key & keyIndexMax),
			Score: maxKeyScore - int(key>>(64-keyScoreBits)),
		}
	}
	return out
}

// radixSort sorts keys whose low keyIndexBits are already ascending (the
// hits arrive in index order): a stable LSD radix sort on the upper 36 bits
// in three 12-bit digits, skipping digits that are the same for all keys.
func radixSort(keys []uint64) {
	const digitBits = 12
	tmp := make([]uint64, len(keys))
	src, dst := keys, tmp
	var count [1 << digitBits]int
	for shift := keyIndexBits; shift < 64; shift += digitBits {
		clear(count[:])
		for _, k := range src {
			count[(k>>shift)&(1<<digitBits-1)]++
		}
		if count[(src[0]>>shift)&(1<<digitBits-1)] == len(src) {
			continue // every key has this digit: the order stands
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for _, k := range src {
			d := (k >> shift) & (1<<digitBits - 1)
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

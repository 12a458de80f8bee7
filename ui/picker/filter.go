package picker

import (
	"cmp"
	"slices"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/fuzzy"
)

// Match is one filtered target: its index in the target list and its fuzzy
// score (higher is better).
type Match = fuzzy.Match

// Matcher is the fuzzy matcher over the targets' search texts (package
// fuzzy provides it). Find returns matches best first, ties in input order;
// an empty pattern is never passed. Positions gives the matched byte
// offsets of candidate i, for highlighting drawn rows only.
type Matcher interface {
	Find(pattern string) []Match
	Positions(pattern string, i int) []int
}

// Ranking tells favourites and frecency apart; state.Snapshot implements
// it.
type Ranking interface {
	IsFavourite(name string) bool
	Frecency(name string) float64
}

// newDefaultMatcher is package fuzzy over the targets' search texts.
func newDefaultMatcher(texts []string) Matcher { return fuzzy.New(texts) }

// noRanking is used when no store is given.
type noRanking struct{}

func (noRanking) IsFavourite(string) bool { return false }
func (noRanking) Frecency(string) float64 { return 0 }

// baseOrder is the unfiltered order: favourites (most used first), then
// targets used before (by frecency), then all others in input order.
// rank[i] is target i's position in that order and boosted how many
// targets lead because of favourites or use.
func baseOrder(targets []*config.Target, r Ranking) (order []int, rank []int32, boosted int) {
	type lead struct {
		idx   int
		fav   bool
		score float64
	}
	var leads []lead
	for i, t := range targets {
		fav, score := r.IsFavourite(t.Name), r.Frecency(t.Name)
		if fav || score > 0 {
			leads = append(leads, lead{i, fav, score})
		}
	}
	slices.SortStableFunc(leads, func(a, b lead) int {
		if a.fav != b.fav {
			if a.fav {
				return -1
			}
			return 1
		}
		return cmp.Compare(b.score, a.score)
	})
	order = make([]int, 0, len(targets))
	rank = make([]int32, len(targets))
	for i := range rank {
		rank[i] = -1
	}
	for _, l := range leads {
		rank[l.idx] = int32(len(order))
		order = append(order, l.idx)
	}
	for i := range targets {
		if rank[i] < 0 {
			rank[i] = int32(len(order))
			order = append(order, i)
		}
	}
	return order, rank, len(leads)
}

// breakTies reorders runs of equal score so favourites and recent targets
// come first within each run, by their rank; the rest keep the matcher's
// order. The fuzzy score always wins: a tie-break never lifts a worse match
// above a better one. It works in place in O(n) plus a sort of the (few)
// boosted targets per run.
func breakTies(ms []Match, rank []int32, boosted int, buf []Match) []Match {
	if boosted == 0 {
		return buf
	}
	for start := 0; start < len(ms); {
		end := start + 1
		for end < len(ms) && ms[end].Score == ms[start].Score {
			end++
		}
		if end-start > 1 {
			buf = partitionRun(ms[start:end], rank, int32(boosted), buf)
		}
		start = end
	}
	return buf
}

func partitionRun(run []Match, rank []int32, boosted int32, buf []Match) []Match {
	buf = buf[:0]
	for _, m := range run {
		if rank[m.Index] < boosted {
			buf = append(buf, m)
		}
	}
	if len(buf) == 0 {
		return buf
	}
	slices.SortFunc(buf, func(a, b Match) int { return cmp.Compare(rank[a.Index], rank[b.Index]) })
	// Move the others back, keeping their order, then put the boosted first.
	w := len(run)
	for i := len(run) - 1; i >= 0; i-- {
		if rank[run[i].Index] >= boosted {
			w--
			run[w] = run[i]
		}
	}
	copy(run, buf)
	return buf
}

// Package alt wraps the two third-party matchers that package fuzzy was
// measured against, github.com/junegunn/fzf/src/algo and
// github.com/sahilm/fuzzy, behind the same Find signature, so that
// benchmarks and ranking-quality tests compare like with like. It exists
// for those tests only; switchrole itself does not import it.
package alt

import (
	"slices"
	"strings"
	"sync"

	fzfalgo "github.com/junegunn/fzf/src/algo"
	fzfutil "github.com/junegunn/fzf/src/util"
	sahilm "github.com/sahilm/fuzzy"
)

// Match mirrors fuzzy.Match.
type Match struct {
	Index int
	Score int
}

// initFzf runs fzf's algo.Init once: it fills package-level character
// tables, without which every character is classed as whitespace.
var initFzf = sync.OnceFunc(func() { fzfalgo.Init("default") })

// FzfAlgo ranks with fzf's own FuzzyMatchV2 over prepared fzf Chars: terms
// are ANDed and their scores summed, smart case per term, ties broken by
// length then index as fzf's default --tiebreak=length does.
type FzfAlgo struct {
	chars []fzfutil.Chars
	lens  []int
	slab  *fzfutil.Slab
	mu    sync.Mutex
}

// NewFzfAlgo prepares candidates for FzfAlgo.
func NewFzfAlgo(candidates []string) *FzfAlgo {
	initFzf()
	f := &FzfAlgo{
		chars: make([]fzfutil.Chars, len(candidates)),
		lens:  make([]int, len(candidates)),
		slab:  fzfutil.MakeSlab(100*1024, 2048),
	}
	for i, s := range candidates {
		f.chars[i] = fzfutil.ToChars([]byte(s))
		f.lens[i] = len(s)
	}
	return f
}

// Find returns the matches of pattern (fuzzy terms only), best first.
func (f *FzfAlgo) Find(pattern string) []Match {
	f.mu.Lock()
	defer f.mu.Unlock()
	type term struct {
		runes []rune
		cs    bool
	}
	var terms []term
	for _, w := range strings.Fields(pattern) {
		lw := strings.ToLower(w)
		cs := lw != w
		if !cs {
			w = lw
		}
		terms = append(terms, term{[]rune(w), cs})
	}
	var out []Match
	for i := range f.chars {
		total, ok := 0, true
		for _, t := range terms {
			r, _ := fzfalgo.FuzzyMatchV2(t.cs, false, true, &f.chars[i], t.runes, false, f.slab)
			if r.Start < 0 {
				ok = false
				break
			}
			total += r.Score
		}
		if ok {
			out = append(out, Match{Index: i, Score: total})
		}
	}
	slices.SortStableFunc(out, func(a, b Match) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return f.lens[a.Index] - f.lens[b.Index]
	})
	return out
}

// Sahilm ranks with github.com/sahilm/fuzzy (always case-insensitive, no
// extended syntax): each space-separated term is matched on its own, the
// candidates matching all terms are kept and their scores summed.
type Sahilm struct {
	candidates []string
}

// NewSahilm wraps candidates for Sahilm; sahilm/fuzzy prepares nothing.
func NewSahilm(candidates []string) *Sahilm { return &Sahilm{candidates: candidates} }

// Find returns the matches of pattern, best first.
func (s *Sahilm) Find(pattern string) []Match {
	terms := strings.Fields(pattern)
	if len(terms) == 0 {
		return nil
	}
	scores := map[int]int{}
	for k, t := range terms {
		next := map[int]int{}
		for _, m := range sahilm.FindNoSort(t, s.candidates) {
			if prev, ok := scores[m.Index]; ok || k == 0 {
				next[m.Index] = prev + m.Score
			}
		}
		scores = next
	}
	out := make([]Match, 0, len(scores))
	for i, sc := range scores {
		out = append(out, Match{Index: i, Score: sc})
	}
	slices.SortFunc(out, func(a, b Match) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return a.Index - b.Index
	})
	return out
}

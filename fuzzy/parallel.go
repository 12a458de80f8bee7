package fuzzy

import (
	"runtime"
	"slices"
	"sync"
)

// inParts runs part over [0, n) split into consecutive ranges, one per CPU
// (at most maxWorkers) and each of at least minPart items, at the same
// time, and returns their results in range order: concatenated, they keep
// index order, so the result is deterministic. Below 2*minPart it is one
// call on this goroutine.
func inParts[R any](n, minPart int, part func(lo, hi int) R) []R {
	workers := min(runtime.GOMAXPROCS(0), maxWorkers, n/minPart)
	if workers <= 1 {
		return []R{part(0, n)}
	}
	out := make([]R, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Go(func() { out[w] = part(lo, hi) })
	}
	wg.Wait()
	return out
}

// joinParts concatenates the parts' slices, without a copy when there is
// only one.
func joinParts[E any](parts [][]E) []E {
	if len(parts) == 1 {
		return parts[0]
	}
	return slices.Concat(parts...)
}

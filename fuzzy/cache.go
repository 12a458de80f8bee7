package fuzzy

import "sync"

// cacheSize is how many recent queries are remembered: enough for typing
// forward and a few backspaces.
const cacheSize = 4

// resultCache remembers which candidates the last queries matched. Entries
// are never modified after being stored, so they can be read outside the
// lock.
type resultCache struct {
	mu      sync.Mutex
	entries [cacheSize]cacheEntry
	next    int
}

type cacheEntry struct {
	q     query
	index []int32 // matching candidates, ascending
}

// lookup returns the smallest remembered match set that q narrows.
func (c *resultCache) lookup(q query) ([]int32, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var best []int32
	found := false
	for _, e := range c.entries {
		if e.q != nil && (!found || len(e.index) < len(best)) && q.narrows(e.q) {
			best, found = e.index, true
		}
	}
	return best, found
}

// store remembers q's matches, replacing the oldest entry.
func (c *resultCache) store(q query, index []int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[c.next] = cacheEntry{q: q, index: index}
	c.next = (c.next + 1) % cacheSize
}

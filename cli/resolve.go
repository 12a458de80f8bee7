package cli

import (
	"fmt"
	"strings"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/listing"
)

// AmbiguousError is a TARGET query that matches several targets.
type AmbiguousError struct {
	Query      string
	Candidates []*config.Target
	Total      int
}

func (e *AmbiguousError) Error() string {
	names := make([]string, len(e.Candidates))
	for i, t := range e.Candidates {
		names[i] = t.Name
	}
	more := ""
	if e.Total > len(e.Candidates) {
		more = fmt.Sprintf(", and %d more", e.Total-len(e.Candidates))
	}
	return fmt.Sprintf("%q matches %d targets (%s%s); name one exactly or refine the query",
		e.Query, e.Total, strings.Join(names, ", "), more)
}

// ExitCode makes an ambiguous query a usage error.
func (e *AmbiguousError) ExitCode() int { return ExitUsage }

// maxCandidates is how many candidates an ambiguous query lists.
const maxCandidates = 5

// resolveTarget finds the one target a TARGET argument means: an exact name,
// else the only target the fuzzy query matches.
func resolveTarget(idx *config.Index, query string) (*config.Target, error) {
	if t, ok := idx.Lookup(query); ok {
		return t, nil
	}
	if strings.TrimSpace(query) == "" {
		return nil, usageErrorf("name a target (see `switchrole list`)")
	}
	order := listing.Order(idx, query)
	switch len(order) {
	case 0:
		return nil, usageErrorf("no target matches %q; run `switchrole list` to see them", query)
	case 1:
		return idx.Target(order[0]), nil
	}
	candidates := make([]*config.Target, min(len(order), maxCandidates))
	for k := range candidates {
		candidates[k] = idx.Target(order[k])
	}
	return nil, &AmbiguousError{Query: query, Candidates: candidates, Total: len(order)}
}
